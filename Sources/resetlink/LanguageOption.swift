import ArgumentParser
import ResetFlow
import Settings

/// `--language`: the language of the mail a command sends (and of the pages its link opens), one
/// of `site.languages`. Without it, mail goes out in the account's last language (the one the
/// person last used the reset pages in), else the default.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the mail in this language (one of site.languages) instead of the account's last language.",
                                            valueName: "code"))
    var language: String?

    /// The configured language asked for, in its configured spelling; an unknown one is an error.
    func checked(_ configuration: Configuration) throws(ExitCode) -> String? {
        guard let language else { return nil }
        guard let match = configuration.endpointLanguages.first(where: { $0.lowercased() == language.lowercased() }) else {
            throw Output.fail("--language \(language) is not one of site.languages (\(configuration.endpointLanguages.joined(separator: ", ")))")
        }
        return match
    }
}
