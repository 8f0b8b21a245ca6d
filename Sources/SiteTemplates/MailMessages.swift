import TemplateEngine

// The values of the emails resetlink sends (`Templates/mail/<kind>.{subject,txt,html}.mustache`):
// one type per kind, shared by its three templates.

/// `mail/reset-link.*`: the link to choose a new password.
public struct MailResetLink: ResetlinkMail {
    public static let mailKind = "reset-link"

    public var siteTitle: String
    public var name: String
    public var username: String
    public var link: String
    public var lifetime: String
    /// Whether an administrator started the reset (the wording differs).
    public var byAdmin: Bool
    public var helpURL: String

    public init(siteTitle: String, name: String, username: String, link: String, lifetime: String, byAdmin: Bool, helpURL: String) {
        self.siteTitle = siteTitle
        self.name = name
        self.username = username
        self.link = link
        self.lifetime = lifetime
        self.byAdmin = byAdmin
        self.helpURL = helpURL
    }

    public static let templateSummary = "The email with a reset link."

    public static let templateFields: [TemplateField<Self>] = [
        .text("siteTitle", "The site's title (`site.title`), as the signature.") { $0.siteTitle },
        .text("name", "The person's display name, or the username.") { $0.name },
        .text("username", "The account's username.") { $0.username },
        .text("link", "The reset link.") { $0.link },
        .text("lifetime", "How long the link is valid, in words.") { $0.lifetime },
        .flag("byAdmin", "Whether an administrator started the reset.") { $0.byAdmin },
        .text("helpURL", "The guide's page on reset links that do not work.") { $0.helpURL },
    ]
}

/// `mail/username-needed.*`: several accounts share the address, so no link was sent.
public struct MailUsernameNeeded: ResetlinkMail {
    public static let mailKind = "username-needed"

    public var siteTitle: String
    public var formURL: String
    public var usernameHelpURL: String

    public init(siteTitle: String, formURL: String, usernameHelpURL: String) {
        self.siteTitle = siteTitle
        self.formURL = formURL
        self.usernameHelpURL = usernameHelpURL
    }

    public static let templateSummary = "The email that asks for a username, when several accounts share the address."

    public static let templateFields: [TemplateField<Self>] = [
        .text("siteTitle", "The site's title (`site.title`), as the signature.") { $0.siteTitle },
        .text("formURL", "The forgot-password form.") { $0.formURL },
        .text("usernameHelpURL", "The guide's page on a forgotten username.") { $0.usernameHelpURL },
    ]
}

/// `mail/managed-externally.*`: the accounts on the address have their passwords elsewhere.
public struct MailManagedExternally: ResetlinkMail {
    public static let mailKind = "managed-externally"

    public var siteTitle: String
    /// "single sign-on and the LDAP directory".
    public var providers: String
    public var accounts: [MailManagedAccount]
    public var ssoHelpURL: String

    public init(siteTitle: String, providers: String, accounts: [MailManagedAccount], ssoHelpURL: String) {
        self.siteTitle = siteTitle
        self.providers = providers
        self.accounts = accounts
        self.ssoHelpURL = ssoHelpURL
    }

    public static let templateSummary = "The email that says the password is managed elsewhere (SSO, a directory)."

    public static let templateFields: [TemplateField<Self>] = [
        .text("siteTitle", "The site's title (`site.title`), as the signature.") { $0.siteTitle },
        .text("providers", "Who manages the passwords, joined with “and”.") { $0.providers },
        .list("accounts", "The accounts on the address.") { $0.accounts },
        .text("ssoHelpURL", "The guide's page on accounts managed by SSO or a directory.") { $0.ssoHelpURL },
    ]
}

/// An account whose password another system keeps.
public struct MailManagedAccount: TemplateValues {
    public var username: String
    public var provider: String
    public var contact: String

    public init(username: String, provider: String, contact: String) {
        self.username = username
        self.provider = provider
        self.contact = contact
    }

    public static let templateSummary = "An account managed elsewhere."

    public static let templateFields: [TemplateField<Self>] = [
        .text("username", "The account's username.") { $0.username },
        .text("provider", "Who keeps its password.") { $0.provider },
        .text("contact", "Whom to contact (`reset.contacts`).") { $0.contact },
    ]
}

/// `mail/password-changed.*`: the notice after a password was changed.
public struct MailPasswordChanged: ResetlinkMail {
    public static let mailKind = "password-changed"

    public var siteTitle: String
    public var name: String
    public var username: String
    /// When, in UTC, in words.
    public var when: String
    public var loginURL: String

    public init(siteTitle: String, name: String, username: String, when: String, loginURL: String) {
        self.siteTitle = siteTitle
        self.name = name
        self.username = username
        self.when = when
        self.loginURL = loginURL
    }

    public static let templateSummary = "The notice that a password was changed."

    public static let templateFields: [TemplateField<Self>] = [
        .text("siteTitle", "The site's title (`site.title`), as the signature.") { $0.siteTitle },
        .text("name", "The person's display name, or the username.") { $0.name },
        .text("username", "The account's username.") { $0.username },
        .text("when", "When the password was changed (UTC).") { $0.when },
        .text("loginURL", "Where to sign in (`reset.login_url`).") { $0.loginURL },
    ]
}
