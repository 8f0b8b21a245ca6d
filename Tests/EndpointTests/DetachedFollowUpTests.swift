import Foundation
import Testing

/// The forgot-password answer reaches the browser before the mail is handed over, under every
/// server: mod_cgi servers do not wait for the program to exit; fcgiwrap does, so there
/// `reset.detach_after_answer` moves the follow-up into a detached process (docs/deploy-cgi.md).
/// A sendmail that takes 2 s makes the difference measurable without timing noise.
@Suite(.serialized) struct DetachedFollowUpTests {
    static let slowMail = 2.0

    /// The site with a sendmail that sleeps, then stores the message; `detach` sets the flag.
    func site(_ server: WebSite.Server, detach: Bool) throws -> WebSite {
        let site = try WebSite(server: server)
        let script = site.folder + "/slow-sendmail"
        try "#!/bin/sh\nsleep \(Int(Self.slowMail))\ncat > \"\(site.folder)/sent-$$.eml\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var config = try String(contentsOfFile: site.config, encoding: .utf8)
        config = config.replacingOccurrences(of: "delivery: maildir, maildir: \(site.folder)/private/maildir", with: "delivery: sendmail, sendmail: [\(script)]")
        if detach { config = config.replacingOccurrences(of: "reset:\n", with: "reset:\n  detach_after_answer: true\n") }
        try config.write(toFile: site.config, atomically: true, encoding: .utf8)
        return site
    }

    /// Seconds until the forgot form's answer for a known address arrived.
    func answerTime(_ site: WebSite) throws -> Double {
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        let cookie = try #require(form.cookies["resetlink_form"]), proof = try #require(form.hiddenField("csrf"))
        let start = Date()
        let sent = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                                 form: [("csrf", proof), ("email", "ana@example.org"), ("username", "")])
        #expect(sent.status == 200)
        return Date().timeIntervalSince(start)
    }

    func mailArrives(_ site: WebSite) -> Bool {
        for _ in 0..<100 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: site.folder)) ?? []
            if let name = names.first(where: { $0.hasPrefix("sent-") }),
               let text = try? String(contentsOfFile: site.folder + "/" + name, encoding: .utf8), text.contains("/link?token=") {
                return true
            }
            usleep(100_000)
        }
        return false
    }

    @Test(.enabled(if: WebSite.Server.nginx.isInstalled, "nginx and fcgiwrap are not installed (scripts/test installs them)"))
    func underFcgiwrapTheDetachedFollowUpAnswersFirst() throws {
        let attached = try site(.nginx, detach: false)
        defer { attached.stop() }
        // The control: fcgiwrap holds the answer until resetlink exits, after the mail.
        #expect(try answerTime(attached) >= Self.slowMail)
        #expect(mailArrives(attached))

        let detached = try site(.nginx, detach: true)
        defer { detached.stop() }
        #expect(try answerTime(detached) < Self.slowMail / 2)
        #expect(mailArrives(detached), "the detached follow-up did not send the mail")
        let log = try detached.resetlink(["audit"]).out
        #expect(log.contains("link-sent"), "\(log)")
    }

    @Test(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
    func underModCGITheAnswerComesFirstEitherWay() throws {
        for detach in [false, true] {
            let site = try site(.lighttpd, detach: detach)
            defer { site.stop() }
            #expect(try answerTime(site) < Self.slowMail / 2, "detach: \(detach)")
            #expect(mailArrives(site), "detach: \(detach): lighttpd's SIGTERM stopped the follow-up")
        }
    }
}
