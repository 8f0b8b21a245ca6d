import ArgumentParser
import Diagnostics
import Keyring
import ResetTokens
import Settings

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

@main
enum ResetlinkMain {
    static func main() {
        // Everything resetlink creates (database, keyring, Maildir files) is private to its owner.
        umask(0o077)
        // No core file: the web form, `complete` and `auth` hold a password in memory (issue 18: no
        // password in any core dump path we control). One system call, negligible at start-up.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        // Exactly `resetlink cgi`: `resetlink cgi --help` is for the command-line parser.
        if getenv("GATEWAY_INTERFACE") != nil || CommandLine.arguments.dropFirst().elementsEqual(["cgi"]) {
            exit(CGIMain.run(environment: Environment.all()).rawValue)
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `verify` exits 0 only for a valid token, `complete` only for a changed password and `auth`
        // only for an accepted one (a login system that runs `auth --help` must not let everyone
        // in), and scripts hand the first two untrusted text: a text that makes the parser stop
        // cleanly (`-h`, `--help`, `--experimental-dump-help`, `--generate-completion-script`)
        // prints what it asks for but exits with the usage status. The parser answers some of those by throwing
        // a clean exit and `-h` by returning its own help command, whose run throws one.
        let guarded = ["verify", "complete", "auth"].contains(arguments.first ?? "")
        func exitAsUsage(_ error: Error) -> Never {
            Output.line(ResetlinkCommand.fullMessage(for: error))
            exit(ExitStatus.usage.rawValue)
        }
        var command: ParsableCommand
        do { command = try ResetlinkCommand.parseAsRoot(arguments) } catch {
            if guarded, ResetlinkCommand.exitCode(for: error) == .success { exitAsUsage(error) }
            ResetlinkCommand.exit(withError: error)
        }
        // Only the help command's clean exit; a valid token's `ExitCode(0)` is Verify's answer.
        let asksForHelp = guarded && !(command is ResetlinkCommand.Verify || command is ResetlinkCommand.Complete || command is ResetlinkCommand.Auth)
        do { try command.run() } catch {
            if asksForHelp, ResetlinkCommand.exitCode(for: error) == .success { exitAsUsage(error) }
            ResetlinkCommand.exit(withError: error)
        }
        if asksForHelp { exit(ExitStatus.usage.rawValue) }
        ResetlinkCommand.exit()
    }
}

// Every command's configuration names it (`commandName:`): otherwise ArgumentParser derives each
// name with String(describing:), whose dynamic casts were a third of `resetlink verify`'s start-up.
struct ResetlinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resetlink",
        abstract: "Issue and check signed, stateless password-reset links.",
        discussion: """
            Reads the reset: section of resetkit.yaml (or --config, or $RESETLINK_CONFIG).

            Exit status: \(ExitStatus.success.rawValue) success, \(ExitStatus.failure.rawValue) an error \
            (configuration, keyring, database, mail), \(ExitStatus.malformed.rawValue)-\(ExitStatus.accountStateChanged.rawValue) \
            a refused token (see resetlink verify --help), \(ExitStatus.weakPassword.rawValue) a password that \
            breaks the rules, \(ExitStatus.passwordMismatch.rawValue) a password that does not match, \
            \(ExitStatus.adminResetNotAllowed.rawValue) an administrator reset that is not allowed, \
            \(ExitStatus.declined.rawValue) a new password declined by a hook or the directory, \
            \(ExitStatus.usage.rawValue) a usage error.

            Scripts that pass a token or link they did not make put it after -- \
            (resetlink verify -- "$TEXT") or use verify --stdin.
            """,
        subcommands: [Keys.self, Accounts.self, Request.self, Complete.self, Admin.self, Audit.self, Issue.self, Verify.self, Check.self, Auth.self, CGI.self]
    )
}

extension ResetlinkCommand {
    /// Documents the CGI mode; `main` dispatches to it before the command-line parser runs.
    struct CGI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cgi",
            abstract: "Answer one CGI request (RFC 3875) from the environment and standard input.",
            discussion: """
                The web server runs resetlink with GATEWAY_INTERFACE set (or as resetlink cgi, with \
                no other argument); the configuration comes from $RESETLINK_CONFIG, else \
                ./resetkit.yaml. Routes under the endpoint: /forgot, /link?token=…, /new-password. \
                See docs/deploy-cgi.md.
                """)
        func run() {}
    }
}

/// Options every command that needs the configuration and keyring takes.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (default: $RESETLINK_CONFIG, else ./resetkit.yaml).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The keyring file, instead of reset.keyring.", valueName: "path"))
    var keyring: String?

    func load() throws(ExitCode) -> Configuration {
        let path = config ?? Environment.value("RESETLINK_CONFIG")
        do {
            return try Configuration.load(path: path)
        } catch {
            Output.diagnostics(error.diagnostics)
            throw Output.fail("the configuration has \(error.errorCount == 1 ? "1 error" : "\(error.errorCount) errors")")
        }
    }

    /// The keyring's path: `--keyring`, else `reset.keyring` relative to the configuration file.
    func keyringPath(_ configuration: Configuration) -> String {
        keyring ?? configuration.resolve(configuration.reset.keyring)
    }

    func loadKeyring(_ configuration: Configuration) throws(ExitCode) -> Keyring {
        do { return try Keyring.load(path: keyringPath(configuration)) } catch { throw Output.fail(error.description) }
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The whole environment, read from `environ` (Foundation's ProcessInfo costs more to set up
    /// than a CGI request can spare).
    static func all() -> [String: String] {
        var count = 0
        while environ[count] != nil { count += 1 }
        // Sized once: growing a dictionary rehashes every entry each time.
        var result = [String: String](minimumCapacity: count)
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}

/// Writes to standard output and error without buffering surprises (and without Foundation).
enum Output {
    static func line(_ text: String, error: Bool = false) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(error ? STDERR_FILENO : STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }

    static func diagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { line(diagnostic.formatted, error: true) }
    }

    /// Prints `resetlink: error: …` and returns the exit code for a failed command.
    static func fail(_ message: String) -> ExitCode {
        line("resetlink: error: \(message)", error: true)
        return ExitStatus.failure.code
    }
}
