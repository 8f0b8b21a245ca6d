import ArgumentParser
import Keyring
import ResetTokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ResetlinkCommand {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Create, rotate, list and retire the keys that sign reset links.",
            discussion: """
                The keyring is written atomically with mode 0600 and refused when other users can \
                read it. New links are signed with the newest active key; links signed with an \
                older key keep working until that key is retired.
                """,
            subcommands: [New.self, Rotate.self, List.self, Retire.self]
        )
    }
}

extension ResetlinkCommand.Keys {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", abstract: "Create the keyring with one new key (refuses to overwrite one).")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let configuration = try options.load()
            let path = options.keyringPath(configuration)
            var keyring = Keyring()
            let key = keyring.addKey()
            do { try keyring.save(to: path, replacing: false) } catch { throw Output.fail(error.description) }
            Output.line("Created \(path) with key \(key.idText).")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate", abstract: "Add a new active key; new links are signed with it.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let configuration = try options.load()
            var keyring = try options.loadKeyring(configuration)
            let key = keyring.addKey()
            do { try keyring.save(to: options.keyringPath(configuration), replacing: true) } catch { throw Output.fail(error.description) }
            Output.line("Added key \(key.idText); new links are signed with it. Retire older keys once their links have expired.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys (never their secrets).")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let configuration = try options.load()
            let keyring = try options.loadKeyring(configuration)
            let signing = keyring.signingKey?.id
            Output.line("ID        STATUS   CREATED                SIGNS")
            for key in keyring.keys {
                let status = key.isRetired ? "retired" : "active "
                Output.line("\(key.idText)  \(status)  \(key.createdText)   \(key.id == signing ? "yes" : "")")
            }
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retire", abstract: "Retire a key: links signed with it stop working.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: ArgumentHelp("The key's id, as `keys list` shows it.", valueName: "id"))
        var id: String

        func run() throws {
            let configuration = try options.load()
            var keyring = try options.loadKeyring(configuration)
            do {
                try keyring.retire(id: id)
                try keyring.save(to: options.keyringPath(configuration), replacing: true)
            } catch { throw Output.fail(error.description) }
            Output.line("Retired key \(id).")
        }
    }
}
