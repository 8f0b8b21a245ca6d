import CGI
import Foundation
import GuideLinks
import PasswordPolicy
import ResetFlow
import ResetTokens
import Settings

/// The reset endpoint (`PATH_INFO` routes under `reset.endpoint_url`):
///
/// | Route | GET / HEAD | POST |
/// |---|---|---|
/// | `/` | 303 to `/forgot` | — |
/// | `/forgot` | the forgot-password form | the request flow, then its answer |
/// | `/link?token=…` | check the link; 303 to `/new-password` with the token in a cookie, or the "invalid or expired" page | — |
/// | `/new-password` | the new-password form (token from the cookie) | complete the reset |
///
/// GET and HEAD never change anything (mail scanners and link previews fetch links). A thin layer:
/// the decisions are ResetFlow's.
public final class ResetEndpoint {
    let configuration: Configuration
    let makeService: () throws -> ResetService
    private var loadedService: ResetService?
    private var loadedPages: EndpointPages?
    /// Messages for the web server's error log.
    let log: (String) -> Void

    static let tokenCookie = "resetlink_token"
    static let formCookie = "resetlink_form"

    public init(configuration: Configuration, makeService: @escaping () throws -> ResetService, log: @escaping (String) -> Void) {
        self.configuration = configuration
        self.makeService = makeService
        self.log = log
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
        do {
            let request = try CGIRequest.parse(environment: environment, readBody: readBody)
            return (respond(to: request), request.method == .head)
        } catch {
            let path = environment["PATH_INFO"] ?? "/"
            return (Outcome(response: plain(error.status, error.message, allow: allowedMethods(path))), false)
        }
    }

    public func respond(to request: CGIRequest) -> Outcome {
        do {
            return try route(request)
        } catch let error as CGIError {
            return Outcome(response: plain(error.status, error.message, allow: allowedMethods(request.path)))
        } catch {
            log("resetlink: error: \(error)")
            return Outcome(response: plain(500, "Something went wrong on our side. Please try again later."))
        }
    }

    var endpoint: String { configuration.reset.endpointURL }
    /// The cookie path: the endpoint's own path, so the token goes nowhere else.
    var cookiePath: String {
        guard let schemeEnd = endpoint.range(of: "://") else { return "/" }
        let path = endpoint[schemeEnd.upperBound...].drop { $0 != "/" }
        return path.isEmpty ? "/" : String(path)
    }

    func service() throws -> ResetService {
        if let loadedService { return loadedService }
        let service = try makeService()
        loadedService = service
        return service
    }

    func pages() throws -> EndpointPages {
        if let loadedPages { return loadedPages }
        let pages = try EndpointPages.load(configuration)
        loadedPages = pages
        return pages
    }

    func allowedMethods(_ path: String) -> String {
        switch path {
        case "/forgot", "/new-password": "GET, HEAD, POST"
        default: "GET, HEAD"
        }
    }

    func route(_ request: CGIRequest) throws -> Outcome {
        let readOnly = request.method == .get || request.method == .head
        switch request.path {
        case "/", "":
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return Outcome(response: .redirect(to: endpoint + "/forgot"))
        case "/forgot":
            return readOnly ? try forgotForm(request) : try forgotSubmit(request)
        case "/link":
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return try link(request)
        case "/new-password":
            return readOnly ? try newPasswordForm(request) : try newPasswordSubmit(request)
        default:
            throw CGIError.notFound
        }
    }

    // MARK: Forgot password

