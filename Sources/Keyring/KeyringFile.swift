#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ResetTokens

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing the keyring file. It holds secrets, so it must be private to its owner:
/// a file that group or others may read (or write) is refused, and writes go to a new 0600 file
/// that is renamed over the old one, so a crash never leaves a half-written keyring.
extension Keyring {
    public static func load(path: String) throws(KeyringError) -> Keyring {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { throw .missing(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let mode = UInt32(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot open the file")
        }
        return try decode(data, path: path)
    }

    static func decode(_ data: Data, path: String) throws(KeyringError) -> Keyring {
        let file: FileContents
        do {
            file = try JSONDecoder().decode(FileContents.self, from: data)
        } catch {
            throw .invalid(path: path, reason: "not the expected JSON (\(Self.describe(error)))")
        }
        guard file.format == format else {
            throw .invalid(path: path, reason: "format is '\(file.format)', expected '\(format)'")
        }
        var keys: [Key] = []
        for (index, entry) in file.keys.enumerated() {
            let name = "key \(index + 1)"
            guard let id = TokenKey.parseID(entry.id) else { throw .invalid(path: path, reason: "\(name): id '\(entry.id)' is not 8 hex digits") }
            guard !keys.contains(where: { $0.id == id }) else { throw .invalid(path: path, reason: "\(name): id \(entry.id) appears twice") }
            guard let secret = TokenKey.bytes(fromHex: entry.secret), secret.count == 32 else {
                throw .invalid(path: path, reason: "\(name) (\(entry.id)): secret is not 64 hex digits")
            }
            guard let created = UTCTimestamp.parse(entry.created) else {
                throw .invalid(path: path, reason: "\(name) (\(entry.id)): created '\(entry.created)' is not an ISO 8601 time")
            }
            guard entry.status == "active" || entry.status == "retired" else {
                throw .invalid(path: path, reason: "\(name) (\(entry.id)): status must be active or retired, not '\(entry.status)'")
            }
            // Whole seconds, as the file is written and as `addKey` keeps them: a fraction counted
            // here would choose a signing key that the next rewrite (which drops it) would not.
            let seconds = Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down))
            keys.append(Key(id: id, secret: secret, created: seconds, isRetired: entry.status == "retired"))
        }
        return Keyring(keys: keys)
    }

    func encoded() throws(KeyringError) -> Data {
        let file = FileContents(format: Self.format, keys: keys.map {
            FileContents.Entry(id: $0.idText, secret: TokenKey.hex($0.secret),
                               created: UTCTimestamp.format($0.created), status: $0.isRetired ? "retired" : "active")
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(file) + Data("\n".utf8) } catch {
            throw .cannotWrite(path: "", reason: "\(error)")
        }
    }

    /// Writes the keyring to `path` atomically with mode 0600. With `replacing` false, an existing
    /// file is an error (`keys new` must not overwrite secrets that signed live links).
    public func save(to path: String, replacing: Bool) throws(KeyringError) {
        let data: Data
        do { data = try encoded() } catch { throw .cannotWrite(path: path, reason: "\(error)") }
        if !replacing, access(path, F_OK) == 0 { throw .exists(path: path) }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        if !directory.isEmpty, access(directory, F_OK) != 0 {
            // A folder made for the keyring is private too.
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotWrite(path: path, reason: "cannot create its folder: \(error)")
            }
        }
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".keyring.tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        func fail(_ reason: String) -> KeyringError {
            unlink(temporary)
            return .cannotWrite(path: path, reason: reason)
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        // The umask may only remove bits; set the mode explicitly all the same.
        fchmod(descriptor, 0o600)
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        guard written, fsync(descriptor) == 0 else {
            close(descriptor)
            throw fail(written ? "fsync failed: \(String(cString: strerror(errno)))" : reason)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else { throw fail(String(cString: strerror(errno))) }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        default: "\(error)"
        }
    }
}

private struct FileContents: Codable {
    struct Entry: Codable {
        var id: String
        var secret: String
        var created: String
        var status: String
    }

    var format: String
    var keys: [Entry]
}
