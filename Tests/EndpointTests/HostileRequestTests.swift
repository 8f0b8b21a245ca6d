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
