import CLDAP
import Testing
@testable import DirectoryWrite

/// The checks made before any connection, the filter escaping, the policy reasons and the output line.
struct DirectoryTargetTests {
    func target(_ url: String, kind: DirectoryKind = .rfc3062, startTLS: Bool = false, insecure: Bool = false,
                filter: String = "(uid={username})") throws(DirectoryTargetError) -> DirectoryTarget {
        try DirectoryTarget(url: url, bindDN: "cn=svc", baseDN: "dc=example", filter: filter, kind: kind, startTLS: startTLS, insecureForTests: insecure)
    }

    @Test func onlyEncryptedConnectionsUnlessTheTestFlagIsGiven() throws {
        #expect(try target("ldaps://ldap.example.org").usesTLS)
        #expect(try target("ldap://ldap.example.org", startTLS: true).usesTLS)
        #expect(throws: DirectoryTargetError.plainLDAP("ldap://ldap.example.org", kind: .rfc3062)) { try target("ldap://ldap.example.org") }
        #expect(try !target("ldap://127.0.0.1", insecure: true).usesTLS)
        // AD refuses unicodePwd in clear whatever the flag says.
        #expect(throws: DirectoryTargetError.plainLDAP("ldap://dc", kind: .activedirectory)) { try target("ldap://dc", kind: .activedirectory, insecure: true) }
        #expect(throws: DirectoryTargetError.startTLSOnLDAPS("ldaps://x")) { try target("ldaps://x", startTLS: true) }
        #expect(throws: DirectoryTargetError.urlScheme("ldapi:///")) { try target("ldapi:///") }
        #expect(throws: DirectoryTargetError.filterWithoutUsername("(uid=ana)")) { try target("ldaps://x", filter: "(uid=ana)") }
        #expect(throws: DirectoryTargetError.filterNotParenthesised("uid={username}")) { try target("ldaps://x", filter: "uid={username}") }
    }

    @Test func theUsernameIsEscapedAsAnAssertionValue() {
        let template = "(&(objectClass=person)(uid={username}))"
        #expect(SearchFilter.make(template: template, username: "ana") == "(&(objectClass=person)(uid=ana))")
        #expect(SearchFilter.make(template: template, username: "*)(uid=*") == "(&(objectClass=person)(uid=\\2A\\29\\28uid=\\2A))")
        #expect(SearchFilter.make(template: template, username: "a\\b") == "(&(objectClass=person)(uid=a\\5Cb))")
        #expect(SearchFilter.make(template: template, username: "a\u{0}b") == "(&(objectClass=person)(uid=a\\00b))")
        // libldap escapes every byte outside ASCII too, which RFC 4515 allows.
        #expect(SearchFilter.make(template: template, username: "joão") == "(&(objectClass=person)(uid=jo\\C3\\A3o))")
        #expect(SearchFilter.make(template: "(|(uid={username})(mail={username}))", username: "a*") == "(|(uid=a\\2A)(mail=a\\2A))")
        #expect(SearchFilter.make(template: template, username: "") == nil)
    }

    @Test func policyErrorsThePersonCanFixAreRefusalsTheOthersFailures() {
        let refusals = [PP_passwordTooShort, PP_passwordTooLong, PP_insufficientPasswordQuality, PP_passwordInHistory, PP_passwordTooYoung, PP_accountLocked]
        for error in refusals {
            let outcome = PasswordPolicyReason.outcome(for: error, diagnostic: "")
            #expect(outcome.exitStatus == 3, "\(error)")
        }
        for error in [PP_passwordExpired, PP_changeAfterReset, PP_passwordModNotAllowed, PP_mustSupplyOldPassword] {
            #expect(PasswordPolicyReason.outcome(for: error, diagnostic: "x").exitStatus == 4, "\(error)")
        }
        #expect(PasswordPolicyReason.outcome(for: PP_mustSupplyOldPassword, diagnostic: "Must supply old password to be changed as well as new one").line
            == "failed mustSupplyOldPassword password policy: Policy requires old password in order to change password (Must supply old password to be changed as well as new one)")
    }

    @Test func theEntryReadBackGivesTheMarkerOrAForcedChange() {
        let dn = "uid=ana,dc=example"
        #expect(PasswordWrite.outcome(afterWritingTo: dn, readBack: ["pwdChangedTime": ["20261203174752Z"]]) == .changed(marker: "pwdChangedTime=20261203174752Z"))
        #expect(PasswordWrite.outcome(afterWritingTo: dn, readBack: ["pwdLastSet": ["134092656000000000"]]) == .changed(marker: "pwdLastSet=134092656000000000"))
        #expect(PasswordWrite.outcome(afterWritingTo: dn, readBack: [:]) == .changed(marker: "none"))
        #expect(PasswordWrite.outcome(afterWritingTo: dn, readBack: ["pwdReset": ["TRUE"], "pwdChangedTime": ["20261203174752Z"]]).exitStatus == 4)
        // AD: 0 means "must change at next logon", AD's pwdReset.
        let forced = PasswordWrite.outcome(afterWritingTo: dn, readBack: ["pwdLastSet": ["0"]])
        #expect(forced.line.hasPrefix("failed pwdReset the password of \(dn) was changed, but pwdLastSet is 0"))
    }

    @Test func theAnswerIsOneLine() {
        #expect(DirectoryOutcome.changed(marker: "pwdChangedTime=20261203174752Z").line == "changed pwdChangedTime=20261203174752Z")
        #expect(DirectoryOutcome.failed(code: "ldap:80", detail: "multi\nline\r\ttext ").line == "failed ldap:80 multi line text")
        #expect(DirectoryOutcome.refused(code: "c", words: "w").exitStatus == 3)
    }

    @Test func secretBytesDropOneFinalLineEndOnly() {
        let secret = SecretBytes(Array("pass \n\r\n".utf8))
        secret.removeFinalLineEnd()
        #expect(secret.withBytes { Array($0) } == Array("pass \n".utf8))
    }
}
