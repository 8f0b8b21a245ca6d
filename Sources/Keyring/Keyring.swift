#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ResetTokens

/// The keyring file: the keys tokens are signed and checked with. New tokens are signed with the
/// newest active key; every key that is not retired still verifies, so rotating keeps outstanding
/// links working until their key is retired.
///
/// ```json
/// {"format": "resetlink-keyring-v1",
///  "keys": [{"id": "0a1b2c3d", "secret": "<64 hex digits>", "created": "2026-11-29T05:00:00Z", "status": "active"}]}
/// ```
public struct Keyring: Sendable, Equatable {
    public static let format = "resetlink-keyring-v1"

    public struct Key: Sendable, Equatable {
        public var id: UInt32
        public var secret: [UInt8]
        public var created: Date
        public var isRetired: Bool

        public var idText: String { tokenKey.idText }
        /// `2026-11-29T05:14:49Z`.
        public var createdText: String { UTCTimestamp.format(created) }
        public var tokenKey: TokenKey { TokenKey(id: id, secret: secret, isRetired: isRetired) }
    }

    public var keys: [Key]

    public init(keys: [Key] = []) { self.keys = keys }

    /// The key new tokens are signed with: the active key created last (the later one in the file
    /// when two were created in the same second).
    public var signingKey: Key? {
        keys.enumerated().filter { !$0.element.isRetired }
            .max { ($0.element.created, $0.offset) < ($1.element.created, $1.offset) }?.element
    }

    public var tokenKeys: [TokenKey] { keys.map(\.tokenKey) }

    /// A token generator over this keyring.
    public var generator: ResetTokenGenerator {
        ResetTokenGenerator(keys: tokenKeys, signingKeyID: signingKey?.id)
    }

    /// Adds a key with a fresh 256-bit secret from the system CSPRNG and a new random id.
    @discardableResult
    public mutating func addKey(created: Date = Date(), random: (Int) -> [UInt8] = Keyring.systemRandom) -> Key {
        var id: UInt32
        repeat {
            id = random(4).reduce(0) { $0 << 8 | UInt32($1) }
        } while keys.contains { $0.id == id }
        // The file stores whole seconds; keep the same precision in memory.
        let seconds = Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down))
        let key = Key(id: id, secret: random(32), created: seconds, isRetired: false)
        keys.append(key)
        return key
    }

    /// Marks a key retired: tokens signed with it stop verifying. The last active key cannot be
    /// retired, since nothing could be signed afterwards; rotate first.
    public mutating func retire(id text: String) throws(KeyringError) {
        guard let id = TokenKey.parseID(text), let index = keys.firstIndex(where: { $0.id == id }) else {
            throw .unknownKey(text)
        }
        guard !keys[index].isRetired else { throw .alreadyRetired(text) }
        guard keys.filter({ !$0.isRetired }).count > 1 else { throw .lastActiveKey(text) }
        keys[index].isRetired = true
    }

    public static func systemRandom(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

public enum KeyringError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case tooOpen(path: String, mode: UInt32)
    case invalid(path: String, reason: String)
    case exists(path: String)
    case cannotWrite(path: String, reason: String)
    case unknownKey(String)
    case alreadyRetired(String)
    case lastActiveKey(String)

    public var description: String {
        switch self {
        case .missing(let path):
            "the keyring \(path) does not exist; create it with `resetlink keys new`"
        case .unreadable(let path, let reason):
            "cannot read the keyring \(path): \(reason)"
        case .tooOpen(let path, let mode):
            "the keyring \(path) can be read by other users (mode \(String(mode, radix: 8))); make it private with `chmod 600 \(path)`"
        case .invalid(let path, let reason):
            "the keyring \(path) is not valid: \(reason)"
        case .exists(let path):
            "the keyring \(path) already exists; use `resetlink keys rotate` to add a key"
        case .cannotWrite(let path, let reason):
            "cannot write the keyring \(path): \(reason)"
        case .unknownKey(let id):
            "the keyring has no key '\(id)' (see `resetlink keys list`)"
        case .alreadyRetired(let id):
            "key \(id) is already retired"
        case .lastActiveKey(let id):
            "key \(id) is the only active key; run `resetlink keys rotate` before retiring it"
        }
    }
}
