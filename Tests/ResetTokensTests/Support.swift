@testable import ResetTokens

/// A fixed keyring and accounts for tests; secrets are generated here, never stored in the repo.
enum Fixture {
    static let activeKey = TokenKey(id: 0x0a1b2c3d, secret: (0..<32).map { UInt8($0) })
    static let olderKey = TokenKey(id: 0x11223344, secret: (0..<32).map { UInt8(255 - $0) })
    static let retiredKey = TokenKey(id: 0x55667788, secret: [UInt8](repeating: 0x42, count: 32), isRetired: true)

    static let state = AccountState(passwordHash: "scrypt$ln=17,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", email: "ana.lima@example.com",
                                    source: .local, status: .active)
    static let accountID: UInt64 = 42
    static let issuedAt: UInt64 = 1_795_000_000

    /// A generator whose clock reads `now` and whose nonces are fixed.
    static func generator(now: UInt64 = issuedAt, signingKey: TokenKey = activeKey) -> ResetTokenGenerator {
        var generator = ResetTokenGenerator(keys: [activeKey, olderKey, retiredKey], signingKeyID: signingKey.id)
        generator.now = { UnixTime(seconds: now) }
        generator.randomBytes = { count in (0..<count).map { UInt8(0xA0 &+ $0) } }
        return generator
    }

    static func token(lifetime: UInt64 = 3600, purpose: TokenPurpose = .passwordReset, state: AccountState = state,
                      signingKey: TokenKey = activeKey, issuedAt: UInt64 = issuedAt) throws -> String {
        try generator(now: issuedAt, signingKey: signingKey).makeToken(accountID: accountID, state: state, purpose: purpose, lifetime: lifetime)
    }

    static func check(_ token: some StringProtocol, now: UInt64 = issuedAt + 60, purpose: TokenPurpose = .passwordReset,
                      state: AccountState? = state) -> TokenOutcome {
        generator(now: now).checkToken(String(token), purpose: purpose) { id in id == accountID ? state : nil }.outcome
    }
}
