import AccountStore
import CGI
import ResetFlow
import ResetTokens
import Settings
import SiteTemplates
import Translations

/// `/admin/people/<id>`: one person's account, the Reset password form (or why there is none and
/// whom to contact), and the account's Activity (its audit log, newest first).
extension ResetEndpoint {
    static let activityLimit = 50

    func personPage(_ context: AdminContext, id: Int64) throws -> Outcome {
        try context.request.query.only(["lang"])
        let service = try service()
        guard let account = try service.store.account(id: id) else { throw CGIError.notFound }
        let outstanding = try service.outstandingLinks([account])[account.id]
        let (entries, total) = try service.store.recentAuditEntries(accountID: id, limit: Self.activityLimit)
        let shared = try service.accounts(onAddress: account.email).filter { $0.id != account.id }
        let t = try strings()

        let reset: AdminPersonPage.Reset
        if configuration.reset.resettable(account) {
            reset = .available(formAction: url("/admin/people/\(id)/reset"), csrf: try adminProof(context))
        } else if configuration.reset.reachesPassword(account) {
            reset = .disabled
        } else {
            reset = .managed(by: ResetService.providerName(account),
                             contact: configuration.reset.contact(source: account.source.rawValue, provider: account.provider))
        }
        return try adminPage(context, title: AdminText.title(account), trail: peopleTrail) { frame in
            AdminPersonPage(
                frame: frame, account: row(account, outstanding: outstanding, t, time: { UTCTime.text($0, t) }),
                shared: shared.map { AdminSharedAccount(username: $0.username, url: personURL($0.id)) }, reset: reset,
                lifetime: ResetSettings.durationText(minutes: configuration.reset.adminLinkLifetimeMinutes, t),
                requestedLifetime: ResetSettings.durationText(minutes: configuration.reset.linkLifetimeMinutes, t),
                activity: entries.map {
                    AdminActivityEntry(when: UTCTime.text($0.at, t), who: AdminText.actor($0.actor, t), what: AdminText.event($0.event, t), detail: $0.detail)
                },
                activityNote: total > entries.count ? t.text("admin.person.latest", ["count": String(entries.count), "total": String(total)]) : nil)
        }
    }
}
