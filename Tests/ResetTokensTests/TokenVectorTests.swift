import Crypto
import Foundation
import Testing
@testable import ResetTokens

/// Tests/ResetTokensTests/token-vectors.json: written by the independent Python implementation in
/// reference/ from docs/token-format.md alone. Checking it here shows the Swift implementation and
/// the document agree, in both directions.
@Suite struct TokenVectorTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    struct File: Decodable {
        struct Key: Decodable { var id: String; var secret: String; var status: String }
        struct Account: Decodable {
            var id: UInt64
            var password_hash: String
            var email: String
            var source: String
            var status: String
            var password_changed_at: UInt64?

            var state: AccountState? {
                guard let source = AccountSource(rawValue: source), let status = AccountStatus(rawValue: status) else { return nil }
                return AccountState(passwordHash: password_hash, email: email, source: source, status: status,
                                    passwordChangedAt: password_changed_at.map(UnixTime.init(seconds:)))
            }
        }
        struct Fields: Decodable { var account_id: UInt64; var expires_at: UInt64; var nonce: String }
        struct Issued: Decodable {
            var key_id: String
            var purpose: String
            var issued_at: UInt64
            var lifetime: UInt64
            var account: Account
            var nonce: String
            var secret: String?
        }
        struct Vector: Decodable {
            var name: String
            var token: String
            var now: UInt64
            var skew: UInt64
            var purpose: String
            var account: Account?
            var outcome: String
            var fields: Fields?
            var issued_with: Issued?
        }
        struct Intermediate: Decodable {
            var secret: String
            var purpose: String
            var mac_key: String
            var state_key: String
            var state_input: String
            var state_tag: String
            var mac_input: String
            var mac: String
            var token_bytes: String
            var token: String
        }

