import AccountStore
import Dispatch
import Foundation
import PasswordHashing
import ResetFlow
import ResetTokens
import Testing

/// reset.hooks through ResetService.complete, with small shell scripts as hooks.
@Suite struct PasswordHookTests {
    /// A harness whose hooks are these scripts (written to its folder), and a mailed link for ana.
    func setUp(before: String? = nil, after: String? = nil, timeout: Int = 5) throws -> (Harness, Account, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lines = ["  hooks:", "    timeout_seconds: \(timeout)"]
        for (name, script) in [("before_change", before), ("after_change", after)] {
            guard let script else { continue }
            let path = folder + "/" + name
            try ("#!/bin/sh\n" + script + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            lines.append("    \(name): [\(path), \(folder)]")
        }
        let harness = try Harness(extra: lines.joined(separator: "\n"))
        let account = try harness.add("ana", "ana@example.org", password: "an old password 1")
        try harness.request("ana@example.org")
        let token = try #require(try harness.received().last?.token)
        try harness.clearMail()
        return (harness, account, token)
    }

    @Test func theHookGetsThePasswordOnStdinAndOnlyAMinimalEnvironment() throws {
        let (harness, account, token) = try setUp(before: "cat > \"$1/stdin\"; env > \"$1/env\"; echo \"$@\" > \"$1/argv\"")
        guard case .changed = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("not completed")
            return
        }
        let folder = try #require(harness.configuration.reset.hooks.beforeChange?.last)
        #expect(try String(contentsOfFile: folder + "/stdin", encoding: .utf8) == "correct horse battery staple\n")
        let environment = try String(contentsOfFile: folder + "/env", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Set(environment.map { String($0.prefix { $0 != "=" }) })
                == ["PATH", "LANG", "RESETKIT_EVENT", "RESETKIT_USERNAME", "RESETKIT_ACCOUNT_ID", "RESETKIT_SOURCE", "RESETKIT_LANGUAGE", "PWD"])
        // The person's language (here the account's: none stored, so the default), to word a refusal in.
        #expect(environment.contains("RESETKIT_LANGUAGE=en"))
        #expect(environment.contains("RESETKIT_USERNAME=ana") && environment.contains("RESETKIT_ACCOUNT_ID=\(account.id)")
                && environment.contains("RESETKIT_SOURCE=local") && environment.contains("RESETKIT_EVENT=before_change"))
        #expect(!environment.joined().contains("correct horse"))
        #expect(try !String(contentsOfFile: folder + "/argv", encoding: .utf8).contains("correct horse"))
    }

    @Test func aVetoIsShownInWordsChangesNothingAndTheLinkStillWorks() throws {
        let (harness, account, token) = try setUp(before: """
            read -r password
            case "$password" in *[0-9]*) exit 0 ;; esac
            echo "  Passwords here need a digit <b>now</b>."
            echo "second line, not shown"
            exit 1
            """)
        guard case .declined(let reason) = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("the veto was ignored")
            return
        }
        #expect(reason == "Passwords here need a digit <b>now</b>.")
        #expect(try harness.store.account(id: account.id)?.passwordHash == account.passwordHash)
        #expect(try harness.service.checkLink(token).outcome.isValid)
        let declined = try harness.store.auditEntries(accountID: account.id).filter { $0.event == .changeDeclined }
        #expect(declined.map(\.detail).first?.hasPrefix("before_change hook: exit status 1: Passwords here need a digit") == true)
        // The same link, a password the hook accepts.
        guard case .changed = try harness.service.complete(token: token, password: "correct horse battery 42") else {
            Issue.record("the link did not work after the veto")
            return
        }
        let stored = try #require(try harness.store.account(id: account.id))
        #expect(PasswordHasher.verify("correct horse battery 42", against: stored.passwordHash))
    }

    @Test func aHookThatEchoesThePasswordDoesNotPutItOnThePageOrInTheLog() throws {
        let (harness, account, token) = try setUp(before: "read -r password; echo \"rejected: $password\"; exit 2")
        guard case .declined(let reason) = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("the veto was ignored")
            return
        }
        #expect(!reason.contains("correct horse"))
        #expect(try !harness.store.auditEntries(accountID: account.id).map(\.detail).joined().contains("correct horse"))
    }

    @Test func aTimedOutHookVetoesWithAGenericSentenceWithinTheTimeout() throws {
        let (harness, account, token) = try setUp(before: "sleep 20", timeout: 1)
        let started = Date()
        guard case .declined(let reason) = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("a hook that never answered let the change through")
            return
        }
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(reason.contains("could not be checked in time"))
        #expect(try harness.service.checkLink(token).outcome.isValid)
        #expect(try harness.store.auditEntries(accountID: account.id).last?.detail.contains("timed out after 1 s") == true)
    }

    @Test func aHookThatCannotRunIsAFailureAndTheLinkStillWorks() throws {
        let (harness, account, token) = try setUp(before: "exit 0")
        let path = try #require(harness.configuration.reset.hooks.beforeChange?.first)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        guard case .unavailable = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("a hook that could not run let the change through")
            return
        }
        #expect(try harness.service.checkLink(token).outcome.isValid)
        #expect(try harness.store.auditEntries(accountID: account.id).last?.event == .changeFailed)
    }

    @Test func aFailingAfterChangeHookIsAuditedAndThePasswordIsStillChanged() throws {
        let (harness, account, token) = try setUp(after: "[ \"$RESETKIT_EVENT\" = after_change ] && echo 'wiki unreachable'; exit 3")
        guard case .changed = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("not completed")
            return
        }
        let stored = try #require(try harness.store.account(id: account.id))
        #expect(PasswordHasher.verify("correct horse battery staple", against: stored.passwordHash))
        let failed = try harness.store.auditEntries(accountID: account.id).filter { $0.event == .hookFailed }
        #expect(failed.map(\.detail) == ["after_change hook: exit status 3: wiki unreachable"])
        #expect(try harness.service.checkLink(token).outcome == .accountStateChanged)
    }

    @Test func aPasswordWithALineBreakIsRefusedBeforeAnyHookSeesIt() throws {
        // Only after_change: it could not refuse, and a line-based program would take the first line.
        let (harness, account, token) = try setUp(after: "cat > \"$1/stdin\"")
        guard case .declined(let reason) = try harness.service.complete(token: token, password: "correct horse\nbattery staple") else {
            Issue.record("a password with a line break went to the hook")
            return
        }
        #expect(reason == "Do not use line breaks in your password.")
        #expect(try harness.store.account(id: account.id)?.passwordHash == account.passwordHash)
        let folder = try #require(harness.configuration.reset.hooks.afterChange?.last)
        #expect(!FileManager.default.fileExists(atPath: folder + "/stdin"))
    }

    @Test func withASlowHookTwoConcurrentCompletionsRunItOnceAndExactlyOneWins() throws {
        // The hook appends the password it got to a log and takes its time: a second completion
        // arriving meanwhile must not run it (nor store anything).
        let (harness, account, token) = try setUp(before: "read -r password; echo \"$password\" >> \"$1/log\"; sleep 1")
        let services = Unchecked([try harness.makeService(), try harness.makeService()])
        let results = Results()
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let outcome = try? services.value[index].complete(token: token, password: "winner number \(index) here")
            let name = outcome.map { if case .changed = $0 { "changed" } else if case .inProgress = $0 { "in-progress" } else { "other" } } ?? "error"
            results.append("\(name) \(Date().timeIntervalSince(started) < 0.9 ? "early" : "late")")
        }
        // The loser was told "in progress" while the winner's hook still ran: it did not wait for
        // it, and it was not told the link was used (the winner might still have been vetoed).
        #expect(results.values.sorted() == ["changed late", "in-progress early"])
        let folder = try #require(harness.configuration.reset.hooks.beforeChange?.last)
        let hookRuns = try String(contentsOfFile: folder + "/log", encoding: .utf8).split(separator: "\n")
        #expect(hookRuns.count == 1)
        let hash = try #require(try harness.store.account(id: account.id)?.passwordHash)
        #expect(hookRuns.first.map { PasswordHasher.verify(String($0), against: hash) } == true)
        #expect(try harness.store.auditEntries(accountID: account.id).filter { $0.event == .passwordChanged }.count == 1)
    }
}
