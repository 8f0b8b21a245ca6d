import ResetTokens

/// One line of the audit log. The detail names reasons, outcomes and token nonces; never a token
/// or a password.
public struct AuditEntry: Sendable, Equatable {
    public var at: UnixTime
    /// `self-service`, `admin:<name>`, `cli`, `import`.
    public var actor: String
    public var event: AuditEvent
    public var accountID: Int64?
    public var detail: String

    public init(at: UnixTime, actor: String, event: AuditEvent, accountID: Int64? = nil, detail: String = "") {
        self.at = at
        self.actor = actor
        self.event = event
        self.accountID = accountID
        self.detail = detail
    }
}

public enum AuditEvent: String, Sendable, CaseIterable {
    /// A forgot-password request arrived (detail: the address typed, and the username if given).
    case request
    /// A reset link was mailed (detail: the token's nonce).
    case linkSent = "link-sent"
    /// The "several accounts share this address" email was sent.
    case usernameNeededSent = "username-needed-sent"
    /// The "your password is managed elsewhere" email was sent.
    case managedExternallySent = "managed-externally-sent"
    /// A request was answered without any email (detail: why).
    case refused
    /// The hourly limit held an email back.
    case throttled
    /// A link failed verification (detail: outcome, and the nonce when the token was authentic).
    case verifyFailed = "verify-failed"
    /// The reset pages refused a step on the way to a new password that is not a link check: the
    /// token cookie missing, a form without valid proof, a cross-site post (detail: the page and
    /// the reason; never a field's value).
    case pageRefused = "page-refused"
    case passwordChanged = "password-changed"
    /// A before_change hook or the directory refused the new password; nothing changed and the
    /// link still works (detail: which, and its reason).
    case changeDeclined = "change-declined"
    /// A step outside the database (a hook, the directory) failed or timed out before the change;
    /// nothing changed and the link still works (detail: which step, and why).
    case changeFailed = "change-failed"
    /// The after_change hook failed; the password had been changed (detail: exit status, first line).
    case hookFailed = "hook-failed"
    /// The "your password was changed" notice went out.
    case noticeSent = "notice-sent"
    /// An email could not be delivered (detail: which, and why).
    case mailFailed = "mail-failed"
    /// An administrator started a reset (detail: mailed or handed over, and the nonce).
    case adminReset = "admin-reset"
    /// An administrator looked up the usernames on an address (detail: the address).
    case adminLookup = "admin-lookup"
    case accountAdded = "account-added"
    case accountUpdated = "account-updated"
    /// `resetlink auth` accepted a sign-in (detail: the interface).
    case authAccepted = "auth-accepted"
    /// `resetlink auth` refused a sign-in (detail: the interface and why; an unknown username is
    /// recorded without an account id). Never the password.
    case authRefused = "auth-refused"
    /// `resetlink auth` refused without checking: too many refusals in the window (`reset.auth`).
    case authThrottled = "auth-throttled"
    case unknown
}
