#if canImport(Glibc)
import Glibc
#endif

/// One CGI request (RFC 3875): the meta-variables the web server set and the body on standard
/// input. Everything is checked here, before any database access; a problem is a `CGIError`
/// carrying the HTTP status to answer with.
public struct CGIRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", head = "HEAD", post = "POST" }

    public var method: Method
    /// The path after the script's name (`/forgot`, `/link`), `/` when empty.
    public var path: String
    public var query: FormData
    public var form: FormData
    public var cookies: [String: String]
    /// `Sec-Fetch-Site` (`same-origin`, `same-site`, `cross-site`, `none`), when the browser sent it.
    public var fetchSite: String?
    /// `Origin` (`https://host[:port]` or `null`), when the browser sent it.
    public var origin: String?
    /// `REMOTE_USER` and `AUTH_TYPE`: set by the web server when it authenticated the request
    /// (never from a request header: those arrive as `HTTP_*`). Empty values count as absent.
    public var remoteUser: String?
    public var authType: String?
    /// `Accept-Language`, for `LanguageChoice` (which ignores an over-long or malformed one).
    public var acceptLanguage: String? = nil

    /// Largest body read, and the most ever read from standard input.
    public static let maximumBodySize = 16 * 1024
    /// Largest Cookie header accepted.
    public static let maximumCookieSize = 4096
    /// Largest query string accepted.
    public static let maximumQuerySize = 4096

    /// Reads the request. `environment` is the process environment (only the CGI meta-variables
    /// below are read — never `HTTP_PROXY`, `HTTP_HOST` or `HTTP_X_FORWARDED_HOST`); `readBody`
    /// reads up to the given number of bytes from standard input.
    public static func parse(environment: [String: String], readBody: (Int) throws(CGIError) -> [UInt8]) throws(CGIError) -> CGIRequest {
        let methodName = environment["REQUEST_METHOD"] ?? ""
        guard let method = Method(rawValue: methodName) else { throw .methodNotAllowed(methodName) }
        let rawPath = environment["PATH_INFO"] ?? ""
        guard !rawPath.contains("\0"), rawPath.utf8.count <= 256 else { throw .badRequest("The address is not valid.") }
        let path = rawPath.isEmpty ? "/" : rawPath

        let queryString = environment["QUERY_STRING"] ?? ""
        guard queryString.utf8.count <= maximumQuerySize else { throw .badRequest("The address is too long.") }
        let query = try FormData(urlEncoded: Array(queryString.utf8))

        let cookieHeader = environment["HTTP_COOKIE"] ?? ""
        guard cookieHeader.utf8.count <= maximumCookieSize else { throw .badRequest("The request's cookies are too large.") }
        let cookies = Self.cookies(cookieHeader)

        var form = FormData()
        if method == .post {
            guard let lengthText = environment["CONTENT_LENGTH"], !lengthText.isEmpty else { throw .lengthRequired }
            guard let length = Int(lengthText), length >= 0 else { throw .badRequest("The request's length is not valid.") }
            // Refuse before reading: a huge body is never pulled off the socket.
            guard length <= maximumBodySize else { throw .payloadTooLarge }
            let type = (environment["CONTENT_TYPE"] ?? "").split(separator: ";").first.map {
                $0.trimmingSpaces().lowercased()
            } ?? ""
            guard type == "application/x-www-form-urlencoded" else { throw .unsupportedMediaType }
            let body = try readBody(length)
            guard body.count == length else { throw .badRequest("The request ended early.") }
            form = try FormData(urlEncoded: body)
        }
        // Only compared with fixed values, never echoed or logged, so they need no further checks.
        // An over-long value is kept as one that matches nothing, never cut to a prefix that might.
        let fetchSite = environment["HTTP_SEC_FETCH_SITE"].map { $0.utf8.count <= 32 ? $0 : "(too long)" }
        let origin = environment["HTTP_ORIGIN"].map { $0.utf8.count <= 256 ? $0 : "(too long)" }
        let remoteUser = environment["REMOTE_USER"].flatMap { $0.isEmpty ? nil : $0 }
        let authType = environment["AUTH_TYPE"].flatMap { $0.isEmpty ? nil : $0 }
        return CGIRequest(method: method, path: path, query: query, form: form, cookies: cookies, fetchSite: fetchSite, origin: origin,
                          remoteUser: remoteUser, authType: authType, acceptLanguage: environment["HTTP_ACCEPT_LANGUAGE"])
    }

    /// `a=b; c=d` (RFC 6265 §5.4). The first of two cookies with one name wins: browsers send the
    /// most specific path first.
    static func cookies(_ header: String) -> [String: String] {
        var cookies: [String: String] = [:]
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingSpaces()
            // A pair whose name is empty is ignored (RFC 6265 §5.2), found by fuzzing.
            if !name.isEmpty, cookies[name] == nil { cookies[name] = parts[1].trimmingSpaces() }
        }
        return cookies
    }

    /// Reads up to `count` bytes from standard input, giving up after `timeout` seconds without
    /// progress, so a client that sends its body slowly cannot hold the process forever (nil: wait
    /// as long as it takes, for a command-line reader).
    public static func readStandardInput(_ count: Int, timeout: Int32? = 10) throws(CGIError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, timeout.map { $0 * 1000 } ?? -1)
            if ready == 0 { throw .requestTimeout }
            if ready < 0 { if errno == EINTR { continue } else { throw .badRequest("The request could not be read.") } }
            let read = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(STDIN_FILENO, buffer.baseAddress.map { $0 + filled }, count - filled)
            }
            if read < 0 { if errno == EINTR { continue } else { throw .badRequest("The request could not be read.") } }
            if read == 0 { break }
            filled += read
        }
        return Array(bytes[..<filled])
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
