import AccountStore
import GuideLinks
import Keyring
import Mail
import PasswordHashing
import PasswordPolicy
import ResetTemplates
import ResetTokens
import Settings
import SiteTemplates
import Translations

/// The behaviour the guide describes, behind both the command line and the CGI endpoint: forgot-
/// password requests, completing a reset, administrator resets. Every step is audited.
public final class ResetService {
    public let configuration: Configuration
    public let store: AccountStore
    let keyring: Keyring
    let mailer: Mailer
    /// The clock; tests replace it.
    public var now: () -> UnixTime

    /// One composer and one set of strings per language used in this run (usually one).
    private var loadedComposers: [String: MailComposer] = [:]
    private var loadedStrings: [String: LanguageStrings] = [:]

    public init(configuration: Configuration, store: AccountStore, keyring: Keyring, mailer: Mailer,
                now: @escaping () -> UnixTime = { .now }) {
        self.configuration = configuration
        self.store = store
        self.keyring = keyring
        self.mailer = mailer
        self.now = now
    }

    var settings: ResetSettings { configuration.reset }
    /// The published guide, which responses and emails link to.
    var guide: String { configuration.site.baseURL }

    /// The token generator with this service's clock and the configured skew.
    public var tokens: ResetTokenGenerator { generator }

    var generator: ResetTokenGenerator {
        var generator = keyring.generator
        generator.clockSkew = UInt64(settings.clockSkewSeconds)
        let now = self.now()
        generator.now = { now }
        return generator
    }

    var policy: PasswordPolicy {
        PasswordPolicy(minimumLength: settings.password.minimumLength, maximumLength: settings.password.maximumLength)
    }

    func composer(_ language: String) throws(ResetFlowError) -> MailComposer {
        if let loaded = loadedComposers[language] { return loaded }
        let composer = try MailComposer.load(overrides: configuration.templateOverrides, from: settings.mail.from, strings: try strings(language))
        loadedComposers[language] = composer
        return composer
    }

    /// A language's strings (`site.templates/strings/<language>.yaml` or the built-in file), for
    /// the sentences, durations and dates resetlink writes in it.
    public func strings(_ language: String) throws(ResetFlowError) -> LanguageStrings {
        if let loaded = loadedStrings[language] { return loaded }
        let strings: LanguageStrings
        do { strings = try ResetStrings.load(language, overrides: configuration.templateOverrides) } catch { throw .templates(error.problems) }
        loadedStrings[language] = strings
        return strings
    }

    /// Strings another part of the same request already parsed (the endpoint's page), so a
    /// request parses its language's file once.
    public func adopt(_ strings: LanguageStrings) {
        if loadedStrings[strings.language] == nil { loadedStrings[strings.language] = strings }
    }

    // MARK: Forgot password

    public struct RequestResult {
        public var response: PublicResponse
        /// What was decided; `followUp(_:)` acts on it.
        let decision: RequestDecision
        let requested: UnixTime
        /// The language the person asked in: the mail is written in it and remembered for the
        /// account. Nil (the command line without `--language`): each account's stored language.
        public let language: String?
    }

    /// Handles "I forgot my password", first half: records the request, looks the address up and
    /// decides what to tell the person. It only reads (and appends the request to the audit log),
    /// the same for every case, so the answer can go out before anything that depends on whether an
    /// account exists; `followUp(_:)` then does the rest. Mail goes to stored addresses only.
    /// `language` is the page's (a configured one), nil from the command line without `--language`.
    public func request(email: String, username: String?, language: String? = nil) throws -> RequestResult {
        let now = now()
        let language = language.map(configuration.servedLanguage)
        let typedUsername = username.flatMap { $0.isEmpty ? nil : $0 }
        try store.audit(AuditEntry(at: now, actor: "self-service", event: .request,
                                   detail: "email=\(email.prefix(254))" + (typedUsername.map { " username=\($0.prefix(64))" } ?? "")))
        let matches = try store.accounts(email: email)
        let named = try typedUsername.flatMap { name throws in try store.account(username: name) }
        let decision = RequestDecision.decide(matches: matches, named: named, usernameGiven: typedUsername != nil,
                                             reachable: settings.reachesPassword)
        // The answer's words: the page's language, else the default (the command line).
        let words = try strings(language ?? configuration.site.language)
        let response: PublicResponse
        switch (settings.disclosure, decision) {
        case (.helpful, .usernameNeeded):
            response = .usernameNeeded(guide: guide, words)
        case (.helpful, .managedExternally(let accounts)):
            response = .managedExternally(provider: Self.providerName(accounts[0]), contact: contact(for: accounts[0]), guide: guide, words)
        default:
            response = .generic(words)
        }
        return RequestResult(response: response, decision: decision, requested: now, language: language)
    }

