import Foundation
import TestServers
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18 §1 end to end: a reset through the web form under the suite's web server (lighttpd),
/// for an account of a provider served by `reset.directory`, written by the built
/// `resetlink-directory` (beside the CGI, its default place) into a real slapd (ppolicy, TLS with
/// the harness's test CA, a service DN with `write` on userPassword: Tests/TestServers/Slapd.swift).
@Suite(.enabled(if: Slapd.isInstalled && WebSite.lighttpd != nil, "slapd, ldap-utils and lighttpd are needed (scripts/test installs them)"))
struct DirectoryEndpointTests {
    static let oldPassword = "meadow lantern 17"
    static let newPassword = "copper kettle 42 river"
    static var dn: String { Slapd.dn("dora") }

    /// A slapd holding dora's entry, and a site whose `Corporate LDAP` accounts it serves.
    struct Setup {
        let slapd: Slapd
        let site: WebSite

        init(startTLS: Bool = false, server: WebSite.Server = .lighttpd, serverSettings: String = "") throws {
            slapd = try Slapd(users: ["dora": DirectoryEndpointTests.oldPassword])
            let url = startTLS ? "\(slapd.ldapURL)\n    starttls: true" : slapd.ldapsURL
            site = try WebSite(server: server, resetSettings: """
                  directory:
                    url: \(url)
                    bind_dn: \(Slapd.serviceDN)
                    secret_file: \(slapd.secretFile)
                    base_dn: \(Slapd.people)
                    ca_file: \(slapd.caFile)
                    timeout_seconds: 10
                    providers: [Corporate LDAP]

                """, serverSettings: serverSettings)
            // resetlink finds resetlink-directory beside its own executable, as an installation has it.
            try FileManager.default.copyItem(atPath: WebSite.product("resetlink-directory"), toPath: site.folder + "/cgi-bin/resetlink-directory")
            // ResetKit's own minimum (8) below the directory's (12), so the directory is the one refusing.
            let config = try String(contentsOfFile: site.config, encoding: .utf8)
            guard config.contains("password: {scrypt_log_n: 10}") else { throw SiteError.setup("no password line in \(site.config)") }
            try config.replacingOccurrences(of: "password: {scrypt_log_n: 10}", with: "password: {scrypt_log_n: 10, min_length: 8}")
                .write(toFile: site.config, atomically: true, encoding: .utf8)
            let people = site.folder + "/directory-people.csv"
            try "username,email,name,source,provider,status\ndora,dora@example.org,Dora Silva,ldap,Corporate LDAP,active\n"
                .write(toFile: people, atomically: true, encoding: .utf8)
            let imported = try site.resetlink(["accounts", "import", people])
            guard imported.status == 0 else { throw SiteError.setup("import: \(imported.err)") }
        }

        func stop() {
            site.stop()
            slapd.stop()
        }

