import ArgumentParser
import Diagnostics
import Settings

extension ResetlinkCommand {
    /// `resetlink check`: what an operator runs after deploying, before the first person asks for a link.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a deployment: configuration, templates, keyring, database, mail.",
            usage: "resetlink check [--config <path>] [--keyring <path>] [--database <path>]",
            discussion: """
                Reads the configuration; parses every template resetlink renders (built in, or from \
                site.templates when it is set) and checks each name it uses; checks that the keyring \
                exists, belongs to this user and has mode 0600; that the account database is at the \
                schema version this resetlink expects (opened read-only: it is neither created nor \
                migrated); that the mail command can be run (or the Maildir written); and that the \
                reset.hooks programs, if any, can be run.

                Run it as the user the web server runs resetlink as. Every problem is printed at once, \
                as file:line:column: error: … or one sentence; the exit status is 1 if there is any, \
                0 otherwise.
                """)

        @OptionGroup var config: ConfigOptions

        @Option(name: .long, help: ArgumentHelp("The account database, instead of reset.database.", valueName: "path"))
        var database: String?

        func run() throws {
            let path = config.config ?? Environment.value("RESETLINK_CONFIG")
            if path == nil, FileStatus(Configuration.defaultFileName) == nil {
                throw Output.fail("no configuration: there is no \(Configuration.defaultFileName) here; name it with --config or RESETLINK_CONFIG, as the web server does")
            }
            let configuration = try config.load()
            let check = DeploymentCheck(configuration: configuration, keyringPath: config.keyringPath(configuration),
                                        databasePath: database ?? configuration.resolve(configuration.reset.database))
            let parts = check.parts
            let problems = parts.flatMap(\.problems)
            guard problems.isEmpty else {
                Output.diagnostics(problems)
                throw Output.fail("the check found \(problems.count == 1 ? "1 problem" : "\(problems.count) problems")")
            }
            Output.line("resetlink check: \(configuration.file ?? Configuration.defaultFileName) is ready")
            for part in parts { Output.line("  " + part.summary) }
        }
    }
}
