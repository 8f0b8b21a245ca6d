import AccountStore
import CGI
import ResetTokens
import SiteTemplates

/// Admin > People (`/admin/...`): the page a people administrator uses instead of a shell.
///
/// | Route | GET / HEAD | POST |
/// |---|---|---|
/// | `/admin` | 303 to `/admin/people` | — |
/// | `/admin/people?q=…&page=…` | search by name, username or email; usernames on an address | — |
/// | `/admin/people/<id>` | one person: details, Reset password, Activity | — |
/// | `/admin/people/<id>/reset` | — | start a reset (`delivery`: `email` or `link`) |
///
/// Every request passes `AdminAccess` first; every POST also the form proof and the same-site
/// check. Administrators' actions are audited as `admin:<REMOTE_USER>`.
extension ResetEndpoint {
    /// What an admin page needs to know about the request it answers.
    struct AdminContext {
        let user: String
        let request: CGIRequest
        /// The form cookie's value: the browser's own if it is well formed, else a new one.
        let formCookie: String
        var actor: String { "admin:" + user }
    }

    static let adminCookie = "resetlink_admin"
    static let adminPageSize = 25

    static func isAdminPath(_ path: String) -> Bool {
        path == "/admin" || path.hasPrefix("/admin/")
    }

    func adminAllowedMethods(_ path: String) -> String {
        path.hasSuffix("/reset") ? "POST" : "GET, HEAD"
    }

    func adminRoute(_ request: CGIRequest) throws -> Outcome {
        needsAdminPages = true
        let user: String
        switch AdminAccess.decide(request, configuration.reset.admins, resolve: configuration.resolve) {
        case .granted(let name):
            user = name
        case .notAuthenticated(let reason):
            log("resetlink: error: \(request.path): the web server did not authenticate this request (\(reason)); protect \(endpointPath)/admin with the server's authentication (docs/deploy-cgi.md)")
            return Outcome(response: page(.notAuthenticated(endpointPath + "/admin", texts())))
        case .notAdmin(let name):
            record(.pageRefused, "\(request.path): '\(name)' is not a people administrator (reset.admins)", actor: "admin:" + name)
            return Outcome(response: page(.notAdmin(name, texts())))
        case .brokenGroupFile(let problem):
            log("resetlink: error: \(problem)")
            return Outcome(response: page(.serverError(texts()).forAdmins(texts(), people: false)))
        }
        let cookieValue = request.cookies[Self.adminCookie].flatMap { Self.isFormCookie($0) ? $0 : nil }
            ?? Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0 ... 255) })
        let context = AdminContext(user: user, request: request, formCookie: cookieValue)

        let readOnly = request.method == .get || request.method == .head
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2)
        switch (parts.first, parts.count) {
        case (nil, _), ("", 1):
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return Outcome(response: .redirect(to: url("/admin/people")))
        case ("people", 1):
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return try peoplePage(context)
        case ("people", 2):
            guard readOnly else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return try personPage(context, id: Self.accountID(parts.dropFirst().first))
        case ("people", 3) where parts.last == "reset":
            guard request.method == .post else { throw CGIError.methodNotAllowed(request.method.rawValue) }
            return try resetAction(context, id: Self.accountID(parts.dropFirst().first))
        default:
            throw CGIError.notFound
        }
    }

    /// A positive decimal account id, as the pages write it; anything else is not a page.
    static func accountID(_ text: Substring?) throws(CGIError) -> Int64 {
        guard let text, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int64(text), id > 0 else {
            throw CGIError.notFound
        }
        return id
    }

    /// The form cookie every admin page sets (renewed, so it lasts a working day from the last page).
    func adminCookieHeader(_ context: AdminContext) -> (String, String) {
        ("Set-Cookie", cookie(Self.adminCookie, context.formCookie, maxAge: 8 * 3600, path: endpointPath + "/admin", sameSite: "Strict"))
    }

    func adminProof(_ context: AdminContext) throws -> String {
        guard let proof = try formSigner().adminFormProof(forCookie: context.formCookie, user: context.user) else {
            throw EndpointError.noSigningKey
        }
        return proof
    }

    /// An admin page in the guide's layout, with the form cookie. `makePage` receives the frame
    /// (layout and signed-in user) built for `Page`'s template, `title` and `trail`.
    func adminPage<Page: ResetlinkPage>(_ context: AdminContext, title: String, trail: [Link], status: Int = 200,
                                        _ makePage: (AdminFrame) throws -> Page) throws -> Outcome {
        let pages = try pages()
        let frame = pages.adminFrame(Page.templateName, title: title, user: context.user, trail: trail)
        let html = try pages.render(try makePage(frame))
        return Outcome(response: .html(status, html, headers: [adminCookieHeader(context)]))
    }

    /// The breadcrumbs above every admin page: Admin › People.
    var peopleTrail: [Link] {
        let t = texts()
        return [Link(title: t.text("admin.admin"), url: url("/admin")), Link(title: t.text("admin.people"), url: url("/admin/people"))]
    }
}
