import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// reset.hooks under the suite's Apache: a before_change hook that writes the new password with
/// `htpasswd -i -B` into the password file Apache checks for a protected location (mod_auth_basic,
/// mod_authn_file), so a reset through the web form changes what people sign in with there.
@Suite(.enabled(if: WebSite.apache != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/htpasswd"),
                "Apache or htpasswd is not installed (scripts/test installs them)"))
struct PasswordHookEndpointTests {
    static let oldPassword = "an old password 1"

    /// A folder for the hook, the intranet's password file and its page, outside the site.
    struct Intranet {
        let folder: String
        var passwordFile: String { folder + "/people.htpasswd" }
        var hook: String { folder + "/before-change" }

        init(hook script: String) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("intranet-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder + "/www", withIntermediateDirectories: true)
            try "<p>intranet</p>\n".write(toFile: folder + "/www/index.html", atomically: true, encoding: .utf8)
            try ("#!/bin/sh\nDIR=\(folder)\n" + script + "\n").write(toFile: hook, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
            // ana's account on the intranet, with the password she has forgotten.
            let made = try WebSite.run("/usr/bin/htpasswd", ["-i", "-B", "-c", passwordFile, "ana"], input: Data((PasswordHookEndpointTests.oldPassword + "\n").utf8))
            guard made.status == 0 else { throw SiteError.setup("htpasswd: \(made.err)") }
        }

        /// A protected location as docs/operations.md shows it, the hook in reset.hooks.
        func site(timeout: Int) throws -> WebSite {
            try WebSite(server: .apache, resetSettings: """
                  hooks:
                    before_change: [\(hook)]
                    timeout_seconds: \(timeout)

                """, serverSettings: """
                Alias /intranet "\(folder)/www"
                <Directory "\(folder)/www">
                    Require all granted
                </Directory>
                <Location "/intranet">
                    AuthType Basic
                    AuthName "Intranet"
                    AuthBasicProvider file
                    AuthUserFile \(passwordFile)
                    Require valid-user
                </Location>

                """)
        }
    }

    /// Follows ana's emailed link and returns the token cookie and the form's proof.
    func openLink(_ site: WebSite) throws -> (token: String, csrf: String) {
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        let sent = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": try #require(form.cookies["resetlink_form"])],
                                 form: [("csrf", try #require(form.hiddenField("csrf"))), ("email", "ana@example.org"), ("username", "")])
        #expect(sent.status == 200)
        let link = try #require(try site.mails().first?.link)
        let token = try #require(try site.http("GET", link).cookies["resetlink_token"])
        let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
        return (token, try #require(page.hiddenField("csrf")))
    }

    static func setPassword(_ site: WebSite, _ link: (token: String, csrf: String), _ password: String) throws -> WebSite.Response {
        try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": link.token],
                      form: [("csrf", link.csrf), ("password", password), ("confirm", password)])
    }

    func intranetStatus(_ site: WebSite, _ password: String) throws -> Int {
        try site.http("GET", "/intranet/index.html", credentials: WebSite.Credentials(user: "ana", password: password)).status
    }

    @Test func aResetThroughTheFormChangesThePasswordApacheChecksAndItIsNeverInProc() throws {
        // The hook says it is running, waits so the test can read every process's command line and
        // environment, then writes the password file (flock: two resets at once must not lose one).
        let intranet = try Intranet(hook: """
            touch "$DIR/running"
            sleep 2
            exec /usr/bin/flock "$DIR/people.lock" /usr/bin/htpasswd -i -B "$DIR/people.htpasswd" "$RESETKIT_USERNAME"
            """)
        let site = try intranet.site(timeout: 5)
        defer { site.stop() }
        #expect(try intranetStatus(site, Self.oldPassword) == 200)
        #expect(try intranetStatus(site, "not the password at all") == 401)

        let link = try openLink(site)
        let newPassword = "correct horse battery staple"
        let answer = Answer()
        let request = Unchecked((site, link))
        DispatchQueue.global().async { answer.set(try? Self.setPassword(request.value.0, request.value.1, newPassword)) }
        var scan = ProcScan(seenHook: false, leaks: [])
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: intranet.folder + "/running") { usleep(25_000) }
        #expect(FileManager.default.fileExists(atPath: intranet.folder + "/running"), "the hook did not start")
        // Again and again until the answer: through the hook's sleep and its htpasswd.
        while !answer.isDone {
            let once = ProcScan.scan(for: newPassword)
            scan.seenHook = scan.seenHook || once.seenHook
            scan.hookVariables.formUnion(once.hookVariables)
            scan.leaks += once.leaks
            usleep(10_000)
        }
        let done = try #require(answer.wait(seconds: 20))

        #expect(scan.seenHook, "the scan did not see the hook's environment: it proves nothing")
        #expect(scan.leaks.isEmpty, "the password is in \(scan.leaks)")
        // Under CGI resetlink's own environment holds the request's headers (HTTP_*): none reach
        // the hook. (PWD: set by the hook's shell itself.)
        #expect(scan.hookVariables.subtracting(["PWD", "OLDPWD"])
                == ["PATH", "LANG", "RESETKIT_EVENT", "RESETKIT_USERNAME", "RESETKIT_ACCOUNT_ID", "RESETKIT_SOURCE", "RESETKIT_LANGUAGE"])
        #expect(done.status == 200 && done.body.contains("was changed"))
        #expect(try intranetStatus(site, newPassword) == 200)
        #expect(try intranetStatus(site, Self.oldPassword) == 401)
        let lines = try String(contentsOfFile: intranet.passwordFile, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("ana:$2y$") == true)
    }

