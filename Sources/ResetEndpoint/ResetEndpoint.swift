import AccountStore
import CGI
import GuideLinks
import Keyring
import PasswordPolicy
import ResetFlow
import ResetTemplates
import ResetTokens
import Settings
import SiteTemplates
import Translations

/// The reset endpoint (`PATH_INFO` routes under `reset.endpoint_url`):
///
/// | Route | GET / HEAD | POST |
/// |---|---|---|
/// | `/` | 303 to `/forgot` | — |
/// | `/forgot` | the forgot-password form | the request flow, then its answer |
/// | `/link?token=…` | check the link; 303 to `/new-password` with the token in a cookie, or the "invalid or expired" page | — |
/// | `/new-password` | the new-password form (token from the cookie) | complete the reset |
/// | `/admin/…` | Admin > People (`Admin/AdminRoutes.swift`), for administrators the web server signed in | |
///
/// GET and HEAD never change an account or a link (mail scanners and link previews fetch links);
/// refusals on the way to a new password are recorded in the audit log. A thin layer: the
/// decisions are ResetFlow's.
public final class ResetEndpoint {
    let configuration: Configuration
    let makeService: () throws -> ResetService
    private var loadedService: ResetService?
    private var loadedPages: EndpointPages?
    private var loadedStrings: LanguageStrings?
    /// Set by the admin routes: their templates are loaded only for them.
    var needsAdminPages = false
    /// Messages for the web server's error log.
    let log: (String) -> Void
    /// The language of this request's answer (`LanguageChoice`), the default until the request is read.
    var language: String

    static let tokenCookie = "resetlink_token"
    static let formCookie = "resetlink_form"

    public init(configuration: Configuration, makeService: @escaping () throws -> ResetService, log: @escaping (String) -> Void) {
        self.configuration = configuration
        self.makeService = makeService
        self.log = log
        self.language = configuration.site.language
    }

    /// What to answer, and what to do once the answer is complete: a request's follow-up (which
    /// depends on whether an account exists) and mail.
    public struct Outcome {
        public var response: CGIResponse
        public var mails: [OutgoingMail] = []
        public var service: ResetService?
        public var request: ResetService.RequestResult?

        /// Runs the follow-up and sends the mail; returns problems for the error log.
        public func finish() -> [String] {
            guard let service else { return [] }
            var mails = self.mails
            do {
                if let request { mails += try service.followUp(request) }
            } catch {
                return ["resetlink: error: \(error)"]
            }
            return service.send(mails).map { "resetlink: \($0)" }
        }
    }

    /// Parses the request (refusing bad input before any database access) and answers it.
    /// `isHead` says to leave the body out.
    public func handle(environment: [String: String], readBody: (Int) throws(CGIError) -> [UInt8]) -> (outcome: Outcome, isHead: Bool) {
        let isHead = environment["REQUEST_METHOD"] == "HEAD"
        do {
            let request = try CGIRequest.parse(environment: environment, readBody: readBody)
            return (respond(to: request), isHead)
        } catch {
            // The query could not be read, so only the browser's languages count.
            chooseLanguage(explicit: nil, acceptLanguage: environment["HTTP_ACCEPT_LANGUAGE"])
            let path = environment["PATH_INFO"] ?? "/"
            let t = texts()
            let refusal = Refusal.refused(error, allow: allowedMethods(path), t)
            // On an admin path the way out is Admin > People, not the forgot form.
            return (Outcome(response: page(Self.isAdminPath(path) ? refusal.forAdmins(t) : refusal)), isHead)
        }
    }

    public func respond(to request: CGIRequest) -> Outcome {
        chooseLanguage(explicit: request.query["lang"] ?? request.form["lang"], acceptLanguage: request.acceptLanguage)
        do {
            return try route(request)
        } catch let error as CGIError {
            let t = texts()
            let refusal = Refusal.refused(error, allow: allowedMethods(request.path), t)
            return Outcome(response: page(needsAdminPages ? refusal.forAdmins(t) : refusal))
        } catch {
            log("resetlink: error: \(error)")
            let t = texts()
            return Outcome(response: page(needsAdminPages ? Refusal.serverError(t).forAdmins(t) : .serverError(t)))
        }
    }

