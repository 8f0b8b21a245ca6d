import TemplateEngine

// The values of Admin > People's pages (`Templates/admin/*.mustache`). Every admin page has the
// layout's values and `adminUser` (for the `admin/signed-in` partial) through `AdminFrame`.

/// What every admin page shows besides its own content: the layout, and who is signed in.
public struct AdminFrame: TemplateValues {
    public var layout: Layout
    /// `REMOTE_USER`, as the web server authenticated it.
    public var adminUser: String

    public init(layout: Layout, adminUser: String) {
        self.layout = layout
        self.adminUser = adminUser
    }

    public static let templateSummary = "The layout's values and the administrator signed in, on every admin page."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("adminUser", "Who is signed in (`REMOTE_USER`), shown by `admin/signed-in`.") { $0.adminUser },
    ]
}

/// `admin/people`: everyone, or the accounts a search finds, a page at a time.
public struct AdminPeoplePage: ResetlinkPage {
    public static let templateName = "admin/people"

    public var frame: AdminFrame
    public var searchAction: String
    public var query: String
    public var rows: [AdminAccountRow]
    public var countText: String
    /// "Showing 26–50 of 80", when the results take more than one page.
    public var range: String?
    public var previousURL: String?
    public var nextURL: String?
    /// The usernames on an address, when the search is an email address.
    public var lookup: AdminAddressLookup?

    public init(frame: AdminFrame, searchAction: String, query: String, rows: [AdminAccountRow], countText: String,
                range: String? = nil, previousURL: String? = nil, nextURL: String? = nil, lookup: AdminAddressLookup? = nil) {
        self.frame = frame
        self.searchAction = searchAction
        self.query = query
        self.rows = rows
        self.countText = countText
        self.range = range
        self.previousURL = previousURL
        self.nextURL = nextURL
        self.lookup = lookup
    }

    public static let templateSummary = "Admin > People: the search and its results."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.frame } + [
        .text("searchAction", "Where the search form is sent.") { $0.searchAction },
        .text("query", "The search typed; empty for everyone.") { $0.query },
        .flag("hasQuery", "Whether there is a search.") { !$0.query.isEmpty },
        .flag("hasRows", "Whether `rows` has entries.") { !$0.rows.isEmpty },
        .list("rows", "The accounts on this page of results.") { $0.rows },
        .text("countText", "How many people were found, as a sentence.") { $0.countText },
        .optionalText("range", "Which results this page shows, when there is more than one page.") { $0.range },
        .optionalText("previousURL", "The previous page of results, when there is one.") { $0.previousURL },
        .optionalText("nextURL", "The next page of results, when there is one.") { $0.nextURL },
        .optionalObject("lookup", "The usernames on the address searched for, when the search is an email address.") { $0.lookup },
    ]
}

/// One account as the people table and the person's page describe it.
public struct AdminAccountRow: TemplateValues {
    public var username: String
    public var url: String
    public var name: String
    public var email: String
    public var source: String
    public var provider: String
    public var status: String
    public var passwordChanged: String
    public var resetLink: String
    /// The person's Reset password form, for an active local account.
    public var resetURL: String?
    /// Why there is no Reset password action ("Disabled", "Managed by …").
    public var actionText: String?

    public init(username: String, url: String, name: String, email: String, source: String, provider: String, status: String,
                passwordChanged: String, resetLink: String, resetURL: String?, actionText: String?) {
        self.username = username
        self.url = url
        self.name = name
        self.email = email
        self.source = source
        self.provider = provider
        self.status = status
        self.passwordChanged = passwordChanged
        self.resetLink = resetLink
        self.resetURL = resetURL
        self.actionText = actionText
    }

    public static let templateSummary = "An account, as the people table and the person's page show it."

    public static let templateFields: [TemplateField<Self>] = [
        .text("username", "The account's username.") { $0.username },
        .text("url", "The person's page.") { $0.url },
        .text("name", "The display name, or — when there is none.") { $0.name },
        .text("email", "The stored email address.") { $0.email },
        .text("source", "Where the account comes from (Local, SSO, LDAP directory, User sync).") { $0.source },
        .text("provider", "The provider that manages it, or —.") { $0.provider },
        .text("status", "Active or Disabled.") { $0.status },
        .text("passwordChanged", "When the password was last changed, or Never.") { $0.passwordChanged },
        .text("resetLink", "The outstanding reset link's expiry, or None.") { $0.resetLink },
        .optionalText("resetURL", "The person's Reset password form, for an active local account.") { $0.resetURL },
        .optionalText("actionText", "Why there is no Reset password action, otherwise.") { $0.actionText },
    ]
}

