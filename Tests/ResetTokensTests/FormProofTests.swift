import Testing
@testable import ResetTokens

/// The hidden-field proofs of the endpoint's forms (docs/token-format.md, "Keys for the web forms'
/// proofs").
@Suite struct FormProofTests {
    static let old = TokenKey(id: 0x0102_0304, secret: Array(repeating: 7, count: 32))
    static let new = TokenKey(id: 0x0a0b_0c0d, secret: Array(repeating: 9, count: 32))
    let cookie = "AAECAwQFBgcICQoLDA0ODw"

    @Test func forgotProofIsBoundToTheCookieAndTheKeyring() throws {
        let generator = ResetTokenGenerator(keys: [Self.old], signingKeyID: Self.old.id)
        let proof = try #require(generator.forgotFormProof(forCookie: cookie))
        // Known answer, computed outside Swift (Python's hmac and hashlib, HKDF by RFC 5869):
        // HMAC(HKDF(7 × 32 bytes, info "resetlink-token-v1:forgot-form"), the cookie) cut to 16 bytes.
        #expect(proof == "01020304.Vh4qE-eKGWdBh2bU-cMPXQ")
        #expect(generator.isForgotFormProof(proof, forCookie: cookie))
        #expect(!generator.isForgotFormProof(proof, forCookie: "BAECAwQFBgcICQoLDA0ODw"))
        #expect(!generator.isForgotFormProof(cookie, forCookie: cookie), "an equal cookie and field is no proof")
        #expect(!generator.isForgotFormProof("0a0b0c0d." + (proof.split(separator: ".").last ?? ""), forCookie: cookie))
        #expect(!generator.isForgotFormProof(proof + ".x", forCookie: cookie))
        // Another keyring (another server, or a guessed secret) makes another proof.
        let other = ResetTokenGenerator(keys: [TokenKey(id: Self.old.id, secret: Array(repeating: 8, count: 32))], signingKeyID: Self.old.id)
        #expect(!other.isForgotFormProof(proof, forCookie: cookie))
    }

    @Test func forgotProofSurvivesRotationButNotRetirement() throws {
        let before = ResetTokenGenerator(keys: [Self.old], signingKeyID: Self.old.id)
        let proof = try #require(before.forgotFormProof(forCookie: cookie))
        let rotated = ResetTokenGenerator(keys: [Self.old, Self.new], signingKeyID: Self.new.id)
        #expect(rotated.isForgotFormProof(proof, forCookie: cookie))
        #expect(rotated.forgotFormProof(forCookie: cookie)?.hasPrefix("0a0b0c0d.") == true)
        var retired = Self.old
        retired.isRetired = true
        let after = ResetTokenGenerator(keys: [retired, Self.new], signingKeyID: Self.new.id)
        #expect(!after.isForgotFormProof(proof, forCookie: cookie))
        #expect(ResetTokenGenerator(keys: [retired], signingKeyID: nil).forgotFormProof(forCookie: cookie) == nil)
    }

    @Test func newPasswordTagIsBoundToTheToken() throws {
        var generator = ResetTokenGenerator(keys: [Self.old], signingKeyID: Self.old.id)
        generator.now = { 1_795_000_000 }
        let state = AccountState(passwordHash: "", email: "ana@example.org", source: .local, status: .active)
        let token = try generator.makeToken(accountID: 1, state: state, purpose: .passwordReset, lifetime: 3600)
        let other = try generator.makeToken(accountID: 1, state: state, purpose: .passwordReset, lifetime: 3600)
        let tag = try #require(generator.formTag(for: token))
        #expect(generator.isFormTag(tag, for: token))
        #expect(!generator.isFormTag(tag, for: other))
        #expect(generator.formTag(for: "AAAA") == nil && generator.formTag(for: String(token.dropLast())) == nil)
        // The documented formula: 16 bytes of HMAC(HKDF(secret, "resetlink-token-v1:form"), token bytes).
        let bytes = try #require(Base64URL.decode(token))
        #expect(tag == Base64URL.encode(ResetTokenGenerator.proof(bytes, secret: Self.old.secret, use: "form")))
        #expect(Base64URL.decode(tag)?.count == 16)
    }
}