        var keys: [Key]
        var vectors: [Vector]
        var intermediate: Intermediate
    }

    static func load() throws -> File {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: folder.appendingPathComponent("token-vectors.json")))
    }

    static func keys(_ file: File) throws -> [TokenKey] {
        try file.keys.map {
            TokenKey(id: try #require(TokenKey.parseID($0.id)), secret: try #require(TokenKey.bytes(fromHex: $0.secret)),
                     isRetired: $0.status == "retired")
        }
    }

    @Test func everyVectorHasItsOutcome() throws {
        let file = try Self.load()
        let keys = try Self.keys(file)
        #expect(file.vectors.count >= 40)
        for vector in file.vectors {
            var generator = ResetTokenGenerator(keys: keys, signingKeyID: nil)
            generator.now = { UnixTime(seconds: vector.now) }
            generator.clockSkew = vector.skew
            let purpose = try #require(TokenPurpose(label: vector.purpose))
            let check = generator.checkToken(vector.token, purpose: purpose) { id in
                guard let account = vector.account, account.id == id else { return nil }
                return account.state
            }
            #expect(check.outcome.label == vector.outcome, "\(vector.name)")
            if case .valid(let account, let expires, let nonce) = check.outcome, let fields = vector.fields {
                #expect(account == fields.account_id && expires == fields.expires_at && TokenKey.hex(nonce) == fields.nonce, "\(vector.name)")
            }
        }
        // Every outcome is exercised by some vector.
        #expect(Set(file.vectors.map(\.outcome)) == Set(TokenOutcome.labels))
    }

    @Test func issuingWithTheSameInputsGivesTheSameTokens() throws {
        let file = try Self.load()
        let keys = try Self.keys(file)
        var reproduced = 0
        for vector in file.vectors {
            guard let issued = vector.issued_with else { continue }
            let id = try #require(TokenKey.parseID(issued.key_id))
            var signingKeys = keys.map { TokenKey(id: $0.id, secret: $0.secret) }
            if let secret = issued.secret { signingKeys.append(TokenKey(id: id, secret: try #require(TokenKey.bytes(fromHex: secret)))) }
            var generator = ResetTokenGenerator(keys: signingKeys, signingKeyID: id)
            generator.now = { UnixTime(seconds: issued.issued_at) }
            let nonce = try #require(TokenKey.bytes(fromHex: issued.nonce))
            generator.randomBytes = { _ in nonce }
            let token = try generator.makeToken(accountID: issued.account.id, state: try #require(issued.account.state),
                                                purpose: try #require(TokenPurpose(label: issued.purpose)), lifetime: issued.lifetime)
            #expect(token == vector.token, "\(vector.name)")
            reproduced += 1
        }
        #expect(reproduced >= 20)
    }

    @Test func intermediateValuesMatch() throws {
        let step = try Self.load().intermediate
        let purpose = try #require(TokenPurpose(label: step.purpose))
        let derived = DerivedKeys(secret: try #require(TokenKey.bytes(fromHex: step.secret)), purpose: purpose)
        #expect(derived.mac.withUnsafeBytes { TokenKey.hex($0) } == step.mac_key)
        #expect(derived.state.withUnsafeBytes { TokenKey.hex($0) } == step.state_key)
        let bytes = try #require(Base64URL.decode(step.token))
        #expect(TokenKey.hex(bytes) == step.token_bytes)
        let fields = TokenFields(
            keyID: BigEndian.uint32(bytes[1..<5]), purpose: purpose, issuedAt: BigEndian.uint64(bytes[6..<14]),
            expiresAt: BigEndian.uint64(bytes[14..<22]), accountID: BigEndian.uint64(bytes[22..<30]),
            nonce: Array(bytes[30..<46]), stateTag: Array(bytes[46..<62]))
        #expect(TokenKey.hex(fields.macInput) == step.mac_input)
        #expect(TokenKey.hex(HMACSHA256.code(fields.macInput, key: derived.mac)) == step.mac)
        #expect(TokenKey.hex(fields.stateTag) == step.state_tag)
        #expect(TokenKey.hex(bytes[62...]) == step.mac)
        #expect(step.state_input.count > 0)
    }

    /// The other direction: tokens made by this implementation, checked by the reference one.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")))
    func referenceImplementationAcceptsOurTokens() throws {
        let file = try Self.load()
        let keys = try Self.keys(file)
        let keysPath = FileManager.default.temporaryDirectory.appendingPathComponent("vector-keys-\(UUID().uuidString).json").path
        try JSONSerialization.data(withJSONObject: ["keys": file.keys.map { ["id": $0.id, "secret": $0.secret, "status": $0.status, "created": "2026-01-01T00:00:00Z"] }])
            .write(to: URL(fileURLWithPath: keysPath))
        let active = try #require(keys.first { !$0.isRetired })
        var generator = ResetTokenGenerator(keys: keys, signingKeyID: active.id)
        generator.now = { 1_795_000_000 }
        let state = AccountState(passwordHash: "scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA", email: "zoë@example.org", source: .local, status: .active)
        let account = #"{"id": 7, "password_hash": "scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA", "email": "zoë@example.org", "source": "local", "status": "active"}"#
        let changed = account.replacingOccurrences(of: "zoë@", with: "zoe@")
        struct Case { var lifetime: UInt64; var now: UInt64; var account: String; var expected: String }
        let start: UInt64 = 1_795_000_000
        let cases = [
            Case(lifetime: 3600, now: start + 3600, account: account, expected: "valid"),
            Case(lifetime: 3600, now: start + 3601, account: account, expected: "expired"),
            Case(lifetime: 3600, now: start + 10, account: changed, expected: "account-state-changed"),
            Case(lifetime: 86_400, now: start + 86_000, account: account, expected: "valid"),
        ]
        for item in cases {
            let (lifetime, now, accountJSON, expected) = (item.lifetime, item.now, item.account, item.expected)
            let token = try generator.makeToken(accountID: 7, state: state, purpose: .passwordReset, lifetime: lifetime)
            let result = try runPython(["verify", "--keys", keysPath, "--token", token, "--now", "\(now)",
                                        "--purpose", "password-reset", "--account", accountJSON])
            let object = try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any]
            #expect(object?["outcome"] as? String == expected, "python said \(result)")
        }
    }

    func runPython(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.folder.appendingPathComponent("reference/resetlink_token.py").path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
