import CGI
import GuideLinks

/// A request the endpoint does not carry out, as the person sees it: a page in the guide's layout
/// that says what happened and what to do next. The next steps never lead back into the same
/// refusal: they go to the forgot form (a new link) and to the guide's page on link problems.
struct Refusal {
    var status: Int
    var title: String
    var message: String
    /// A second paragraph, for refusals a person can fix themselves (cookies blocked).
    var advice: String?
    /// The `Allow` header of a 405.
    var allow: String?
    /// A first next step back to the page whose form was refused, where that cannot loop.
    var again: (text: String, url: String)?
    /// The guide's section that explains this refusal.
    var guide: (text: String, link: GuideLinks) = ("The reset link does not work or no email arrived", .linkProblems)
    /// The next steps: the public ones (a new link, the guide), or Admin > People's.
    var audience = Audience.person

    enum Audience {
        case person
        /// An administrator's page; `people` offers Admin > People itself (not where it would loop).
        case administrator(people: Bool)
    }

    /// The same refusal on an admin page: the next steps lead to Admin > People and the guide for
    /// administrators instead of the forgot form.
    func forAdmins(people: Bool = true) -> Refusal {
        var refusal = self
        refusal.audience = .administrator(people: people)
        refusal.guide = ("Guide for administrators", .adminReset)
        return refusal
    }

    /// Admin > People reached without the web server signing anyone in: a misconfiguration, shown
    /// as one (never as open access).
    static func notAuthenticated(_ path: String) -> Refusal {
        Refusal(status: 500, title: "The web server does not authenticate this page",
                message: "Admin > People shows people's accounts, so it answers only when the web server has signed the administrator in. This request arrived without a signed-in user, so nothing is shown.",
                advice: "Whoever runs the web server must protect \(path) with its sign-in (HTTP Basic, LDAP, Kerberos or single sign-on), as docs/deploy-cgi.md shows.",
                guide: ("Guide for administrators", .adminReset), audience: .administrator(people: false))
    }

    static func notAdmin(_ user: String) -> Refusal {
        Refusal(status: 403, title: "Not a people administrator",
                message: "You are signed in as \(user), who is not a people administrator here, so nothing is shown.",
                advice: "If you should be, ask the team that runs the password reset service to add you to the administrators (reset.admins).",
                guide: ("Guide for administrators", .adminReset), audience: .administrator(people: false))
    }

    /// A request refused as it stands (400, 404, 405, 408, 411, 413, 415): the message is ours,
    /// never a value from the request (a 400 writes no field values anywhere).
    static func refused(_ error: CGIError, allow: String?) -> Refusal {
        Refusal(status: error.status, title: error.status == 404 ? "Page not found" : "Request not accepted",
                message: error.message, allow: error.status == 405 ? allow : nil)
    }

    static let formExpired = Refusal(
        status: 403, title: "This form has expired",
        message: "This form has expired or was not sent from this site, so nothing was changed.",
        advice: "Open the form again and send it from there.")

    static let crossSite = Refusal(
        status: 403, title: "Request not accepted",
        message: "This form was sent from another site, so nothing was changed.",
        advice: "Open the password reset form on this site and send it from there.")

    /// At /new-password without the token cookie: the link was not opened in this browser, or the
    /// browser does not keep cookies for this site.
    static let noLinkCookie = Refusal(
        status: 403, title: "Open your reset link first",
        message: "This page needs the reset link from your email, opened in this browser.",
        advice: "Click the link in the email (or paste the whole link into the address bar). If you see this page again right after opening the link, your browser is not keeping cookies for this site: allow them, or ask for a new link from another browser.",
        guide: ("Why this page appears", .linkCookie))

    /// A completion stopped by a failing step outside ResetKit (a hook, the directory), or a
    /// directory write this site could not record: the link still works. Not "nothing was
    /// changed": in the second case the directory has the new password. The reason is in the
    /// audit log, not on the page.
    static let changeUnavailable = Refusal(
        status: 503, title: "Your password change could not be completed",
        message: "Your password change could not be completed just now. Your reset link still works.",
        advice: "Try again in a few minutes. If you are then told that you have used this password recently, it was taken after all: sign in with it. If it keeps failing, ask your help desk.")

    /// Another completion with this link (a double click, a second tab) is still running: the
    /// link is not used up yet, and may not be if that one fails. The cookie is kept.
    static let changeInProgress = Refusal(
        status: 409, title: "Your password is being changed",
        message: "A change of this password with your reset link is already under way.",
        advice: "Wait a few seconds, then try your new password at the sign-in page. If it does not work, try again: your reset link still works unless the change went through.")

    static let serverError = Refusal(
        status: 500, title: "Something went wrong",
        message: "Something went wrong on our side, and nothing was changed. Please try again later.")
}