    @Test func aVetoIsShownEscapedATimeoutIsAVetoAndTheLinkStillWorks() throws {
        let intranet = try Intranet(hook: """
            read -r password
            case "$password" in
              *slow*) sleep 30 ;;
              *[0-9]*) printf '%s\n' "$password" | /usr/bin/htpasswd -i -B "$DIR/people.htpasswd" "$RESETKIT_USERNAME"; exit ;;
            esac
            echo "Passwords here need a digit <b>&</b> more."
            exit 1
            """)
        // 2 s: enough for htpasswd on a busy machine, short for the test.
        let site = try intranet.site(timeout: 2)
        defer { site.stop() }
        let link = try openLink(site)

        let vetoed = try Self.setPassword(site, link, "correct horse battery staple")
        #expect(vetoed.status == 422)
        #expect(vetoed.body.contains("<li>Passwords here need a digit &lt;b&gt;&amp;&lt;/b&gt; more.</li>"))
        #expect(!vetoed.headers("Set-Cookie").contains { $0.hasPrefix("resetlink_token=;") })

        let started = Date()
        let slow = try Self.setPassword(site, link, "slow and steady horse")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(slow.status == 422 && slow.body.contains("could not be checked in time"))
        #expect(try intranetStatus(site, Self.oldPassword) == 200)

        // The same link, a password the hook accepts.
        let done = try Self.setPassword(site, link, "correct horse battery 42")
        let auditText = try site.resetlink(["audit"]).out
        #expect(done.status == 200 && done.body.contains("was changed"), "\(done.status): \(auditText)")
        #expect(try intranetStatus(site, "correct horse battery 42") == 200)
        #expect(try intranetStatus(site, Self.oldPassword) == 401)
        let audit = try site.resetlink(["audit"]).out
        #expect(audit.contains("change-declined") && audit.contains("timed out after 2 s"))
        #expect(!audit.contains("correct horse") && !audit.contains("slow and steady"))
    }
}

/// What a scan of every process's command line and environment found.
struct ProcScan {
    /// Whether a process with the hook's environment (RESETKIT_EVENT) was among them.
    var seenHook: Bool
    /// The names in the hook's environment.
    var hookVariables: Set<String> = []
    /// `/proc/PID/cmdline` or `/proc/PID/environ` files that hold the password.
    var leaks: [String]

    static func scan(for secret: String) -> ProcScan {
        var result = ProcScan(seenHook: false, leaks: [])
        let needle = Data(secret.utf8)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(name) != nil {
            for file in ["cmdline", "environ"] {
                guard let data = FileManager.default.contents(atPath: "/proc/\(name)/\(file)") else { continue }
                if data.range(of: needle) != nil { result.leaks.append("/proc/\(name)/\(file)") }
                if file == "environ", data.range(of: Data("RESETKIT_EVENT=before_change".utf8)) != nil {
                    result.seenHook = true
                    result.hookVariables = Set(data.split(separator: 0).map { String(decoding: $0.prefix { $0 != UInt8(ascii: "=") }, as: UTF8.self) })
                }
            }
        }
        return result
    }
}

/// Hands a value to another thread that alone uses it from then on.
final class Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The response a background request got.
final class Answer: @unchecked Sendable {
    private let condition = NSCondition()
    private var response: WebSite.Response?
    private var done = false

    func set(_ response: WebSite.Response?) {
        condition.lock()
        self.response = response
        done = true
        condition.signal()
        condition.unlock()
    }

    var isDone: Bool {
        condition.lock()
        defer { condition.unlock() }
        return done
    }

    func wait(seconds: Double) -> WebSite.Response? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while !done, condition.wait(until: deadline) {}
        return response
    }
}
