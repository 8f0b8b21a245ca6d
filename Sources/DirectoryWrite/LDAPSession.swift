import CLDAP

#if canImport(Glibc)
import Glibc
#endif

enum LDAPText {
    /// libldap's words for a result code ("Invalid credentials", "Can't contact LDAP server").
    static func describe(_ code: Int32) -> String {
        ldap_err2string(code).map { String(cString: $0) } ?? "LDAP result \(code)"
    }
}

/// The server's answer to a write: result code, diagnostic message, and the password policy
/// response control's error when the server sent one.
struct WriteResult {
    var code: Int32
    var diagnostic: String
    var policyError: LDAPPasswordPolicyError?
}

/// One connection to the directory through libldap: TLS as the target demands, a simple bind,
/// searches, and the two kinds of password write. Every call is synchronous and bounded by the
/// target's timeout. Not shared between threads.
final class LDAPSession {
    private let handle: OpaquePointer
    private let timeout: timeval

    /// Connects (ldaps:// or ldap:// + StartTLS unless the target allows plain LDAP) with the
    /// server's certificate checked against `caFile` or the system's authorities.
    init(target: DirectoryTarget) throws(DirectoryFailure) {
        var created: OpaquePointer?
        let initialised = ldap_initialize(&created, target.url)
        guard initialised == LDAP_SUCCESS, let created else {
            throw DirectoryFailure.ldap(initialised, "the directory URL \(target.url)")
        }
        handle = created
        timeout = timeval(tv_sec: target.timeoutSeconds, tv_usec: 0)
        var version = LDAP_VERSION3
        var networkTimeout = timeout
        var operationTimeout = timeout
        // The options of this handle, not ldap.conf's: a certificate is always checked.
        var demand = LDAP_OPT_X_TLS_HARD
        var client: Int32 = 0
        var ok = ldap_set_option(handle, LDAP_OPT_PROTOCOL_VERSION, &version) == LDAP_OPT_SUCCESS
            && ldap_set_option(handle, LDAP_OPT_REFERRALS, nil) == LDAP_OPT_SUCCESS
            && ldap_set_option(handle, LDAP_OPT_NETWORK_TIMEOUT, &networkTimeout) == LDAP_OPT_SUCCESS
            && ldap_set_option(handle, LDAP_OPT_TIMEOUT, &operationTimeout) == LDAP_OPT_SUCCESS
            && ldap_set_option(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) == LDAP_OPT_SUCCESS
        if ok, let caFile = target.caFile {
            ok = caFile.withCString { ldap_set_option(handle, LDAP_OPT_X_TLS_CACERTFILE, $0) } == LDAP_OPT_SUCCESS
        }
        // Applies this handle's TLS options (a new client context).
        ok = ok && ldap_set_option(handle, LDAP_OPT_X_TLS_NEWCTX, &client) == LDAP_OPT_SUCCESS
        // From here on a throw runs deinit, which releases the handle: no unbind of its own.
        guard ok else {
            throw DirectoryFailure(code: "tls-options", detail: "libldap refused the connection options (CA file \(target.caFile ?? "none"))")
        }
        if target.startTLS {
            let started = ldap_start_tls_s(handle, nil, nil)
            guard started == LDAP_SUCCESS else {
                throw DirectoryFailure.ldap(started, "StartTLS with \(target.url)", diagnostic: diagnosticMessage())
            }
        }
    }

    deinit {
        ldap_unbind_ext_s(handle, nil, nil)
    }

    /// A simple bind; the secret is passed in place, never copied into a String.
    func bind(dn: String, secret: SecretBytes) throws(DirectoryFailure) {
        let code = secret.withBytes { bytes in
            var credentials = berval(bv_len: ber_len_t(bytes.count), bv_val: Self.chars(bytes))
            return ldap_sasl_bind_s(handle, dn, nil, &credentials, nil, nil, nil)
        }
        guard code == LDAP_SUCCESS else { throw DirectoryFailure.ldap(code, "bind as \(dn)", diagnostic: diagnosticMessage()) }
    }