/// The usernames on an email address (the forgotten-username lookup).
public struct AdminAddressLookup: TemplateValues {
    public var address: String
    public var accounts: [AdminLookupAccount]
    /// How many accounts use it, as a sentence in the page's language.
    public var summary: String

    public init(address: String, accounts: [AdminLookupAccount], summary: String) {
        self.address = address
        self.accounts = accounts
        self.summary = summary
    }

    public static let templateSummary = "The accounts that use an email address."

    public static let templateFields: [TemplateField<Self>] = [
        .text("address", "The address searched for.") { $0.address },
        .flag("hasAccounts", "Whether any account uses it.") { !$0.accounts.isEmpty },
        .list("accounts", "The accounts that use it.") { $0.accounts },
        .text("summary", "How many accounts use it, as a sentence.") { $0.summary },
    ]
}

/// An account found by the address lookup.
public struct AdminLookupAccount: TemplateValues {
    public var username: String
    public var name: String
    public var url: String
    public var source: String

    public init(username: String, name: String, url: String, source: String) {
        self.username = username
        self.name = name
        self.url = url
        self.source = source
    }

    public static let templateSummary = "An account that uses the address looked up."

    public static let templateFields: [TemplateField<Self>] = [
        .text("username", "The account's username.") { $0.username },
        .text("name", "Its display name; may be empty.") { $0.name },
        .flag("hasName", "Whether it has a display name.") { !$0.name.isEmpty },
        .text("url", "The person's page.") { $0.url },
        .text("source", "Where the account comes from.") { $0.source },
    ]
}

/// `admin/person`: one account, its Reset password form (or why there is none), its activity.
public struct AdminPersonPage: ResetlinkPage {
    public static let templateName = "admin/person"

    /// Whether an administrator can start a reset here, and if not, why.
    public enum Reset: Sendable {
        case available(formAction: String, csrf: String)
        case disabled
        case managed(by: String, contact: String)
    }

    public var frame: AdminFrame
    public var account: AdminAccountRow
    public var shared: [AdminSharedAccount]
    public var reset: Reset
    /// How long a link an administrator starts lasts, and one the person asks for.
    public var lifetime: String
    public var requestedLifetime: String
    public var activity: [AdminActivityEntry]
    /// "The latest 50 of 120 entries.", when the activity is cut.
    public var activityNote: String?

    public init(frame: AdminFrame, account: AdminAccountRow, shared: [AdminSharedAccount], reset: Reset, lifetime: String,
                requestedLifetime: String, activity: [AdminActivityEntry], activityNote: String?) {
        self.frame = frame
        self.account = account
        self.shared = shared
        self.reset = reset
        self.lifetime = lifetime
        self.requestedLifetime = requestedLifetime
        self.activity = activity
        self.activityNote = activityNote
    }

    public static let templateSummary = "One person's account, the Reset password form and the account's activity."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.frame } + TemplateField.include { $0.account } + [
        .flag("hasShared", "Whether other accounts use the same address.") { !$0.shared.isEmpty },
        .list("shared", "The other accounts on the same address.") { $0.shared },
        .flag("canReset", "Whether an administrator can start a reset (an active local account).") {
            if case .available = $0.reset { true } else { false }
        },
        .text("formAction", "Where the Reset password form is sent; empty unless `canReset`.") {
            if case .available(let action, _) = $0.reset { action } else { "" }
        },
        .text("csrf", "The Reset password form's proof; empty unless `canReset`.") {
            if case .available(_, let csrf) = $0.reset { csrf } else { "" }
        },
        .flag("disabled", "Whether the account is disabled (a local account).") {
            if case .disabled = $0.reset { true } else { false }
        },
        .optionalText("managedBy", "Who manages the account's password, when it is not local.") {
            if case .managed(let provider, _) = $0.reset { provider } else { nil }
        },
        .text("contact", "Whom the person should contact about it; empty unless `managedBy`.") {
            if case .managed(_, let contact) = $0.reset { contact } else { "" }
        },
        .text("lifetime", "How long a link an administrator starts is valid.") { $0.lifetime },
        .text("requestedLifetime", "How long a link the person asks for is valid.") { $0.requestedLifetime },
        .flag("hasActivity", "Whether `activity` has entries.") { !$0.activity.isEmpty },
        .list("activity", "The account's audit log, newest first.") { $0.activity },
        .optionalText("activityNote", "Says the activity is cut, when it is.") { $0.activityNote },
    ]
}

