import AccountStore
import PasswordHashing
@testable import ResetFlow
import ResetTokens
import Testing

/// `resetlink auth`'s check: who may pass, the throttle, the audit log, and one scrypt check on
/// every path.
@Suite struct AuthenticationTests {
    let password = "correct horse battery staple"

    /// An authenticator over the harness's store and clock that records the hash each check used.
    final class Checks {
        var hashes: [String] = []
    }

    func authenticator(_ harness: Harness, _ checks: Checks? = nil) -> Authenticator {
        var authenticator = Authenticator(store: harness.store, settings: harness.configuration.reset.auth,
                                          scryptLogN: harness.configuration.reset.password.scryptLogN,
                                          now: { [unowned harness] in harness.clock })
        if let checks {
            authenticator.verify = { password, hash in
                checks.hashes.append(hash)
                return PasswordHasher.verify(password, against: hash)
            }
        }
        return authenticator
    }

    func check(_ authenticator: Authenticator, _ username: String, _ password: String,
               via interface: SignInInterface = .pipe) throws -> Authenticator.Decision {
        try authenticator.check(SignInCredentials(username: username, password: password), via: interface)
    }

    @Test func theRightPasswordOfALocalActiveAccountIsAcceptedUnderItsOwnSpelling() throws {
        let harness = try Harness()
        let ana = try harness.add("Ana", "ana@example.org", password: password)
        let auth = authenticator(harness)
        // Usernames compare as check-password compares them: ignoring case and compatibility forms.
        #expect(try check(auth, "ANA", password) == .accepted(username: "Ana"))
        #expect(try check(auth, "ａｎａ", password, via: .pam) == .accepted(username: "Ana"))
        #expect(try check(auth, "ana", password + " ") == .refused(.wrongPassword))
        let entries = try harness.store.auditEntries(accountID: ana.id).filter { $0.actor.hasPrefix("auth:") }
        #expect(entries.map(\.event) == [.authAccepted, .authAccepted, .authRefused])
        #expect(entries.map(\.actor) == ["auth:pipe", "auth:pam", "auth:pipe"])
        #expect(entries.last?.detail == "wrong password")
    }

    @Test func ssoDirectoryDisabledAndPasswordlessAccountsAreRefusedEvenWithTheirHash() throws {
        let harness = try Harness()
        // A hash left behind from a time the account was local must not let it in.
        try harness.add("okta.user", "sso@example.org", source: .sso, provider: "Okta", password: password)
        try harness.add("dir.user", "dir@example.org", source: .ldap, password: password)
        try harness.add("sync.user", "sync@example.org", source: .usersync, password: password)
        try harness.add("gone", "gone@example.org", status: .disabled, password: password)
        try harness.add("new", "new@example.org")
        let auth = authenticator(harness)
        #expect(try check(auth, "okta.user", password) == .refused(.notLocal(.sso)))
        #expect(try check(auth, "dir.user", password) == .refused(.notLocal(.ldap)))
        #expect(try check(auth, "sync.user", password) == .refused(.notLocal(.usersync)))
        #expect(try check(auth, "gone", password) == .refused(.disabled))
        #expect(try check(auth, "new", "") == .refused(.noPassword))
        let details = try harness.store.auditEntries().filter { $0.event == .authRefused }.map(\.detail)
        #expect(details == ["sso account, not local", "ldap account, not local", "usersync account, not local",
                            "account disabled", "no password set"])
    }

    @Test func everyPathCostsOneScryptCheckAgainstAWellFormedDecoyWhenThereIsNoHash() throws {
        let harness = try Harness()
        let ana = try harness.add("ana", "ana@example.org", password: password)
        try harness.add("okta.user", "sso@example.org", source: .sso, provider: "Okta")
        let checks = Checks()
        let auth = authenticator(harness, checks)
        _ = try check(auth, "nobody", password)
        _ = try check(auth, "okta.user", password)
        _ = try check(auth, "ana", password)
        let stored = try #require(try harness.store.account(id: ana.id)).passwordHash
        #expect(checks.hashes == [auth.decoy, auth.decoy, stored])
        // The decoy has the configured cost (scrypt_log_n 10 here): a malformed one would return
        // at once and give unknown usernames away.
        #expect(auth.decoy.hasPrefix("scrypt$ln=10,r=8,p=1$"))
        #expect(!PasswordHasher(logN: 10).isWeaker(auth.decoy))
        #expect(!PasswordHasher.verify("", against: auth.decoy))
    }

    @Test func unknownUsernamesAreAuditedWithoutAnAccountAndNeverWithThePassword() throws {
        let harness = try Harness()
        let auth = authenticator(harness)
        #expect(try check(auth, "nobody\u{7}", "hunter2 secret", via: .checkpassword) == .refused(.unknownUsername))
        let entry = try #require(try harness.store.auditEntries().last)
        #expect(entry.event == .authRefused && entry.accountID == nil && entry.actor == "auth:checkpassword")
        #expect(entry.detail == "unknown username 'nobody?'")
        #expect(try harness.store.auditEntries().allSatisfy { !$0.detail.contains("hunter2") })
    }

    @Test func afterMaxFailuresInTheWindowTheAccountIsRefusedWithoutChecking() throws {
        let harness = try Harness(extra: "  auth: {max_failures: 3, window_minutes: 10}")
        let ana = try harness.add("ana", "ana@example.org", password: password)
        let checks = Checks()
        let auth = authenticator(harness, checks)
        for _ in 0..<3 {
            #expect(try check(auth, "ana", "wrong guess") == .refused(.wrongPassword))
            harness.clock += 60
        }
        // The right password no longer helps: the stored hash is not even looked at.
        checks.hashes = []
        #expect(try check(auth, "ana", password) == .throttled)
        #expect(checks.hashes == [auth.decoy])
        let throttled = try #require(try harness.store.auditEntries(accountID: ana.id).last)
        #expect(throttled.event == .authThrottled && throttled.detail == "3 refused in 10 minutes")
        // Throttled attempts are not failures: once the first refusal leaves the window, one more try.
        harness.clock = 1_795_000_000 + 600
        #expect(try check(auth, "ana", password) == .accepted(username: "ana"))
    }

    @Test func anAcceptedSignInOrAPasswordChangeStartsTheCountAgain() throws {
        let harness = try Harness(extra: "  auth: {max_failures: 2, window_minutes: 60}")
        let ana = try harness.add("ana", "ana@example.org", password: password)
        let auth = authenticator(harness)
        _ = try check(auth, "ana", "wrong 1")
        #expect(try check(auth, "ana", password) == .accepted(username: "ana"))
        _ = try check(auth, "ana", "wrong 2")
        #expect(try check(auth, "ana", password) == .accepted(username: "ana"), "one failure since the last success")
        _ = try check(auth, "ana", "wrong 3")
        _ = try check(auth, "ana", "wrong 4")
        #expect(try check(auth, "ana", password) == .throttled)
        // A completed reset (or any password change) unlocks at once, in the same second too.
        let newPassword = "a brand new passphrase"
        try harness.store.setPasswordHash(accountID: ana.id, hash: try PasswordHasherShim.hash(newPassword), now: harness.clock, actor: "test")
        #expect(try check(auth, "ana", password) == .refused(.wrongPassword))
        #expect(try check(auth, "ana", newPassword) == .accepted(username: "ana"))
    }
}