    /// The DNs of the entries under `base` (whole subtree) matching `filter`: at most two, which is
    /// enough to tell one from several; `several` is also true when the server stopped at the limit.
    func findEntries(base: String, filter: String) throws(DirectoryFailure) -> (dns: [String], several: Bool) {
        var message: OpaquePointer?
        defer { if let message { ldap_msgfree(message) } }
        var limitTime = timeout
        let code = Self.withCStrings(["1.1"]) { attributes in
            ldap_search_ext_s(handle, base, LDAP_SCOPE_SUBTREE, filter, attributes, 0, nil, nil, &limitTime, 2, &message)
        }
        guard code == LDAP_SUCCESS || code == LDAP_SIZELIMIT_EXCEEDED else {
            throw DirectoryFailure.ldap(code, "search under \(base) for \(filter)", diagnostic: diagnosticMessage())
        }
        var dns: [String] = []
        var entry = ldap_first_entry(handle, message)
        while let current = entry {
            if let dn = ldap_get_dn(handle, current) {
                dns.append(String(cString: dn))
                ldap_memfree(dn)
            }
            entry = ldap_next_entry(handle, current)
        }
        return (dns, dns.count > 1 || code == LDAP_SIZELIMIT_EXCEEDED)
    }

    /// The values of `attributes` on the entry `dn` (operational ones included when named).
    func read(dn: String, attributes: [String]) throws(DirectoryFailure) -> [String: [String]] {
        var message: OpaquePointer?
        defer { if let message { ldap_msgfree(message) } }
        var limitTime = timeout
        let code = Self.withCStrings(attributes) { names in
            ldap_search_ext_s(handle, dn, LDAP_SCOPE_BASE, "(objectClass=*)", names, 0, nil, nil, &limitTime, 1, &message)
        }
        guard code == LDAP_SUCCESS, let entry = ldap_first_entry(handle, message) else {
            throw DirectoryFailure.ldap(code, "read back \(attributes.joined(separator: ", ")) of \(dn)", diagnostic: diagnosticMessage())
        }
        var values: [String: [String]] = [:]
        for attribute in attributes {
            guard let list = ldap_get_values_len(handle, entry, attribute) else { continue }
            defer { ldap_value_free_len(list) }
            var index = 0
            while let value = list[index] {
                let bytes = UnsafeRawBufferPointer(start: value.pointee.bv_val, count: Int(value.pointee.bv_len))
                values[attribute, default: []].append(String(decoding: bytes, as: UTF8.self))
                index += 1
            }
        }
        return values
    }

    /// RFC 3062 Password Modify of `dn` to `password` (no old password: the service account's
    /// right to write the attribute is what counts), with the password policy request control.
    func passwordModify(dn: String, password: SecretBytes) throws(DirectoryFailure) -> WriteResult {
        var control: UnsafeMutablePointer<LDAPControl>?
        guard ldap_create_passwordpolicy_control(handle, &control) == LDAP_SUCCESS, let control else {
            throw DirectoryFailure(code: "control", detail: "libldap could not make the password policy request control")
        }
        defer { ldap_control_free(control) }
        var messageID: Int32 = 0
        let sent = dn.withCString { dnChars in
            password.withBytes { bytes in
                var user = berval(bv_len: ber_len_t(strlen(dnChars)), bv_val: UnsafeMutablePointer(mutating: dnChars))
                var new = berval(bv_len: ber_len_t(bytes.count), bv_val: Self.chars(bytes))
                var controls: [UnsafeMutablePointer<LDAPControl>?] = [control, nil]
                return ldap_passwd(handle, &user, nil, &new, &controls, nil, &messageID)
            }
        }
        guard sent == LDAP_SUCCESS else { throw DirectoryFailure.ldap(sent, "send the password change of \(dn)", diagnostic: diagnosticMessage()) }
        return try awaitResult(messageID, step: "the password change of \(dn)")
    }

