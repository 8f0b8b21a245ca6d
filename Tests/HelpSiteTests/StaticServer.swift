import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// lighttpd serving a built site under /help/ (the default base URL's path) on 127.0.0.1, a free
/// port: a real web server, which compares URL paths with file names byte for byte. Stopped by
/// its PID.
final class StaticServer {
    static let executable = ["/usr/sbin/lighttpd", "/usr/bin/lighttpd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let origin: String
    private let process: Process

    init(root: String) throws {
        guard let executable = Self.executable else { throw ServerError("lighttpd is not installed") }
        let folder = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/www", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/www/help", withDestinationPath: root)
        // A random port; lighttpd exits at once if it is taken, and the next one is tried.
        for _ in 0..<20 {
            let port = Int.random(in: 20_000..<60_000)
            let origin = "http://127.0.0.1:\(port)"
            try """
                server.document-root = "\(folder)/www"
                server.bind = "127.0.0.1"
                server.port = \(port)
                server.errorlog = "\(folder)/error.log"
                index-file.names = ( "index.html" )
                mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css", ".js" => "text/javascript" )

                """.write(toFile: folder + "/server.conf", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-D", "-f", folder + "/server.conf"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 where process.isRunning {
                if (try? Self.status(origin + "/help/")) != nil {
                    self.origin = origin
                    self.process = process
                    return
                }
                usleep(50_000)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        throw ServerError("lighttpd did not start")
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// The HTTP status of a GET, by curl (nil when nothing answers).
    func status(_ url: String) throws -> Int? { try Self.status(url) }

    static func status(_ url: String) throws -> Int? {
        let result = try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", url])
        return result.status == 0 ? Int(result.standardOutput) : nil
    }

    /// Every `href` and `src` of the built HTML files under `root`, resolved as a browser resolves
    /// them against the page's URL; links off this server are left out.
    func links(inSite root: String) throws -> [(page: String, href: String, url: String)] {
        var found: [(String, String, String)] = []
        let pattern = try NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        for (path, data) in try snapshot(root) where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            let page = origin + "/help/" + SitePathForTests.encode(path)
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                guard let range = Range(match.range(at: 1), in: html) else { continue }
                let href = html[range].replacingOccurrences(of: "&amp;", with: "&")
                // The canonical links name the default base URL, where the site is not.
                if href.hasPrefix("https://intranet.example.com/") || href.hasPrefix("mailto:") { continue }
                let resolved = URL(string: href, relativeTo: URL(string: page))?.absoluteURL.absoluteString ?? "unresolvable:" + href
                let withoutFragment = resolved.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? resolved
                found.append((path, href, withoutFragment))
            }
        }
        return found
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// The page's own URL path, percent-encoded byte for byte as it is on disk.
enum SitePathForTests {
    static func encode(_ path: String) -> String {
        path.utf8.map { byte in
            let c = Character(Unicode.Scalar(byte))
            return byte < 0x80 && (c.isLetter || c.isNumber || "/-._~:".contains(c)) ? String(c) : String(format: "%%%02X", byte)
        }.joined()
    }
}
