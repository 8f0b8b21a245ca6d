import AccountStore
import CGI
import ResetFlow
import ResetTokens
import SiteTemplates
import Translations

/// `/admin/people`: everyone, or the accounts a search finds, a page at a time; and, for a query
/// that is an email address, every username on that address (the forgotten-username lookup).
extension ResetEndpoint {
    func peoplePage(_ context: AdminContext) throws -> Outcome {
        try context.request.query.only(["q", "page", "lang"])
        let query = (context.request.query["q"] ?? "").trimmingWhitespace()
        guard query.utf8.count <= 254 else { throw CGIError.badRequest("The search is too long.") }
        let pageNumber = try Self.pageNumber(context.request.query["page"])
        let service = try service()
        let size = Self.adminPageSize
        let (accounts, total) = try service.store.search(query, limit: size, offset: (pageNumber - 1) * size)
        let outstanding = try service.outstandingLinks(accounts)
        let t = try strings()

        var range: String?, previousURL: String?, nextURL: String?
        if total > size {
            let first = (pageNumber - 1) * size + 1
            range = t.text("admin.people_page.range", ["first": String(first), "last": String(min(total, pageNumber * size)), "total": String(total)])
            if pageNumber > 1 { previousURL = pageURL(query, pageNumber - 1) }
            if pageNumber * size < total { nextURL = pageURL(query, pageNumber + 1) }
        }
        var lookup: AdminAddressLookup?
        if query.contains("@") {
            let onAddress = try service.lookUpUsernames(onAddress: query, by: context.user)
            lookup = AdminAddressLookup(address: query, accounts: onAddress.map {
                AdminLookupAccount(username: $0.username, name: $0.displayName, url: personURL($0.id), source: AdminText.source($0, t))
            }, summary: t.plural("admin.people_page.on_address", count: onAddress.count))
        }
        return try adminPage(context, title: t.text("admin.people"), trail: [Link(title: t.text("admin.admin"), url: url("/admin"))]) { frame in
            AdminPeoplePage(frame: frame, searchAction: url("/admin/people"), query: query,
                            rows: accounts.map { row($0, outstanding: outstanding[$0.id], t) },
                            countText: Self.countText(total: total, query: query, t),
                            range: range, previousURL: previousURL, nextURL: nextURL, lookup: lookup)
        }
    }

    /// A row of the people table; `time` writes its times (short in the table, in words on the
    /// person's page).
    func row(_ account: Account, outstanding: UnixTime?, _ t: LanguageStrings, time: (UnixTime) -> String = UTCTime.short) -> AdminAccountRow {
        let resettable = configuration.reset.resettable(account)
        return AdminAccountRow(
            username: account.username,
            url: personURL(account.id),
            name: account.displayName.isEmpty ? "—" : account.displayName,
            email: account.email,
            source: AdminText.source(account, t),
            provider: account.provider.isEmpty ? "—" : account.provider,
            status: t.text(account.status == .active ? "admin.status.active" : "admin.status.disabled"),
            passwordChanged: account.passwordChangedAt.map(time) ?? t.text("admin.never"),
            resetLink: outstanding.map { t.text("admin.outstanding_until", ["time": time($0)]) } ?? t.text("admin.none"),
            resetURL: resettable ? personURL(account.id) + "#reset" : nil,
            actionText: resettable ? nil : configuration.reset.reachesPassword(account) ? t.text("admin.status.disabled")
                : t.text("admin.managed_by", ["provider": ResetService.providerName(account)]))
    }

    func personURL(_ id: Int64) -> String { url("/admin/people/\(id)") }

    func pageURL(_ query: String, _ page: Int) -> String {
        url("/admin/people?") + (query.isEmpty ? "" : "q=" + FormData.encode(query) + "&") + "page=\(page)"
    }

    static func pageNumber(_ text: String?) throws(CGIError) -> Int {
        guard let text else { return 1 }
        guard text.utf8.count <= 6, let number = Int(text), number >= 1 else { throw CGIError.badRequest("The page number is not valid.") }
        return number
    }

    static func countText(total: Int, query: String, _ t: LanguageStrings) -> String {
        if total == 0 { return query.isEmpty ? t.text("admin.people_page.no_accounts") : t.text("admin.people_page.no_match", ["query": query]) }
        return t.plural("admin.people_page.found", count: total)
    }
}