/// Another account on the same address.
public struct AdminSharedAccount: TemplateValues {
    public var username: String
    public var url: String

    public init(username: String, url: String) {
        self.username = username
        self.url = url
    }

    public static let templateSummary = "Another account on the same address."

    public static let templateFields: [TemplateField<Self>] = [
        .text("username", "Its username.") { $0.username },
        .text("url", "Its page.") { $0.url },
    ]
}

/// An entry of the account's audit log, in words.
public struct AdminActivityEntry: TemplateValues {
    public var when: String
    public var who: String
    public var what: String
    public var detail: String

    public init(when: String, who: String, what: String, detail: String) {
        self.when = when
        self.who = who
        self.what = what
        self.detail = detail
    }

    public static let templateSummary = "An entry of the account's activity."

    public static let templateFields: [TemplateField<Self>] = [
        .text("when", "When, in UTC.") { $0.when },
        .text("who", "Who did it.") { $0.who },
        .text("what", "What happened.") { $0.what },
        .text("detail", "The audit log's details.") { $0.detail },
    ]
}

/// `admin/sent`: the reset link was emailed.
public struct AdminSentPage: ResetlinkPage {
    public static let templateName = "admin/sent"

    public var frame: AdminFrame
    public var name: String
    public var email: String
    public var lifetime: String
    public var expires: String
    public var personURL: String
    public var peopleURL: String

    public init(frame: AdminFrame, name: String, email: String, lifetime: String, expires: String, personURL: String, peopleURL: String) {
        self.frame = frame
        self.name = name
        self.email = email
        self.lifetime = lifetime
        self.expires = expires
        self.personURL = personURL
        self.peopleURL = peopleURL
    }

    public static let templateSummary = "An administrator's reset: the link was emailed."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.frame } + [
        .text("name", "The person's name (or username).") { $0.name },
        .text("email", "The address the link went to.") { $0.email },
        .text("lifetime", "How long the link is valid.") { $0.lifetime },
        .text("expires", "When it expires, in UTC.") { $0.expires },
        .text("personURL", "The person's page.") { $0.personURL },
        .text("peopleURL", "Admin > People.") { $0.peopleURL },
    ]
}

/// `admin/handover`: the reset link, shown once to be handed over in person.
public struct AdminHandoverPage: ResetlinkPage {
    public static let templateName = "admin/handover"

    public var frame: AdminFrame
    public var name: String
    public var username: String
    public var link: String
    public var lifetime: String
    public var expires: String
    public var personURL: String
    public var peopleURL: String

    public init(frame: AdminFrame, name: String, username: String, link: String, lifetime: String, expires: String,
                personURL: String, peopleURL: String) {
        self.frame = frame
        self.name = name
        self.username = username
        self.link = link
        self.lifetime = lifetime
        self.expires = expires
        self.personURL = personURL
        self.peopleURL = peopleURL
    }

    public static let templateSummary = "An administrator's reset: the link to hand over in person, shown once."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.frame } + [
        .text("name", "The person's name (or username).") { $0.name },
        .text("username", "The account's username.") { $0.username },
        .text("link", "The reset link.") { $0.link },
        .text("lifetime", "How long the link is valid.") { $0.lifetime },
        .text("expires", "When it expires, in UTC.") { $0.expires },
        .text("personURL", "The person's page.") { $0.personURL },
        .text("peopleURL", "Admin > People.") { $0.peopleURL },
    ]
}

/// `admin/refused`: an administrator's reset that could not be started or sent.
public struct AdminRefusedPage: ResetlinkPage {
    public static let templateName = "admin/refused"

    public var frame: AdminFrame
    public var message: String
    public var name: String
    public var personURL: String

    public init(frame: AdminFrame, message: String, name: String, personURL: String) {
        self.frame = frame
        self.message = message
        self.name = name
        self.personURL = personURL
    }

    public static let templateSummary = "An administrator's reset that was refused or could not be emailed."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.frame } + [
        .text("message", "Why, and what to do.") { $0.message },
        .text("name", "The person's name (or username).") { $0.name },
        .text("personURL", "The person's page.") { $0.personURL },
    ]
}
