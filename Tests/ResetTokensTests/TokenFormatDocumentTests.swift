import Crypto
import Foundation
import Keyring
import Settings
import Testing
@testable import ResetTokens

/// docs/token-format.md must be enough to write an interoperating implementation, so its worked
/// example and its example keyring are read from the document itself and checked against this
/// implementation: changing a value in the document, or the code, fails here.
@Suite struct TokenFormatDocumentTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let documentURL = folder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/token-format.md")

    static func document() throws -> String {
        try String(contentsOf: documentURL, encoding: .utf8)
    }

    /// Runs of white space as one space: the document wraps its prose anywhere.
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The text of the one fenced block whose info string names `marker` (```` ```text worked-example ````).
    static func block(_ marker: String, in document: String) throws -> String {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        let openings = lines.indices.filter {
            lines[$0].hasPrefix("```") && lines[$0].dropFirst(3).split(separator: " ").contains(Substring(marker))
        }
        #expect(openings.count == 1, "docs/token-format.md should have one block marked \(marker)")
        let start = try #require(openings.first) + 1
        let end = try #require(lines[start...].firstIndex { $0 == "```" })
        return lines[start..<end].joined(separator: "\n")
    }

    /// The worked example's `name = value` lines, as the document describes them: `#` starts a
    /// comment line, an indented line goes on with the value above it.
    struct Values {
        private var values: [String: String] = [:]

        init(_ block: String) throws {
            var current: String?
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") {
                    current = nil
                } else if line.first?.isWhitespace == true {
                    let name = try #require(current, "a continuation line follows no value: \(line)")
                    values[name, default: ""] += line.trimmingCharacters(in: .whitespaces)
                } else {
                    let equals = try #require(line.firstIndex(of: "="), "not name = value: \(line)")
                    let name = line[..<equals].trimmingCharacters(in: .whitespaces)
                    #expect(values[name] == nil, "\(name) is given twice")
                    values[name] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                    current = name
                }
            }
        }

        func text(_ name: String) throws -> String {
            try #require(values[name], "the worked example has no \(name)")
        }

        /// Hex digits; spaces only group them.
        func hex(_ name: String) throws -> String {
            try text(name).filter { $0 != " " }
        }

        func bytes(_ name: String) throws -> [UInt8] {
            try #require(TokenKey.bytes(fromHex: hex(name)), "\(name) is not hex")
        }

        func number(_ name: String) throws -> UInt64 {
            try #require(UInt64(text(name)), "\(name) is not a number")
        }
    }

    static func workedExample() throws -> Values {
        try Values(block("worked-example", in: document()))
    }

    struct Example {
        var key: TokenKey
        var accountID: UInt64
        var state: AccountState
        var purpose: TokenPurpose
        var issuedAt: UInt64
        var lifetime: UInt64
        var nonce: [UInt8]

        init(_ values: Values) throws {
            key = TokenKey(id: try #require(TokenKey.parseID(values.text("key_id"))), secret: try values.bytes("key_secret"))
            accountID = try values.number("account_id")
            state = AccountState(
                passwordHash: try values.text("password_hash"), email: try values.text("email"),
                source: try #require(AccountSource(rawValue: values.text("source"))),
                status: try #require(AccountStatus(rawValue: values.text("status"))))
            purpose = try #require(TokenPurpose(label: values.text("purpose")))
            issuedAt = try values.number("issued_at")
            lifetime = try values.number("lifetime")
            nonce = try values.bytes("nonce")
        }

        func generator(now: UInt64) -> ResetTokenGenerator {
            var generator = ResetTokenGenerator(keys: [key], signingKeyID: key.id)
            generator.now = { UnixTime(seconds: now) }
            let nonce = nonce
            generator.randomBytes = { _ in nonce }
            return generator
        }
    }

    @Test func workedExampleIsWhatTheImplementationComputes() throws {
        let values = try Self.workedExample()
        let example = try Example(values)
        #expect(example.key.secret.count == 32 && example.nonce.count == 16)
        let expiresAt = try values.number("expires_at")
        #expect(example.issuedAt + example.lifetime == expiresAt)

        let derived = DerivedKeys(secret: example.key.secret, purpose: example.purpose)
        #expect(derived.mac.withUnsafeBytes { TokenKey.hex($0) } == (try values.hex("mac_key")))
        #expect(derived.state.withUnsafeBytes { TokenKey.hex($0) } == (try values.hex("state_key")))

        // The state input as the implementation encodes it, and the tag it computes (which only the
        // document's input gives under the document's state key).
        var stateInput = LengthPrefixed()
        stateInput.append(example.accountID)
        stateInput.append(example.state.passwordHash)
        stateInput.append(example.state.email)
        stateInput.append(example.state.source.rawValue)
        stateInput.append(example.state.status.rawValue)
        #expect(TokenKey.hex(stateInput.bytes) == (try values.hex("state_input")))
        let stateTag = TokenFields.stateTag(accountID: example.accountID, state: example.state, key: derived)
        #expect(TokenKey.hex(stateTag) == (try values.hex("state_tag")))
        let documentStateKey = SymmetricKey(data: try values.bytes("state_key"))
        #expect(TokenKey.hex(HMACSHA256.code(try values.bytes("state_input"), key: documentStateKey).prefix(16)) == (try values.hex("state_tag")))

        // The token the implementation issues with these inputs, then its pieces.
        let token = try example.generator(now: example.issuedAt).makeToken(
            accountID: example.accountID, state: example.state, purpose: example.purpose, lifetime: example.lifetime)
        #expect(token == (try values.text("token")))
        #expect(token.count == 126)
        let bytes = try #require(Base64URL.decode(token))
        #expect(TokenKey.hex(bytes) == (try values.hex("token_bytes")))
        #expect(bytes.count == TokenFields.byteCount)

        let fields = TokenFields(keyID: example.key.id, purpose: example.purpose, issuedAt: example.issuedAt, expiresAt: expiresAt,
                                 accountID: example.accountID, nonce: example.nonce, stateTag: stateTag)
        #expect(TokenKey.hex(fields.headerBytes) == (try values.hex("header")))
        #expect(fields.headerBytes.count == 62)
        #expect(TokenKey.hex(fields.macInput) == (try values.hex("mac_input")))
        let mac = HMACSHA256.code(fields.macInput, key: derived.mac)
        #expect(TokenKey.hex(mac) == (try values.hex("mac")))
        #expect(fields.headerBytes + mac == bytes)

        var settings = ResetSettings()
        settings.endpointURL = try values.text("endpoint_url")
        #expect(settings.link(for: token) == (try values.text("link")))
    }

    /// What the document says about checking the example token.
    @Test func workedExampleTokenChecksAsTheDocumentSays() throws {
        let values = try Self.workedExample()
        let example = try Example(values)
        let token = try values.text("token")
        let expiresAt = try values.number("expires_at")
        func outcome(at now: UInt64, state: AccountState? = nil) -> TokenOutcome {
            let state = state ?? example.state
            return example.generator(now: now).checkToken(token, purpose: example.purpose) { $0 == example.accountID ? state : nil }.outcome
        }
        let valid = TokenOutcome.valid(accountID: example.accountID, expiresAt: expiresAt, nonce: example.nonce)
        #expect(outcome(at: example.issuedAt - 60) == valid)
        #expect(outcome(at: example.issuedAt - 61) == .notYetValid)
        #expect(outcome(at: expiresAt) == valid)
        #expect(outcome(at: expiresAt + 1) == .expired)
        var changed = example.state
        changed.passwordHash = "scrypt$ln=16,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        #expect(outcome(at: example.issuedAt, state: changed) == .accountStateChanged)
    }

    static func temporaryFile(_ contents: String, mode: Int = 0o600) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("token-format-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/keyring.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: mode]))
        return path
    }

    /// The example keyring loads, signs with the worked example's key, and is byte for byte what
    /// `resetlink keys` writes.
    @Test func keyringExampleLoadsAndSignsWithTheWorkedExampleKey() throws {
        let document = try Self.document()
        let json = try Self.block("keyring-example", in: document) + "\n"
        let values = try Values(Self.block("worked-example", in: document))
        let path = try Self.temporaryFile(json)
        let keyring = try Keyring.load(path: path)
        let signing = try #require(keyring.signingKey)
        #expect(signing.idText == (try values.text("key_id")))
        #expect(signing.secret == (try values.bytes("key_secret")))
        #expect(keyring.keys.filter(\.isRetired).count == 1)

        let rewritten = path + ".rewritten"
        try keyring.save(to: rewritten, replacing: false)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: rewritten)), as: UTF8.self) == json)

        // The prose around the example names each key by its role; check each role.
        let prose = Self.flat(document)
        // Booleans first, so a failure names the sentence instead of printing the whole document.
        let namesSigningKey = prose.contains("Key `\(signing.idText)` signs new tokens")
        #expect(namesSigningKey, "the document should say: Key `\(signing.idText)` signs new tokens")
        let state = AccountState(passwordHash: "", email: "a@example.com", source: .local, status: .active)
        for key in keyring.keys where key.id != signing.id {
            let sentence = "Tokens signed with `\(key.idText)` " + (key.isRetired ? "get `key-retired`" : "still verify")
            let says = prose.contains(sentence)
            #expect(says, "the document should say: \(sentence)")
            var signer = ResetTokenGenerator(keys: [TokenKey(id: key.id, secret: key.secret)], signingKeyID: key.id)
            signer.now = { 1_795_929_289 }
            let token = try signer.makeToken(accountID: 1, state: state, purpose: .passwordReset, lifetime: 60)
            var checker = keyring.generator
            checker.now = signer.now
            let outcome = checker.checkToken(token, purpose: .passwordReset) { _ in state }.outcome
            #expect(outcome.label == (key.isRetired ? "key-retired" : "valid"), "\(key.idText)")
        }

        // Group or others may read it: refused with the message the document quotes.
        let open = try Self.temporaryFile(json, mode: 0o644)
        #expect(throws: KeyringError.tooOpen(path: open, mode: 0o644)) { try Keyring.load(path: open) }
    }

    /// The refusals the document quotes are the ones the code gives.
    @Test func keyringMessagesAreQuotedExactly() throws {
        let document = try Self.document()
        let messages: [String] = [
            KeyringError.tooOpen(path: "private/keyring.json", mode: 0o644).description,
            KeyringError.missing(path: "PATH").description,
            KeyringError.tooOpen(path: "PATH", mode: 0o644).description,
            KeyringError.exists(path: "PATH").description,
            KeyringError.unreadable(path: "PATH", reason: "REASON").description,
            KeyringError.invalid(path: "PATH", reason: "not the expected JSON (missing 'format')").description,
            KeyringError.invalid(path: "PATH", reason: "format is 'X', expected 'resetlink-keyring-v1'").description,
            KeyringError.unknownKey("ID").description,
            KeyringError.alreadyRetired("ID").description,
            KeyringError.lastActiveKey("ID").description,
            TokenError.noActiveKey.description,
        ]
        let text = Self.flat(document)
        for message in messages {
            let quoted = text.contains(Self.flat(message))
            #expect(quoted, "docs/token-format.md does not quote: \(message)")
        }
    }

    /// The Python reference implementation, given the document's keyring, issues the same token.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")))
    func referenceImplementationIssuesTheSameToken() throws {
        let document = try Self.document()
        let values = try Values(Self.block("worked-example", in: document))
        let keys = try Self.temporaryFile(try Self.block("keyring-example", in: document))
        let account: [String: Any] = [
            "id": try values.number("account_id"), "password_hash": try values.text("password_hash"), "email": try values.text("email"),
            "source": try values.text("source"), "status": try values.text("status"),
        ]
        let accountJSON = String(decoding: try JSONSerialization.data(withJSONObject: account), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.folder.appendingPathComponent("reference/resetlink_token.py").path, "issue",
                             "--keys", keys, "--account", accountJSON, "--purpose", try values.text("purpose"),
                             "--now", try values.text("issued_at"), "--lifetime", try values.text("lifetime"), "--nonce", try values.hex("nonce")]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["token"] as? String == (try values.text("token")), "python said \(String(decoding: data, as: UTF8.self))")
    }
}
