import PasswordPolicy
import Translations

extension PasswordProblem {
    /// The sentence in a language (`policy.*`); `message` stays the English of the command line.
    public func text(_ strings: LanguageStrings) -> String {
        switch self {
        case .tooShort(let minimum): strings.text("policy.too_short", ["count": String(minimum)])
        case .tooLong(let maximum): strings.text("policy.too_long", ["count": String(maximum)])
        case .containsUsername: strings.text("policy.contains_username")
        case .containsEmail: strings.text("policy.contains_email")
        case .common: strings.text("policy.common")
        }
    }
}