    /// Second half of a request, after the answer: records a refusal, or takes throttle slots and
    /// prepares the emails (a reset link, "give your username", "managed elsewhere") for `send(_:)`.
    /// A throttled request sends nothing, and its answer was the same as any other's.
    public func followUp(_ result: RequestResult) throws -> [OutgoingMail] {
        let now = result.requested
        let asked = result.language
        /// The language of mail to `accounts`: the one asked in (then remembered), else theirs.
        func language(_ accounts: [Account]) throws -> String {
            guard let asked else { return accounts.first.map(configuration.mailLanguage) ?? configuration.site.language }
            try store.setLanguage(accountIDs: accounts.map(\.id), language: asked)
            return asked
        }
        switch result.decision {
        case .nothing(let reason):
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .refused, detail: reason))
            return []

        case .sendLink(let account):
            guard let reservations = try reserve([account], now: now) else { return [] }
            var (mail, _, _) = try linkMail(for: account, byAdmin: nil, now: now, language: try language([account]))
            mail.reservations = reservations
            return [mail]

        case .usernameNeeded(let accounts):
            guard let reservations = try reserve(accounts, now: now) else { return [] }
            var mails: [OutgoingMail] = []
            for (address, group) in Self.byStoredAddress(accounts) {
                let language = try language(group)
                let content = MailUsernameNeeded(siteTitle: configuration.site.title,
                                                 formURL: configuration.url(settings.requestFormURL, inLanguage: language),
                                                 usernameHelpURL: configuration.guideURL(.forgottenUsername, language: language))
                mails.append(OutgoingMail(content: content, recipient: MailAddress(address), event: .usernameNeededSent, accountIDs: group.map(\.id),
                                          detail: "\(group.count) accounts share the address", actor: "self-service",
                                          reservations: mails.isEmpty ? reservations : [], language: language))
            }
            return mails

