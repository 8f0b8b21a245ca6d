/// The fields of a version-1 token, in the order they are laid out (docs/token-format.md).
public struct TokenFields: Sendable, Equatable {
    public static let version: UInt8 = 1
    /// 1 + 4 + 1 + 8 + 8 + 8 + 16 + 16 + 32.
    public static let byteCount = 94
    /// Longer input is refused before any decoding.
    public static let maximumTextLength = 256
    static let macOffset = 62

    public var keyID: UInt32
    public var purpose: TokenPurpose
    /// Unix time, seconds.
    public var issuedAt: UInt64
    public var expiresAt: UInt64
    public var accountID: UInt64
    /// 16 random bytes that name the token in audit logs.
    public var nonce: [UInt8]
    /// Keyed digest of the account state at issue time.
    public var stateTag: [UInt8]

    public var nonceHex: String { TokenKey.hex(nonce) }
    public var keyIDText: String { TokenKey.hex(BigEndian.bytes(keyID)) }

    /// The bytes the MAC covers, each field length-prefixed.
    var macInput: [UInt8] {
        var input = LengthPrefixed()
        input.append(CollectionOfOne(Self.version))
        input.append(keyID)
        input.append(purpose.label)
        input.append(issuedAt)
        input.append(expiresAt)
        input.append(accountID)
        input.append(nonce)
        input.append(stateTag)
        return input.bytes
    }

    /// The token's bytes up to the MAC.
    var headerBytes: [UInt8] {
        var bytes: [UInt8] = [Self.version]
        bytes += BigEndian.bytes(keyID)
        bytes.append(purpose.rawValue)
        bytes += BigEndian.bytes(issuedAt)
        bytes += BigEndian.bytes(expiresAt)
        bytes += BigEndian.bytes(accountID)
        bytes += nonce
        bytes += stateTag
        return bytes
    }

    /// The tag of an account's state under a purpose's state key.
    static func stateTag(accountID: UInt64, state: AccountState, key: DerivedKeys) -> [UInt8] {
        var input = LengthPrefixed()
        input.append(accountID)
        input.append(state.passwordHash)
        input.append(state.email)
        input.append(state.source.rawValue)
        input.append(state.status.rawValue)
        if let changed = state.coveredChangeTime { input.append(changed.seconds) }
        return Array(HMACSHA256.code(input.bytes, keyed: key.stateHMAC).prefix(16))
    }
}
