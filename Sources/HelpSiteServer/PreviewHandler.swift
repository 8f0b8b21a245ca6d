import FlyingFox
import Foundation

/// Answers the browser: the built files (HTML with the reload script added), the reload script and
/// its long poll, and the error page while the latest build has failed.
struct PreviewHandler: HTTPHandler {
    let status: BuildStatus

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            var refusal = text("Only GET and HEAD are served.\n", status: .methodNotAllowed)
            refusal.headers[HTTPHeader("Allow")] = "GET, HEAD"
            return refusal
        }
        switch request.path {
        case LiveReload.scriptPath:
            return response(Data(LiveReload.script.utf8), type: "text/javascript; charset=utf-8")
        case LiveReload.waitPath:
            let known = request.query.first { $0.name == "version" }.flatMap { Int($0.value) } ?? -1
            let now = await status.waitForChange(from: known, timeout: .seconds(10))
            return text("\(now)\n", status: .ok)
        default:
            return try await file(request)
        }
    }

    private func file(_ request: HTTPRequest) async throws -> HTTPResponse {
        // The first build runs while the server already listens; wait for it.
        if status.current.version == 0 { _ = await status.waitForChange(from: 0, timeout: .seconds(10)) }
        let state = status.current
        guard let output = state.output else { return errorPage(state) }
        guard let relative = Self.relativePath(request.path) else { return text("Bad path.\n", status: .badRequest) }
        var path = output + "/" + relative
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            guard relative.isEmpty || relative.hasSuffix("/") else {
                return HTTPResponse(statusCode: .movedPermanently, headers: HTTPHeaders([.location: request.path + "/"]))
            }
            path += "index.html"
        }
        let isHTML = path.hasSuffix(".html") || !exists
        if isHTML, state.failure != nil { return errorPage(state) }
        guard FileManager.default.fileExists(atPath: path) else {
            let notFound = output + "/404.html"
            guard let page = FileManager.default.contents(atPath: notFound) else { return text("Not found.\n", status: .notFound) }
            return html(page, version: state.version, status: .notFound)
        }
        if isHTML {
            guard let page = FileManager.default.contents(atPath: path) else { return text("Cannot read \(relative).\n", status: .internalServerError) }
            return html(page, version: state.version, status: .ok)
        }
        // Media and assets: FlyingFox's file handler answers range requests, which video needs.
        return try await FileHTTPHandler(path: URL(fileURLWithPath: path), contentType: ContentType.of(path), cacheControl: [.noStore])
            .handleRequest(request)
    }

    /// The request path below the output folder, or nil when it tries to leave it.
    static func relativePath(_ path: String) -> String? {
        let decoded = path.removingPercentEncoding ?? path
        guard decoded.hasPrefix("/"), !decoded.contains("\0") else { return nil }
        let components = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if components.contains(where: { $0 == ".." || $0 == "." }) { return nil }
        return components.joined(separator: "/")
    }

    private func html(_ page: Data, version: Int, status: HTTPStatusCode) -> HTTPResponse {
        let injected = LiveReload.inject(into: String(decoding: page, as: UTF8.self), version: version)
        return response(Data(injected.utf8), type: "text/html; charset=utf-8", status: status)
    }

    private func errorPage(_ state: BuildStatus.State) -> HTTPResponse {
        response(Data(ErrorPage.html(state.failure ?? [], version: state.version).utf8), type: "text/html; charset=utf-8",
                 status: .internalServerError)
    }

    private func text(_ body: String, status: HTTPStatusCode) -> HTTPResponse {
        response(Data(body.utf8), type: "text/plain; charset=utf-8", status: status)
    }

    private func response(_ body: Data, type: String, status: HTTPStatusCode = .ok) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: HTTPHeaders([.contentType: type, .cacheControl: "no-store"]), body: body)
    }
}

/// Media types by file extension, for what a help site holds.
enum ContentType {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "xml": "application/xml", "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "mp4": "video/mp4", "webm": "video/webm", "ogv": "video/ogg", "mp3": "audio/mpeg", "ogg": "audio/ogg",
        "woff2": "font/woff2", "woff": "font/woff", "pdf": "application/pdf", "vtt": "text/vtt",
    ]

    static func of(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "application/octet-stream" }
        return byExtension[path[path.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
