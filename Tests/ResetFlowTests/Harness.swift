import AccountStore
import Foundation
import Keyring
import Mail
import ResetFlow
import ResetTokens
import Settings

/// A fresh account database, keyring and Maildir in a temporary folder, with the repository's
/// mail templates, a fixed clock and cheap scrypt parameters.
final class Harness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let support = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support")

    let folder: String
    let configuration: Configuration
    let keyring: Keyring
    var clock: UnixTime = 1_795_000_000
    private(set) var service: ResetService!

    var maildir: String { folder + "/maildir" }
    var databasePath: String { folder + "/accounts.sqlite" }

    /// `folder`: where the files go (a new temporary folder by default); `extra`: more of the reset section.
    init(folder path: String? = nil, disclosure: String = "private", delivery: String = "delivery: maildir", extra: String = "") throws {
        folder = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("resetflow-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        configuration = try Configuration.parse("""
            site:
              title: Password help
              base_url: https://help.example.org/guide/
              templates: \(Self.packageRoot.path)/Templates
            reset:
              endpoint_url: https://intranet.example.org/cgi-bin/resetlink
              login_url: https://intranet.example.org/login
              database: \(folder)/accounts.sqlite
              disclosure: \(disclosure)
              password: {scrypt_log_n: 10}
              mail:
                from: "Password help <no-reply@example.org>"
                \(delivery)
                maildir: \(folder)/maildir
              contacts:
                Okta: the Identity team (identity@example.org)
                ldap: the directory team
                default: the IT service desk
            \(extra)
            """, file: folder + "/resetkit.yaml")
        var keys = Keyring()
        keys.addKey()
        keyring = keys
        service = try makeService()
    }

    /// Another service over the same files (another process, in effect).
    func makeService() throws -> ResetService {
        let mail = configuration.reset.mail
        let mailer = Mailer(delivery: mail.delivery == .maildir ? .maildir(path: maildir) : .sendmail(command: mail.sendmail))
        let service = ResetService(configuration: configuration, store: try AccountStore(path: databasePath), keyring: keyring, mailer: mailer)
        service.now = { [unowned self] in self.clock }
        return service
    }

    var store: AccountStore { service.store }

    @discardableResult
    func add(_ username: String, _ email: String, source: AccountSource = .local, provider: String = "",
             status: AccountStatus = .active, name: String = "", password: String? = nil) throws -> Account {
        let hash = try password.map { try PasswordHasherShim.hash($0) } ?? ""
        return try store.add(AccountDetails(username: username, email: email, displayName: name, source: source,
                                            provider: provider, status: status), passwordHash: hash, now: clock)
    }

    /// Runs a request and delivers its mail, as the command line does.
    @discardableResult
    func request(_ email: String, username: String? = nil) throws -> PublicResponse {
        let result = try service.request(email: email, username: username)
        let failures = service.send(try service.followUp(result))
        if let failure = failures.first { throw failure }
        return result.response
    }

    // MARK: Received mail

    struct Received: Decodable {
        var from: String
        var to: String
        var subject: String
        var content_type: String
        var parts: [String]
        var text: String?
        var html: String?
        var defects: [String]
        var file: String?

        /// The address in To, without the display name.
        var address: String {
            guard let open = to.lastIndex(of: "<"), let close = to.lastIndex(of: ">") else { return to }
            return String(to[to.index(after: open)..<close])
        }

        /// The first reset link in the plain-text body.
        var link: String? {
            guard let text, let start = text.range(of: "https://intranet.example.org/cgi-bin/resetlink/link?token=") else { return nil }
            return String(text[start.lowerBound...].prefix { !$0.isWhitespace })
        }

        var token: String? { link.map { String($0.split(separator: "=").last ?? "") } }
    }

    /// Every message delivered so far, parsed by Python's email package, in file-name order: by
    /// second, not by arrival within one (tests clear the Maildir between steps instead).
    func received() throws -> [Received] {
        let folder = maildir + "/new"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return try names.map { name in
            var message = try Self.parse(Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            message.file = folder + "/" + name
            return message
        }
    }

    /// Clears the Maildir between steps.
    func clearMail() throws {
        let folder = maildir + "/new"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    static func parse(_ data: Data) throws -> Received {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", support.appendingPathComponent("parse-message.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let json = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(Received.self, from: json)
    }
}

import PasswordHashing

enum PasswordHasherShim {
    static func hash(_ password: String) throws -> String { try PasswordHasher(logN: 10).hash(password) }
}
