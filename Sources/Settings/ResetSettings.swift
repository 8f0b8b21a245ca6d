import Diagnostics
import TypedYAML

/// The `reset:` section: what `resetlink` needs to issue and check links, store accounts and send
/// mail. Every key has a default; docs/configuration.md lists them.
public struct ResetSettings: Sendable, Equatable {
    /// The CGI endpoint's URL; a link is `<endpoint_url>/link?token=…`. Links are built from this
    /// setting only, never from a request's Host header.
    public var endpointURL = "https://intranet.example.com/cgi-bin/resetlink"
    /// Where people sign in; the success page and the "password changed" email link to it.
    public var loginURL = "https://intranet.example.com/login"
    /// The keyring file (secrets: keep it outside the repository, mode 0600).
    public var keyring = "private/keyring.json"
    /// The SQLite account store.
    public var database = "private/resetkit.sqlite"
    /// How long a link the user asked for stays valid.
    public var linkLifetimeMinutes = 60
    /// How long a link an administrator started stays valid.
    public var adminLinkLifetimeMinutes = 24 * 60
    /// How far in the future a token's issue time may be (clocks disagree a little).
    public var clockSkewSeconds = 60
    /// At most this many reset emails per account in any hour.
    public var throttlePerHour = 3
    /// Under CGI, finish the work after the answer (mail) in a detached process, so that a server
    /// that waits for the program to exit (fcgiwrap) still gets the answer first.
    public var detachAfterAnswer = false
    public var disclosure = Disclosure.private
    public var password = PasswordSettings()
    public var mail = MailSettings()
    /// Whom the owner of an SSO or directory-synced account should contact, by provider name
    /// (compared ignoring case) or by source (`sso`, `ldap`, `usersync`); `default` otherwise.
    public var contacts: [String: String] = ["default": "your IT service desk"]
    /// Who may use Admin > People (`reset.admins`).
    public var admins = AdminSettings()
    /// How `resetlink auth` throttles failed sign-ins (`reset.auth`).
    public var auth = AuthSettings()
    /// Programs run when a reset completes (`reset.hooks`).
    public var hooks = HookSettings()
    /// The directory a completed reset writes to (`reset.directory`); nil: none is connected.
    public var directory: DirectorySettings?

    /// What the person who asked for a reset is told.
    public enum Disclosure: String, Sendable, Equatable, CaseIterable {
        /// The same answer in every case; the details go only to the account's stored address.
        case `private`
        /// The answer says when a username is needed, or which provider manages the password.
        case helpful
    }

    public struct PasswordSettings: Sendable, Equatable {
        public var minimumLength = 12
        public var maximumLength = 256
        /// log2 of scrypt's N for new hashes (16: ≈ 0.15 s and 64 MiB per hash here).
        public var scryptLogN = 16
        public init() {}
    }

    public struct MailSettings: Sendable, Equatable {
        public var from = "Password help <no-reply@intranet.example.com>"
        public var delivery = Delivery.sendmail
        /// The sendmail-compatible command, as arguments (no shell): the message is on stdin.
        public var sendmail = ["/usr/sbin/sendmail", "-t", "-i"]
        /// Where messages go with `delivery: maildir` (development, tests).
        public var maildir = "private/maildir"

        public enum Delivery: String, Sendable, Equatable, CaseIterable { case sendmail, maildir }
        public init() {}
    }

    public init() {}