        case .managedExternally(let accounts):
            guard let reservations = try reserve(accounts, now: now) else { return [] }
            var mails: [OutgoingMail] = []
            for (address, group) in Self.byStoredAddress(accounts) {
                let language = try language(group)
                let providers = Array(Set(group.map(Self.providerName))).sorted().joined(separator: try strings(language).text("mail.and"))
                let content = MailManagedExternally(
                    siteTitle: configuration.site.title, providers: providers,
                    accounts: group.map { MailManagedAccount(username: $0.username, provider: Self.providerName($0), contact: contact(for: $0)) },
                    ssoHelpURL: configuration.guideURL(.ssoAccounts, language: language))
                mails.append(OutgoingMail(content: content, recipient: MailAddress(address), event: .managedExternallySent, accountIDs: group.map(\.id),
                                          detail: "managed by \(providers)", actor: "self-service",
                                          reservations: mails.isEmpty ? reservations : [], language: language))
            }
            return mails
        }
    }

    /// Takes one throttle slot per account, or records that the hourly limit held the email back.
    func reserve(_ accounts: [Account], now: UnixTime) throws -> [Int64]? {
        let ids = accounts.map(\.id)
        if let reservations = try store.reserveResetEmail(accountIDs: ids, limit: settings.throttlePerHour, since: now - 3600, now: now) {
            return reservations
        }
        for id in ids {
            try store.audit(AuditEntry(at: now, actor: "self-service", event: .throttled, accountID: id,
                                       detail: "more than \(settings.throttlePerHour) reset emails in an hour"))
        }
        return nil
    }

    /// A reset-link email for the account, in `language`; `byAdmin` names the administrator for
    /// admin resets. The link carries the language, so it opens the pages in the mail's language.
    func linkMail(for account: Account, byAdmin admin: String?, now: UnixTime, language: String) throws -> (OutgoingMail, link: String, nonce: String) {
        let minutes = admin == nil ? settings.linkLifetimeMinutes : settings.adminLinkLifetimeMinutes
        let token = try generator.makeToken(accountID: UInt64(account.id), state: account.state, purpose: .passwordReset,
                                            lifetime: UInt64(minutes) * 60)
        let link = configuration.url(settings.link(for: token), inLanguage: language)
        let nonce = Self.nonce(of: token)
        let content = MailResetLink(siteTitle: configuration.site.title,
                                    name: account.displayName.isEmpty ? account.username : account.displayName,
                                    username: account.username, link: link, lifetime: ResetSettings.durationText(minutes: minutes, try strings(language)),
                                    byAdmin: admin != nil, helpURL: configuration.guideURL(.linkProblems, language: language))
        let mail = OutgoingMail(content: content, recipient: Self.recipient(account),
                                event: admin == nil ? .linkSent : .adminReset, accountIDs: [account.id],
                                detail: "nonce=\(nonce)" + (admin == nil ? "" : " mailed"),
                                actor: admin.map { "admin:\($0)" } ?? "self-service", reservations: [], language: language)
        return (mail, link, nonce)
    }

    /// Delivers emails and records each one's fate. A failed email is logged, its throttle slot given
    /// back, and nothing else changes; the failures are returned.
    @discardableResult
    public func send(_ mails: [OutgoingMail]) -> [MailFailure] {
        var failures: [MailFailure] = []
        for mail in mails {
            let at = now()
            do {
                try mailer.deliver(try render(mail, at: at))
                for id in mail.accountIDs {
                    try? store.audit(AuditEntry(at: at, actor: mail.actor, event: mail.event, accountID: id, detail: mail.detail))
                }
            } catch {
                let failure = MailFailure(recipient: mail.recipient.address, reason: "\(error)")
                failures.append(failure)
                try? store.releaseResetEmails(mail.reservations)
                for id in mail.accountIDs {
                    try? store.audit(AuditEntry(at: at, actor: mail.actor, event: .mailFailed, accountID: id,
                                                detail: "\(mail.event.rawValue): \(failure.reason)"))
                }
            }
        }
        return failures
    }

    /// The message for an outgoing mail, rendered from its templates.
    public func render(_ mail: OutgoingMail, at time: UnixTime? = nil) throws -> MailMessage {
        try composer(mail.language).message(mail.content, to: mail.recipient, now: time ?? now())
    }

    // MARK: Helpers

    func contact(for account: Account) -> String {
        settings.contact(source: account.source.rawValue, provider: account.provider)
    }

    public static func providerName(_ account: Account) -> String {
        if !account.provider.isEmpty { return account.provider }
        switch account.source {
        case .sso: return "single sign-on"
        case .ldap: return "the LDAP directory"
        case .usersync: return "the user-sync directory"
        case .local: return "this site"
        }
    }

    static func recipient(_ account: Account) -> MailAddress {
        MailAddress(account.email, displayName: account.displayName.isEmpty ? nil : account.displayName)
    }

    /// Accounts grouped by their exact stored address, so nobody gets the same email twice.
    static func byStoredAddress(_ accounts: [Account]) -> [(String, [Account])] {
        var order: [String] = []
        var groups: [String: [Account]] = [:]
        for account in accounts {
            if groups[account.email] == nil { order.append(account.email) }
            groups[account.email, default: []].append(account)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// The nonce of a token we just made, for the audit log (never the token itself).
    static func nonce(of token: String) -> String {
        ParsedToken.unauthenticatedFields(token)?.nonceHex ?? "?"
    }
}
