/// Issues and checks stateless, single-use reset tokens (docs/token-format.md).
///
/// The signature covers the account's stored password hash, email, source and status, read from
/// the account store at check time, so a token dies as soon as any of them changes:
/// - the **password hash** changes (new salt) with every completed reset: single use without
///   storing the token;
/// - the **email**: a link sent to an old address stops working when the address changes;
/// - the **source**: an account moved to SSO or a directory has no local password to reset;
/// - the **status**: a disabled account's links must not re-open it;
/// - for an account that is not local, the **time of the last reset here**: its password lives in a
///   directory, so this is what changes when a reset completes.
///
/// `now` is the clock seam: tests set it to check expiry at exactly the limit and one second past.
public struct ResetTokenGenerator: Sendable {
    /// The keyring's keys, retired ones included (their tokens get `keyRetired`).
    public var keys: [TokenKey]
    /// The key new tokens are signed with: the keyring's newest active key.
    public var signingKeyID: UInt32?
    /// How far in the future `issuedAt` may be, for clocks that disagree.
    public var clockSkew: UInt64 = 60
    /// The clock.
    public var now: @Sendable () -> UnixTime = { .now }
    /// Random bytes for nonces.
    public var randomBytes: @Sendable (Int) -> [UInt8] = { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Shared by copies of this generator (a copy with another clock keeps the cache).
    let derivedKeys = DerivedKeyCache()

    public init(keys: [TokenKey], signingKeyID: UInt32?) {
        self.keys = keys
        self.signingKeyID = signingKeyID
    }

    /// A new token for the account in its current state.
    public func makeToken(accountID: UInt64, state: AccountState, purpose: TokenPurpose, lifetime: UInt64) throws(TokenError) -> String {
        guard let signingKeyID else { throw .noActiveKey }
        guard let key = keys.first(where: { $0.id == signingKeyID && !$0.isRetired }) else {
            throw .unknownSigningKey(signingKeyID)
        }
        guard lifetime > 0 else { throw .invalidLifetime }
        let derived = derivedKeys.keys(for: key, purpose: purpose)
        let issuedAt = now()
        let fields = TokenFields(
            keyID: key.id, purpose: purpose, issuedAt: issuedAt.seconds, expiresAt: (issuedAt + lifetime).seconds,
            accountID: accountID, nonce: randomBytes(16),
            stateTag: TokenFields.stateTag(accountID: accountID, state: state, key: derived))
        return Base64URL.encode(fields.headerBytes + HMACSHA256.code(fields.macInput, keyed: derived.macHMAC))
    }

    /// Checks `text` for `purpose`, in the order docs/token-format.md gives. `account` looks up the
    /// current state of an account by id (nil when there is none); it is only called for an
    /// authentic, unexpired token of the right purpose. `eligible` is step 15's rule, asked of the
    /// state `account` returned last: by default active local accounts only.
    public func checkToken(_ text: String, purpose: TokenPurpose,
                           account: (UInt64) throws -> AccountState?,
                           eligible: (AccountState) -> Bool = { $0.isEligibleForReset }) rethrows -> TokenCheck {
        func refuse(_ outcome: TokenOutcome, _ fields: TokenFields? = nil) -> TokenCheck {
            TokenCheck(outcome: outcome, authenticatedFields: fields)
        }
        // 1–6: size, spelling and layout, before any key is looked at.
        let parsed: ParsedToken
        switch ParsedToken.parse(text) {
        case .success(let token): parsed = token
        case .failure(let refusal): return refuse(refusal.outcome)
        }
        let fields = parsed.fields, tokenPurpose = fields.purpose
        // 7–9: key and signature.
        guard let key = keys.first(where: { $0.id == fields.keyID }) else { return refuse(.unknownKey) }
        guard !key.isRetired else { return refuse(.keyRetired) }
        let derived = derivedKeys.keys(for: key, purpose: tokenPurpose)
        guard HMACSHA256.isValid(parsed.mac, for: fields.macInput, keyed: derived.macHMAC) else {
            return refuse(.badSignature)
        }
        // 10–12: what the token says about itself, now that it is known to be ours.
        guard tokenPurpose == purpose else { return refuse(.wrongPurpose, fields) }
        let current = now().seconds
        guard current <= fields.expiresAt else { return refuse(.expired, fields) }
        guard fields.issuedAt <= current &+ clockSkew || current > UInt64.max - clockSkew else {
            return refuse(.notYetValid, fields)
        }
        // 13–15: the account as it is now.
        guard let state = try account(fields.accountID) else { return refuse(.accountNotEligible, fields) }
        let tag = TokenFields.stateTag(accountID: fields.accountID, state: state, key: derived)
        guard constantTimeEquals(tag, fields.stateTag) else { return refuse(.accountStateChanged, fields) }
        guard eligible(state) else { return refuse(.accountNotEligible, fields) }
        return TokenCheck(outcome: .valid(accountID: fields.accountID, expiresAt: fields.expiresAt, nonce: fields.nonce),
                          authenticatedFields: fields)
    }
}

/// Compares without stopping at the first difference, so timing does not tell how much matched.
func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
