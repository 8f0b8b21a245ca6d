import Foundation
import ResetTokens
import Testing

/// The `resetlink` executable as operators and scripts run it: files, output and exit codes.
@Suite struct ResetlinkCommandTests {
    static var executable: String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent("resetlink").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/resetlink").path
    }

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    /// A folder with a resetkit.yaml whose keyring lives in private/keyring.json.
    struct Workspace {
        let folder: String
        var config: String { folder + "/resetkit.yaml" }
        var keyring: String { folder + "/private/keyring.json" }
        var accounts: String { folder + "/accounts.json" }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("resetlink-cli-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Templates").path
            try """
                site:
                  templates: \(templates)
                reset:
                  endpoint_url: https://intranet.example.org/cgi-bin/resetlink/
                  keyring: private/keyring.json
                  link_lifetime_minutes: 60
                  admin_link_lifetime_minutes: 1440
                  password: {scrypt_log_n: 10}
                  mail: {delivery: maildir, maildir: private/maildir}
                  contacts: {Okta: the Identity team}
                """.write(toFile: config, atomically: true, encoding: .utf8)
            try writeAccounts(hash: "scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA")
        }

        func writeAccounts(hash: String, id: Int = 42, source: String = "local") throws {
            try #"{"accounts": [{"id": \#(id), "password_hash": "\#(hash)", "email": "ana@example.org", "source": "\#(source)", "status": "active"}]}"#
                .write(toFile: accounts, atomically: true, encoding: .utf8)
        }

        @discardableResult
        func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ResetlinkCommandTests.executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            var env = ProcessInfo.processInfo.environment
            env["RESETLINK_CONFIG"] = nil
            process.environment = env.merging(environment) { _, new in new }
            let out = Pipe(), err = Pipe(), stdin = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = stdin
            try process.run()
            if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
            try stdin.fileHandleForWriting.close()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                          err: String(decoding: errData, as: UTF8.self))
        }

        func issue(_ extra: [String] = [], now: UInt64 = 1_795_000_000) throws -> String {
            let result = try run(["issue", "--account", "42", "--state-file", accounts, "--now", "\(now)"] + extra)
            #expect(result.status == 0, "issue failed: \(result.err)")
            return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func verify(_ token: String, now: UInt64 = 1_795_000_060, _ extra: [String] = []) throws -> Result {
            try run(["verify", token, "--state-file", accounts, "--now", "\(now)"] + extra)
        }
    }

    @Test func keyLifecycle() throws {
        let work = try Workspace()
        let created = try work.run(["keys", "new"])
        #expect(created.status == 0)
        #expect(created.out.hasPrefix("Created private/keyring.json with key ") || created.out.contains("/private/keyring.json with key "))
        let mode = try FileManager.default.attributesOfItem(atPath: work.keyring)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let again = try work.run(["keys", "new"])
        #expect(again.status == 1)
        #expect(again.err.contains("already exists; use `resetlink keys rotate` to add a key"))

        #expect(try work.run(["keys", "rotate"]).status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.keyring))) as? [String: Any]
        let keys = try #require(json?["keys"] as? [[String: String]])
        #expect(keys.count == 2)
        let list = try work.run(["keys", "list"])
        #expect(list.status == 0)
        for key in keys {
            #expect(list.out.contains(try #require(key["id"])))
            #expect(!list.out.contains(try #require(key["secret"])), "keys list printed a secret")
        }
        let newest = try #require(keys.last?["id"])
        #expect(list.out.split(separator: "\n").contains { $0.hasPrefix(newest) && $0.hasSuffix("yes") })

        let oldest = try #require(keys.first?["id"])
        #expect(try work.run(["keys", "retire", oldest]).status == 0)
        #expect(try work.run(["keys", "list"]).out.contains("\(oldest)  retired"))
        let twice = try work.run(["keys", "retire", oldest])
        #expect(twice.status == 1 && twice.err.contains("already retired"))
        let last = try work.run(["keys", "retire", newest])
        #expect(last.status == 1 && last.err.contains("only active key"))
    }

    @Test func keyringReadableByOthersIsRefused() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: work.keyring)
        let result = try work.run(["keys", "list"])
        #expect(result.status == 1)
        #expect(result.err == "resetlink: error: the keyring private/keyring.json can be read by other users (mode 644); make it private with `chmod 600 private/keyring.json`\n")
        #expect(try work.issueStatus() == 1)
    }

    @Test func exitCodeForEveryOutcome() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        let token = try work.issue()
        let bytes = try #require(Base64URL.decode(token))
        func mutated(_ change: (inout [UInt8]) -> Void) -> String {
            var copy = bytes
            change(&copy)
            return Base64URL.encode(copy)
        }

        #expect(try work.verify(token).status == 0)
        #expect(try work.verify("not a token").status == 10)
        #expect(try work.verify(mutated { $0[0] = 2 }).status == 11)
        #expect(try work.verify(mutated { $0[1] ^= 0xFF }).status == 12)
        #expect(try work.verify(mutated { $0[93] ^= 1 }).status == 14)
        #expect(try work.verify(try work.issue(["--purpose", "email-verification"])).status == 15)
        #expect(try work.verify(token, now: 1_795_000_000 + 3601).status == 16)
        #expect(try work.verify(token, now: 1_795_000_000 + 3600).status == 0)
        #expect(try work.verify(try work.issue(now: 1_795_000_000 + 61), now: 1_795_000_000).status == 17)
        #expect(try work.verify(try work.issue(now: 1_795_000_000 + 60), now: 1_795_000_000).status == 0)

        try work.writeAccounts(hash: "scrypt$ln=17,r=8,p=1$bmV3$bmV3")
        #expect(try work.verify(token).status == 19)
        try work.writeAccounts(hash: "scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA", id: 7)
        #expect(try work.verify(token).status == 18)

        // Retiring the key that signed it.
        try work.writeAccounts(hash: "scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA")
        let signer = try #require(Base64URL.decode(token)).dropFirst().prefix(4).map { String(format: "%02x", $0) }.joined()
        try work.run(["keys", "rotate"])
        #expect(try work.run(["keys", "retire", signer]).status == 0)
        #expect(try work.verify(token).status == 13)
    }

    @Test func verifyPrintsTextOrJSON() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        let token = try work.issue()
        let text = try work.verify(token)
        #expect(text.out.hasPrefix("valid: account 42, purpose password-reset, issued 2026-11-18T"))
        #expect(text.out.contains("expires 2026-11-18T"))
        let json = try work.verify(token, now: 1_795_000_000 + 4000, ["--json"])
        #expect(json.status == 16)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(object?["outcome"] as? String == "expired")
        #expect(object?["account_id"] as? Int == 42)
        #expect(object?["expires_at"] as? Int == 1_795_003_600)
        #expect((object?["nonce"] as? String)?.count == 32)
        let forged = try work.verify(Base64URL.encode([1, 0, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 88)), ["--json"])
        #expect(forged.out == "{\"outcome\": \"unknown-key\"}\n")
    }

    @Test func linkUsesTheConfiguredEndpointAndVerifyAcceptsIt() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        let link = try work.issue(["--link"])
        #expect(link.hasPrefix("https://intranet.example.org/cgi-bin/resetlink/link?token="))
        #expect(try work.verify(link).status == 0)
        let admin = try work.issue(["--admin"])
        #expect(try work.verify(admin, now: 1_795_000_000 + 24 * 3600).status == 0)
        #expect(try work.verify(admin, now: 1_795_000_000 + 24 * 3600 + 1).status == 16)
    }

    @Test func configurationComesFromTheEnvironmentToo() throws {
        let work = try Workspace()
        let result = try work.run(["keys", "list", "--keyring", work.keyring], environment: ["RESETLINK_CONFIG": "/nonexistent/resetkit.yaml"])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("/nonexistent/resetkit.yaml: error: cannot read the configuration file"))
        // An explicit --config wins over the environment.
        try work.run(["keys", "new"])
        #expect(try work.run(["keys", "list", "--config", work.config], environment: ["RESETLINK_CONFIG": "/nonexistent/resetkit.yaml"]).status == 0)
    }

    @Test func errorsBeforeCheckingExitOneAndUsageErrors64() throws {
        let work = try Workspace()
        try work.run(["keys", "new"])
        let halfState = try work.run(["verify", "abc", "--email", "a@example.org"])
        #expect(halfState.status == 1)
        #expect(halfState.err.contains("--password-hash and --email together"))
        // Without state options the account database is used (created on first use).
        #expect(try work.run(["verify", "Ag"]).status == 11)
        let mode = try FileManager.default.attributesOfItem(atPath: work.folder + "/private/resetkit.sqlite")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try work.run(["verify"]).status == 64)
        #expect(try work.run(["issue", "--account", "nope", "--state-file", work.accounts]).status == 64)
    }
}

extension ResetlinkCommandTests.Workspace {
    func issueStatus() throws -> Int32 {
        try run(["issue", "--account", "42", "--state-file", accounts]).status
    }
}
