import AccountStore
import Dispatch
import Foundation
import PasswordHashing
import PasswordPolicy
import ResetFlow
import ResetTokens
import Testing

@Suite struct CompletionTests {
    func mailedToken(_ harness: Harness, for email: String = "ana@example.org") throws -> String {
        try harness.request(email)
        let token = try #require(try harness.received().last?.token)
        try harness.clearMail()
        return token
    }

    @Test func completingChangesThePasswordOnceAndSendsTheNotice() throws {
        let harness = try Harness()
        try harness.add("ana", "ana@example.org", name: "Ana Lima", password: "an old password 1")
        let token = try mailedToken(harness)
        harness.clock += 120

        guard case .changed(let account, let notice) = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("the reset was not completed")
            return
        }
        #expect(harness.service.send([notice]).isEmpty)
        let stored = try #require(try harness.store.account(id: account.id))
        #expect(PasswordHasher.verify("correct horse battery staple", against: stored.passwordHash))
        #expect(!PasswordHasher.verify("an old password 1", against: stored.passwordHash))
        #expect(stored.passwordChangedAt == harness.clock)

        let received = try harness.received()
        #expect(received.count == 1)
        #expect(received.first?.subject == "Your password was changed")
        #expect(received.first?.to.hasSuffix("ana@example.org>") == true)
        #expect(received.first?.text?.contains("was changed on 18 November 2026 at") == true)
        #expect(received.first?.text?.contains("https://intranet.example.org/login") == true)

        // Single use: the same link now fails, as does a second completion.
        #expect(try harness.service.checkLink(token).outcome == .accountStateChanged)
        guard case .refused(.accountStateChanged) = try harness.service.complete(token: token, password: "another fine passphrase") else {
            Issue.record("a used link worked again")
            return
        }
        let events = try harness.store.auditEntries(accountID: account.id).map(\.event)
        #expect(events.contains(.passwordChanged) && events.contains(.noticeSent) && events.last == .verifyFailed)
    }

    @Test func settingTheSamePasswordAgainStillKillsOtherLinks() throws {
        let harness = try Harness()
        try harness.add("ana", "ana@example.org", password: "the very same words")
        let first = try mailedToken(harness)
        let second = try mailedToken(harness)
        guard case .changed = try harness.service.complete(token: first, password: "the very same words") else {
            Issue.record("not completed")
            return
        }
        #expect(try harness.service.checkLink(second).outcome == .accountStateChanged)
    }

    @Test func passwordRulesAreEnforcedAndNothingChanges() throws {
        let harness = try Harness()
        let before = try harness.add("jane.smith", "jane.smith@example.org", password: "an old password 1")
        let token = try mailedToken(harness, for: "jane.smith@example.org")
        let cases: [(String, [PasswordProblem])] = [
            ("short", [.tooShort(minimum: 12)]),
            (String(repeating: "x", count: 257), [.tooLong(maximum: 256)]),
            ("my name is JANE.SMITH ok", [.containsUsername, .containsEmail]),
            ("jane.smith@example.org!", [.containsUsername, .containsEmail]),
            ("administrator", [.common]),
        ]
        for (password, expected) in cases {
            guard case .weakPassword(let problems) = try harness.service.complete(token: token, password: password) else {
                Issue.record("'\(password)' was accepted")
                continue
            }
            #expect(problems == expected, "\(password)")
        }
        #expect(try harness.store.account(id: before.id)?.passwordHash == before.passwordHash)
        #expect(try harness.service.checkLink(token).outcome.isValid)
    }

    @Test func expiredAndTamperedLinksAreRefusedAndLogged() throws {
        let harness = try Harness()
        let account = try harness.add("ana", "ana@example.org")
        let token = try mailedToken(harness)
        harness.clock += 3601
        guard case .refused(.expired) = try harness.service.complete(token: token, password: "correct horse battery staple") else {
            Issue.record("an expired link worked")
            return
        }
        var bytes = try #require(Base64URL.decode(token))
        bytes[70] ^= 1
        guard case .refused(.badSignature) = try harness.service.complete(token: Base64URL.encode(bytes), password: "correct horse battery staple") else {
            Issue.record("a tampered link worked")
            return
        }
        let failures = try harness.store.auditEntries().filter { $0.event == .verifyFailed }
        #expect(failures.map { $0.detail.split(separator: " ").first.map(String.init) } == ["expired", "bad-signature"])
        #expect(failures.first?.accountID == account.id && failures.first?.detail.contains("nonce=") == true)
        #expect(failures.last?.accountID == nil)
    }

    @Test func twoConcurrentCompletionsWithOneLinkExactlyOneWins() throws {
        for round in 0..<5 {
            let harness = try Harness()
            let account = try harness.add("ana", "ana@example.org", password: "an old password 1")
            let token = try mailedToken(harness)
            // Two services with their own database connections, as two CGI processes would have.
            let services = Unchecked([try harness.makeService(), try harness.makeService()])
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let outcome = try? services.value[index].complete(token: token, password: "winner number \(index) here")
                results.append(outcome.map { if case .changed = $0 { "changed" } else { "refused" } } ?? "error")
            }
            #expect(results.values.sorted() == ["changed", "refused"], "round \(round): \(results.values)")
            let hash = try #require(try harness.store.account(id: account.id)?.passwordHash)
            let winners = (0..<2).filter { PasswordHasher.verify("winner number \($0) here", against: hash) }
            #expect(winners.count == 1)
            #expect(try harness.store.auditEntries(accountID: account.id).filter { $0.event == .passwordChanged }.count == 1)
        }
    }
}

/// Hands each thread its own service; each is used by one thread only.
final class Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Collects results from concurrent work.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
