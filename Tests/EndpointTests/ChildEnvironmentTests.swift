import Foundation
import Testing

/// What a program resetlink runs (the sendmail command) inherits when resetlink runs as CGI: only
/// PATH, LANG and HOME, never a request header (`HTTP_*`, httpoxy's `HTTP_PROXY`) nor anything else
/// from the web server's environment.
@Suite(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
struct ChildEnvironmentTests {
    @Test func sendmailGetsAMinimalEnvironment() throws {
        let site = try WebSite()
        defer { site.stop() }
        let captured = site.folder + "/sendmail-environment"
        let script = site.folder + "/capture-sendmail"
        try "#!/bin/sh\nenv > '\(captured)'\ncat > /dev/null\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let config = site.folder + "/sendmail.yaml"
        let original = try String(contentsOfFile: site.config, encoding: .utf8)
        try original.replacingOccurrences(of: "delivery: maildir", with: "delivery: sendmail, sendmail: [\(script)]")
            .write(toFile: config, atomically: true, encoding: .utf8)

        let hostile = ["HTTP_PROXY": "http://attacker.example:3128", "HTTP_X_ANYTHING": "injected", "http_proxy": "http://proxy.example",
                       "HTTPS_PROXY": "http://proxy.example", "SERVER_SOFTWARE": "lighttpd", "REMOTE_ADDR": "203.0.113.9",
                       "LANG": "de_DE.UTF-8", "PATH": "/usr/bin:/bin", "HOME": site.folder]
        func cgi(_ method: String, _ path: String, cookie: String = "", body: String = "") throws -> String {
            try site.cgi(method, path, cookie: cookie, body: body, config: config, extra: hostile).answer
        }
        let form = try cgi("GET", "/forgot")
        let cookie = try #require(form.split(separator: "\r\n").first { $0.hasPrefix("Set-Cookie: resetlink_form=") }?
            .dropFirst("Set-Cookie: ".count).split(separator: ";").first)
        let proof = try #require(form.range(of: "name=\"csrf\" value=\"").map { form[$0.upperBound...].prefix { $0 != "\"" } })
        let sent = try cgi("POST", "/forgot", cookie: String(cookie), body: "csrf=\(proof)&email=ana%40example.org&username=")
        #expect(sent.hasPrefix("Status: 200"))

        let lines = try String(contentsOfFile: captured, encoding: .utf8).split(separator: "\n").map(String.init)
        let names = Set(lines.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        // sh itself adds PWD (and may add SHLVL, _): everything else came from resetlink.
        #expect(names.subtracting(["PWD", "SHLVL", "_", "OLDPWD"]) == ["PATH", "LANG", "HOME"], "\(lines)")
        #expect(lines.contains("PATH=/usr/bin:/bin") && lines.contains("LANG=de_DE.UTF-8") && lines.contains("HOME=\(site.folder)"))
        #expect(!lines.contains { $0.contains("attacker") || $0.contains("injected") || $0.contains("proxy.example") })
    }
}
