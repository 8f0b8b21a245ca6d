import Foundation

/// How usernames and email addresses are compared: Unicode NFKC normalisation, then full case
/// folding — Django's fix for CVE-2019-19844. Upper-casing would make `mıke` (dotless ı) equal to
/// `mike`; folding keeps them apart, and NFKC makes full-width `ｍｉｋｅ` equal to `mike`. Mail
/// always goes to the address stored on the account, never to the one typed, so a look-alike can at
/// worst reach the account's real owner.
public enum IdentityKey {
    public static func make(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
    }
}