    func forgotForm(_ request: CGIRequest, email: String = "", username: String = "", errors: [String] = [], status: Int = 200) throws -> Outcome {
        try request.query.only([])
        // Double-submit: a random value in a SameSite=Strict cookie and in the form; a cross-site
        // post can neither read nor send the cookie.
        let csrf = request.cookies[Self.formCookie].flatMap { $0.count >= 22 ? $0 : nil }
            ?? Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0 ... 255) })
        let html = try pages().render("forgot", title: "Forgot your password?", [
            "formAction": endpoint + "/forgot",
            "csrf": csrf,
            "email": email,
            "username": username,
            "errors": errors,
            "hasErrors": !errors.isEmpty,
            "ssoGuideURL": GuideLinks.ssoAccounts.url(base: configuration.site.baseURL),
            "usernameGuideURL": GuideLinks.forgottenUsername.url(base: configuration.site.baseURL),
        ])
        return Outcome(response: .html(status, html, headers: [("Set-Cookie", cookie(Self.formCookie, csrf, maxAge: 3600))]))
    }

    func forgotSubmit(_ request: CGIRequest) throws -> Outcome {
        try request.form.only(["email", "username", "csrf"])
        guard let sent = request.form["csrf"], let expected = request.cookies[Self.formCookie], !expected.isEmpty,
              constantTimeEqual(sent, expected) else {
            return Outcome(response: plain(403, "This form has expired or did not come from this site. Please open the form again."))
        }
        let email = (request.form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let username = (request.form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !email.isEmpty, email.utf8.count <= 254, username.utf8.count <= 64 else {
            return try forgotForm(request, email: email, username: username,
                                  errors: ["Enter the email address of your account."], status: 422)
        }
        let service = try service()
        let result = try service.request(email: email, username: username.isEmpty ? nil : username)
        let answer = result.response
        var values: [String: Any] = ["message": answer.text, "askUsername": answer.kind == .usernameNeeded]
        if let guide = answer.guideURL {
            values["moreURL"] = guide
            values["moreText"] = answer.kind == .usernameNeeded ? "Why several accounts need a username" : "Accounts managed by SSO or a directory"
        }
        let html = try pages().render("sent", title: "Check your email", values)
        return Outcome(response: .html(200, html), service: service, request: result)
    }

    // MARK: The link

    func link(_ request: CGIRequest) throws -> Outcome {
        try request.query.only(["token"])
        guard let token = request.query["token"], !token.isEmpty else { throw CGIError.badRequest("The link has no token.") }
        let service = try service()
        let check = try service.checkLink(token)
        guard case .valid(_, let expires, _) = check.outcome else {
            // Logged, not recorded: a GET changes nothing, not even the audit log.
            log("resetlink: link refused: \(check.outcome.label)" + (check.authenticatedFields.map { " nonce=\($0.nonceHex)" } ?? ""))
            return try invalidLink()
        }
        let maxAge = max(1, Int64(clamping: expires) - service.now())
        // The token leaves the address bar (and history, and Referer) for an HttpOnly cookie.
        return Outcome(response: .redirect(to: endpoint + "/new-password",
                                           headers: [("Set-Cookie", cookie(Self.tokenCookie, token, maxAge: maxAge))]))
    }

    func invalidLink(clearCookie: Bool = false) throws -> Outcome {
        let html = try pages().render("invalid-link", title: "This link does not work")
        let headers = clearCookie ? [("Set-Cookie", cookie(Self.tokenCookie, "", maxAge: 0))] : []
        return Outcome(response: .html(410, html, headers: headers))
    }

    // MARK: New password

    func newPasswordForm(_ request: CGIRequest, errors: [String] = [], status: Int = 200) throws -> Outcome {
        try request.query.only([])
        guard let token = request.cookies[Self.tokenCookie], !token.isEmpty else {
            return Outcome(response: plain(400, "Open the link from your email again to choose a new password."))
        }
        let service = try service()
        let check = try service.checkLink(token)
        guard case .valid(let accountID, _, _) = check.outcome,
              let account = try service.store.account(id: Int64(clamping: accountID)),
              let tag = service.tokens.formTag(for: token) else {
            return try invalidLink(clearCookie: true)
        }
        let password = configuration.reset.password
        let html = try pages().render("new-password", title: "Choose a new password", [
            "formAction": endpoint + "/new-password",
            "csrf": tag,
            "username": account.username,
            "errors": errors,
            "hasErrors": !errors.isEmpty,
            "minimumLength": password.minimumLength,
            "maximumLength": password.maximumLength,
            "rulesURL": GuideLinks.passwordRules.url(base: configuration.site.baseURL),
        ])
        return Outcome(response: .html(status, html))
    }

    func newPasswordSubmit(_ request: CGIRequest) throws -> Outcome {
        try request.form.only(["password", "confirm", "csrf", "username"])
        let service = try service()
        guard let token = request.cookies[Self.tokenCookie], !token.isEmpty,
              let tag = request.form["csrf"], service.tokens.isFormTag(tag, for: token) else {
            return Outcome(response: plain(403, "This form has expired or did not come from this site. Open the link from your email again."))
        }
        let password = request.form["password"] ?? ""
        guard password == (request.form["confirm"] ?? "") else {
            return try newPasswordForm(request, errors: ["The two passwords are not the same."], status: 422)
        }
        switch try service.complete(token: token, password: password) {
        case .changed(let account, let notice):
            let html = try pages().render("changed", title: "Your password was changed", [
                "username": account.username, "loginURL": configuration.reset.loginURL,
            ])
            return Outcome(response: .html(200, html, headers: [("Set-Cookie", cookie(Self.tokenCookie, "", maxAge: 0))]),
                           mails: [notice], service: service)
        case .weakPassword(let problems):
            return try newPasswordForm(request, errors: problems.map(\.message), status: 422)
        case .refused:
            return try invalidLink(clearCookie: true)
        }
    }

    // MARK: Pieces

    func cookie(_ name: String, _ value: String, maxAge: Int64) -> String {
        "\(name)=\(value); Max-Age=\(maxAge); Path=\(cookiePath); HttpOnly; Secure; SameSite=Strict"
    }

    /// A page for refusals and errors that needs no templates and touches no database.
    func plain(_ status: Int, _ message: String, allow: String? = nil) -> CGIResponse {
        let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let html = """
            <!DOCTYPE html>
            <html lang="\(configuration.site.language)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(status == 500 ? "Error" : "Request not accepted") · \(configuration.site.title.replacingOccurrences(of: "<", with: "&lt;"))</title></head>
            <body><main><h1>\(status == 500 ? "Something went wrong" : "Request not accepted")</h1><p>\(escaped)</p>
            <p><a href="\(endpoint)/forgot">Password reset form</a></p></main></body></html>

            """
        var headers: [(String, String)] = []
        if status == 405, let allow { headers.append(("Allow", allow)) }
        return .html(status, html, headers: headers)
    }

    func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `Content-Security-Policy`: the endpoint's own origin and the guide's (stylesheet), nothing else.
    public var contentSecurityPolicy: String {
        let origins = Set([Self.origin(of: endpoint), Self.origin(of: configuration.site.baseURL)].compactMap { $0 })
        let sources = (["'self'"] + origins.sorted()).joined(separator: " ")
        return "default-src 'none'; style-src \(sources); img-src \(sources); form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let host = url[schemeEnd.upperBound...].prefix { $0 != "/" }
        return String(url[..<schemeEnd.upperBound]) + host
    }
}
