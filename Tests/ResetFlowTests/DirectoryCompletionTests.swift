import AccountStore
import Dispatch
import Foundation
import ResetFlow
import ResetTokens
import Testing

/// Completing a reset for an account of a directory connected for writing, with a stand-in for
/// `resetlink-directory`: a shell script in the test's folder that speaks its protocol (one line on
/// stdout, exit 0 changed / 3 refused / 4 failed / 2 usage) and records what it was given. The
/// real program against a real slapd is tested with the web form after the merge.
@Suite struct DirectoryCompletionTests {
    /// A harness whose directory is the stand-in; `answer` is what the stand-in does next.
    final class Directory {
        let harness: Harness
        var folder: String { harness.folder }
        var program: String { folder + "/resetlink-directory" }

        init(timeout: Int = 5, program: String? = nil, secretMode: Int = 0o600, url: String = "ldaps://ldap.example.org") throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("directory-\(UUID().uuidString)").path
            harness = try Harness(folder: folder, extra: """
                  directory:
                    url: \(url)
                    bind_dn: cn=resetkit,ou=services,dc=example,dc=org
                    secret_file: \(folder)/ldap-secret
                    base_dn: ou=people,dc=example,dc=org
                    timeout_seconds: \(timeout)
                    providers: [Corporate LDAP]
                    program: \(program ?? folder + "/resetlink-directory")
                """)
            try "the bind secret\n".write(toFile: folder + "/ldap-secret", atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: secretMode], ofItemAtPath: folder + "/ldap-secret")
            if program == nil {
                try Self.script.write(toFile: self.program, atomically: false, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: self.program)
            }
            try answer("changed")
        }

        /// changed, refused, failed, usage, slow (30 s), unhurried (1 s) or garbled.
        func answer(_ mode: String) throws {
            try mode.write(toFile: folder + "/mode", atomically: true, encoding: .utf8)
        }

        func recorded(_ name: String) -> String? { try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

        func forget() {
            for name in ["argv", "env", "stdin"] { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }

        static let script = """
            #!/bin/sh
            dir=$(dirname "$0")
            printf '%s\\n' "$@" > "$dir/argv"
            env > "$dir/env"
            cat > "$dir/stdin"
            echo run >> "$dir/runs"
            case "$(cat "$dir/mode")" in
            changed) echo "changed pwdChangedTime=20261203180000Z"; exit 0 ;;
            refused) echo "refused ppolicy:6 The password is too short for the directory: at least 14 characters."; exit 3 ;;
            failed) echo "failed ldap:-1 bind: Can't contact LDAP server"; exit 4 ;;
            usage) echo "resetlink-directory: error: the secret file is unreadable" >&2; exit 2 ;;
            garbled) echo "changed pwdChangedTime=20261203180000Z"; exit 4 ;;
            slow) sleep 30; echo "changed none"; exit 0 ;;
            unhurried) sleep 1; echo "changed none"; exit 0 ;;
            esac
            exit 1
            """

        /// An account of the served provider, and the link mailed to it.
        func dora() throws -> (Account, String) {
            let account = try harness.add("dora", "dora@example.org", source: .ldap, provider: "Corporate LDAP", name: "Dora Diaz")
            try harness.request("dora@example.org")
            let token = try #require(try harness.received().last?.token)
            try harness.clearMail()
            return (account, token)
        }

        func events(_ account: Account) throws -> [AuditEntry] { try harness.store.auditEntries(accountID: account.id) }
    }

    static let password = "correct horse battery staple"

    @Test func requestLinkAndCompleteWriteTheDirectoryAndUseTheLinkUp() throws {
        let directory = try Directory()
        let (account, token) = try directory.dora()
        directory.harness.clock += 60
        guard case .changed(_, let notice) = try directory.harness.service.complete(token: token, password: Self.password) else {
            Issue.record("the directory account's reset did not complete")
            return
        }
        // The password went on standard input only; the arguments say where, never what.
        #expect(directory.recorded("stdin") == Self.password + "\n")
        let argv = try #require(directory.recorded("argv"))
        #expect(!argv.contains(Self.password) && !argv.contains("the bind secret"))
        #expect(argv.hasSuffix("--username\ndora\n") && argv.contains("--url\nldaps://ldap.example.org\n") && argv.contains("--kind\nrfc3062\n"))
        let environment = try #require(directory.recorded("env"))
        #expect(!environment.contains(Self.password))
        let names = Set(environment.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
        #expect(names.isSubset(of: ["PATH", "LANG", "PWD", "SHLVL", "_"]), "\(names)")   // the shell adds PWD, SHLVL and _

        // No hash is stored here; the change time is, and the link is used up.
        let stored = try #require(try directory.harness.store.account(id: account.id))
        #expect(stored.passwordHash == "" && stored.passwordChangedAt == directory.harness.clock)
        #expect(directory.harness.service.send([notice]).isEmpty)
        #expect(try directory.harness.received().first?.subject == "Your password was changed")
        #expect(try directory.harness.service.checkLink(token).outcome == .accountStateChanged)
        directory.forget()
        guard case .refused(.accountStateChanged) = try directory.harness.service.complete(token: token, password: "another fine passphrase") else {
            Issue.record("a used link for a directory account worked again")
            return
        }
        #expect(directory.recorded("stdin") == nil)   // the directory was not asked again
        #expect(try directory.events(account).contains { $0.event == .passwordChanged })
    }

    @Test func aLinkIssuedInTheSecondOfAResetStillDiesWhenUsed() throws {
        let directory = try Directory()
        let (_, first) = try directory.dora()
        guard case .changed = try directory.harness.service.complete(token: first, password: Self.password) else {
            Issue.record("not completed")
            return
        }
        // Same second: a new link, used at once; it must not verify again afterwards.
        try directory.harness.request("dora@example.org")
        let second = try #require(try directory.harness.received().last?.token)
        #expect(try directory.harness.service.checkLink(second).outcome.isValid)
        guard case .changed = try directory.harness.service.complete(token: second, password: "another fine passphrase") else {
            Issue.record("the second link did not complete")
            return
        }
        #expect(try directory.harness.service.checkLink(second).outcome == .accountStateChanged)
    }

    @Test func theDirectorysRefusalIsShownInItsWordsAndTheLinkStaysUsable() throws {
        let directory = try Directory()
        let (account, token) = try directory.dora()
        try directory.answer("refused")
        guard case .declined(let words) = try directory.harness.service.complete(token: token, password: "short but ok 1") else {
            Issue.record("a refusal was not declined")
            return
        }
        #expect(words == "The password is too short for the directory: at least 14 characters.")
        #expect(try directory.harness.service.checkLink(token).outcome.isValid)
        let entry = try #require(try directory.events(account).last)
        #expect(entry.event == .changeDeclined && entry.detail.contains("ppolicy:6") && !entry.detail.contains("short but ok 1"))
        #expect(try directory.harness.store.account(id: account.id)?.passwordChangedAt == nil)

        try directory.answer("changed")
        guard case .changed = try directory.harness.service.complete(token: token, password: Self.password) else {
            Issue.record("the second try with the same link did not complete")
            return
        }
    }

    @Test func failuresShowAGenericPageConsumeNothingAndAreAuditedWithTheCode() throws {
        for (mode, code) in [("failed", "failed ldap:-1"), ("usage", "usage"), ("garbled", "status:4")] {
            let directory = try Directory()
            let (account, token) = try directory.dora()
            try directory.answer(mode)
            guard case .unavailable = try directory.harness.service.complete(token: token, password: Self.password) else {
                Issue.record("\(mode): not unavailable")
                continue
            }
            #expect(try directory.harness.service.checkLink(token).outcome.isValid, "\(mode)")
            #expect(try directory.harness.store.account(id: account.id)?.passwordChangedAt == nil, "\(mode)")
            let entry = try #require(try directory.events(account).last)
            #expect(entry.event == .changeFailed && entry.detail.contains(code), "\(mode): \(entry.detail)")
            #expect(!entry.detail.contains(Self.password))
        }
    }

    @Test func aDirectoryThatDoesNotAnswerInTimeIsKilledAndNothingIsConsumed() throws {
        let directory = try Directory(timeout: 1)
        let (account, token) = try directory.dora()
        try directory.answer("slow")
        let started = Date()
        guard case .unavailable = try directory.harness.service.complete(token: token, password: Self.password) else {
            Issue.record("a slow directory was not unavailable")
            return
        }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try directory.events(account).last?.detail.contains("timeout") == true)
        #expect(try directory.harness.service.checkLink(token).outcome.isValid)
    }

    /// The directory took the password, then this database could not record it (the account
    /// changed meanwhile): not "link used", not a change shown as done, and an audit entry that
    /// says the two disagree.
    @Test func aDirectoryWriteThatCannotBeRecordedIsAuditedAsSuch() throws {
        let directory = try Directory()
        let (account, token) = try directory.dora()
        try directory.answer("unhurried")
        // Two services with their own database connections, as two processes would have.
        let services = Unchecked<[ResetService]>([directory.harness.service, try directory.harness.makeService()])
        let accountID = account.id
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let outcome = try? services.value[0].complete(token: token, password: Self.password)
                results.append(outcome.map { if case .unavailable = $0 { "unavailable" } else { "\($0)" } } ?? "error")
            } else {
                // While the stand-in directory sleeps (1 s): an administrator's change to the account.
                // Retried: on a loaded machine the write can meet the other connection's claim
                // transaction (SQLITE_BUSY), and a change that never happens proves nothing.
                usleep(300_000)
                for _ in 0..<20 {
                    if (try? services.value[1].store.setPasswordHash(accountID: accountID, hash: "scrypt$changed-meanwhile",
                                                                     now: 1_795_000_100, actor: "admin:pat")) != nil { break }
                    usleep(20_000)
                }
            }
        }
        #expect(results.values == ["unavailable"])
        let entry = try #require(try directory.events(account).last { $0.event == .changeFailed })
        #expect(entry.detail.hasPrefix("directory-written-not-recorded: the account changed while the directory was written"))
        #expect(try directory.events(account).filter { $0.event == .passwordChanged && $0.actor == "self-service" }.isEmpty)
    }

    @Test func twoConcurrentCompletionsWithOneLinkWriteTheDirectoryOnce() throws {
        let directory = try Directory()
        let (account, token) = try directory.dora()
        try directory.answer("unhurried")
        // Two services with their own database connections, as two CGI processes would have.
        let services = Unchecked([try directory.harness.makeService(), try directory.harness.makeService()])
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let outcome = try? services.value[index].complete(token: token, password: "winner number \(index) here")
            results.append(outcome.map { if case .changed = $0 { "changed" } else { "refused" } } ?? "error")
        }
        #expect(results.values.sorted() == ["changed", "refused"])
        #expect(directory.recorded("runs") == "run\n")
        #expect(try directory.events(account).filter { $0.event == .passwordChanged }.count == 1)
    }

    @Test func aMissingProgramOrAnOpenSecretFileIsAFailureNotAChange() throws {
        let missing = try Directory(program: "/nonexistent/resetlink-directory")
        let (account, token) = try missing.dora()
        guard case .unavailable = try missing.harness.service.complete(token: token, password: Self.password) else {
            Issue.record("a missing program was not unavailable")
            return
        }
        #expect(try missing.events(account).last?.detail.contains("missing: cannot run /nonexistent/resetlink-directory") == true)
        #expect(try missing.harness.service.checkLink(token).outcome.isValid)

        let open = try Directory(secretMode: 0o644)
        let (other, link) = try open.dora()
        guard case .unavailable = try open.harness.service.complete(token: link, password: Self.password) else {
            Issue.record("a secret file others can read was used")
            return
        }
        #expect(open.recorded("stdin") == nil)
        #expect(try open.events(other).last?.detail.contains("can be read by other users (mode 644)") == true)
    }

    /// The built resetlink-directory, next to the test bundle.
    static let realProgram = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("resetlink-directory").path

    /// The real program's answer read by resetlink: a directory nobody listens for.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: realProgram)))
    func theRealProgramWithNoServerIsUnavailable() throws {
        let directory = try Directory(program: Self.realProgram, url: "ldaps://127.0.0.1:1")
        let (account, token) = try directory.dora()
        guard case .unavailable = try directory.harness.service.complete(token: token, password: Self.password) else {
            Issue.record("an unreachable directory was not unavailable")
            return
        }
        let entry = try #require(try directory.events(account).last)
        #expect(entry.event == .changeFailed && entry.detail.contains("failed ldap:-1"), "\(entry.detail)")
        #expect(try directory.harness.service.checkLink(token).outcome.isValid)
    }

    @Test func accountsOfOtherProvidersStillGetWhomToContact() throws {
        let directory = try Directory()
        try directory.harness.add("omar", "omar@example.org", source: .sso, provider: "Okta")
        try directory.harness.request("omar@example.org")
        let mail = try #require(try directory.harness.received().last)
        #expect(mail.token == nil && mail.text?.contains("the Identity team (identity@example.org)") == true)
    }
}
