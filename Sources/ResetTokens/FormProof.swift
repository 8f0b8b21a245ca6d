/// Values for the endpoint's hidden form fields that only the server can make, so a cross-site
/// page can neither forge a form post nor pair a cookie it planted with a field it chose.
/// Each is an HMAC under a key derived (HKDF, its own `info`) from a keyring secret.
extension ResetTokenGenerator {
    /// The new-password form's field, bound to `token` (which only the link's owner has). Derived
    /// from the token's own key, so it survives key rotation between the page and the post. Nil
    /// when the text is not a token of a key of the keyring.
    public func formTag(for token: some StringProtocol) -> String? {
        guard case .success(let parsed) = ParsedToken.parse(token),
              let key = keys.first(where: { $0.id == parsed.fields.keyID }) else { return nil }
        return Base64URL.encode(Self.proof(parsed.bytes, secret: key.secret, use: "form"))
    }

    /// Whether `tag` is the form tag of `token`, compared in constant time.
    public func isFormTag(_ tag: String, for token: some StringProtocol) -> Bool {
        guard let expected = formTag(for: token) else { return false }
        return constantTimeEquals(Array(expected.utf8), Array(tag.utf8))
    }

    /// The forgot form's field for the random value in its cookie: `KEYID.MAC`, signed with the
    /// signing key. A cookie/field pair made up elsewhere (a sibling subdomain can set cookies
    /// for the site) does not match. Nil when the keyring has no active key.
    public func forgotFormProof(forCookie cookie: String) -> String? {
        signedProof(Array(cookie.utf8), use: "forgot-form")
    }

    /// Whether `proof` was made by `forgotFormProof` for `cookie` with a key that still verifies.
    public func isForgotFormProof(_ proof: String, forCookie cookie: String) -> Bool {
        cookie.utf8.count >= 16 && cookie.utf8.count <= 64 && isSignedProof(proof, Array(cookie.utf8), use: "forgot-form")
    }

    /// Admin > People's forms: like the forgot form's, and bound to the administrator the web
    /// server authenticated, so a pair one administrator's browser holds is no use to another.
    public func adminFormProof(forCookie cookie: String, user: String) -> String? {
        signedProof(Self.adminMessage(cookie, user), use: "admin-form")
    }

    public func isAdminFormProof(_ proof: String, forCookie cookie: String, user: String) -> Bool {
        cookie.utf8.count >= 16 && cookie.utf8.count <= 64 && isSignedProof(proof, Self.adminMessage(cookie, user), use: "admin-form")
    }

    /// The cookie, a zero byte (in neither value), then the user.
    static func adminMessage(_ cookie: String, _ user: String) -> [UInt8] {
        Array(cookie.utf8) + [0] + Array(user.utf8)
    }

    /// `KEYID.MAC` of `message` under the signing key.
    func signedProof(_ message: [UInt8], use: String) -> String? {
        guard let signingKeyID, let key = keys.first(where: { $0.id == signingKeyID && !$0.isRetired }) else { return nil }
        return key.idText + "." + Base64URL.encode(Self.proof(message, secret: key.secret, use: use))
    }

    /// Whether `proof` is `signedProof(message, use)` under a key that still verifies, in constant time.
    func isSignedProof(_ proof: String, _ message: [UInt8], use: String) -> Bool {
        let parts = proof.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = TokenKey.parseID(String(parts[0])),
              let key = keys.first(where: { $0.id == id && !$0.isRetired }) else { return false }
        let expected = Base64URL.encode(Self.proof(message, secret: key.secret, use: use))
        return constantTimeEquals(Array(expected.utf8), Array(parts[1].utf8))
    }

    /// 16 bytes of HMAC under `HKDF(secret, info: "resetlink-token-v1:" + use)`.
    static func proof(_ message: [UInt8], secret: [UInt8], use: String) -> [UInt8] {
        let key = DerivedKeys.hkdf(secret: secret, salt: [], info: Array((DerivedKeys.infoPrefix + use).utf8), count: 32)
        return Array(HMACSHA256.code(message, key: key).prefix(16))
    }
}
