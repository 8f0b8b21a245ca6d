import AccountStore
import ArgumentParser
import ResetFlow
import ResetTokens
import Settings

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where `issue` and `verify` get account state: the account database by default, or (for scripts
/// and tests) a JSON file of accounts, or the fields given as options.
///
/// ```json
/// {"accounts": [{"id": 42, "password_hash": "scrypt$…", "email": "ana@example.com", "source": "local", "status": "active"}]}
/// ```
/// (`password_changed_at`, Unix seconds, is optional: the state tag covers it for accounts that are not local.)
struct AccountStateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The account database, instead of reset.database.", valueName: "path"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("A JSON file of accounts: {\"accounts\": [{\"id\", \"password_hash\", \"email\", \"source\", \"status\"}]}.", valueName: "file"))
    var stateFile: String?

    @Option(name: .long, help: ArgumentHelp("The account's stored password hash (instead of --state-file).", valueName: "hash"))
    var passwordHash: String?

    @Option(name: .long, help: ArgumentHelp("The account's stored email address.", valueName: "address"))
    var email: String?

    @Option(name: .long, help: ArgumentHelp("local, sso, ldap or usersync.", valueName: "source"))
    var source: AccountSource = .local

    @Option(name: .long, help: ArgumentHelp("active or disabled.", valueName: "status"))
    var status: AccountStatus = .active

    /// Account states by id, and who may reset. With the field options, the one account is
    /// `account` (or any id, if nil); with neither a file nor fields, the account database, with
    /// the configuration's rule (`ResetSettings.resettable`, which reset.directory widens) — the
    /// same answer the web endpoint gives. A file or the fields get the default rule: active local
    /// accounts.
    func accounts(account: UInt64?, configuration: Configuration) throws(ExitCode) -> AccountLookup {
        if stateFile == nil, passwordHash == nil, email == nil {
            let path = database ?? configuration.resolve(configuration.reset.database)
            let store: AccountStore
            do { store = try AccountStore(path: path) } catch { throw Output.fail("cannot open the account database \(path): \(error)") }
            // The account behind the state asked for last: the rule needs its provider.
            var last: Account?
            return AccountLookup(state: { id in
                last = (try? store.account(id: Int64(clamping: id))) ?? nil
                return last?.state
            }, eligible: { _ in last.map(configuration.reset.resettable) ?? false })
        }
        if let stateFile {
            guard passwordHash == nil, email == nil else {
                throw Output.fail("give either --state-file or --password-hash and --email, not both")
            }
            let accounts = try Self.read(stateFile)
            return AccountLookup(state: { accounts[$0] })
        }
        guard let passwordHash, let email else {
            throw Output.fail("give the account's state as --password-hash and --email together (or use --state-file or the database)")
        }
        let state = AccountState(passwordHash: passwordHash, email: email, source: source, status: status)
        return AccountLookup(state: { id in account == nil || account == id ? state : nil })
    }

    struct AccountLookup {
        var state: (UInt64) -> AccountState?
        var eligible: (AccountState) -> Bool = { $0.isEligibleForReset }
    }

    private struct File: Decodable {
        struct Account: Decodable {
            var id: UInt64
            var password_hash: String
            var email: String
            var source: AccountSource
            var status: AccountStatus
            var password_changed_at: UInt64?
        }

        var accounts: [Account]
    }

    static func read(_ path: String) throws(ExitCode) -> [UInt64: AccountState] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Output.fail("cannot read the state file \(path)")
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            var accounts: [UInt64: AccountState] = [:]
            for account in file.accounts {
                guard accounts[account.id] == nil else { throw Output.fail("the state file \(path) lists account \(account.id) twice") }
                accounts[account.id] = AccountState(passwordHash: account.password_hash, email: account.email,
                                                    source: account.source, status: account.status,
                                                    passwordChangedAt: account.password_changed_at.map(UnixTime.init(seconds:)))
            }
            return accounts
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Output.fail("the state file \(path) is not valid: \(error)")
        }
    }
}

extension AccountSource: ExpressibleByArgument {}
extension AccountStatus: ExpressibleByArgument {}

/// `--purpose`: a `TokenPurpose` by its label. A wrapper rather than a conformance of TokenPurpose
/// itself: for any `CaseIterable & RawRepresentable` type, ArgumentParser's help shows the raw
/// value (`1`) as the default, whatever `defaultValueDescription` says.
struct PurposeArgument: ExpressibleByArgument, CaseIterable, Sendable {
    var purpose: TokenPurpose

    init(_ purpose: TokenPurpose) { self.purpose = purpose }

    init?(argument: String) {
        guard let purpose = TokenPurpose(label: argument) else { return nil }
        self.purpose = purpose
    }

    static let passwordReset = PurposeArgument(.passwordReset)

    static var allCases: [PurposeArgument] { TokenPurpose.allCases.map(PurposeArgument.init) }

    /// The default shown in help, and (with `allValueStrings`) the choices listed there.
    var defaultValueDescription: String { purpose.label }

    static var allValueStrings: [String] { TokenPurpose.allCases.map(\.label) }
}
