import AccountStore
import ResetTokens

extension ResetService {
    public enum AdminReset {
        /// The link goes to the account's stored address: send `mail`.
        case mail(Account, OutgoingMail)
        /// The administrator hands the link over; it is not mailed.
        case link(Account, String)
    }

    /// An administrator starts a reset for a local account, or one in a connected directory
    /// (Admin > People). Per OWASP ASVS 5.0
    /// 6.4.6 the administrator never chooses the password: they send (or hand over) a link with the
    /// longer administrator lifetime. Other SSO and directory accounts are refused with whom to contact.
    /// The mail (and the link's pages) are in `language`, else in the account's last language
    /// (`Account.language`), else the default; an administrator's choice is not remembered.
    public func adminReset(username: String, by admin: String, mail: Bool, language: String? = nil) throws -> AdminReset {
        guard let account = try store.account(username: username) else { throw ResetFlowError.unknownUsername(username) }
        return try adminReset(account, by: admin, mail: mail, language: language)
    }

    public func adminReset(_ account: Account, by admin: String, mail: Bool, language: String? = nil) throws -> AdminReset {
        let now = now()
        guard settings.reachesPassword(account) else {
            try store.audit(AuditEntry(at: now, actor: "admin:\(admin)", event: .refused, accountID: account.id,
                                       detail: "admin reset refused: managed by \(Self.providerName(account))"))
            throw ResetFlowError.managedExternally(username: account.username, provider: Self.providerName(account),
                                                   contact: contact(for: account))
        }
        guard account.status == .active else {
            try store.audit(AuditEntry(at: now, actor: "admin:\(admin)", event: .refused, accountID: account.id,
                                       detail: "admin reset refused: account disabled"))
            throw ResetFlowError.disabled(username: account.username)
        }
        let (outgoing, link, nonce) = try linkMail(for: account, byAdmin: admin, now: now, language: language.map(configuration.servedLanguage) ?? configuration.mailLanguage(for: account))
        if mail { return .mail(account, outgoing) }
        try store.audit(AuditEntry(at: now, actor: "admin:\(admin)", event: .adminReset, accountID: account.id,
                                   detail: "nonce=\(nonce) handed over"))
        return .link(account, link)
    }

    /// The accounts on an address, for the administrator who must tell a user their username.
    public func accounts(onAddress email: String) throws -> [Account] {
        try store.accounts(email: email)
    }

    /// The same, looked up by a named administrator on the web page: each account found gets an
    /// `admin-lookup` entry, since a username is half of what an attacker needs.
    public func lookUpUsernames(onAddress email: String, by admin: String) throws -> [Account] {
        let accounts = try store.accounts(email: email)
        let now = now()
        for account in accounts {
            try store.audit(AuditEntry(at: now, actor: "admin:\(admin)", event: .adminLookup, accountID: account.id,
                                       detail: "usernames on \(email.prefix(254))"))
        }
        return accounts
    }

    /// The lifetime of a link the user asks for and of one an administrator starts, in seconds.
    var linkLifetimes: (requested: UInt64, byAdmin: UInt64) {
        (UInt64(settings.linkLifetimeMinutes) * 60, UInt64(settings.adminLinkLifetimeMinutes) * 60)
    }

    /// Until when a reset link sent for each account may still work, as far as the audit log
    /// tells (links are stateless): the latest link of each kind, if it has not expired and the
    /// password has not changed since it was sent. Accounts without one are left out.
    public func outstandingLinks(_ accounts: [Account]) throws -> [Int64: UnixTime] {
        let latest = try store.latestLinks(accountIDs: accounts.map(\.id))
        let now = now(), lifetimes = linkLifetimes
        var result: [Int64: UnixTime] = [:]
        for account in accounts where settings.resettable(account) {
            guard let sent = latest[account.id] else { continue }
            var ends: [UnixTime] = []
            for (issued, lifetime) in [(sent.requested, lifetimes.requested), (sent.byAdmin, lifetimes.byAdmin)] {
                guard let issued else { continue }
                if let changed = account.passwordChangedAt, changed >= issued { continue }
                ends.append(issued + lifetime)
            }
            if let end = ends.max(), end >= now { result[account.id] = end }
        }
        return result
    }
}
