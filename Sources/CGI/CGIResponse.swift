#if canImport(Glibc)
import Glibc
#endif

/// A CGI response: a `Status:` line, headers and a body. Every response carries the same security
/// headers, whatever produced it.
public struct CGIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func html(_ status: Int, _ html: String, headers: [(String, String)] = []) -> CGIResponse {
        CGIResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + headers, body: Array(html.utf8))
    }

    public static func redirect(to location: String, headers: [(String, String)] = []) -> CGIResponse {
        CGIResponse(status: 303, headers: [("Location", location), ("Content-Type", "text/plain; charset=utf-8")] + headers,
                    body: Array("See \(location)\n".utf8))
    }

    /// The bytes written to standard output. `head` leaves out the body (HEAD requests).
    /// `contentSecurityPolicy` names the origins pages may load styles and images from.
    public func serialized(head: Bool = false, contentSecurityPolicy: String) -> [UInt8] {
        var text = "Status: \(status) \(Self.reason(status))\r\n"
        let security: [(String, String)] = [
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        for (name, value) in headers + security {
            // Header values are ours, but never let a line break through. Filter scalars, not
            // Characters: "\r\n" is a single Character equal to neither "\r" nor "\n".
            var clean = ""
            clean.unicodeScalars.append(contentsOf: value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
            text += "\(name): \(clean)\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + (head ? [] : body)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        default: "Status"
        }
    }

    /// Writes all bytes to standard output, then closes it: the web server sees the response is
    /// complete even while this process goes on (to send mail).
    public static func writeAndClose(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        close(STDOUT_FILENO)
    }
}

/// A request that is refused before any work: its status and a short plain message.
public enum CGIError: Error, Equatable, Sendable {
    case badRequest(String)
    case methodNotAllowed(String)
    case lengthRequired
    case payloadTooLarge
    case unsupportedMediaType
    case requestTimeout
    case notFound

    public var status: Int {
        switch self {
        case .badRequest: 400
        case .methodNotAllowed: 405
        case .lengthRequired: 411
        case .payloadTooLarge: 413
        case .unsupportedMediaType: 415
        case .requestTimeout: 408
        case .notFound: 404
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let text): text
        case .methodNotAllowed: "This method is not allowed here."
        case .lengthRequired: "The request must say how long it is."
        case .payloadTooLarge: "The request is too large."
        case .unsupportedMediaType: "The form must be sent as application/x-www-form-urlencoded."
        case .requestTimeout: "The request took too long to arrive."
        case .notFound: "There is no page at this address."
        }
    }
}
