/// Active Directory's way of setting a password: replace `unicodePwd` with the password in double
/// quotes, encoded UTF-16LE (MS-ADTS 3.1.1.3.1.5.2), over TLS, with the policy hints control so that
/// the domain's history, length and complexity rules apply to this reset as to a user's own change.
public enum ActiveDirectoryPassword {
    public static let attribute = "unicodePwd"
    /// LDAP_SERVER_POLICY_HINTS_OID (Windows Server 2012 R2 and later; MS-ADTS 3.1.1.3.4.1.35).
    public static let policyHintsOID = "1.2.840.113556.1.4.2239"
    /// Its value: BER of `SEQUENCE { Flags INTEGER }` with Flags = 1 (enforce the policy).
    public static let policyHintsValue: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x01]

    /// The control as sent: critical, so a server without it refuses rather than skip history.
    static var policyHints: (oid: String, critical: Bool, value: [UInt8]) { (policyHintsOID, true, policyHintsValue) }

    /// `"password"` in UTF-16LE, built from the UTF-8 bytes without an intermediate String.
    /// Nil when the bytes are not valid UTF-8.
    public static func unicodePwd(utf8 password: SecretBytes) -> SecretBytes? {
        let encoded = SecretBytes(capacity: (password.count + 2) * 4)
        func append(_ unit: UInt16) {
            encoded.append(UInt8(truncatingIfNeeded: unit))
            encoded.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        append(0x22)
        let invalid = password.withBytes { bytes in
            transcode(bytes.makeIterator(), from: UTF8.self, to: UTF16.self, stoppingOnError: true, into: append)
        }
        guard !invalid else { return nil }
        append(0x22)
        return encoded
    }

    /// An AD refusal in words: the extended error at the start of the diagnostic ("0000052D: …")
    /// names the reason. Result 19 (constraintViolation) is the person's to fix; others the operator's.
    static func outcome(code: Int32, diagnostic: String) -> DirectoryOutcome {
        let extended = String(diagnostic.prefix(while: { $0.isHexDigit })).uppercased()
        switch (code, extended) {
        case (19, "0000052D"):
            return .refused(code: "passwordRestriction",
                            words: "This password does not meet the directory's rules: it may be too short, too simple, "
                                + "used recently, or your password was changed too recently. Choose a different one.")
        case (_, "00000775"):
            return .refused(code: "accountLocked", words: "Your account is locked in the directory. Contact your directory team.")
        case (19, _):
            return .refused(code: "constraintViolation", words: "The directory refused this password. Choose a different one.")
        default:
            return DirectoryFailure.ldap(code, "the change of unicodePwd", diagnostic: diagnostic).outcome
        }
    }
}