        /// dora asks for a link on the forgot form, follows it from the Maildir and opens the form:
        /// the token cookie and the form's proof.
        func openLink() throws -> (link: String, token: String, csrf: String) {
            let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
            let sent = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": try #require(form.cookies["resetlink_form"])],
                                     form: [("csrf", try #require(form.hiddenField("csrf"))), ("email", "dora@example.org"), ("username", "")])
            #expect(sent.status == 200)
            let mailed = try site.mails().first?.link
            let audit = try self.audit()
            let link = try #require(mailed, "no link mailed: \(audit)")
            let token = try #require(try site.http("GET", link).cookies["resetlink_token"])
            let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
            #expect(page.status == 200)
            return (link, token, try #require(page.hiddenField("csrf")))
        }

        func submit(_ link: (link: String, token: String, csrf: String), _ password: String) throws -> WebSite.Response {
            try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": link.token],
                          form: [("csrf", link.csrf), ("password", password), ("confirm", password)])
        }

        func audit() throws -> String { try site.resetlink(["audit"]).out }

        func auditLines(_ event: String) throws -> [Substring] {
            try audit().split(separator: "\n").filter { $0.contains(event) }
        }
    }

    static func isSuccess(_ response: WebSite.Response) -> Bool {
        response.status == 200 && response.body.contains("Your password was changed")
    }

    /// §1: the directory's refusals in words with the link still usable, then the change: the new
    /// password binds, the old does not, no pwdReset is left, and the link is used up.
    @Test func refusalsInWordsThenAChangeThatBindsAndTheLinkIsSingleUse() throws {
        let setup = try Setup()
        defer { setup.stop() }
        let link = try setup.openLink()

        // 11 characters: ResetKit's rules (8) let it through, the directory's ppolicy (12) does not.
        let short = try setup.submit(link, "tulip rock9")
        #expect(short.status == 422, "\(short.body)")
        #expect(short.body.contains("This password is shorter than the directory allows. Choose a longer one."), "\(short.body)")
        #expect(!short.headers("Set-Cookie").contains { $0.hasPrefix("resetlink_token=;") })
        // The current password is in the directory's history.
        let reused = try setup.submit(link, Self.oldPassword)
        #expect(reused.status == 422)
        #expect(reused.body.contains("You have used this password recently. Choose one you have not used before."), "\(reused.body)")
        #expect(try setup.slapd.accepts(Self.dn, Self.oldPassword))
        #expect(try setup.auditLines("change-declined").count == 2)
        #expect(try setup.auditLines("password-changed").isEmpty)

        // The same link, a password the directory accepts.
        let done = try setup.submit(link, Self.newPassword)
        let audit = try setup.audit()
        #expect(Self.isSuccess(done), "\(done.status) \(done.body) \(audit)")
        #expect(try setup.slapd.accepts(Self.dn, Self.newPassword))
        #expect(try !setup.slapd.accepts(Self.dn, Self.oldPassword))
        // ldapwhoami binds with pwdReset set too: only the entry read as the rootdn shows it is absent.
        let entry = try setup.slapd.attributes(Self.dn, ["pwdReset", "pwdChangedTime", "modifiersName"])
        #expect(entry["pwdReset"] == nil, "\(entry)")
        #expect(entry["pwdChangedTime"]?.count == 1)
        #expect(entry["modifiersName"] == [Slapd.serviceDN])
        #expect(try setup.auditLines("password-changed").count == 1)

        // Single use: the link, opened again, and the form posted again with its cookie, are refused.
        let reopened = try setup.site.http("GET", link.link)
        #expect(reopened.status == 410 && reopened.body.contains("This link does not work"), "\(reopened.status)")
        let again = try setup.submit(link, "another fine password 9")
        #expect(again.status == 410)
        #expect(try setup.slapd.accepts(Self.dn, Self.newPassword))
        #expect(try !setup.audit().contains(Self.newPassword))
    }

    /// §1: a stopped directory gives the generic page and an audit entry with the code, and nothing
    /// is consumed: once slapd is back the same link works.
    @Test func aStoppedDirectoryIsTheGenericPageAndTheLinkWorksOnceItIsBack() throws {
        let setup = try Setup()
        defer { setup.stop() }
        let link = try setup.openLink()

        setup.slapd.stop()
        let down = try setup.submit(link, Self.newPassword)
        #expect(down.status == 503, "\(down.status) \(down.body)")
        #expect(down.body.contains("Your password change could not be completed just now. Your reset link still works."))
        #expect(!down.body.contains("Can't contact") && !Self.isSuccess(down))
        let failed = try setup.auditLines("change-failed")
        #expect(failed.count == 1)
        #expect(failed.first?.contains("directory write-back: failed ldap:-1") == true, "\(failed)")
        #expect(failed.first?.contains("Can't contact LDAP server") == true)
        #expect(try setup.auditLines("password-changed").isEmpty)

        try setup.slapd.restart()
        #expect(try setup.slapd.accepts(Self.dn, Self.oldPassword))
        let done = try setup.submit(link, Self.newPassword)
        let audit = try setup.audit()
        #expect(Self.isSuccess(done), "\(done.status) \(audit)")
        #expect(try setup.slapd.accepts(Self.dn, Self.newPassword))
        #expect(try !setup.slapd.accepts(Self.dn, Self.oldPassword))
    }

    /// §1: two submissions at once with one link (over StartTLS this time): one success, one
    /// refusal, and exactly one write in the directory. slapd is paused (SIGSTOP) while both are
    /// sent, so the first one to claim the completion waits inside its directory write while the
    /// other arrives: the two really overlap, every run.
    @Test func twoConcurrentSubmissionsWriteTheDirectoryOnce() throws {
        let setup = try Setup(startTLS: true)
        defer { setup.stop() }
        let link = try setup.openLink()
        let pidText = try String(contentsOfFile: setup.slapd.folder + "/slapd.pid", encoding: .utf8)
        let pid = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))

