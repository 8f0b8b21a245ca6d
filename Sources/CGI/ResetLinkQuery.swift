/// The token of a reset link (`…/link?token=…`), read the one way the endpoint and
/// `resetlink verify` / `complete` both read it: the query decoded strictly by `FormData` (percent
/// escapes, `+` as a space; malformed escapes, control characters and a field given twice are
/// errors), `token` its only field besides `lang`, and not empty.
public enum ResetLinkQuery {
    /// The token in `text`: a whole link (anything with a `?`: the query is what follows the first
    /// `?`, up to a `#`), or else a bare token, returned untouched.
    public static func token(inLink text: String) throws(CGIError) -> String {
        // Bytes, not Characters: "?" followed by a combining mark is one Character.
        let bytes = Array(text.utf8)
        guard let question = bytes.firstIndex(of: UInt8(ascii: "?")) else { return text }
        let afterQuestion = bytes[(question + 1)...]
        let query = afterQuestion.prefix { $0 != UInt8(ascii: "#") }
        return try token(inQueryString: query)
    }

    /// The token in a query string (CGI's `QUERY_STRING`, without the `?`), with the endpoint's
    /// size limit.
    public static func token(inQueryString query: some Collection<UInt8>) throws(CGIError) -> String {
        guard query.count <= CGIRequest.maximumQuerySize else { throw .badRequest("The address is too long.") }
        return try token(in: FormData(urlEncoded: Array(query)))
    }

    /// The token in an already decoded query: `token` must be its only field besides `lang` (the
    /// language of the mail, which the pages follow; not signed: see docs/token-format.md), and
    /// not empty.
    public static func token(in query: FormData) throws(CGIError) -> String {
        try query.only(["token", "lang"])
        guard let token = query["token"], !token.isEmpty else { throw .badRequest("The link has no token.") }
        return token
    }
}
