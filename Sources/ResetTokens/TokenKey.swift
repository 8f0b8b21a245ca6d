import Crypto
import Synchronization

/// One key of the keyring: a 4-byte id and a 256-bit secret. Tokens are signed with per-purpose
/// keys derived from the secret (HKDF), never with the secret itself.
public struct TokenKey: Sendable, Equatable {
    public var id: UInt32
    public var secret: [UInt8]
    /// Retired keys verify nothing; their tokens get their own outcome.
    public var isRetired: Bool

    public init(id: UInt32, secret: [UInt8], isRetired: Bool = false) {
        self.id = id
        self.secret = secret
        self.isRetired = isRetired
    }

    /// `0a1b2c3d`: how ids are written in the keyring, the CLI and logs.
    public var idText: String { Self.hex(BigEndian.bytes(id)) }

    public static func parseID(_ text: String) -> UInt32? {
        guard text.count == 8, let bytes = Self.bytes(fromHex: text) else { return nil }
        return BigEndian.uint32(bytes[...])
    }

    /// Lowercase hex digits, two per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase or uppercase hex digits, an even number of them.
    public static func bytes(fromHex text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}

/// The two keys a purpose uses with one keyring key, as HMAC states already keyed: copying one
/// and feeding it the message skips the key schedule (half the cost of a one-shot HMAC).
struct DerivedKeys: Sendable {
    let mac: SymmetricKey
    let state: SymmetricKey
    let macHMAC: HMAC<SHA256>
    let stateHMAC: HMAC<SHA256>

    static let infoPrefix = "resetlink-token-v1:"

    init(secret: [UInt8], purpose: TokenPurpose) {
        mac = Self.hkdf(secret: secret, salt: [], info: Array((Self.infoPrefix + "mac:" + purpose.label).utf8), count: 32)
        state = Self.hkdf(secret: secret, salt: [], info: Array((Self.infoPrefix + "state:" + purpose.label).utf8), count: 32)
        macHMAC = HMAC<SHA256>(key: mac)
        stateHMAC = HMAC<SHA256>(key: state)
    }

    /// HKDF-SHA-256 (RFC 5869) from swift-crypto; an empty salt means HashLen zero bytes.
    static func hkdf(secret: [UInt8], salt: [UInt8], info: [UInt8], count: Int) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: salt, info: info, outputByteCount: count)
    }
}

/// Derived keys by key id and purpose, computed once per process: a server checking many tokens
/// pays for HKDF once, not per token.
final class DerivedKeyCache: Sendable {
    private let keys = Mutex<[UInt64: DerivedKeys]>([:])

    func keys(for key: TokenKey, purpose: TokenPurpose) -> DerivedKeys {
        let index = UInt64(key.id) << 8 | UInt64(purpose.rawValue)
        if let cached = keys.withLock({ $0[index] }) { return cached }
        let derived = DerivedKeys(secret: key.secret, purpose: purpose)
        keys.withLock { $0[index] = derived }
        return derived
    }
}
