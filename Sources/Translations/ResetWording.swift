import Settings

/// The one-truth facts in words (`{{reset.*}}` in the guide, resetlink's pages and mails), in a
/// language: the wording is in the `reset:` section of the strings, the facts in the settings.
/// The entry points without a language speak the built-in English.
extension ResetSettings {
    /// How a lifetime reads: `60 minutes`, `90 minutes`, `2 hours`, `24 hours` (whole hours from two on).
    public static func durationText(minutes: Int, _ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        if minutes >= 120, minutes % 60 == 0 { return strings.plural("reset.hours", count: minutes / 60) }
        return strings.plural("reset.minutes", count: minutes)
    }

    /// What the request form answers, whatever happened (so it reveals nothing).
    public static func genericAnswer(_ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        strings.text("reset.answer")
    }

    /// The seed's rule for accounts whose password lives elsewhere, as the guide states it.
    public static func managedElsewhereSentence(_ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        strings.text("reset.managed_elsewhere")
    }

    /// The guide's sentence about SSO and directory accounts (`{{reset.directory_accounts}}`),
    /// from the same setting that decides who may reset: with a directory connected for writing,
    /// it names whose accounts can reset here.
    public func directoryAccountsSentence(_ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        guard let names = servedNames(strings) else { return Self.managedElsewhereSentence(strings) }
        return strings.text("reset.directory_accounts", ["names": names])
    }

    /// Whose password a reset here can change (`{{reset.resettable_accounts}}`): "local accounts",
    /// or "local accounts and accounts of Corporate LDAP".
    public func resettableAccountsText(_ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        guard let names = servedNames(strings) else { return strings.text("reset.resettable_local") }
        return strings.text("reset.resettable_with_directory", ["names": names])
    }

    /// The exception a directory connected for writing makes to the guide's "cannot be reset here"
    /// statements (`{{reset.directory_exception}}`, written right after them): empty without one.
    public func directoryExceptionText(_ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        guard let names = servedNames(strings) else { return "" }
        return strings.text("reset.directory_exception", ["names": names])
    }

    /// The served providers and sources in words ("Corporate LDAP and the LDAP directory"), nil
    /// when no directory is connected for writing.
    private func servedNames(_ strings: LanguageStrings) -> String? {
        guard let directory, !directory.providers.isEmpty || !directory.sources.isEmpty else { return nil }
        let names = directory.providers + directory.sources.map { source in
            strings.has("reset.source_" + source) ? strings.text("reset.source_" + source) : source
        }
        return Self.inWords(names, strings)
    }

    /// "A", "A and B", "A, B and C".
    static func inWords(_ names: [String], _ strings: LanguageStrings) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return strings.text("reset.list_last", ["rest": names.dropLast().joined(separator: ", "), "last": last])
    }

    /// "Anything else": the last entry of the contacts list.
    public static func otherContactsLabel(_ strings: LanguageStrings = Translations.builtInEnglish) -> String {
        strings.text("reset.contacts_other")
    }
}
