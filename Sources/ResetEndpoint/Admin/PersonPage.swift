import AccountStore
import CGI
import ResetFlow
import ResetTokens
import Settings

/// `/admin/people/<id>`: one person's account, the Reset password form (or why there is none and
/// whom to contact), and the account's Activity (its audit log, newest first).
extension ResetEndpoint {
    static let activityLimit = 50

    func personPage(_ context: AdminContext, id: Int64) throws -> Outcome {
        try context.request.query.only([])
        let service = try service()
        guard let account = try service.store.account(id: id) else { throw CGIError.notFound }
        let outstanding = try service.outstandingLinks([account])[account.id]
        let (entries, total) = try service.store.recentAuditEntries(accountID: id, limit: Self.activityLimit)
        let shared = try service.accounts(onAddress: account.email).filter { $0.id != account.id }

        var values = row(account, outstanding: outstanding, time: UTCTime.text)
        values["title"] = AdminText.title(account)
        values["activity"] = entries.map { entry in
            ["when": UTCTime.text(entry.at), "who": AdminText.actor(entry.actor), "what": AdminText.event(entry.event), "detail": entry.detail]
        }
        values["hasActivity"] = !entries.isEmpty
        if total > entries.count { values["activityNote"] = "The latest \(entries.count) of \(total) entries." }
        values["shared"] = shared.map { ["username": $0.username, "url": personURL($0.id)] }
        values["hasShared"] = !shared.isEmpty
        values["lifetime"] = ResetSettings.durationText(minutes: configuration.reset.adminLinkLifetimeMinutes)
        values["requestedLifetime"] = ResetSettings.durationText(minutes: configuration.reset.linkLifetimeMinutes)
        if account.isLocal && account.status == .active {
            values["canReset"] = true
            values["formAction"] = url("/admin/people/\(id)/reset")
            values["csrf"] = try adminProof(context)
        } else if account.isLocal {
            values["disabled"] = true
        } else {
            values["managedBy"] = ResetService.providerName(account)
            values["contact"] = configuration.reset.contact(source: account.source.rawValue, provider: account.provider)
        }
        return try adminPage(context, "person", title: AdminText.title(account), trail: peopleTrail, values)
    }
}
