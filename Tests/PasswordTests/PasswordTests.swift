import PasswordHashing
import PasswordPolicy
import Testing

@Suite struct PasswordHashingTests {
    let hasher = PasswordHasher(logN: 10)

    @Test func hashesAreSelfDescribingSaltedAndVerify() throws {
        let first = try hasher.hash("correct horse battery staple")
        let second = try hasher.hash("correct horse battery staple")
        #expect(first.hasPrefix("scrypt$ln=10,r=8,p=1$"))
        #expect(first.split(separator: "$").count == 4)
        #expect(first != second)   // a new salt every time
        #expect(PasswordHasher.verify("correct horse battery staple", against: first))
        #expect(PasswordHasher.verify("correct horse battery staple", against: second))
        #expect(!PasswordHasher.verify("correct horse battery stapler", against: first))
        #expect(!PasswordHasher.verify("", against: first))
    }

    @Test func unreadableOrHostileStoredHashesMatchNothing() throws {
        for stored in ["", "plain", "scrypt$ln=10$x$y", "scrypt$ln=40,r=8,p=1$c2FsdA==$AAAA",
                       "scrypt$ln=10,r=8,p=1$c2FsdA==$not-base64", "pbkdf2$whatever"] {
            #expect(!PasswordHasher.verify("anything", against: stored), "\(stored)")
        }
        // Parameters beyond the bounds are refused rather than computed.
        let huge = "scrypt$ln=24,r=8,p=1$c2FsdHNhbHQ=$" + String(repeating: "A", count: 43) + "="
        #expect(!PasswordHasher.verify("x", against: huge))
    }

    @Test func weakerParametersAreDetected() throws {
        let stored = try hasher.hash("pw")
        #expect(PasswordHasher.recommended.isWeaker(stored))
        #expect(!hasher.isWeaker(stored))
        #expect(PasswordHasher.recommended.logN == 16)
    }
}

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test func rules() {
        #expect(policy.problems(password: "a good long passphrase", username: "ana", email: "ana@example.org") == [])
        #expect(policy.problems(password: "short", username: "zz", email: "z@example.org") == [.tooShort(minimum: 12)])
        #expect(policy.problems(password: String(repeating: "ab", count: 129), username: "zz", email: "z@example.org") == [.tooLong(maximum: 256)])
        #expect(policy.problems(password: "hello JANE.SMITH world", username: "jane.smith", email: "js@example.org") == [.containsUsername])
        #expect(policy.problems(password: "mail me at js@example.org", username: "zz", email: "JS@example.org") == [.containsEmail])
        #expect(policy.problems(password: "x jsmith-mail y z", username: "zz", email: "jsmith-mail@example.org") == [.containsEmail])
        // Lengths count characters as a reader sees them.
        #expect(policy.problems(password: String(repeating: "é", count: 12), username: "zz", email: "z@example.org") == [])
        #expect(policy.problems(password: String(repeating: "👩‍👩‍👧", count: 11), username: "zz", email: "z@example.org") == [.tooShort(minimum: 12)])
    }

    @Test func commonPasswordsFromTheShippedList() {
        #expect(PasswordPolicy.isCommon("password"))
        #expect(PasswordPolicy.isCommon("  PASSWORD "))
        #expect(PasswordPolicy.isCommon("administrator"))
        #expect(PasswordPolicy.isCommon("123456123456"))
        #expect(!PasswordPolicy.isCommon("correct horse battery staple"))
        #expect(policy.problems(password: "123456123456", username: "zz", email: "z@example.org") == [.common])
    }

    @Test func messagesAreSentences() {
        for problem in [PasswordProblem.tooShort(minimum: 12), .tooLong(maximum: 256), .containsUsername, .containsEmail, .common] {
            #expect(problem.message.hasSuffix("."))
        }
    }
}