    /// The contact text for an account of `source` managed by `provider`.
    public func contact(source: String, provider: String) -> String {
        let lowered = Dictionary(contacts.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        return lowered[provider.lowercased()] ?? lowered[source.lowercased()] ?? lowered["default"] ?? "your IT service desk"
    }

    /// The link a token is sent in.
    public func link(for token: String) -> String {
        endpointURL + "/link?token=" + token
    }

    /// The forgot-password form.
    public var requestFormURL: String { endpointURL + "/forgot" }

    static let keys = [
        "endpoint_url", "login_url", "keyring", "database", "link_lifetime_minutes", "admin_link_lifetime_minutes",
        "clock_skew_seconds", "throttle_per_hour", "disclosure", "password", "mail", "contacts", "detach_after_answer", "admins",
        "auth",
        "hooks",
        "directory",
    ]

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        let section = try value.mapping("the reset section", knownKeys: Self.keys)
        var problems = section.problems
        var reader = FieldReader(problems: problems)
        if let url = reader.read(section["endpoint_url"], { v throws(Diagnostic) in try Self.url(v, "reset.endpoint_url") }) { endpointURL = url }
        if let url = reader.read(section["login_url"], { v throws(Diagnostic) in try Self.url(v, "reset.login_url") }) { loginURL = url }
        if let path = reader.read(section["keyring"], { v throws(Diagnostic) in try v.string("reset.keyring") }) { keyring = path }
        if let path = reader.read(section["database"], { v throws(Diagnostic) in try v.string("reset.database") }) { database = path }
        if let value = reader.int(section["link_lifetime_minutes"], "reset.link_lifetime_minutes", 1...(7 * 24 * 60)) { linkLifetimeMinutes = value }
        if let value = reader.int(section["admin_link_lifetime_minutes"], "reset.admin_link_lifetime_minutes", 1...(30 * 24 * 60)) { adminLinkLifetimeMinutes = value }
        if let value = reader.int(section["clock_skew_seconds"], "reset.clock_skew_seconds", 0...3600) { clockSkewSeconds = value }
        if let value = reader.int(section["throttle_per_hour"], "reset.throttle_per_hour", 1...100) { throttlePerHour = value }
        if let flag = reader.read(section["detach_after_answer"], { v throws(Diagnostic) in try v.bool("reset.detach_after_answer") }) {
            detachAfterAnswer = flag
        }
        if let mode = reader.read(section["disclosure"], { v throws(Diagnostic) in
            let text = try v.string("reset.disclosure")
            guard let mode = Disclosure(rawValue: text) else { throw v.error("reset.disclosure must be private or helpful, not '\(text)'") }
            return mode
        }) { disclosure = mode }
        if let value = section["password"] { password = reader.password(value) ?? password }
        if let value = section["mail"] { mail = reader.mail(value) ?? mail }
        if let value = section["contacts"], let entries = reader.read(value, { v throws(Diagnostic) in try v.entries("reset.contacts") }) {
            var contacts: [String: String] = [:]
            for entry in entries {
                if let text = reader.read(entry.value, { v throws(Diagnostic) in try v.string("reset.contacts.\(entry.key)") }) {
                    contacts[entry.key] = text
                }
            }
            if contacts["default"] == nil { contacts["default"] = "your IT service desk" }
            self.contacts = contacts
        }
        if let value = section["admins"] {
            do { admins = try AdminSettings(value) } catch { reader.problems += error.diagnostics }
        }
        if let value = section["auth"] {
            do { auth = try AuthSettings(value) } catch { reader.problems += error.diagnostics }
        }
        if let value = section["hooks"] { do { hooks = try HookSettings(value) } catch { reader.problems += error.diagnostics } }
        if let value = section["directory"] {
            do { directory = try DirectorySettings(value) } catch { reader.problems += error.diagnostics }
        }
        problems = reader.problems
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    static func url(_ value: YAMLValue, _ name: String) throws(Diagnostic) -> String {
        let text = try value.string(name)
        guard let url = normalizedEndpoint(text) else {
            throw value.error("\(name) must be an absolute https:// (or http://) URL without a query or fragment, not '\(text)'")
        }
        return url
    }

    /// A URL without its trailing `/`, or nil unless it is an absolute http(s) URL.
    public static func normalizedEndpoint(_ text: String) -> String? {
        guard let url = SiteSettings.normalizedBaseURL(text) else { return nil }
        return String(url.dropLast())
    }
}

/// Reads optional fields, collecting every problem instead of stopping at the first.
struct FieldReader {
    var problems: [Diagnostic]

    mutating func read<T>(_ value: YAMLValue?, _ convert: (YAMLValue) throws(Diagnostic) -> T) -> T? {
        guard let value else { return nil }
        do { return try convert(value) } catch { problems.append(error); return nil }
    }

    mutating func int(_ value: YAMLValue?, _ name: String, _ range: ClosedRange<Int>) -> Int? {
        read(value) { v throws(Diagnostic) in
            let number = try v.int(name)
            guard range.contains(number) else { throw v.error("\(name) must be between \(range.lowerBound) and \(range.upperBound)") }
            return number
        }
    }

    mutating func password(_ value: YAMLValue) -> ResetSettings.PasswordSettings? {
        let section: YAMLMapping
        do { section = try value.mapping("reset.password", knownKeys: ["min_length", "max_length", "scrypt_log_n"]) } catch {
            problems += error.diagnostics
            return nil
        }
        problems += section.problems
        var settings = ResetSettings.PasswordSettings()
        if let number = int(section["min_length"], "reset.password.min_length", 8...128) { settings.minimumLength = number }
        if let number = int(section["max_length"], "reset.password.max_length", 16...4096) { settings.maximumLength = number }
        if let number = int(section["scrypt_log_n"], "reset.password.scrypt_log_n", 10...20) { settings.scryptLogN = number }
        if settings.maximumLength < settings.minimumLength, let field = section["max_length"] {
            problems.append(field.error("reset.password.max_length is below min_length"))
        }
        return settings
    }

    mutating func mail(_ value: YAMLValue) -> ResetSettings.MailSettings? {
        let section: YAMLMapping
        do { section = try value.mapping("reset.mail", knownKeys: ["from", "delivery", "sendmail", "maildir"]) } catch {
            problems += error.diagnostics
            return nil
        }
        problems += section.problems
        var settings = ResetSettings.MailSettings()
        if let from = read(section["from"], { v throws(Diagnostic) in
            let text = try v.string("reset.mail.from")
            // Scalars, not Characters: "\r\n" is one Character that equals neither "\r" nor "\n".
            guard text.contains("@"), !text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                throw v.error("reset.mail.from must be an address like 'Password help <no-reply@example.com>', not '\(text)'")
            }
            return text
        }) { settings.from = from }
        if let delivery = read(section["delivery"], { v throws(Diagnostic) in
            let text = try v.string("reset.mail.delivery")
            guard let delivery = ResetSettings.MailSettings.Delivery(rawValue: text) else {
                throw v.error("reset.mail.delivery must be sendmail or maildir, not '\(text)'")
            }
            return delivery
        }) { settings.delivery = delivery }
        if let command = read(section["sendmail"], { v throws(Diagnostic) in
            let parts = try v.stringList("reset.mail.sendmail")
            guard let program = parts.first, program.hasPrefix("/") else {
                throw v.error("reset.mail.sendmail must be a list starting with the program's absolute path, e.g. [/usr/sbin/sendmail, -t, -i]")
            }
            return parts
        }) { settings.sendmail = command }
        if let path = read(section["maildir"], { v throws(Diagnostic) in try v.string("reset.mail.maildir") }) { settings.maildir = path }
        return settings
    }
}
