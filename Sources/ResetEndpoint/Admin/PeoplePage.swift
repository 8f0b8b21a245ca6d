import AccountStore
import CGI
import ResetFlow
import ResetTokens

/// `/admin/people`: everyone, or the accounts a search finds, a page at a time; and, for a query
/// that is an email address, every username on that address (the forgotten-username lookup).
extension ResetEndpoint {
    func peoplePage(_ context: AdminContext) throws -> Outcome {
        try context.request.query.only(["q", "page"])
        let query = (context.request.query["q"] ?? "").trimmingWhitespace()
        guard query.utf8.count <= 254 else { throw CGIError.badRequest("The search is too long.") }
        let pageNumber = try Self.pageNumber(context.request.query["page"])
        let service = try service()
        let size = Self.adminPageSize
        let (accounts, total) = try service.store.search(query, limit: size, offset: (pageNumber - 1) * size)
        let outstanding = try service.outstandingLinks(accounts)

        var values: [String: Any] = [
            "searchAction": url("/admin/people"),
            "query": query,
            "hasQuery": !query.isEmpty,
            "rows": accounts.map { row($0, outstanding: outstanding[$0.id]) },
            "hasRows": !accounts.isEmpty,
            "countText": Self.countText(total: total, query: query),
        ]
        if total > size {
            let first = (pageNumber - 1) * size + 1
            values["range"] = "Showing \(first)–\(min(total, pageNumber * size)) of \(total)"
            if pageNumber > 1 { values["previousURL"] = pageURL(query, pageNumber - 1) }
            if pageNumber * size < total { values["nextURL"] = pageURL(query, pageNumber + 1) }
        }
        if query.contains("@") {
            let onAddress = try service.lookUpUsernames(onAddress: query, by: context.user)
            values["lookup"] = [
                "address": query,
                "hasAccounts": !onAddress.isEmpty,
                "accounts": onAddress.map { ["username": $0.username, "name": $0.displayName, "hasName": !$0.displayName.isEmpty,
                                             "url": personURL($0.id), "source": AdminText.source($0)] },
                "summary": onAddress.count == 1 ? "1 account uses this address." : "\(onAddress.count) accounts use this address.",
            ] as [String: Any]
        }
        return try adminPage(context, "people", title: "People", trail: [("Admin", url("/admin"))], values)
    }

    /// A row of the people table; `time` writes its times (short in the table, in words on the
    /// person's page).
    func row(_ account: Account, outstanding: UnixTime?, time: (UnixTime) -> String = UTCTime.short) -> [String: Any] {
        var row: [String: Any] = [
            "username": account.username,
            "url": personURL(account.id),
            "name": account.displayName.isEmpty ? "—" : account.displayName,
            "email": account.email,
            "source": AdminText.source(account),
            "provider": account.provider.isEmpty ? "—" : account.provider,
            "status": account.status == .active ? "Active" : "Disabled",
            "passwordChanged": account.passwordChangedAt.map(time) ?? "Never",
            "resetLink": outstanding.map { "Outstanding until " + time($0) } ?? "None",
        ]
        if account.isLocal && account.status == .active {
            row["resetURL"] = personURL(account.id) + "#reset"
        } else {
            row["actionText"] = account.isLocal ? "Disabled" : "Managed by " + ResetService.providerName(account)
        }
        return row
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

    static func countText(total: Int, query: String) -> String {
        if total == 0 { return query.isEmpty ? "There are no accounts yet." : "No one matches “\(query)”." }
        return total == 1 ? "1 person found" : "\(total) people found"
    }
}
