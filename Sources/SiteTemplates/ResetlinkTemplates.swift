import TemplateEngine

/// A page resetlink renders: its values and the template they go to, named in one place.
public protocol ResetlinkPage: TemplateValues {
    /// The template's name: `endpoint/forgot` is `Templates/endpoint/forgot.mustache`.
    static var templateName: String { get }
}

/// An email resetlink sends: one type for the kind's subject, plain-text and HTML templates.
public protocol ResetlinkMail: TemplateValues {
    /// `reset-link` is `Templates/mail/reset-link.{subject,txt,html}.mustache`.
    static var mailKind: String { get }
}

extension ResetlinkMail {
    /// The kind's three templates: subject, plain-text body, HTML body.
    public static var templateNames: (subject: String, text: String, html: String) {
        ("mail/\(mailKind).subject", "mail/\(mailKind).txt", "mail/\(mailKind).html")
    }
}

/// Every template `resetlink` renders, by name, with the type it receives: what its load-time
/// check, `resetlink check` and docs/templates.md go by. `layout`, `partials/sidebar-item` and
/// `admin/signed-in` are not listed: they are checked through the pages that use them.
public enum ResetlinkTemplates {
    /// The endpoint's pages and the sidebar they show.
    public static let pages: [(name: String, shape: ObjectShape)] = [("partials/sidebar", Sidebar.shape)] + [
        page(EndpointForgotPage.self), page(EndpointSentPage.self), page(EndpointInvalidLinkPage.self),
        page(EndpointNewPasswordPage.self), page(EndpointChangedPage.self), page(EndpointErrorPage.self),
    ]

    /// Admin > People's pages.
    public static let adminPages: [(name: String, shape: ObjectShape)] = [
        page(AdminPeoplePage.self), page(AdminPersonPage.self), page(AdminSentPage.self),
        page(AdminHandoverPage.self), page(AdminRefusedPage.self),
    ]

    /// The emails: three templates per kind, one type per kind.
    public static let mails: [(name: String, shape: ObjectShape)] =
        mail(MailResetLink.self) + mail(MailUsernameNeeded.self) + mail(MailManagedExternally.self) + mail(MailPasswordChanged.self)

    public static let roots: [(name: String, shape: ObjectShape)] = pages + adminPages + mails

    static func page<Page: ResetlinkPage>(_ type: Page.Type) -> (name: String, shape: ObjectShape) {
        (Page.templateName, Page.shape)
    }

    static func mail<Mail: ResetlinkMail>(_ type: Mail.Type) -> [(name: String, shape: ObjectShape)] {
        let names = Mail.templateNames
        return [names.subject, names.text, names.html].map { (name: $0, shape: Mail.shape) }
    }
}
