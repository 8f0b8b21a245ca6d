import CGI
import Testing

@Suite struct FormDataTests {
    func decode(_ text: String) throws(CGIError) -> FormData { try FormData(urlEncoded: Array(text.utf8)) }

    @Test func decodesPercentEscapesPlusAndUTF8() throws {
        let form = try decode("email=j%C3%B6rg%40example.org&name=Ana+Lima&empty=&flag")
        #expect(form["email"] == "jörg@example.org")
        #expect(form["name"] == "Ana Lima")
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form.names == ["email", "name", "empty", "flag"])
        #expect(try decode("").names.isEmpty)
        #expect(try decode("a=1&&b=2").names == ["a", "b"])
    }

    @Test(arguments: [
        "email=%zz", "email=%4", "email=%", "email=%FF", "email=%C3%28", "email=%ED%A0%80",  // malformed, invalid or overlong UTF-8
        "a=1&a=2", "a[]=1", "a%5B%5D=1", "=value", "email=a%00b", "email=a%1Bb", "email=a%7Fb",
    ])
    func refusesWhatNoFormOfOursSends(text: String) {
        #expect(throws: CGIError.self) { try decode(text) }
    }

    @Test func onlyAllowsNamedFields() throws {
        let form = try decode("email=a&csrf=b")
        try form.only(["email", "csrf", "username"])
        #expect(throws: CGIError.badRequest("The form is not valid.")) { try form.only(["email"]) }
    }
}

@Suite struct CGIRequestTests {
    func parse(_ environment: [String: String], body: String = "") throws(CGIError) -> CGIRequest {
        var read = 0
        return try CGIRequest.parse(environment: environment) { count throws(CGIError) in
            read += count
            return Array(body.utf8.prefix(count))
        }
    }

    @Test func getWithQueryPathAndCookies() throws {
        let request = try parse(["REQUEST_METHOD": "GET", "PATH_INFO": "/link", "QUERY_STRING": "token=abc",
                                 "HTTP_COOKIE": "a=1; resetlink_token=T1; resetlink_token=T2"])
        #expect(request.method == .get && request.path == "/link")
        #expect(request.query["token"] == "abc")
        #expect(request.cookies["resetlink_token"] == "T1")
        #expect(try parse(["REQUEST_METHOD": "HEAD"]).path == "/")
    }

    @Test func cookiePairsWithoutANameAreIgnored() throws {
        let request = try parse(["REQUEST_METHOD": "GET", "HTTP_COOKIE": "r; =x; \t =y;;a=1; = ; b"])
        #expect(request.cookies == ["a": "1"])
    }

    @Test func postBodyIsReadAndDecoded() throws {
        let body = "email=ana%40example.org"
        let request = try parse(["REQUEST_METHOD": "POST", "CONTENT_LENGTH": "\(body.utf8.count)",
                                 "CONTENT_TYPE": "application/x-www-form-urlencoded; charset=UTF-8"], body: body)
        #expect(request.form["email"] == "ana@example.org")
    }

    @Test func refusals() {
        func status(_ environment: [String: String], body: String = "") -> Int {
            do { _ = try parse(environment, body: body); return 200 } catch { return error.status }
        }
        let post = ["REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded"]
        #expect(status(["REQUEST_METHOD": "PUT"]) == 405)
        #expect(status(["REQUEST_METHOD": "get"]) == 405)
        #expect(status(post) == 411)
        #expect(status(post.merging(["CONTENT_LENGTH": "16385"]) { $1 }) == 413)
        #expect(status(post.merging(["CONTENT_LENGTH": "-1"]) { $1 }) == 400)
        #expect(status(post.merging(["CONTENT_LENGTH": "10"]) { $1 }, body: "a=1") == 400)
        #expect(status(["REQUEST_METHOD": "POST", "CONTENT_LENGTH": "3", "CONTENT_TYPE": "multipart/form-data"], body: "a=1") == 415)
        #expect(status(["REQUEST_METHOD": "GET", "QUERY_STRING": String(repeating: "a", count: 5000)]) == 400)
        #expect(status(["REQUEST_METHOD": "GET", "HTTP_COOKIE": String(repeating: "a", count: 5000)]) == 400)
        #expect(status(["REQUEST_METHOD": "GET", "PATH_INFO": "/link\0x"]) == 400)
    }

    @Test func largeBodiesAreNotRead() throws {
        var asked = 0
        _ = try? CGIRequest.parse(environment: ["REQUEST_METHOD": "POST", "CONTENT_LENGTH": "1000000",
                                                "CONTENT_TYPE": "application/x-www-form-urlencoded"]) { count throws(CGIError) in
            asked += count
            return []
        }
        #expect(asked == 0)
    }

    @Test func proxyAndHostHeadersAreNeverRead() throws {
        // The request carries nothing from HTTP_PROXY, HTTP_HOST or X-Forwarded-Host: a change to
        // them cannot change the parsed request.
        let plain = try parse(["REQUEST_METHOD": "GET", "PATH_INFO": "/forgot"])
        let hostile = try parse(["REQUEST_METHOD": "GET", "PATH_INFO": "/forgot", "HTTP_PROXY": "http://evil.example:3128",
                                 "HTTP_HOST": "evil.example", "HTTP_X_FORWARDED_HOST": "evil.example"])
        #expect(plain.path == hostile.path && plain.query == hostile.query && plain.cookies == hostile.cookies)
    }
}

@Suite struct CGIResponseTests {
    @Test func serializationCarriesStatusSecurityHeadersAndLength() {
        let response = CGIResponse.html(200, "<p>hé</p>", headers: [("Set-Cookie", "a=b\r\nInjected: yes")])
        let text = String(decoding: response.serialized(contentSecurityPolicy: "default-src 'none'"), as: UTF8.self)
        #expect(text.hasPrefix("Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nSet-Cookie: a=bInjected: yes\r\n"))
        for header in ["Cache-Control: no-store", "Referrer-Policy: no-referrer", "Content-Security-Policy: default-src 'none'",
                       "X-Frame-Options: DENY", "X-Content-Type-Options: nosniff", "Content-Length: 10"] {
            #expect(text.contains("\r\n\(header)\r\n"))
        }
        #expect(text.hasSuffix("\r\n\r\n<p>hé</p>"))
        let head = String(decoding: response.serialized(head: true, contentSecurityPolicy: "x"), as: UTF8.self)
        #expect(head.hasSuffix("Content-Length: 10\r\n\r\n"))
    }

    @Test func redirectsAndStatuses() {
        let redirect = String(decoding: CGIResponse.redirect(to: "https://x.example/a").serialized(contentSecurityPolicy: "x"), as: UTF8.self)
        #expect(redirect.hasPrefix("Status: 303 See Other\r\nLocation: https://x.example/a\r\n"))
        #expect(CGIError.payloadTooLarge.status == 413 && CGIError.methodNotAllowed("PUT").status == 405 && CGIError.requestTimeout.status == 408)
    }
}
