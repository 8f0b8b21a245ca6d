import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Requests nobody here wrote, through the real server (and, for the slow body, straight at the
/// CGI program, since lighttpd buffers bodies itself): nothing echoed raw, nothing waits forever.
@Suite(.serialized) struct HostileRequestTests {
    static let markup = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>"]

    static func reflectsMarkup(_ body: String) -> Bool {
        ["<script>alert", "<img src=x", "<svg onload", "onerror=alert"].contains { body.contains($0) }
    }

    @Test(arguments: ["private", "helpful"])
    func markupInEveryEchoedFieldIsEscaped(disclosure: String) throws {
        let site = try WebSite(disclosure: disclosure)
        defer { site.stop() }
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        let csrf = try #require(form.hiddenField("csrf"))
        let cookie = try #require(form.cookies["resetlink_form"])
        for text in Self.markup {
            for fields in [[("email", text), ("username", text)], [("email", "ana@example.org"), ("username", text)],
                           [("email", text + "@example.org"), ("username", "")]] {
                let response = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                                             form: [("csrf", csrf)] + fields)
                #expect([200, 422].contains(response.status), "\(fields): \(response.status)")
                #expect(!Self.reflectsMarkup(response.body), "\(fields) reflected in: \(response.body)")
            }
            let encoded = WebSite.encode(text)
            for path in ["/cgi-bin/resetlink/link?token=\(encoded)", "/cgi-bin/resetlink/\(encoded)",
                         "/cgi-bin/resetlink/forgot?email=\(encoded)", "/cgi-bin/resetlink/new-password"] {
                let response = try site.http("GET", path, cookies: ["resetlink_token": encoded])
                #expect(response.status < 500, "\(path): \(response.status)")
                #expect(!Self.reflectsMarkup(response.body), "\(path) reflected in: \(response.body)")
            }
        }
    }

    @Test func hugeCookiesAndPercentEdgeCasesAreRefusedCleanly() throws {
        let site = try WebSite()
        defer { site.stop() }
        let huge = try site.http("GET", "/cgi-bin/resetlink/forgot", cookies: ["big": String(repeating: "c", count: 6_000)])
        #expect(huge.status == 400)
        for query in ["token=%", "token=%2", "token=%%41", "token=%C0%AF", "token=%E0%80%AF", "token=%F4%90%80%80", "token=a%00b",
                      "token=\(String(repeating: "A", count: 5_000))", "token=a&token=a", "token=%2541"] {
            let response = try site.http("GET", "/cgi-bin/resetlink/link?\(query)")
            #expect([400, 410].contains(response.status), "\(query.prefix(40)): \(response.status)")
        }
    }

    @Test func aSlowBodyMeetsTheReadDeadline() throws {
        let site = try WebSite()
        defer { site.stop() }
        let audited = try site.auditCount()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: site.folder + "/cgi-bin/resetlink")
        process.environment = ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "PATH_INFO": "/forgot",
                               "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "100",
                               "RESETLINK_CONFIG": site.config]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        input.fileHandleForWriting.write(Data("email=a%40".utf8))  // 10 of 100 bytes, then nothing.
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let waited = Date().timeIntervalSince(start)
        try input.fileHandleForWriting.close()
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("Status: 408"))
        #expect(waited >= 9 && waited < 20, "gave up after \(waited) s")
        #expect(try site.auditCount() == audited)
    }
}

/// Many requests at once through the server: completions for distinct accounts all apply, exactly
/// once; for one token exactly one wins; a shortened run of bench/load.sh finds no 5xx and no
/// "database is locked".
@Suite(.serialized) struct ConcurrencyTests {
    @Test func concurrentCompletionsThroughTheServer() throws {
        let site = try WebSite()
        defer { site.stop() }
        var forms: [(user: String, token: String, csrf: String)] = []
        for user in ["ana", "shared.one", "shared.two"] {
            let link = try #require(site.resetlink(["admin", "reset", user, "--by", "test", "--print-link"]).out.split(separator: "\n").first)
            let token = String(link.split(separator: "=").last ?? "")
            let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
            forms.append((user, token, try #require(page.hiddenField("csrf"))))
        }
        // http() only reads the server's address and runs curl, so sharing it across threads is safe.
        nonisolated(unsafe) let server = site
        let prepared = forms
        // Distinct accounts, all at once: every one applied.
        let distinct = Statuses()
        DispatchQueue.concurrentPerform(iterations: prepared.count) { index in
            let form = prepared[index]
            let password = "violet tram \(index) quietly hums"
            let status = (try? server.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": form.token],
                                         form: [("password", password), ("confirm", password), ("csrf", form.csrf)]).status) ?? 0
            distinct.add(status)
        }
        #expect(distinct.all == [200, 200, 200])
        for (index, form) in forms.enumerated() {
            #expect(try site.resetlink(["accounts", "check-password", form.user], input: "violet tram \(index) quietly hums\n").status == 0)
        }
        // One token, ten requests at once: exactly one wins, and its password is the one set.
        let link = try #require(site.resetlink(["admin", "reset", "ana", "--by", "test", "--print-link"]).out.split(separator: "\n").first)
        let token = String(link.split(separator: "=").last ?? "")
        let csrf = try #require(try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token]).hiddenField("csrf"))
        let same = Statuses()
        DispatchQueue.concurrentPerform(iterations: 10) { index in
            let password = "amber kettle \(index) sings twice"
            let status = (try? server.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                                         form: [("password", password), ("confirm", password), ("csrf", csrf)]).status) ?? 0
            same.add(status, index)
        }
        let winners = same.indexed.filter { $0.status == 200 }
        #expect(winners.count == 1, "\(same.indexed)")
        #expect(same.indexed.allSatisfy { $0.status == 200 || (400..<500).contains($0.status) }, "\(same.indexed)")
        if let winner = winners.first {
            #expect(try site.resetlink(["accounts", "check-password", "ana"], input: "amber kettle \(winner.index) sings twice\n").status == 0)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk"), "wrk is not installed (scripts/test installs it)"))
    func shortLoadRunHasNoServerErrors() throws {
        let script = WebSite.packageRoot.appendingPathComponent("bench/load.sh").path
        let bin = URL(fileURLWithPath: WebSite.product("resetlink")).deletingLastPathComponent().path
        let result = try WebSite.run(script, ["--duration", "5", "--accounts", "30", "--connections", "4", "--bin", bin])
        let output = String(decoding: result.outData, as: UTF8.self)
        #expect(result.status == 0, "\(output)\n\(result.err.suffix(2000))")
        #expect(output.contains("socket errors 0, 5xx 0"))
        #expect(output.contains("\"database is locked\" in the server log: 0"))
        #expect(output.contains("load: OK"))
    }
}

/// Statuses collected from concurrent requests.
final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [(index: Int, status: Int)] = []
    func add(_ status: Int, _ index: Int = 0) { lock.withLock { values.append((index, status)) } }
    var all: [Int] { lock.withLock { values.map(\.status) } }
    var indexed: [(index: Int, status: Int)] { lock.withLock { values } }
}
