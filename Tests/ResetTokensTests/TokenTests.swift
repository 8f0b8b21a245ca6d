import Foundation
import Testing
@testable import ResetTokens

@Suite struct TokenTests {
    @Test func roundTrip() throws {
        let token = try Fixture.token()
        #expect(token.count == 126)
        #expect(Fixture.check(token) == .valid(accountID: 42, expiresAt: Fixture.issuedAt + 3600, nonce: (0..<16).map { UInt8(0xA0 + $0) }))
    }

    @Test func theTokenCarriesNoAccountState() throws {
        let bytes = try #require(Base64URL.decode(try Fixture.token()))
        for secret in [Fixture.state.passwordHash, "c2FsdHNhbHQ", "aGFzaGhhc2g", Fixture.state.email, "example.com"] {
            let needle = Array(secret.utf8)
            let found = (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
            #expect(!found, "the token contains '\(secret)'")
        }
    }

    // MARK: Tampering

    @Test func everySingleBitFlipIsRejected() throws {
        let bytes = try #require(Base64URL.decode(try Fixture.token()))
        var accepted = 0
        for index in bytes.indices {
            for bit in 0..<8 {
                var mutated = bytes
                mutated[index] ^= 1 << bit
                if Fixture.check(Base64URL.encode(mutated)).isValid { accepted += 1 }
            }
        }
        #expect(accepted == 0)
    }

    @Test func everyBitFlipOfTheTextIsRejected() throws {
        let text = Array(try Fixture.token().utf8)
        for index in text.indices {
            for bit in 0..<8 {
                var mutated = text
                mutated[index] ^= 1 << bit
                #expect(!Fixture.check(String(decoding: mutated, as: UTF8.self)).isValid)
            }
        }
    }

    @Test func everyTruncationAndExtensionIsRejected() throws {
        let token = try Fixture.token()
        for length in 0..<token.count {
            #expect(!Fixture.check(token.prefix(length)).isValid)
        }
        for character in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=. " {
            #expect(!Fixture.check(token + String(character)).isValid)
            #expect(!Fixture.check(String(character) + token).isValid)
        }
        #expect(Fixture.check(token + "AAAA") == .malformed)
    }

