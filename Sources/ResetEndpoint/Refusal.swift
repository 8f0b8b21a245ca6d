import CGI
import GuideLinks
import Translations

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
    /// The guide's section that explains this refusal; nil text: "The reset link does not work or
    /// no email arrived" in the page's language.
    var guide: (text: String?, link: GuideLinks) = (nil, .linkProblems)
    /// The next steps: the public ones (a new link, the guide), or Admin > People's.
    var audience = Audience.person

    enum Audience {
        case person
        /// An administrator's page; `people` offers Admin > People itself (not where it would loop).
        case administrator(people: Bool)
    }

    /// The same refusal on an admin page: the next steps lead to Admin > People and the guide for
    /// administrators instead of the forgot form.
    func forAdmins(_ t: LanguageStrings, people: Bool = true) -> Refusal {
        var refusal = self
        refusal.audience = .administrator(people: people)
        refusal.guide = (t.text("admin.guide"), .adminReset)
        return refusal
    }

    /// Admin > People reached without the web server signing anyone in: a misconfiguration, shown
    /// as one (never as open access).
    static func notAuthenticated(_ path: String, _ t: LanguageStrings) -> Refusal {
        Refusal(status: 500, title: t.text("admin.refusal.not_authenticated_title"), message: t.text("admin.refusal.not_authenticated"),
                advice: t.text("admin.refusal.not_authenticated_advice", ["path": path]),
                guide: (t.text("admin.guide"), .adminReset), audience: .administrator(people: false))
    }

    static func notAdmin(_ user: String, _ t: LanguageStrings) -> Refusal {
        Refusal(status: 403, title: t.text("admin.refusal.not_admin_title"), message: t.text("admin.refusal.not_admin", ["user": user]),
                advice: t.text("admin.refusal.not_admin_advice"),
                guide: (t.text("admin.guide"), .adminReset), audience: .administrator(people: false))
    }

    /// A request refused as it stands (400, 404, 405, 408, 411, 413, 415): the message is ours,
    /// never a value from the request (a 400 writes no field values anywhere).
    static func refused(_ error: CGIError, allow: String?, _ t: LanguageStrings) -> Refusal {
        Refusal(status: error.status, title: t.text(error.status == 404 ? "endpoint.refusal.not_found_title" : "endpoint.refusal.refused_title"),
                message: message(error, t), allow: error.status == 405 ? allow : nil)
    }

    /// The CGI module's English sentence in the page's language: each known sentence has its key;
    /// one without (a new check) is itself in the default language and the generic one elsewhere.
    static func message(_ error: CGIError, _ t: LanguageStrings) -> String {
        let key: String? = switch error {
        case .badRequest(let text): requestKeys[text]
        case .methodNotAllowed: "method"
        case .lengthRequired: "length_required"
        case .payloadTooLarge: "too_large"
        case .unsupportedMediaType: "media_type"
        case .requestTimeout: "timeout"
        case .notFound: "not_found"
        }
        if let key { return t.text("endpoint.request." + key) }
        return t.language == Translations.builtInEnglish.language ? error.message : t.text("endpoint.request.other")
    }

    static let linkChanged = "This link was changed on its way to you, so it cannot be checked. Copy the whole link from the email into the address bar, or ask for a new link."

    static let requestKeys: [String: String] = [
        linkChanged: "link_changed",
        "The address is not valid.": "address_invalid",
        "The address is too long.": "address_too_long",
        "The form contains characters that are not allowed.": "form_characters",
        "The form is not valid text (UTF-8).": "form_utf8",
        "The form is not valid.": "form_invalid",
        "The link has no token.": "no_token",
        "The request could not be read.": "unreadable",
        "The request ended early.": "ended_early",
        "The request's cookies are too large.": "cookies_too_large",
        "The request's length is not valid.": "length_invalid",
    ]

    /// A refusal worded by `endpoint.refusal.<name>_title`, `<name>` and `<name>_advice`.
    static func worded(_ status: Int, _ name: String, _ t: LanguageStrings, advice: Bool = true) -> Refusal {
        let key = "endpoint.refusal." + name
        return Refusal(status: status, title: t.text(key + "_title"), message: t.text(key), advice: advice ? t.text(key + "_advice") : nil)
    }

    static func formExpired(_ t: LanguageStrings) -> Refusal { worded(403, "form_expired", t) }

    static func crossSite(_ t: LanguageStrings) -> Refusal {
        Refusal(status: 403, title: t.text("endpoint.refusal.refused_title"), message: t.text("endpoint.refusal.cross_site"),
                advice: t.text("endpoint.refusal.cross_site_advice"))
    }

    /// At /new-password without the token cookie: the link was not opened in this browser, or the
    /// browser does not keep cookies for this site.
    static func noLinkCookie(_ t: LanguageStrings) -> Refusal {
        var refusal = worded(403, "no_cookie", t)
        refusal.guide = (t.text("endpoint.steps.link_cookie"), .linkCookie)
        return refusal
    }

    /// A completion stopped by a failing step outside ResetKit (a hook, the directory), or a
    /// directory write this site could not record: the link still works. Not "nothing was
    /// changed": in the second case the directory has the new password. The reason is in the
    /// audit log, not on the page.
    static func changeUnavailable(_ t: LanguageStrings) -> Refusal { worded(503, "unavailable", t) }

    /// Another completion with this link (a double click, a second tab) is still running: the
    /// link is not used up yet, and may not be if that one fails. The cookie is kept.
    static func changeInProgress(_ t: LanguageStrings) -> Refusal { worded(409, "in_progress", t) }

    static func serverError(_ t: LanguageStrings) -> Refusal { worded(500, "server_error", t, advice: false) }
}
