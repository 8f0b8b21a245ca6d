import Foundation
import Testing

/// What each server, configured as docs/deploy-cgi.md says, writes to its logs: reset links'
/// tokens stay out of the access log, and resetlink's own error lines reach a log.
struct ServerLogTests {
    /// A valid link is logged as its path: the request line is there, the token is not, in any of
    /// the site's logs. The control, a second request logged in the server's default format, shows
    /// the token would be there otherwise.
    @Test(arguments: WebSite.servers)
    func tokensStayOutOfTheAccessLog(server: WebSite.Server) throws {
        let site = try WebSite(server: server)
        defer { site.stop() }
        let link = try site.resetlink(["issue", "--account", "1", "--link"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let token = String(try #require(link.split(separator: "=").last))
        #expect(token.count > 40 && link.hasPrefix(site.endpoint + "/link?token="))
        #expect(try site.http("GET", link).status == 303)
        #expect(try site.http("GET", link, headers: ["X-Log-Control": "1"]).status == 303)

        let requestLine = "\"GET /cgi-bin/resetlink/link HTTP/1.1\" 303 "
        let access = site.logLines(site.accessLog, waitingFor: requestLine)
        #expect(access.contains { $0.contains(requestLine) }, "\(access)")
        let control = site.logLines(site.controlLog, waitingFor: token)
        #expect(control.contains { $0.contains("\"GET /cgi-bin/resetlink/link?token=\(token) HTTP/1.1\" 303 ") }, "\(control)")

        // Nowhere else: not the access log, not the error log, not lighttpd's breakagelog.
        for name in try FileManager.default.contentsOfDirectory(atPath: site.logs) where site.logs + "/" + name != site.controlLog {
            let text = try String(contentsOfFile: site.logs + "/" + name, encoding: .utf8)
            #expect(!text.contains(token) && !text.contains("token="), "\(name): \(text)")
        }
    }

    /// resetlink writes `resetlink: link refused at /link: …` to standard error for a bad link; the line
    /// reaches lighttpd's breakagelog (lighttpd daemonised, as a service runs it, when a CGI's
    /// standard error is otherwise /dev/null), Apache's ErrorLog, nginx's error_log (fcgiwrap -f).
    @Test(arguments: WebSite.servers)
    func resetlinksErrorLinesReachTheServersLog(server: WebSite.Server) throws {
        let site = try WebSite(server: server, daemonised: server == .lighttpd)
        defer { site.stop() }
        let refused = try site.http("GET", "/cgi-bin/resetlink/link?token=AAAA")
        #expect(refused.status == 410)
        // AAAA is no token at all (its first byte is no version resetlink knows).
        let line = "resetlink: link refused at /link: unsupported-version"
        let lines = site.logLines(site.programLog, waitingFor: line).filter { $0.contains(line) }
        #expect(lines.count == 1, "\(site.logText())")
        switch server {
        case .lighttpd:
            // As written, one line; and the server was a daemon, stopped by the PID in its pid file.
            #expect(lines == [line])
            let pid = try #require(site.daemonPID)
            #expect(WebSite.isRunning(pid) && pid != site.launcherPID)
            site.stop()
            #expect(!WebSite.isRunning(pid))
            #expect((try? site.http("GET", "/help/index.html")) == nil)
        case .apache:
            #expect(lines.first?.contains("[cgi:error]") == true && lines.first?.hasSuffix("/cgi-bin/resetlink: " + line) == true)
        case .nginx:
            // nginx adds the request line, query string included (docs/deploy-cgi.md says so).
            #expect(lines.first?.contains("FastCGI sent in stderr: \"\(line)") == true)
            #expect(lines.first?.contains("request: \"GET /cgi-bin/resetlink/link?token=AAAA HTTP/1.1\"") == true)
        }
    }
}