    /// `lang` (a configured language) > `Accept-Language` > the default.
    func chooseLanguage(explicit: String?, acceptLanguage: String?) {
        language = LanguageChoice.choose(explicit: explicit, acceptLanguage: acceptLanguage,
                                         available: configuration.endpointLanguages, defaultLanguage: configuration.site.language)
    }

    /// The value of the forms' hidden `lang` field: nil on a one-language site (no field).
    var formLanguage: String? { configuration.carriesLanguage ? language : nil }

    /// A route's URL for a link or redirect, with `lang` when the site has several languages, so
    /// the next page is in this one.
    func routeURL(_ route: String) -> String { configuration.url(url(route), inLanguage: language) }

    /// A guide page in this request's language (`de/…` for German; the default's at the root).
    func guide(_ page: GuideLinks) -> String { configuration.guideURL(page, language: language) }

    var endpoint: String { configuration.reset.endpointURL }
    /// The endpoint's path (`/cgi-bin/resetlink`; empty at the root): what the cookies' `Path`
    /// starts with. `reset.endpoint_url` has no trailing `/` (Settings drops it).
    var endpointPath: String { String(endpoint.dropFirst(Self.origin(of: endpoint)?.count ?? 0)) }
    /// An absolute URL of one of the endpoint's routes.
    func url(_ route: String) -> String { endpoint + route }

    /// `Content-Security-Policy`: the endpoint's own origin and the guide's (stylesheet), nothing else.
    public var contentSecurityPolicy: String {
        let origins = Set([Self.origin(of: endpoint), Self.origin(of: configuration.site.baseURL)].compactMap { $0 })
        let sources = (["'self'"] + origins.sorted()).joined(separator: " ")
        return "default-src 'none'; style-src \(sources); img-src \(sources); form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func service() throws -> ResetService {
        if let loadedService { return loadedService }
        let service = try makeService()
        if let loadedStrings { service.adopt(loadedStrings) }
        loadedService = service
        return service
    }

    /// What signs the forgot form: the service's tokens when the service is open, else the keyring
    /// alone, so that showing the form does not open the database (a millisecond per request).
    func formSigner() throws -> ResetTokenGenerator {
        if let loadedService { return loadedService.tokens }
        return try Keyring.load(path: configuration.resolve(configuration.reset.keyring)).generator
    }

    func pages() throws -> EndpointPages {
        if let loadedPages, loadedPages.hasAdminPages || !needsAdminPages { return loadedPages }
        let pages = try EndpointPages.load(configuration, admin: needsAdminPages, strings: try strings())
        loadedPages = pages
        return pages
    }

    /// The request's language's strings, parsed once per request and only when a page is written
    /// (a redirect needs none).
    func strings() throws -> LanguageStrings {
        if let loadedStrings { return loadedStrings }
        // The service may have parsed them already (the request's answer, its mail): once a request.
        let strings = try loadedService.map { try $0.strings(language) } ?? ResetStrings.load(language, overrides: configuration.templateOverrides)
        loadedStrings = strings
        return strings
    }

    /// `strings()`, or the built-in English when they cannot be loaded (logged): a refusal must
    /// still be able to say something.
    func texts() -> LanguageStrings {
        do { return try strings() } catch {
            log("resetlink: error: \(error)")
            return Translations.builtInEnglish
        }
    }

    func allowedMethods(_ path: String) -> String {
        if Self.isAdminPath(path) { return adminAllowedMethods(path) }
        return switch path {
        case "/forgot", "/new-password": "GET, HEAD, POST"
        default: "GET, HEAD"
        }
    }

    func route(_ request: CGIRequest) throws -> Outcome {
        let readOnly = request.method == .get || request.method == .head
        switch request.path {
        case "/", "":
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return Outcome(response: .redirect(to: routeURL("/forgot")))
        case "/forgot":
            return readOnly ? try forgotForm(request) : try forgotSubmit(request)
        case "/link":
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return try link(request)
        case "/new-password":
            return readOnly ? try newPasswordForm(request) : try newPasswordSubmit(request)
        case let path where Self.isAdminPath(path):
            return try adminRoute(request)
        default:
            throw CGIError.notFound
        }
    }

    // MARK: Forgot password

