import CLDAP

/// The search filter for one username: the template with `{username}` replaced by the username
/// escaped as an RFC 4515 assertion value (libldap's own escaping: `*`, `(`, `)`, `\` and NUL become
/// `\2a`, `\28`, `\29`, `\5c`, `\00`), so a username cannot widen or change the filter.
public enum SearchFilter {
    /// Nil for an empty username, which no filter should look for.
    public static func make(template: String, username: String) -> String? {
        var utf8 = Array(username.utf8)
        var escaped = berval()
        let code: Int32? = utf8.withUnsafeMutableBytes { bytes in
            guard let start = bytes.baseAddress else { return nil }
            var value = berval(bv_len: ber_len_t(bytes.count), bv_val: start.assumingMemoryBound(to: CChar.self))
            return ldap_bv2escaped_filter_value(&value, &escaped)
        }
        guard code == LDAP_SUCCESS, let text = escaped.bv_val else { return nil }
        defer { ldap_memfree(text) }
        return template.replacing(DirectoryTarget.usernamePlaceholder, with: String(cString: text))
    }
}
