import CLDAP

/// What the password policy response control (draft-behera-ldap-password-policy, OpenLDAP's ppolicy)
/// says about a refused change, as a refusal the person can act on or a failure for the operator.
enum PasswordPolicyReason {
    static func outcome(for error: LDAPPasswordPolicyError, diagnostic: String) -> DirectoryOutcome {
        let name = code(error)
        let words: String? = switch error {
        case PP_passwordTooShort: "This password is shorter than the directory allows. Choose a longer one."
        case PP_passwordTooLong: "This password is longer than the directory allows. Choose a shorter one."
        case PP_insufficientPasswordQuality: "This password does not meet the directory's quality rules. Choose a different one."
        case PP_passwordInHistory: "You have used this password recently. Choose one you have not used before."
        case PP_passwordTooYoung: "Your password was changed too recently to change it again now. Try again later."
        case PP_accountLocked: "Your account is locked in the directory. Contact your directory team."
        default: nil
        }
        if let words { return .refused(code: name, words: words) }
        // The service account's own state or the policy's settings: nothing the person can fix.
        let text = ldap_passwordpolicy_err2txt(error).map { String(cString: $0) } ?? name
        let detail = diagnostic.isEmpty ? "password policy: \(text)" : "password policy: \(text) (\(diagnostic))"
        return .failed(code: name, detail: detail)
    }

    /// The error's name in the draft (also its name in OpenLDAP's ppolicy), used as the code.
    static func code(_ error: LDAPPasswordPolicyError) -> String {
        switch error {
        case PP_passwordExpired: "passwordExpired"
        case PP_accountLocked: "accountLocked"
        case PP_changeAfterReset: "changeAfterReset"
        case PP_passwordModNotAllowed: "passwordModNotAllowed"
        case PP_mustSupplyOldPassword: "mustSupplyOldPassword"
        case PP_insufficientPasswordQuality: "insufficientPasswordQuality"
        case PP_passwordTooShort: "passwordTooShort"
        case PP_passwordTooYoung: "passwordTooYoung"
        case PP_passwordInHistory: "passwordInHistory"
        case PP_passwordTooLong: "passwordTooLong"
        default: "passwordPolicy\(error.rawValue)"
        }
    }
}