    func forgotForm(_ request: CGIRequest, email: String = "", username: String = "", errors: [String] = [], status: Int = 200) throws -> Outcome {
        try request.query.only(["lang"])
        // Signed double submit: a random value in a SameSite=Strict cookie, and in the form an HMAC
        // of it under a key only the server has. A cross-site post cannot send the cookie, and a
        // cookie planted by another host of the site has no matching field.
        let cookieValue = request.cookies[Self.formCookie].flatMap { Self.isFormCookie($0) ? $0 : nil }
            ?? Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0 ... 255) })
        guard let proof = try formSigner().forgotFormProof(forCookie: cookieValue) else {
            throw EndpointError.noSigningKey
        }
        let pages = try pages()
        let html = try pages.render(EndpointForgotPage(
            layout: pages.layout(title: pages.strings.text("endpoint.forgot.title")), formAction: url("/forgot"), csrf: proof, lang: formLanguage,
            email: email, username: username, errors: errors,
            ssoGuideURL: guide(.ssoAccounts), usernameGuideURL: guide(.forgottenUsername)))
        let cookie = cookie(Self.formCookie, cookieValue, maxAge: 3600, path: endpointPath + "/forgot", sameSite: "Strict")
        return Outcome(response: .html(status, html, headers: [("Set-Cookie", cookie)]))
    }

    /// 16 random bytes in base64url, as `forgotForm` makes them.
    static func isFormCookie(_ value: String) -> Bool {
        value.utf8.count == 22 && value.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    func forgotSubmit(_ request: CGIRequest) throws -> Outcome {
        try request.form.only(["email", "username", "csrf", "lang"])
        if let refusal = refuseCrossSite(request) { return refusal }
        let service = try service()
        guard let sent = request.form["csrf"], let cookieValue = request.cookies[Self.formCookie],
              service.tokens.isForgotFormProof(sent, forCookie: cookieValue) else {
            record(.pageRefused, "/forgot: the form's proof is missing or wrong")
            return Outcome(response: page(.formExpired(texts())))
        }
        let email = (request.form["email"] ?? "").trimmingWhitespace()
        let username = (request.form["username"] ?? "").trimmingWhitespace()
        guard !email.isEmpty, email.utf8.count <= 254, username.utf8.count <= 64 else {
            return try forgotForm(request, email: email, username: username,
                                  errors: [try strings().text("endpoint.forgot.enter_email")], status: 422)
        }
        let result = try service.request(email: email, username: username.isEmpty ? nil : username, language: language)
        let answer = result.response
        let pages = try pages()
        let more = answer.guidePage.map { page in
            Link(title: pages.strings.text(answer.kind == .usernameNeeded ? "endpoint.sent.more_several" : "endpoint.sent.more_sso"),
                 url: guide(page))
        }
        let html = try pages.render(EndpointSentPage(
            layout: pages.layout(title: pages.strings.text("endpoint.sent.title")), message: answer.text, more: more,
            askUsername: answer.kind == .usernameNeeded, formURL: pages.formURL, linkHelpURL: pages.linkHelpURL))
        return Outcome(response: .html(200, html), service: service, request: result)
    }

    // MARK: The link

    func link(_ request: CGIRequest) throws -> Outcome {
        // The one reading of a link's query, shared with `resetlink verify LINK`. A query with more
        // than the token was changed on its way (mail gateways append tracking fields): say so.
        let token: String
        do { token = try ResetLinkQuery.token(in: request.query) } catch {
            throw CGIError.badRequest(Refusal.linkChanged)
        }
        let service = try service()
        let check = try service.checkLink(token)
        guard case .valid(_, let expires, _) = check.outcome else {
            recordRefusedLink(check, at: "/link")
            return try invalidLink()
        }
        let maxAge = max(1, Int64(clamping: expires) - service.now().int64)
        // The token leaves the address bar (and history, and Referer) for an HttpOnly cookie that
        // only /new-password receives. SameSite=Lax, not Strict: the person clicks the link in
        // webmail, another site, and a browser withholds Strict cookies on every request of a
        // navigation that began there, the redirect included (docs/deploy-cgi.md, "Cookies").
        let cookie = cookie(Self.tokenCookie, token, maxAge: maxAge, path: endpointPath + "/new-password", sameSite: "Lax")
        return Outcome(response: .redirect(to: routeURL("/new-password"), headers: [("Set-Cookie", cookie)]))
    }

    func invalidLink(clearCookie: Bool = false) throws -> Outcome {
        let pages = try pages()
        let html = try pages.render(EndpointInvalidLinkPage(
            layout: pages.layout(title: pages.strings.text("endpoint.invalid_link.title")), formURL: pages.formURL, linkHelpURL: pages.linkHelpURL))
        let headers = clearCookie ? [("Set-Cookie", clearedTokenCookie)] : []
        return Outcome(response: .html(410, html, headers: headers))
    }

    // MARK: New password

    func newPasswordForm(_ request: CGIRequest, errors: [String] = [], status: Int = 200) throws -> Outcome {
        try request.query.only(["lang"])
        guard let token = request.cookies[Self.tokenCookie], !token.isEmpty else {
            record(.pageRefused, "/new-password: no token cookie (link not opened in this browser, or cookies blocked)")
            return Outcome(response: page(.noLinkCookie(texts())))
        }
        let service = try service()
        let check = try service.checkLink(token)
        guard case .valid(let accountID, _, _) = check.outcome,
              let account = try service.store.account(id: Int64(clamping: accountID)),
              let tag = service.tokens.formTag(for: token) else {
            recordRefusedLink(check, at: "/new-password")
            return try invalidLink(clearCookie: true)
        }
        let password = configuration.reset.password
        let pages = try pages()
        let html = try pages.render(EndpointNewPasswordPage(
            layout: pages.layout(title: pages.strings.text("endpoint.new_password.title")), formAction: url("/new-password"), csrf: tag, lang: formLanguage,
            username: account.username, errors: errors,
            minimumLength: password.minimumLength, maximumLength: password.maximumLength,
            rulesURL: guide(.passwordRules)))
        return Outcome(response: .html(status, html))
    }

    func newPasswordSubmit(_ request: CGIRequest) throws -> Outcome {
        try request.form.only(["password", "confirm", "csrf", "username", "lang"])
        if let refusal = refuseCrossSite(request) { return refusal }
        guard let token = request.cookies[Self.tokenCookie], !token.isEmpty else {
            record(.pageRefused, "/new-password: form sent without the token cookie")
            return Outcome(response: page(.noLinkCookie(texts())))
        }
        let service = try service()
        guard let tag = request.form["csrf"], service.tokens.isFormTag(tag, for: token) else {
            record(.pageRefused, "/new-password: the form's proof is missing or wrong")
            let t = texts()
            var refusal = Refusal.formExpired(t)
            refusal.again = (t.text("endpoint.steps.open_form_again"), routeURL("/new-password"))
            return Outcome(response: page(refusal))
        }
        let password = request.form["password"] ?? ""
        guard password == (request.form["confirm"] ?? "") else {
            return try newPasswordForm(request, errors: [try strings().text("endpoint.new_password.not_same")], status: 422)
        }
        switch try service.complete(token: token, password: password, language: language) {
        case .changed(let account, let notice):
            let pages = try pages()
            let html = try pages.render(EndpointChangedPage(
                layout: pages.layout(title: pages.strings.text("endpoint.changed.title")), username: account.username,
                loginURL: configuration.reset.loginURL))
            return Outcome(response: .html(200, html, headers: [("Set-Cookie", clearedTokenCookie)]),
                           mails: [notice], service: service)
        case .weakPassword(let problems):
            let t = try strings()
            return try newPasswordForm(request, errors: problems.map { $0.text(t) }, status: 422)
        case .declined(let reason):
            // The form again, with the reason as its error (escaped by the template): the link
            // still works, so the person can try another password.
            return try newPasswordForm(request, errors: [reason], status: 422)
        case .unavailable:
            let t = texts()
            var refusal = Refusal.changeUnavailable(t)
            refusal.again = (t.text("endpoint.steps.try_again"), routeURL("/new-password"))
            return Outcome(response: page(refusal))
        case .inProgress:
            let t = texts()
            var refusal = Refusal.changeInProgress(t)
            refusal.again = (t.text("endpoint.steps.try_again"), routeURL("/new-password"))
            return Outcome(response: page(refusal))
        case .refused(let outcome):
            log("resetlink: link refused at /new-password (post): \(outcome.label)")
            return try invalidLink(clearCookie: true)
        }
    }
}
