import ArgumentParser
import ResetTokens
import Settings

extension ResetlinkCommand {
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Print a new token (or, with --link, the whole reset link) for an account.",
            discussion: "The token is signed with the keyring's newest active key and covers the account's current state.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var state: AccountStateOptions
        @OptionGroup var clock: ClockOption

        @Option(name: .long, help: ArgumentHelp("The account's internal id.", valueName: "id"))
        var account: UInt64

        @Option(name: .long, help: "What the token is for.")
        var purpose: PurposeArgument = .passwordReset

        @Flag(name: .long, help: "An administrator-initiated link: reset.admin_link_lifetime_minutes instead of reset.link_lifetime_minutes.")
        var admin = false

        @Option(name: .long, help: ArgumentHelp("Lifetime in minutes, instead of the configured one.", valueName: "minutes"))
        var lifetimeMinutes: UInt64?

        @Flag(name: .long, help: "Print the full link (reset.endpoint_url + /link?token=…) instead of the bare token.")
        var link = false

        func run() throws {
            let configuration = try options.load()
            let keyring = try options.loadKeyring(configuration)
            let accounts = try state.accounts(account: account, configuration: configuration)
            guard let current = accounts.state(account) else { throw Output.fail("there is no account \(account)") }
            var generator = keyring.generator
            clock.apply(to: &generator)
            let settings = configuration.reset
            let minutes = lifetimeMinutes ?? UInt64(admin ? settings.adminLinkLifetimeMinutes : settings.linkLifetimeMinutes)
            do {
                let token = try generator.makeToken(accountID: account, state: current, purpose: purpose.purpose, lifetime: minutes * 60)
                Output.line(link ? settings.link(for: token) : token)
            } catch {
                throw Output.fail(error.description)
            }
        }
    }
}
