import CGI
import Testing

/// `ResetLinkQuery`, the one reading of a reset link's query that `resetlink verify` and the
/// endpoint share: it must agree with what the endpoint does with `QUERY_STRING` (CGIRequest's
/// strict FormData, then `token` as the only field, not empty).
@Suite struct ResetLinkQueryTests {
    static let endpoint = "https://intranet.example.org/cgi-bin/resetlink/link"

    func link(_ query: String) throws(CGIError) -> String {
        try ResetLinkQuery.token(inLink: Self.endpoint + "?" + query)
    }

    /// What the endpoint's `/link` route reads from a request with this query string.
    func endpointToken(_ query: String) throws(CGIError) -> String {
        let request = try CGIRequest.parse(environment: ["REQUEST_METHOD": "GET", "PATH_INFO": "/link", "QUERY_STRING": query]) {
            _ throws(CGIError) in []
        }
        try request.query.only(["token", "lang"])
        guard let token = request.query["token"], !token.isEmpty else { throw .badRequest("The link has no token.") }
        return token
    }

    /// A mail in another language than the default carries `lang` on its link, so the pages
    /// follow it; the token is read the same, and any other field is still refused.
    @Test func theLanguageMayTravelWithTheToken() throws {
        #expect(try link("token=AQAB&lang=de") == "AQAB")
        #expect(try link("lang=de&token=AQAB") == "AQAB")
        #expect(try endpointToken("token=AQAB&lang=de") == "AQAB")
        #expect(throws: CGIError.self) { try link("token=AQAB&lang=de&utm_source=mail") }
        #expect(throws: CGIError.self) { try link("token=AQAB&lang=de&lang=en") }
        #expect(throws: CGIError.self) { try link("lang=de") }
    }

    @Test func bareTokensAreTakenAsTheyAre() throws {
        #expect(try ResetLinkQuery.token(inLink: "AQAAAAEB_-x") == "AQAAAAEB_-x")
        // No `?`: nothing is decoded, and `token=` is not looked for.
        #expect(try ResetLinkQuery.token(inLink: "%41+b") == "%41+b")
        #expect(try ResetLinkQuery.token(inLink: "token=abc") == "token=abc")
        #expect(try ResetLinkQuery.token(inLink: "") == "")
    }

    @Test func linksArePercentDecodedLikeTheEndpoint() throws {
        #expect(try link("token=AQAB-_x") == "AQAB-_x")
        #expect(try link("token=%41QAB") == "AQAB")
        #expect(try link("token=AQAB%2dx%5F") == "AQAB-x_")
        #expect(try link("token=%41%51%41%42") == "AQAB")
        #expect(try link("t%6Fken=AQAB") == "AQAB")
        #expect(try link("&token=AQAB&") == "AQAB")
        // `+` is a space (so the token check refuses it), as on the web.
        #expect(try link("token=AQ+AB") == "AQ AB")
        // The query ends at `#`; only the first `?` starts it.
        #expect(try link("token=AQAB#token=other") == "AQAB")
        #expect(try link("token=AQ?AB") == "AQ?AB")
        #expect(try ResetLinkQuery.token(inLink: "?token=AQAB") == "AQAB")
    }

    @Test(arguments: [
        "", "token", "token=", "x=1", "token=AQAB&token=AQAB", "token=AQAB&x=1", "token=AQAB&token=", "token[]=AQAB",
        "token=AQAB%", "token=AQAB%4", "token=%zzAQAB", "token=AQ%00AB", "token=AQ%1BAB", "token=%FF",
        "token=" + String(repeating: "A", count: CGIRequest.maximumQuerySize),
    ])
    func queriesTheEndpointRefusesAreRefused(query: String) {
        #expect(throws: CGIError.self) { try link(query) }
        #expect(throws: CGIError.self) { try endpointToken(query) }
        #expect(throws: CGIError.self) { try ResetLinkQuery.token(inQueryString: Array(query.utf8)) }
    }

    /// For every query, both readings give the same token or both refuse.
    @Test(arguments: [
        "token=AQAB", "token=%41QAB", "token=%2d%2D%5f", "token=A+B", "token=A%2BB", "&&token=AQAB", "token=AQAB&",
        "token=%C3%A9t%C3%A9", "TOKEN=AQAB", "token=AQAB;x=1", "token=a%09b", "token=a%0Ab",
        "token=AQAB&token=AQAB", "token=AQAB&extra", "token=%", "token=%G1", "=AQAB", "token=AQAB&=",
    ])
    func agreesWithTheEndpointOnEveryQuery(query: String) {
        let viaLink = Result { () throws(CGIError) in try link(query) }
        let viaEndpoint = Result { () throws(CGIError) in try endpointToken(query) }
        #expect(viaLink == viaEndpoint)
    }

    @Test func theQueryLimitIsTheEndpoints() throws {
        let longest = "token=" + String(repeating: "A", count: CGIRequest.maximumQuerySize - 6)
        #expect(try link(longest).count == CGIRequest.maximumQuerySize - 6)
        #expect(try endpointToken(longest).count == CGIRequest.maximumQuerySize - 6)
    }
}
