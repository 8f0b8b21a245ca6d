import Foundation
import TestServers

/// resetlink-directory run as ResetKit runs it: options on argv, the new password on standard
/// input, an empty environment. Every run also checks that the password is in neither output.
enum WriteCommand {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built executable next to the test bundle (else the default build folder).
    static let path: String = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent("resetlink-directory").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : packageRoot.appendingPathComponent(".build/debug/resetlink-directory").path
    }()

    struct Result {
        var status: Int32
        var line: String
        var err: String
    }

    enum Connection { case ldaps, startTLS, plain, url(String) }

    static func run(_ slapd: Slapd, username: String, password: String, connection: Connection = .ldaps, kind: String = "rfc3062",
                    bindDN: String = Slapd.serviceDN, filter: String = "(uid={username})", caFile: Bool = true,
                    usernameAsArgument: Bool = false, extra: [String] = []) throws -> Result {
        var arguments = ["--bind-dn", bindDN, "--secret-file", slapd.secretFile, "--base-dn", Slapd.suffix,
                         "--filter", filter, "--kind", kind, "--timeout", "5"]
        switch connection {
        case .ldaps: arguments += ["--url", slapd.ldapsURL]
        case .startTLS: arguments += ["--url", slapd.ldapURL, "--starttls"]
        case .plain: arguments += ["--url", slapd.ldapURL]
        case .url(let url): arguments += ["--url", url]
        }
        if caFile { arguments += ["--ca-file", slapd.caFile] }
        let name = usernameAsArgument ? ["--", username] : ["--username", username]
        let result = try Slapd.run(path, arguments + extra + name, input: Data((password + "\n").utf8))
        guard !result.out.contains(password), !result.err.contains(password) else {
            throw SlapdError.setup("the password appeared in resetlink-directory's output")
        }
        return Result(status: result.status, line: result.out.trimmingCharacters(in: .newlines), err: result.err)
    }
}
