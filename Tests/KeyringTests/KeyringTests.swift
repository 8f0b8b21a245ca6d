import Foundation
import Testing
@testable import Keyring
import ResetTokens

@Suite struct KeyringTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keyring-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func savedKeyringIsPrivateAndLoadsBack() throws {
        let path = try temporaryDirectory() + "/private/keyring.json"
        var keyring = Keyring()
        keyring.addKey(created: Date(timeIntervalSince1970: 1_790_000_000))
        keyring.addKey(created: Date(timeIntervalSince1970: 1_790_000_100))
        try keyring.save(to: path, replacing: false)
        #expect(try mode(path) == 0o600)
        #expect(try mode((path as NSString).deletingLastPathComponent) == 0o700)
        let loaded = try Keyring.load(path: path)
        #expect(loaded == keyring)
        #expect(loaded.signingKey?.id == keyring.keys[1].id)
        #expect(loaded.keys.allSatisfy { $0.secret.count == 32 })
        #expect(Set(loaded.keys.map(\.secret)).count == 2)
    }

    @Test func newKeyringDoesNotOverwrite() throws {
        let path = try temporaryDirectory() + "/keyring.json"
        var first = Keyring()
        first.addKey()
        try first.save(to: path, replacing: false)
        var second = Keyring()
        second.addKey()
        #expect(throws: KeyringError.exists(path: path)) { try second.save(to: path, replacing: false) }
        #expect(try Keyring.load(path: path) == first)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o602, 0o666])
    func keyringOthersCanReadIsRefused(permissions: Int) throws {
        let path = try temporaryDirectory() + "/keyring.json"
        var keyring = Keyring()
        keyring.addKey()
        try keyring.save(to: path, replacing: false)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        do {
            _ = try Keyring.load(path: path)
            Issue.record("loaded a keyring with mode \(String(permissions, radix: 8))")
        } catch {
            #expect(error == .tooOpen(path: path, mode: UInt32(permissions)))
            #expect(error.description.contains("chmod 600 \(path)"))
        }
    }

    @Test func ownerOnlyModesAreAccepted() throws {
        let path = try temporaryDirectory() + "/keyring.json"
        var keyring = Keyring()
        keyring.addKey()
        try keyring.save(to: path, replacing: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        #expect(try Keyring.load(path: path) == keyring)
    }

    @Test func rewriteReplacesTheFileWholeAndLeavesNoTemporaryFiles() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/keyring.json"
        var keyring = Keyring()
        keyring.addKey()
        try keyring.save(to: path, replacing: false)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber
        keyring.addKey()
        try keyring.save(to: path, replacing: true)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber
        // A new file (new inode) was renamed into place, not the old one rewritten in place.
        #expect(before != after)
        #expect(try Keyring.load(path: path).keys.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["keyring.json"])
    }

    @Test func failedWriteLeavesTheOldKeyringAndNoTemporaryFile() throws {
        let directory = try temporaryDirectory()
        // The target is a non-empty folder, so the final rename fails.
        let path = directory + "/keyring.json"
        try FileManager.default.createDirectory(atPath: path + "/occupied", withIntermediateDirectories: true)
        var keyring = Keyring()
        keyring.addKey()
        do {
            try keyring.save(to: path, replacing: true)
            Issue.record("wrote over a folder")
        } catch {
            guard case .cannotWrite = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["keyring.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["occupied"])
    }

    @Test func missingKeyringSaysHowToCreateOne() {
        #expect(throws: KeyringError.missing(path: "/nonexistent/keyring.json")) { try Keyring.load(path: "/nonexistent/keyring.json") }
        #expect(KeyringError.missing(path: "k").description.contains("resetlink keys new"))
    }

    @Test(arguments: [
        ("{}", "not the expected JSON (missing 'format')"),
        (#"{"format": "other", "keys": []}"#, "format is 'other', expected 'resetlink-keyring-v1'"),
        (#"{"format": "resetlink-keyring-v1", "keys": [{"id": "xyz", "secret": "00", "created": "2026-01-01T00:00:00Z", "status": "active"}]}"#,
         "key 1: id 'xyz' is not 8 hex digits"),
        (#"{"format": "resetlink-keyring-v1", "keys": [{"id": "0a1b2c3d", "secret": "0011", "created": "2026-01-01T00:00:00Z", "status": "active"}]}"#,
         "key 1 (0a1b2c3d): secret is not 64 hex digits"),
        (#"{"format": "resetlink-keyring-v1", "keys": [{"id": "0a1b2c3d", "secret": "\#(String(repeating: "ab", count: 32))", "created": "yesterday", "status": "active"}]}"#,
         "key 1 (0a1b2c3d): created 'yesterday' is not an ISO 8601 time"),
        (#"{"format": "resetlink-keyring-v1", "keys": [{"id": "0a1b2c3d", "secret": "\#(String(repeating: "ab", count: 32))", "created": "2026-01-01T00:00:00Z", "status": "paused"}]}"#,
         "key 1 (0a1b2c3d): status must be active or retired, not 'paused'"),
    ])
    func invalidFilesAreExplained(json: String, reason: String) throws {
        let path = try temporaryDirectory() + "/keyring.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(json.utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: KeyringError.invalid(path: path, reason: reason)) { try Keyring.load(path: path) }
    }

    @Test func retiring() throws {
        var keyring = Keyring()
        let old = keyring.addKey(created: Date(timeIntervalSince1970: 1_000))
        let new = keyring.addKey(created: Date(timeIntervalSince1970: 2_000))
        #expect(keyring.signingKey?.id == new.id)
        #expect(throws: KeyringError.unknownKey("deadbeef")) { try keyring.retire(id: "deadbeef") }
        #expect(throws: KeyringError.unknownKey("nonsense")) { try keyring.retire(id: "nonsense") }
        try keyring.retire(id: new.idText)
        #expect(keyring.signingKey?.id == old.id)
        #expect(throws: KeyringError.alreadyRetired(new.idText)) { try keyring.retire(id: new.idText) }
        #expect(throws: KeyringError.lastActiveKey(old.idText)) { try keyring.retire(id: old.idText) }
        #expect(keyring.generator.keys.first { $0.id == new.id }?.isRetired == true)
    }

    func load(json: String) throws -> Keyring {
        let path = try temporaryDirectory() + "/keyring.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(json.utf8), attributes: [.posixPermissions: 0o600]))
        return try Keyring.load(path: path)
    }

    func entry(_ id: String, _ created: String, secret: String = String(repeating: "ab", count: 32), status: String = "active") -> String {
        #"{"id": "\#(id)", "secret": "\#(secret)", "created": "\#(created)", "status": "\#(status)"}"#
    }

    /// docs/token-format.md: the signing key is chosen by whole seconds; a fraction is read but
    /// ignored, so the later key in the file wins, and rewriting the file (which drops fractions)
    /// does not change the choice.
    @Test func fractionsOfASecondDoNotChooseTheSigningKey() throws {
        let keyring = try load(json: #"{"format": "resetlink-keyring-v1", "keys": ["#
            + entry("00000001", "2026-11-29T05:00:00.9Z") + ", " + entry("00000002", "2026-11-29T05:00:00.1Z") + "]}")
        #expect(keyring.signingKey?.idText == "00000002")
        #expect(keyring.keys.map(\.createdText) == ["2026-11-29T05:00:00Z", "2026-11-29T05:00:00Z"])
        let path = try temporaryDirectory() + "/keyring.json"
        try keyring.save(to: path, replacing: false)
        #expect(try Keyring.load(path: path).signingKey?.idText == "00000002")
    }

    @Test func aTieForNewestGoesToTheKeyListedLast() throws {
        let keyring = try load(json: #"{"format": "resetlink-keyring-v1", "keys": ["#
            + [entry("00000003", "2026-11-29T05:00:00Z"), entry("00000001", "2026-11-29T05:00:00Z"),
               entry("00000002", "2026-11-29T05:00:00Z", status: "retired"), entry("00000004", "2025-01-01T00:00:00Z")].joined(separator: ", ")
            + "]}")
        #expect(keyring.signingKey?.idText == "00000001")
    }

    @Test func upperCaseHexIsReadAndWrittenInLowerCase() throws {
        let secret = String(repeating: "aB", count: 32)
        let keyring = try load(json: #"{"format": "resetlink-keyring-v1", "extra": 1, "keys": ["#
            + entry("0A1B2C3D", "2026-11-29T05:00:00Z", secret: secret) + "]}")
        #expect(keyring.keys.first?.id == 0x0a1b2c3d)
        #expect(keyring.keys.first?.secret == [UInt8](repeating: 0xab, count: 32))
        let text = String(decoding: try keyring.encoded(), as: UTF8.self)
        #expect(text.contains(#""id" : "0a1b2c3d""#) && text.contains(String(repeating: "ab", count: 32)))
        // The same id in two spellings is one id.
        #expect(throws: KeyringError.self) {
            try load(json: #"{"format": "resetlink-keyring-v1", "keys": ["#
                + entry("0A1B2C3D", "2026-11-29T05:00:00Z") + ", " + entry("0a1b2c3d", "2026-11-29T05:00:01Z") + "]}")
        }
    }

    @Test func keyIDsAreUniqueEvenWhenTheRandomSourceRepeats() {
        var keyring = Keyring()
        var calls = 0
        let random: (Int) -> [UInt8] = { count in
            calls += 1
            // The first two id draws collide; the third differs.
            return count == 4 ? [0, 0, 0, calls < 4 ? 1 : 2] : [UInt8](repeating: UInt8(calls), count: count)
        }
        let first = keyring.addKey(random: random)
        let second = keyring.addKey(random: random)
        #expect(first.id != second.id)
    }

    @Test func secretsComeFromTheSystemGenerator() {
        let a = Keyring.systemRandom(32), b = Keyring.systemRandom(32)
        #expect(a.count == 32 && a != b)
    }
}

@Suite struct UTCTimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2026-11-29T05:14:49Z", 1_795_929_289.0), ("2000-02-29T12:00:00Z", 951_825_600.0),
        ("1969-12-31T23:59:59Z", -1.0), ("2026-01-01T00:00:00.5Z", 1_767_225_600.5),
        // More fraction digits than an Int holds: read, not a crash.
        ("2026-01-01T00:00:00.2500000000000000000000000000001Z", 1_767_225_600.25),
    ])
    func parsesAndFormats(text: String, seconds: Double) throws {
        let date = try #require(UTCTimestamp.parse(text))
        #expect(date.timeIntervalSince1970 == seconds)
        if !text.contains(".") { #expect(UTCTimestamp.format(date) == text) }
    }

    @Test(arguments: ["", "2026-11-29", "2026-11-29T05:14:49", "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29 05:14:49Z", "yesterday"])
    func refusesOtherShapes(text: String) {
        #expect(UTCTimestamp.parse(text) == nil)
    }
}