        let passwords = ["first racer password 1", "second racer password 2"]
        let answers = passwords.map { _ in Answer() }
        let request = Unchecked((setup, link))
        kill(pid, SIGSTOP)
        for (password, answer) in zip(passwords, answers) {
            DispatchQueue.global().async { answer.set(try? request.value.0.submit(request.value.1, password)) }
        }
        // The loser answers while the winner still waits for the paused directory.
        for _ in 0..<400 where !answers.contains(where: \.isDone) { usleep(25_000) }
        let early = answers.filter(\.isDone).compactMap { $0.wait(seconds: 0) }
        kill(pid, SIGCONT)
        let responses = answers.map { $0.wait(seconds: 30) }
        let audit = try setup.audit()
        // The loser is told a change is under way (409), not that the link is used: the winner
        // could still have failed.
        #expect(early.count == 1 && early.first?.status == 409, "\(early.map(\.status)) \(audit)")
        #expect(early.first?.body.contains("A change of this password with your reset link is already under way.") == true)
        #expect(audit.contains("completion-in-progress (another request holds the claim)"), "\(audit)")
        #expect(responses.compactMap { $0 }.filter(Self.isSuccess).count == 1, "\(responses.map { $0?.status ?? 0 }) \(audit)")

        let winners = try passwords.filter { try setup.slapd.accepts(Self.dn, $0) }
        #expect(winners.count == 1)
        #expect(try !setup.slapd.accepts(Self.dn, Self.oldPassword))
        // One change: the old password alone in the history, one password-changed entry.
        let entry = try setup.slapd.attributes(Self.dn, ["pwdHistory", "pwdReset"])
        #expect(entry["pwdHistory"]?.count == 1, "\(entry)")
        #expect(entry["pwdReset"] == nil)
        #expect(try setup.auditLines("password-changed").count == 1)
    }

    /// resetlink-directory sits beside resetlink, in the CGI folder. Where the web server runs every
    /// program of that folder (Debian's Apache enables serve-cgi-bin.conf: `ScriptAlias /cgi-bin/
    /// /usr/lib/cgi-bin/`), a request can run it directly, and Apache's mod_cgi turns a query string
    /// without "=" into its arguments (RFC 3875 §4.4): the attacker would choose the username, the
    /// URL (where the bind secret goes) and the new password (the request's body). It must do nothing.
    @Test(.enabled(if: WebSite.apache != nil, "Apache is not installed (scripts/test installs it)"))
    func resetlinkDirectoryRequestedAsAWebPageWritesNothing() throws {
        let setup = try Setup(server: .apache, serverSettings: "ScriptAlias /cgi-bin/ /usr/lib/cgi-bin/\n")
        defer { setup.stop() }
        let arguments = ["--url", setup.slapd.ldapsURL, "--bind-dn", Slapd.serviceDN, "--secret-file", setup.slapd.secretFile,
                         "--base-dn", Slapd.people, "--filter", "(uid={username})", "--kind", "rfc3062", "--ca-file", setup.slapd.caFile,
                         "--username", "dora"]
        let query = arguments.map(WebSite.encode).joined(separator: "+")
        #expect(!query.contains("="), "with an = Apache passes no arguments: the request would prove nothing")
        let stolen = "an attacker's password 1"
        let answer = try setup.site.http("POST", "/cgi-bin/resetlink-directory?" + query, body: Data(stolen.utf8))
        #expect(answer.status >= 500, "\(answer.status) \(answer.body)")
        // Apache ran it with the request's arguments, and it refused before reading any of them.
        let log = setup.site.logLines(setup.site.programLog, waitingFor: "resetlink-directory: error:").joined(separator: "\n")
        #expect(log.contains("resetlink-directory: error: started by a web server"), "\(log)")
        #expect(!answer.body.contains("changed"))
        #expect(try setup.slapd.accepts(Self.dn, Self.oldPassword))
        #expect(try !setup.slapd.accepts(Self.dn, stolen))
    }
}
