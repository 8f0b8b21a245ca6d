import TemplateEngine

// The values of the reset endpoint's pages (`Templates/endpoint/*.mustache`). Each page has the
// layout's values too (`Layout`, built in one place by the endpoint: noindex, absolute URLs into
// the guide) and exactly the names its template uses.

/// `endpoint/forgot`: the forgot-password form.
public struct EndpointForgotPage: ResetlinkPage {
    public static let templateName = "endpoint/forgot"

    public var layout: Layout
    public var formAction: String
    public var csrf: String
    /// The page's language, carried on in a hidden field (nil on a one-language site).
    public var lang: String?
    /// What the person typed, shown again when the form comes back with errors.
    public var email: String
    public var username: String
    public var errors: [String]
    public var ssoGuideURL: String
    public var usernameGuideURL: String

    public init(layout: Layout, formAction: String, csrf: String, lang: String? = nil, email: String, username: String, errors: [String],
                ssoGuideURL: String, usernameGuideURL: String) {
        self.layout = layout
        self.formAction = formAction
        self.csrf = csrf
        self.lang = lang
        self.email = email
        self.username = username
        self.errors = errors
        self.ssoGuideURL = ssoGuideURL
        self.usernameGuideURL = usernameGuideURL
    }

    public static let templateSummary = "The forgot-password form."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("formAction", "Where the form is sent (`/forgot`).") { $0.formAction },
        .text("csrf", "The form's proof, in a hidden field.") { $0.csrf },
        .optionalText("lang", "The page's language, for a hidden `lang` field; absent on a one-language site.") { $0.lang },
        .text("email", "The address typed, when the form is shown again.") { $0.email },
        .text("username", "The username typed, when the form is shown again.") { $0.username },
        .flag("hasErrors", "Whether `errors` has entries.") { !$0.errors.isEmpty },
        .textList("errors", "What to correct, one sentence each.") { $0.errors },
        .text("ssoGuideURL", "The guide's page on accounts managed by SSO or a directory.") { $0.ssoGuideURL },
        .text("usernameGuideURL", "The guide's page on a forgotten username.") { $0.usernameGuideURL },
    ]
}

/// `endpoint/sent`: the answer to a forgot-password request (the same whatever the database holds).
public struct EndpointSentPage: ResetlinkPage {
    public static let templateName = "endpoint/sent"

    public var layout: Layout
    public var message: String
    /// A page of the guide that says more, with its link text.
    public var more: Link?
    public var askUsername: Bool
    public var formURL: String
    public var linkHelpURL: String

    public init(layout: Layout, message: String, more: Link?, askUsername: Bool, formURL: String, linkHelpURL: String) {
        self.layout = layout
        self.message = message
        self.more = more
        self.askUsername = askUsername
        self.formURL = formURL
        self.linkHelpURL = linkHelpURL
    }

    public static let templateSummary = "The answer to a forgot-password request."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("message", "What happens next.") { $0.message },
        .optionalText("moreURL", "A page of the guide that says more, when there is one.") { $0.more?.url },
        .optionalText("moreText", "That link's text.") { $0.more?.title },
        .flag("askUsername", "Whether several accounts share the address, so the person should ask again with a username.") { $0.askUsername },
        .text("formURL", "The forgot-password form.") { $0.formURL },
        .text("linkHelpURL", "The guide's page on links that do not work or mail that does not arrive.") { $0.linkHelpURL },
    ]
}

/// `endpoint/invalid-link`: a link that is invalid, expired or used.
public struct EndpointInvalidLinkPage: ResetlinkPage {
    public static let templateName = "endpoint/invalid-link"

    public var layout: Layout
    public var formURL: String
    public var linkHelpURL: String

    public init(layout: Layout, formURL: String, linkHelpURL: String) {
        self.layout = layout
        self.formURL = formURL
        self.linkHelpURL = linkHelpURL
    }

    public static let templateSummary = "A reset link that does not work."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("formURL", "The forgot-password form, to ask for a new link.") { $0.formURL },
        .text("linkHelpURL", "The guide's page on why links stop working.") { $0.linkHelpURL },
    ]
}

/// `endpoint/new-password`: the form that sets the new password.
public struct EndpointNewPasswordPage: ResetlinkPage {
    public static let templateName = "endpoint/new-password"

    public var layout: Layout
    public var formAction: String
    public var csrf: String
    /// The page's language, carried on in a hidden field (nil on a one-language site).
    public var lang: String?
    public var username: String
    public var errors: [String]
    public var minimumLength: Int
    public var maximumLength: Int
    public var rulesURL: String

    public init(layout: Layout, formAction: String, csrf: String, lang: String? = nil, username: String, errors: [String],
                minimumLength: Int, maximumLength: Int, rulesURL: String) {
        self.layout = layout
        self.formAction = formAction
        self.csrf = csrf
        self.lang = lang
        self.username = username
        self.errors = errors
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.rulesURL = rulesURL
    }

    public static let templateSummary = "The form that sets the new password."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("formAction", "Where the form is sent (`/new-password`).") { $0.formAction },
        .text("csrf", "The form's proof, in a hidden field.") { $0.csrf },
        .optionalText("lang", "The page's language, for a hidden `lang` field; absent on a one-language site.") { $0.lang },
        .text("username", "The account's username (also for password managers).") { $0.username },
        .flag("hasErrors", "Whether `errors` has entries.") { !$0.errors.isEmpty },
        .textList("errors", "Why the password was refused, one sentence each.") { $0.errors },
        .number("minimumLength", "The shortest password accepted (`reset.password.minimum_length`).") { $0.minimumLength },
        .number("maximumLength", "The longest password accepted (`reset.password.maximum_length`).") { $0.maximumLength },
        .text("rulesURL", "The guide's page on the password rules.") { $0.rulesURL },
    ]
}

/// `endpoint/changed`: the password was changed.
public struct EndpointChangedPage: ResetlinkPage {
    public static let templateName = "endpoint/changed"

    public var layout: Layout
    public var username: String
    public var loginURL: String

    public init(layout: Layout, username: String, loginURL: String) {
        self.layout = layout
        self.username = username
        self.loginURL = loginURL
    }

    public static let templateSummary = "The password was changed."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("username", "The account's username.") { $0.username },
        .text("loginURL", "Where to sign in (`reset.login_url`).") { $0.loginURL },
    ]
}

/// `endpoint/error`: a refusal (bad request, expired form, server error…), for people and admins.
public struct EndpointErrorPage: ResetlinkPage {
    public static let templateName = "endpoint/error"

    public var layout: Layout
    public var message: String
    public var advice: String?
    public var steps: [EndpointStep]

    public init(layout: Layout, message: String, advice: String?, steps: [EndpointStep]) {
        self.layout = layout
        self.message = message
        self.advice = advice
        self.steps = steps
    }

    public static let templateSummary = "A refusal, with what to do next."

    public static let templateFields: [TemplateField<Self>] = TemplateField.include { $0.layout } + [
        .text("message", "What went wrong, in a sentence or two.") { $0.message },
        .optionalText("advice", "What to do about it, when there is more to say.") { $0.advice },
        .list("steps", "Where to go next.") { $0.steps },
    ]
}

/// One way out of an error page.
public struct EndpointStep: TemplateValues, Equatable {
    public var text: String
    public var url: String

    public init(text: String, url: String) {
        self.text = text
        self.url = url
    }

    public static let templateSummary = "A link to a next step."

    public static let templateFields: [TemplateField<Self>] = [
        .text("text", "The link's text.") { $0.text },
        .text("url", "Where it leads.") { $0.url },
    ]
}
