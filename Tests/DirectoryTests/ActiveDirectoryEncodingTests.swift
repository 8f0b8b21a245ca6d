import CLDAP
import Testing
@testable import DirectoryWrite

/// Active Directory's password value and control, checked without an AD server.
struct ActiveDirectoryEncodingTests {
    func unicodePwd(_ text: String) -> [UInt8]? {
        guard let encoded = ActiveDirectoryPassword.unicodePwd(utf8: SecretBytes(Array(text.utf8))) else { return nil }
        return encoded.withBytes { Array($0) }
    }

    @Test func theValueIsThePasswordInQuotesAsUTF16LittleEndian() {
        #expect(unicodePwd("ab1") == [0x22, 0x00, 0x61, 0x00, 0x62, 0x00, 0x31, 0x00, 0x22, 0x00])
        // é is one UTF-16 unit (U+00E9); 𝄞 (U+1D11E) is a surrogate pair, low byte first in each unit.
        #expect(unicodePwd("é") == [0x22, 0x00, 0xE9, 0x00, 0x22, 0x00])
        #expect(unicodePwd("𝄞") == [0x22, 0x00, 0x34, 0xD8, 0x1E, 0xDD, 0x22, 0x00])
        // A quote inside the password is just a character: AD strips only the outer pair.
        #expect(unicodePwd("a\"b") == [0x22, 0x00, 0x61, 0x00, 0x22, 0x00, 0x62, 0x00, 0x22, 0x00])
        #expect(unicodePwd("") == [0x22, 0x00, 0x22, 0x00])
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        #expect(ActiveDirectoryPassword.unicodePwd(utf8: SecretBytes([0x61, 0xFF, 0x62])) == nil)
        #expect(ActiveDirectoryPassword.unicodePwd(utf8: SecretBytes([0xC3])) == nil)
    }

    /// Decoded with libldap's own BER reader: SEQUENCE (0x30) of length 3 holding INTEGER 1.
    @Test func thePolicyHintsControlValueIsASequenceOfTheIntegerOne() {
        #expect(ActiveDirectoryPassword.policyHintsOID == "1.2.840.113556.1.4.2239")
        #expect(ActiveDirectoryPassword.policyHints.critical)
        var bytes = ActiveDirectoryPassword.policyHintsValue.map { CChar(bitPattern: $0) }
        bytes.withUnsafeMutableBufferPointer { buffer in
            var value = berval(bv_len: ber_len_t(buffer.count), bv_val: buffer.baseAddress)
            guard let ber = ber_init(&value) else { Issue.record("ber_init failed"); return }
            defer { ber_free(ber, 1) }
            var length: ber_len_t = 0
            #expect(ber_skip_tag(ber, &length) == 0x30)
            #expect(length == 3)
            var flags: ber_int_t = 0
            #expect(ber_get_int(ber, &flags) == 0x02)
            #expect(flags == 1)
            #expect(ber_skip_tag(ber, &length) == ber_tag_t.max)  // LBER_DEFAULT: nothing after it
        }
    }

    @Test func adExtendedErrorsBecomeWordsOrFailures() {
        let restriction = ActiveDirectoryPassword.outcome(
            code: 19, diagnostic: "0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity policy")
        guard case .refused(let code, let words) = restriction else { Issue.record("\(restriction)"); return }
        #expect(code == "passwordRestriction")
        #expect(words.contains("too short, too simple, used recently"))
        #expect(ActiveDirectoryPassword.outcome(code: 19, diagnostic: "0000052d: lower case too").exitStatus == 3)
        #expect(ActiveDirectoryPassword.outcome(code: 19, diagnostic: "00002082: AtrErr: DSID-03151904").line
            == "refused constraintViolation The directory refused this password. Choose a different one.")
        #expect(ActiveDirectoryPassword.outcome(code: 50, diagnostic: "00000005: SecErr: DSID-031A1256, problem 4003 (INSUFF_ACCESS_RIGHTS)").line
            == "failed ldap:50 the change of unicodePwd: Insufficient access (00000005: SecErr: DSID-031A1256, problem 4003 (INSUFF_ACCESS_RIGHTS))")
        #expect(ActiveDirectoryPassword.outcome(code: 53, diagnostic: "0000001F: SvcErr: DSID-031A124C, problem 5003 (WILL_NOT_PERFORM)").exitStatus == 4)
    }
}
