import AccountStore
import ArgumentParser
import ResetFlow
import Settings

#if canImport(Glibc)
import Glibc
#endif

extension SignInInterface: ExpressibleByArgument {}

extension ResetlinkCommand {
    /// The checker login systems call (docs/operations.md, "Login systems that call resetlink auth").
    struct Auth: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth",
            abstract: "Check a username and password for a login system (Apache mod_authnz_external, checkpassword, PAM pam_exec).",
            usage: "resetlink auth --interface <interface> [<options>] [<program> ...]",
            discussion: """
                Only local, active accounts with a password here can pass; SSO and directory accounts \
                are refused. Nothing is printed unless the input is malformed or the check cannot run.

                --interface pipe: the username on the first line of standard input, the password on \
                the second (mod_authnz_external's pipe method).

                --interface checkpassword: user\\0password\\0timestamp\\0 on descriptor 3; when accepted, \
                runs <program> with its arguments (USER set to the username), or exits 0 without one.

                --interface pam: the username in $PAM_USER, the password on standard input \
                (pam_exec expose_authtok).

                Each answer is audited (never the password). After reset.auth.max_failures refusals \
                within reset.auth.window_minutes an account is refused without checking until the \
                window moves on or its password changes.

                Exit status (checkpassword's): \(AuthExit.accepted.rawValue) accepted, \
                \(AuthExit.refused.rawValue) refused, \(AuthExit.misuse.rawValue) malformed input \
                (the reason on standard error), \(AuthExit.temporary.rawValue) the check could not run \
                (configuration, database).
                """)
        @OptionGroup var options: ServiceOptions
        @Option(name: .long, help: ArgumentHelp("How the login system passes the username and password.", valueName: "interface"))
        var interface: SignInInterface
        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("checkpassword only: the program to run once accepted, and its arguments.", valueName: "program"))
        var program: [String] = []

        func validate() throws {
            if !program.isEmpty, interface != .checkpassword {
                throw ValidationError("only --interface checkpassword runs a program after the check")
            }
        }

        func run() throws {
            let credentials: SignInCredentials
            do { credentials = try credentialsFromCaller() } catch { throw AuthExit.misuse.fail("\(error)") }
            let configuration: Configuration
            let store: AccountStore
            do {
                configuration = try options.config.load()
                store = try options.openStore(configuration)
            } catch { throw AuthExit.temporary.code }  // the reason is already on standard error
            var authenticator = Authenticator(store: store, settings: configuration.reset.auth,
                                              scryptLogN: configuration.reset.password.scryptLogN)
            if let now = options.clock.now { authenticator.now = { now } }
            let decision: Authenticator.Decision
            do { decision = try authenticator.check(credentials, via: interface) } catch {
                throw AuthExit.temporary.fail("the check could not run: \(error)")
            }
            guard case .accepted(let username) = decision else { throw AuthExit.refused.code }
            if !program.isEmpty { try Self.exec(program, user: username) }
        }

        /// The credentials from where this interface puts them.
        func credentialsFromCaller() throws -> SignInCredentials {
            switch interface {
            case .pipe:
                return try SignInInput.pipe(try Self.readAll(STDIN_FILENO, limit: SignInInput.streamLimit, what: "standard input"))
            case .checkpassword:
                return try SignInInput.checkpassword(try Self.readAll(3, limit: SignInInput.checkpasswordLimit, what: "descriptor 3"))
            case .pam:
                return try SignInInput.pam(user: Environment.value("PAM_USER"), type: Environment.value("PAM_TYPE"),
                                           stdin: try Self.readAll(STDIN_FILENO, limit: SignInInput.streamLimit, what: "standard input"))
            }
        }

        /// Everything on `fd` until end of file, and one byte more than `limit` at most (so that the
        /// parser can tell input that is too long).
        static func readAll(_ fd: Int32, limit: Int, what: String) throws(AuthInputReadError) -> [UInt8] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1024)
            while bytes.count <= limit {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count == 0 { break }
                if count < 0 {
                    if errno == EINTR { continue }
                    // checkpassword's descriptor 3 is the caller's to open; say so when it did not.
                    let reason = errno == EBADF ? "it is not open" + (fd == 3 ? " (the caller passes user\\0password\\0timestamp\\0 on it)" : "")
                        : String(cString: strerror(errno))
                    throw AuthInputReadError(what: what, reason: reason)
                }
                bytes += buffer[..<count]
            }
            return bytes
        }

        /// checkpassword's "prog": replaces this process, so nothing of the check outlives it.
        static func exec(_ program: [String], user: String) throws -> Never {
            close(3)  // the credentials' descriptor is not the program's business
            setenv("USER", user, 1)
            var arguments: [UnsafeMutablePointer<CChar>?] = program.map { strdup($0) }
            arguments.append(nil)
            execvp(program[0], arguments)
            throw AuthExit.temporary.fail("cannot run \(program[0]): \(String(cString: strerror(errno)))")
        }
    }
}

struct AuthInputReadError: Error, CustomStringConvertible {
    var what: String
    var reason: String
    var description: String { "cannot read \(what): \(reason)" }
}

/// `resetlink auth`'s exit statuses: the checkpassword interface's, which mod_authnz_external and
/// pam_exec read as "zero accepts".
enum AuthExit: Int32 {
    case accepted = 0
    case refused = 1
    case misuse = 2
    case temporary = 111

    var code: ExitCode { ExitCode(rawValue) }

    /// Prints `resetlink auth: …` on standard error and returns this status.
    func fail(_ message: String) -> ExitCode {
        Output.line("resetlink auth: \(message)", error: true)
        return code
    }
}
