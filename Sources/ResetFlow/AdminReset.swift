import AccountStore

extension ResetService {
    public enum AdminReset {
        /// The link goes to the account's stored address: send `mail`.
        case mail(Account, OutgoingMail)
        /// The administrator hands the link over; it is not mailed.
        case link(Account, String)
    }

    /// An administrator starts a reset for a local account (Admin > People). Per OWASP ASVS 5.0
    /// 6.4.6 the administrator never chooses the password: they send (or hand over) a link with the
    /// longer administrator lifetime. SSO and directory accounts are refused with whom to contact.
    public func adminReset(username: String, by admin: String, mail: Bool) throws -> AdminReset {
        let now = now()
        guard let account = try store.account(username: username) else { throw ResetFlowError.unknownUsername(username) }
        guard account.isLocal else {
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
        let (outgoing, link) = try linkMail(for: account, byAdmin: admin, now: now)
        if mail { return .mail(account, outgoing) }
        try store.audit(AuditEntry(at: now, actor: "admin:\(admin)", event: .adminReset, accountID: account.id,
                                   detail: outgoing.detail + " handed over"))
        return .link(account, link)
    }

    /// The accounts on an address, for the administrator who must tell a user their username.
    public func accounts(onAddress email: String) throws -> [Account] {
        try store.accounts(email: email)
    }
}
