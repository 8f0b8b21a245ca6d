import AccountStore
import PasswordHashing
import ResetTokens
import Settings

/// The check behind `resetlink auth`: a username and password against ResetKit's own store, for
/// login systems (a web server's Basic auth, checkpassword programs, PAM). Only local, active
/// accounts with a password can pass; SSO and directory accounts sign in where they are managed.
///
/// Every path costs one scrypt derivation, so the time taken does not tell an unknown username, a
/// directory account or a throttled one from a wrong password; and every answer is audited (never
/// the password).
public struct Authenticator {
    public let store: AccountStore
    public let settings: AuthSettings
    /// A well-formed hash with the configured cost that no password matches, checked whenever there
    /// is no real hash to check.
    let decoy: String
    public var now: () -> UnixTime
    /// The one scrypt check each answer costs; tests watch which hash it is given.
    var verify: (_ password: String, _ hash: String) -> Bool = { PasswordHasher.verify($0, against: $1) }

    public init(store: AccountStore, settings: AuthSettings, scryptLogN: Int, now: @escaping () -> UnixTime = { .now }) {
        self.store = store
        self.settings = settings
        self.now = now
        // 16 zero bytes of salt and 32 of key, in the stored format (`PasswordHasher`), written out
        // so that making it costs nothing: hashing a password for it would double every check.
        decoy = "scrypt$ln=\(scryptLogN),r=8,p=1$" + String(repeating: "A", count: 22) + "==$" + String(repeating: "A", count: 43) + "="
    }

    public enum Decision: Equatable, Sendable {
        /// The password matches; the account's own spelling of the username.
        case accepted(username: String)
        case refused(Refusal)
        /// Too many refusals in the window: refused without looking at the password.
        case throttled
    }

    public enum Refusal: Equatable, Sendable {
        case unknownUsername
        case wrongPassword
        /// An SSO or directory account: its password is not kept here.
        case notLocal(AccountSource)
        case disabled
        /// A local account that has never had a password here.
        case noPassword

        var auditText: String {
            switch self {
            case .unknownUsername: "unknown username"
            case .wrongPassword: "wrong password"
            case .notLocal(let source): "\(source.rawValue) account, not local"
            case .disabled: "account disabled"
            case .noPassword: "no password set"
            }
        }
    }

    public func check(_ credentials: SignInCredentials, via interface: SignInInterface) throws -> Decision {
        let now = now()
        let actor = "auth:\(interface.rawValue)"
        guard let account = try store.account(username: credentials.username) else {
            _ = verify(credentials.password, decoy)
            try store.audit(AuditEntry(at: now, actor: actor, event: .authRefused,
                                       detail: "unknown username '\(Self.printable(credentials.username))'"))
            return .refused(.unknownUsername)
        }
        let windowStart = UnixTime(clamping: now.int64 - Int64(settings.windowMinutes) * 60)
        let failures = try store.signInFailures(accountID: account.id, since: windowStart)
        if failures >= settings.maxFailures {
            _ = verify(credentials.password, decoy)
            try store.audit(AuditEntry(at: now, actor: actor, event: .authThrottled, accountID: account.id,
                                       detail: "\(failures) refused in \(settings.windowMinutes) minutes"))
            return .throttled
        }
        let refusal: Refusal?
        if account.source != .local {
            refusal = .notLocal(account.source)
        } else if account.status != .active {
            refusal = .disabled
        } else if account.passwordHash.isEmpty {
            refusal = .noPassword
        } else {
            refusal = nil
        }
        if let refusal {
            _ = verify(credentials.password, decoy)
            try store.audit(AuditEntry(at: now, actor: actor, event: .authRefused, accountID: account.id, detail: refusal.auditText))
            return .refused(refusal)
        }
        guard verify(credentials.password, account.passwordHash) else {
            try store.audit(AuditEntry(at: now, actor: actor, event: .authRefused, accountID: account.id,
                                       detail: Refusal.wrongPassword.auditText))
            return .refused(.wrongPassword)
        }
        try store.audit(AuditEntry(at: now, actor: actor, event: .authAccepted, accountID: account.id))
        return .accepted(username: account.username)
    }

    /// A typed username as the audit log keeps it: at most 64 characters, control characters as `?`.
    static func printable(_ username: String) -> String {
        String(String.UnicodeScalarView(username.unicodeScalars.prefix(64).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
