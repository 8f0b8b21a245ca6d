/// Which plural form a count takes in a language (CLDR's rules for cardinal integers, for the
/// languages a help centre is likely to publish). Languages with `few`/`many` forms (Polish,
/// Russian, Czech…) are not modelled yet: they get `one` for 1 and `other` otherwise.
enum PluralRule {
    static func category(for count: Int, language: String) -> String {
        let primary = language.split(separator: "-").first.map { $0.lowercased() } ?? ""
        if noPlural.contains(primary) { return "other" }
        if zeroIsOne.contains(primary) || language.lowercased() == "pt-br" {
            return count == 0 || count == 1 ? "one" : "other"
        }
        return count == 1 ? "one" : "other"
    }

    /// Languages with one form for every count.
    private static let noPlural: Set<String> = ["ja", "zh", "ko", "vi", "th", "id", "ms", "lo", "my"]
    /// Languages where 0 takes the singular (French; Brazilian Portuguese).
    private static let zeroIsOne: Set<String> = ["fr", "hy", "kab"]
}
