import Keyring
import AccountStore
import ArgumentParser
import Diagnostics
import PasswordHashing
import ResetTokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ResetlinkCommand {
    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accounts",
            abstract: "Import, add, list and inspect accounts in the account database.",
            subcommands: [Import.self, Add.self, List.self, Search.self, Show.self, CheckPassword.self]
        )
    }
}

extension ResetlinkCommand.Accounts {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Apply a people export (CSV: username,email,name,source,provider,status) as an upsert.",
            usage: "resetlink accounts import [<options>] <file>",
            discussion: "Every row is checked first; a file with any bad row changes nothing. Importing the same file again changes nothing.")
        @OptionGroup var options: ServiceOptions
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"))
        var file: String

        func run() throws {
            let configuration = try options.config.load()
            guard let data = FileManager.default.contents(atPath: file) else { throw Output.fail("cannot read \(file)") }
            guard let text = String(data: data, encoding: .utf8) else { throw Output.fail("\(file) is not UTF-8 text") }
            let rows: [AccountImport.Row]
            do { rows = try AccountImport.parse(text, file: file) } catch {
                Output.diagnostics(error.diagnostics)
                throw Output.fail("\(file) has \(error.errorCount == 1 ? "1 bad row" : "\(error.errorCount) bad rows"); nothing was imported")
            }
            let store = try options.openStore(configuration)
            let report: AccountImport.Report
            do { report = try AccountImport.apply(rows, to: store, file: file, now: options.now) } catch {
                throw Output.fail("import failed, nothing was changed: \(error)")
            }
            for name in report.added { Output.line("added    \(name)") }
            for (name, fields) in report.updated { Output.line("updated  \(name): \(fields.joined(separator: ", "))") }
            Output.line("Imported \(file): \(report.summary).")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add one account.", usage: "resetlink accounts add [<options>] <username> --email <email>")
        @OptionGroup var options: ServiceOptions
        @Argument(help: ArgumentHelp("The username (unique, compared ignoring case).", valueName: "username"))
        var username: String
        @Option(name: .long, help: "The email address.") var email: String
        @Option(name: .long, help: "The person's name.") var name = ""
        @Option(name: .long, help: "local, sso, ldap or usersync.") var source: AccountSource = .local
        @Option(name: .long, help: "The identity provider or directory, e.g. Okta.") var provider = ""
        @Option(name: .long, help: "active or disabled.") var status: AccountStatus = .active
        @Flag(name: .long, help: "Read an initial password from standard input (local accounts only).")
        var passwordStdin = false

        func run() throws {
            let configuration = try options.config.load()
            let store = try options.openStore(configuration)
            var hash = ""
            if passwordStdin {
                guard source == .local else { throw Output.fail("only local accounts have a password here") }
                let password = try PasswordInput.read()
                do { hash = try PasswordHasher(logN: configuration.reset.password.scryptLogN).hash(password) } catch {
                    throw Output.fail("\(error)")
                }
            }
            let details = AccountDetails(username: username, email: email, displayName: name, source: source, provider: provider, status: status)
            do {
                let account = try store.add(details, passwordHash: hash, now: options.now)
                Output.line("Added account \(account.id): \(account.username) <\(account.email)>.")
            } catch {
                throw Output.fail("\(error)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List every account (never password hashes).", usage: "resetlink accounts list [<options>]")
        @OptionGroup var options: ServiceOptions

        func run() throws {
            let configuration = try options.config.load()
            let accounts: [Account]
            do { accounts = try options.openStore(configuration).allAccounts() } catch { throw Output.fail("\(error)") }
            Output.line("ID  USERNAME  EMAIL  SOURCE  PROVIDER  STATUS  PASSWORD")
            for account in accounts {
                Output.line("\(account.id)  \(account.username)  \(account.email)  \(account.source.rawValue)  "
                    + "\(account.provider.isEmpty ? "-" : account.provider)  \(account.status.rawValue)  \(account.passwordHash.isEmpty ? "none" : "set")")
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Find accounts by the start of a username, an email address or a word of the name.",
            usage: "resetlink accounts search <text> [--limit <n>] [--offset <n>] [<options>]",
            discussion: "Case and Unicode compatibility forms are ignored, as the forgot-password form compares them; with several words, an account must match each. Prints one page, then how many match in all.")
        @OptionGroup var options: ServiceOptions

        @Argument(help: ArgumentHelp("What to look for, e.g. lima or ana@.", valueName: "text"))
        var text: String

        @Option(name: .long, help: ArgumentHelp("How many accounts to print.", valueName: "n"))
        var limit: Int = 50

        @Option(name: .long, help: ArgumentHelp("How many matching accounts to skip first.", valueName: "n"))
        var offset: Int = 0

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
            guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        }

        func run() throws {
            let configuration = try options.config.load()
            let found: (accounts: [Account], total: Int)
            do { found = try options.openStore(configuration).search(text, limit: limit, offset: offset) } catch { throw Output.fail("\(error)") }
            Output.line("ID  USERNAME  EMAIL  NAME  SOURCE  STATUS")
            for account in found.accounts {
                Output.line("\(account.id)  \(account.username)  \(account.email)  \(account.displayName.isEmpty ? "-" : account.displayName)  "
                    + "\(account.source.rawValue)  \(account.status.rawValue)")
            }
            Output.line("\(found.total) matching, \(found.accounts.count) shown from \(offset + 1)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one account.", usage: "resetlink accounts show [<options>] <username>")
        @OptionGroup var options: ServiceOptions
        @Argument(help: ArgumentHelp("The username.", valueName: "username")) var username: String

        func run() throws {
            let configuration = try options.config.load()
            guard let account = try? options.openStore(configuration).account(username: username) else {
                throw Output.fail("no account has the username '\(username)'")
            }
            Output.line("""
                id:          \(account.id)
                username:    \(account.username)
                email:       \(account.email)
                name:        \(account.displayName)
                source:      \(account.source.rawValue)\(account.provider.isEmpty ? "" : " (\(account.provider))")
                status:      \(account.status.rawValue)
                password:    \(account.passwordHash.isEmpty ? "none" : "set")\(account.passwordChangedAt.map { ", changed \(Time.iso($0))" } ?? "")
                created:     \(Time.iso(account.createdAt))
                updated:     \(Time.iso(account.updatedAt))
                """)
        }
    }

    struct CheckPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-password",
            abstract: "Check a password (read from standard input) against an account.",
            usage: "resetlink accounts check-password [<options>] <username>",
            discussion: """
                Exit status: \(ExitStatus.success.rawValue) when it matches, \(ExitStatus.passwordMismatch.rawValue) \
                when it does not, \(ExitStatus.failure.rawValue) on an error.
                """)
        @OptionGroup var options: ServiceOptions
        @Argument(help: ArgumentHelp("The username.", valueName: "username")) var username: String

        func run() throws {
            let configuration = try options.config.load()
            guard let account = try? options.openStore(configuration).account(username: username) else {
                throw Output.fail("no account has the username '\(username)'")
            }
            let password = try PasswordInput.read()
            if PasswordHasher.verify(password, against: account.passwordHash) {
                Output.line("The password matches.")
            } else {
                Output.line("The password does not match.")
                throw ExitStatus.passwordMismatch.code
            }
        }
    }
}

enum Time {
    static func iso(_ time: UnixTime) -> String {
        UTCTimestamp.format(Date(timeIntervalSince1970: Double(time.seconds)))
    }
}
