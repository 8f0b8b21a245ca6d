import AccountStore
import ArgumentParser
import Keyring
import Mail
import ResetFlow
import ResetTokens
import Settings

/// Options for commands that use the account store (and, for most, the keyring and mail).
struct ServiceOptions: ParsableArguments {
    @OptionGroup var config: ConfigOptions

    @Option(name: .long, help: ArgumentHelp("The account database, instead of reset.database.", valueName: "path"))
    var database: String?

    @OptionGroup var clock: ClockOption

    func openStore(_ configuration: Configuration) throws(ExitCode) -> AccountStore {
        let path = database ?? configuration.resolve(configuration.reset.database)
        do { return try AccountStore(path: path) } catch { throw Output.fail("cannot open the account database \(path): \(error)") }
    }

    /// Configuration, store, keyring and mailer together.
    func service() throws(ExitCode) -> ResetService {
        let configuration = try config.load()
        _ = try openStore(configuration)  // a clear message for a database that cannot be opened
        _ = try config.loadKeyring(configuration)
        let service: ResetService
        do {
            service = try ResetService.open(configuration, keyringPath: config.keyringPath(configuration),
                                            databasePath: database ?? configuration.resolve(configuration.reset.database))
        } catch { throw Output.fail("\(error)") }
        clock.apply(to: service)
        return service
    }

    /// Now: `--now`, else the system clock.
    var now: UnixTime { clock.now ?? .now }
}

/// Reads a password from standard input: one line, without its line break.
enum PasswordInput {
    static func read() throws(ExitCode) -> String {
        guard let line = readLine(strippingNewline: true) else {
            throw Output.fail("expected the password on standard input")
        }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}