    @Test func spliceOfTwoValidTokensIsRejected() throws {
        let mine = try Fixture.token()
        var other = Fixture.state
        other.email = "someone.else@example.com"
        let theirs = try Fixture.generator().makeToken(accountID: 7, state: other, purpose: .passwordReset, lifetime: 3600)
        for cut in stride(from: 1, to: 126, by: 5) {
            let splice = String(mine.prefix(cut) + theirs.dropFirst(cut))
            if splice != mine { #expect(!Fixture.check(splice).isValid) }
        }
    }

    @Test func tooLongInputIsRefusedBeforeDecoding() throws {
        #expect(Fixture.check(String(repeating: "A", count: 257)) == .malformed)
        #expect(Fixture.check(try Fixture.token() + String(repeating: "A", count: 200)) == .malformed)
    }

    @Test func paddingAndOtherAlphabetsAreMalformed() throws {
        let token = try Fixture.token()
        #expect(Fixture.check(token + "==") == .malformed)
        let standard = String(token.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        if standard != token { #expect(Fixture.check(standard) == .malformed) }
        #expect(Fixture.check(" " + token) == .malformed)
        #expect(Fixture.check("") == .malformed)
    }

    // MARK: Outcomes of their own

    @Test func wrongPurposeIsRefused() throws {
        let token = try Fixture.token(purpose: .emailVerification)
        #expect(Fixture.check(token) == .wrongPurpose)
        #expect(Fixture.check(token, purpose: .emailVerification).isValid)
    }

    @Test func unknownKeyIsRefused() throws {
        let stranger = TokenKey(id: 0x99999999, secret: [UInt8](repeating: 9, count: 32))
        var generator = ResetTokenGenerator(keys: [stranger], signingKeyID: stranger.id)
        generator.now = { UnixTime(seconds: Fixture.issuedAt) }
        let token = try generator.makeToken(accountID: 42, state: Fixture.state, purpose: .passwordReset, lifetime: 3600)
        #expect(Fixture.check(token) == .unknownKey)
    }

    @Test func retiredKeyIsRefused() throws {
        var generator = ResetTokenGenerator(keys: [TokenKey(id: Fixture.retiredKey.id, secret: Fixture.retiredKey.secret)],
                                            signingKeyID: Fixture.retiredKey.id)
        generator.now = { UnixTime(seconds: Fixture.issuedAt) }
        let token = try generator.makeToken(accountID: 42, state: Fixture.state, purpose: .passwordReset, lifetime: 3600)
        #expect(Fixture.check(token) == .keyRetired)
    }

    @Test func olderActiveKeyStillVerifies() throws {
        #expect(Fixture.check(try Fixture.token(signingKey: Fixture.olderKey)).isValid)
    }

    @Test func unsupportedVersionIsRefused() throws {
        var bytes = try #require(Base64URL.decode(try Fixture.token()))
        bytes[0] = 2
        #expect(Fixture.check(Base64URL.encode(bytes)) == .unsupportedVersion)
        bytes[0] = 0
        #expect(Fixture.check(Base64URL.encode(bytes)) == .unsupportedVersion)
        #expect(Fixture.check(Base64URL.encode([2])) == .unsupportedVersion)
    }

    @Test func unknownPurposeCodeIsMalformed() throws {
        var bytes = try #require(Base64URL.decode(try Fixture.token()))
        bytes[5] = 9
        #expect(Fixture.check(Base64URL.encode(bytes)) == .malformed)
    }

    // MARK: Time

    @Test func expiryIsInclusiveToTheSecond() throws {
        let token = try Fixture.token(lifetime: 3600)
        #expect(Fixture.check(token, now: Fixture.issuedAt + 3600).isValid)
        #expect(Fixture.check(token, now: Fixture.issuedAt + 3601) == .expired)
        #expect(Fixture.check(token, now: Fixture.issuedAt).isValid)
    }

    @Test func adminLifetimeIsLonger() throws {
        let token = try Fixture.token(lifetime: 24 * 3600)
        #expect(Fixture.check(token, now: Fixture.issuedAt + 24 * 3600).isValid)
        #expect(Fixture.check(token, now: Fixture.issuedAt + 24 * 3600 + 1) == .expired)
    }

    @Test func issuedInTheFutureIsAcceptedOnlyWithinTheSkew() throws {
        let token = try Fixture.token(issuedAt: Fixture.issuedAt + 1000)
        #expect(Fixture.check(token, now: Fixture.issuedAt + 1000 - 60).isValid)
        #expect(Fixture.check(token, now: Fixture.issuedAt + 1000 - 61) == .notYetValid)
    }

    @Test func zeroLifetimeCannotBeIssued() {
        #expect(throws: TokenError.invalidLifetime) { try Fixture.token(lifetime: 0) }
    }

    @Test func noActiveKeyCannotSign() {
        let generator = ResetTokenGenerator(keys: [Fixture.retiredKey], signingKeyID: nil)
        #expect(throws: TokenError.noActiveKey) {
            try generator.makeToken(accountID: 1, state: Fixture.state, purpose: .passwordReset, lifetime: 60)
        }
        let retiredSigner = ResetTokenGenerator(keys: [Fixture.retiredKey], signingKeyID: Fixture.retiredKey.id)
        #expect(throws: TokenError.unknownSigningKey(Fixture.retiredKey.id)) {
            try retiredSigner.makeToken(accountID: 1, state: Fixture.state, purpose: .passwordReset, lifetime: 60)
        }
    }

    // MARK: Account state

    @Test func changingThePasswordHashInvalidates() throws {
        var state = Fixture.state
        state.passwordHash = "scrypt$ln=17,r=8,p=1$bmV3c2FsdA$aGFzaGhhc2g"
        #expect(Fixture.check(try Fixture.token(), state: state) == .accountStateChanged)
    }

    @Test func changingTheEmailInvalidatesEvenInLetterCase() throws {
        var state = Fixture.state
        state.email = "Ana.Lima@example.com"
        #expect(Fixture.check(try Fixture.token(), state: state) == .accountStateChanged)
    }

    @Test func movingToSSOInvalidates() throws {
        var state = Fixture.state
        state.source = .sso
        #expect(Fixture.check(try Fixture.token(), state: state) == .accountStateChanged)
    }

    @Test func disablingInvalidates() throws {
        var state = Fixture.state
        state.status = .disabled
        #expect(Fixture.check(try Fixture.token(), state: state) == .accountStateChanged)
    }

    @Test func missingOrIneligibleAccountIsNotEligible() throws {
        #expect(Fixture.check(try Fixture.token(), state: nil) == .accountNotEligible)
        var sso = Fixture.state
        sso.source = .sso
        #expect(Fixture.check(try Fixture.token(state: sso), state: sso) == .accountNotEligible)
    }

    @Test func accountStoreIsNotTouchedForForgedOrExpiredTokens() throws {
        var lookups = 0
        let generator = Fixture.generator(now: Fixture.issuedAt + 7200)
        _ = generator.checkToken(try Fixture.token(), purpose: .passwordReset) { _ in lookups += 1; return Fixture.state }
        _ = generator.checkToken(String(repeating: "A", count: 126), purpose: .passwordReset) { _ in lookups += 1; return Fixture.state }
        #expect(lookups == 0)
    }

    @Test func authenticatedFieldsAreReportedForRefusedButGenuineTokens() throws {
        let check = Fixture.generator(now: Fixture.issuedAt + 7200).checkToken(try Fixture.token(), purpose: .passwordReset) { _ in Fixture.state }
        #expect(check.outcome == .expired)
        #expect(check.authenticatedFields?.nonceHex == "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
        let forged = Fixture.generator().checkToken(String(repeating: "A", count: 126), purpose: .passwordReset) { _ in nil }
        #expect(forged.authenticatedFields == nil)
    }

    // MARK: Transport

    @Test func survivesURLEncodingAndQuotedPrintableWrapping() throws {
        let token = try Fixture.token()
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        // Nothing in a token is percent-encoded by a URL encoder (all unreserved characters).
        let link = "https://intranet.example.com/cgi-bin/resetlink/link?token=" + token
        // Quoted-printable: lines of at most 76 characters, a soft break `=` at the end of each.
        var wrapped = ""
        var line = ""
        for character in link {
            if line.count == 75 { wrapped += line + "=\r\n"; line = "" }
            line.append(character)
        }
        wrapped += line
        #expect(wrapped.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
        let unwrapped = wrapped.replacingOccurrences(of: "=\r\n", with: "")
        #expect(unwrapped == link)
        let received = String(unwrapped.split(separator: "=").last ?? "")
        #expect(Fixture.check(received).isValid)
    }
}
