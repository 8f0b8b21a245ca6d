import CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// scrypt password hashes (swift-crypto's CryptoExtras), stored as a self-describing string so the
/// cost can be raised later without breaking stored hashes:
///
///     scrypt$ln=16,r=8,p=1$<salt, base64>$<32-byte key, base64>
///
/// `ln` is log2 of scrypt's N. A fresh 16-byte salt is drawn for every hash, so setting the same
/// password again still changes the stored string (which is what invalidates reset tokens).
public struct PasswordHasher: Sendable, Equatable {
    public var logN: Int
    public var blockSize: Int
    public var parallelism: Int

    /// N = 2^16, r = 8, p = 1: about 0.15 s and 64 MiB per hash on the project's machines
    /// (docs/performance.md), within the 50–250 ms the CGI endpoint can afford per POST.
    public static let recommended = PasswordHasher(logN: 16, blockSize: 8, parallelism: 1)

    /// Bounds for parameters read back from a stored hash, so a tampered row cannot make one
    /// check take minutes or gigabytes.
    static let logNRange = 10...20
    static let blockSizeRange = 1...16
    static let parallelismRange = 1...4

    public init(logN: Int, blockSize: Int = 8, parallelism: Int = 1) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    public func hash(_ password: String) throws(PasswordHashError) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = try Self.derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        return "scrypt$ln=\(logN),r=\(blockSize),p=\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` matches `stored`. An empty or unreadable stored hash matches nothing.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Parsed(stored),
              let key = try? derive(password, salt: parsed.salt, logN: parsed.logN, blockSize: parsed.blockSize, parallelism: parsed.parallelism)
        else { return false }
        var difference: UInt8 = 0
        guard key.count == parsed.key.count else { return false }
        for index in key.indices { difference |= key[index] ^ parsed.key[index] }
        return difference == 0
    }

    /// Whether a stored hash uses weaker parameters than this hasher (to rehash on next change).
    public func isWeaker(_ stored: String) -> Bool {
        guard let parsed = Parsed(stored) else { return true }
        return parsed.logN < logN || parsed.blockSize < blockSize
    }

    static func derive(_ password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int) throws(PasswordHashError) -> [UInt8] {
        guard logNRange.contains(logN), blockSizeRange.contains(blockSize), parallelismRange.contains(parallelism) else {
            throw .parametersOutOfRange
        }
        do {
            let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                               rounds: 1 << logN, blockSize: blockSize, parallelism: parallelism)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw .derivationFailed("\(error)")
        }
    }

    struct Parsed {
        var logN: Int
        var blockSize: Int
        var parallelism: Int
        var salt: [UInt8]
        var key: [UInt8]

        init?(_ text: String) {
            let parts = text.split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "scrypt" else { return nil }
            var values: [Substring: Int] = [:]
            for item in parts[1].split(separator: ",") {
                let pair = item.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, let value = Int(pair[1]) else { return nil }
                values[pair[0]] = value
            }
            guard let logN = values["ln"], let blockSize = values["r"], let parallelism = values["p"],
                  let salt = Data(base64Encoded: String(parts[2])), let key = Data(base64Encoded: String(parts[3])),
                  !salt.isEmpty, key.count == 32
            else { return nil }
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
            self.salt = Array(salt)
            self.key = Array(key)
        }
    }
}

public enum PasswordHashError: Error, Equatable, Sendable, CustomStringConvertible {
    case parametersOutOfRange
    case derivationFailed(String)

    public var description: String {
        switch self {
        case .parametersOutOfRange: "scrypt parameters out of range (ln 10–20, r 1–16, p 1–4)"
        case .derivationFailed(let reason): "scrypt failed: \(reason)"
        }
    }
}