    /// Replaces `attribute` of `dn` with one binary value, with `control` (Active Directory's unicodePwd).
    func replace(dn: String, attribute: String, value: SecretBytes, control: (oid: String, critical: Bool, value: [UInt8])) throws(DirectoryFailure) -> WriteResult {
        var ldapControl: UnsafeMutablePointer<LDAPControl>?
        let created = control.value.withUnsafeBytes { bytes in
            var encoded = berval(bv_len: ber_len_t(bytes.count), bv_val: Self.chars(bytes))
            return ldap_control_create(control.oid, control.critical ? 1 : 0, &encoded, 1, &ldapControl)
        }
        guard created == LDAP_SUCCESS, let ldapControl else {
            throw DirectoryFailure(code: "control", detail: "libldap could not make the control \(control.oid)")
        }
        defer { ldap_control_free(ldapControl) }
        var messageID: Int32 = 0
        let sent = attribute.withCString { name in
            value.withBytes { bytes in
                var encoded = berval(bv_len: ber_len_t(bytes.count), bv_val: Self.chars(bytes))
                return withUnsafeMutablePointer(to: &encoded) { encodedPointer in
                    var values: [UnsafeMutablePointer<berval>?] = [encodedPointer, nil]
                    return values.withUnsafeMutableBufferPointer { valueList in
                        var modification = LDAPMod()
                        modification.mod_op = LDAP_MOD_REPLACE | LDAP_MOD_BVALUES
                        modification.mod_type = UnsafeMutablePointer(mutating: name)
                        modification.mod_vals.modv_bvals = valueList.baseAddress
                        return withUnsafeMutablePointer(to: &modification) { modificationPointer in
                            var modifications: [UnsafeMutablePointer<LDAPMod>?] = [modificationPointer, nil]
                            var controls: [UnsafeMutablePointer<LDAPControl>?] = [ldapControl, nil]
                            return ldap_modify_ext(handle, dn, &modifications, &controls, nil, &messageID)
                        }
                    }
                }
            }
        }
        guard sent == LDAP_SUCCESS else { throw DirectoryFailure.ldap(sent, "send the change of \(attribute) of \(dn)", diagnostic: diagnosticMessage()) }
        return try awaitResult(messageID, step: "the change of \(attribute) of \(dn)")
    }

    /// Waits for the answer to `messageID` and reads its code, diagnostic and policy control.
    private func awaitResult(_ messageID: Int32, step: String) throws(DirectoryFailure) -> WriteResult {
        var message: OpaquePointer?
        var limitTime = timeout
        let type = ldap_result(handle, messageID, LDAP_MSG_ALL, &limitTime, &message)
        if type == 0 { throw DirectoryFailure.ldap(LDAP_TIMEOUT, step) }
        guard type > 0, let message else {
            throw DirectoryFailure.ldap(resultCode(), step, diagnostic: diagnosticMessage())
        }
        var code: Int32 = 0
        var diagnostic: UnsafeMutablePointer<CChar>?
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let parsed = ldap_parse_result(handle, message, &code, nil, &diagnostic, nil, &controls, 1)
        defer {
            if let diagnostic { ldap_memfree(diagnostic) }
            if let controls { ldap_controls_free(controls) }
        }
        guard parsed == LDAP_SUCCESS else { throw DirectoryFailure.ldap(parsed, "read the answer to \(step)") }
        var result = WriteResult(code: code, diagnostic: diagnostic.map { String(cString: $0) } ?? "", policyError: nil)
        if let response = ldap_control_find(LDAP_CONTROL_PASSWORDPOLICYRESPONSE, controls, nil) {
            var expire: ber_int_t = -1, grace: ber_int_t = -1
            var error = PP_noError
            if ldap_parse_passwordpolicy_control(handle, response, &expire, &grace, &error) == LDAP_SUCCESS, error != PP_noError {
                result.policyError = error
            }
        }
        return result
    }

    private func diagnosticMessage() -> String {
        var text: UnsafeMutablePointer<CChar>?
        guard ldap_get_option(handle, LDAP_OPT_DIAGNOSTIC_MESSAGE, &text) == LDAP_OPT_SUCCESS, let text else { return "" }
        defer { ldap_memfree(text) }
        return String(cString: text)
    }

    private func resultCode() -> Int32 {
        var code: Int32 = LDAP_OTHER
        _ = ldap_get_option(handle, LDAP_OPT_RESULT_CODE, &code)
        return code
    }

    /// libldap's `char *` for bytes it only reads.
    private static func chars(_ bytes: UnsafeRawBufferPointer) -> UnsafeMutablePointer<CChar>? {
        bytes.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }
    }

    /// A NULL-terminated `char **` of `strings`, for the time of `body`.
    private static func withCStrings<Result>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Result) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in body(buffer.baseAddress) }
    }
}
