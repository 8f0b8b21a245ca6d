import CLDAP

/// One password write: connect, bind as the service account, find the person's entry, write the
/// new password the target's way, then read back what the directory says about the change.
public enum PasswordWrite {
    /// The attributes read after a write: `pwdReset` must be absent (else the service account acts
    /// as a password administrator and the person would be made to change it again), and the time of
    /// the change is the marker (OpenLDAP ppolicy's `pwdChangedTime`, AD's `pwdLastSet`).
    static let readBackAttributes = ["pwdReset", "pwdChangedTime", "pwdLastSet"]

    public static func run(target: DirectoryTarget, bindSecret: SecretBytes, username: String, password: SecretBytes) -> DirectoryOutcome {
        guard let filter = SearchFilter.make(template: target.filter, username: username) else {
            return .failed(code: "noEntry", detail: "an empty username matches no directory entry")
        }
        do {
            let session = try LDAPSession(target: target)
            try session.bind(dn: target.bindDN, secret: bindSecret)
            let found = try session.findEntries(base: target.baseDN, filter: filter)
            guard let dn = found.dns.first else {
                return .failed(code: "noEntry", detail: "no entry under \(target.baseDN) matches \(filter)")
            }
            guard !found.several else {
                return .failed(code: "ambiguous", detail: "several entries under \(target.baseDN) match \(filter)")
            }
            if let refusal = try write(session: session, target: target, dn: dn, password: password) { return refusal }
            return readBack(session: session, dn: dn)
        } catch {
            return error.outcome
        }
    }

    /// Nil when the directory accepted the password; else its refusal or the failure.
    private static func write(session: LDAPSession, target: DirectoryTarget, dn: String, password: SecretBytes) throws(DirectoryFailure) -> DirectoryOutcome? {
        switch target.kind {
        case .rfc3062:
            let result = try session.passwordModify(dn: dn, password: password)
            if let policyError = result.policyError {
                return PasswordPolicyReason.outcome(for: policyError, diagnostic: result.diagnostic)
            }
            if result.code == LDAP_SUCCESS { return nil }
            // A refusal without the control (a quality module, a server without ppolicy): the
            // server's own words are all there is.
            if result.code == LDAP_CONSTRAINT_VIOLATION {
                let reason = result.diagnostic.isEmpty ? "" : " (\(DirectoryOutcome.oneLine(result.diagnostic)))"
                return .refused(code: "constraintViolation", words: "The directory refused this password\(reason). Choose a different one.")
            }
            return DirectoryFailure.ldap(result.code, "the password change of \(dn)", diagnostic: result.diagnostic).outcome
        case .activedirectory:
            guard let value = ActiveDirectoryPassword.unicodePwd(utf8: password) else {
                return .failed(code: "encoding", detail: "the new password is not valid UTF-8")
            }
            let result = try session.replace(dn: dn, attribute: ActiveDirectoryPassword.attribute, value: value,
                                             control: ActiveDirectoryPassword.policyHints)
            if result.code == LDAP_SUCCESS { return nil }
            return ActiveDirectoryPassword.outcome(code: result.code, diagnostic: result.diagnostic)
        }
    }

    /// After a write the directory accepted. A read that fails leaves the marker `unread`: the
    /// password did change, and saying otherwise would offer the person a link to change it again.
    private static func readBack(session: LDAPSession, dn: String) -> DirectoryOutcome {
        guard let values = try? session.read(dn: dn, attributes: readBackAttributes) else { return .changed(marker: "unread") }
        return outcome(afterWritingTo: dn, readBack: values)
    }

    /// What the entry says after the write: changed with its marker, unless the directory now
    /// demands another change at the next sign-in (ppolicy's `pwdReset`, AD's `pwdLastSet` of 0).
    static func outcome(afterWritingTo dn: String, readBack values: [String: [String]]) -> DirectoryOutcome {
        if let reset = values["pwdReset"]?.first {
            return .failed(code: "pwdReset", detail: "the password of \(dn) was changed, but the directory set pwdReset: \(reset): the service account "
                + "acts as a password administrator (manage access or rootdn); give it write access to the password, not manage")
        }
        if values["pwdLastSet"]?.first == "0" {
            return .failed(code: "pwdReset", detail: "the password of \(dn) was changed, but pwdLastSet is 0: the directory will make the "
                + "person change it at the next sign-in (clear 'must change password at next logon')")
        }
        for attribute in ["pwdChangedTime", "pwdLastSet"] {
            if let value = values[attribute]?.first { return .changed(marker: "\(attribute)=\(value)") }
        }
        return .changed(marker: "none")
    }
}
