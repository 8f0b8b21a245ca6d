import Foundation
import Testing

/// What a person meets when the endpoint refuses a request, what an administrator can read about it
/// afterwards, and what a refused request must never leave behind (issue 14).
@Suite(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
struct RefusalTests {
    /// A form page's cookie and proof, as a browser would hold them.
    func forgotForm(_ site: WebSite) throws -> (cookie: String, proof: String) {
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        return (try #require(form.cookies["resetlink_form"]), try #require(form.hiddenField("csrf")))
    }

    func audit(_ site: WebSite) throws -> [String] {
        try site.resetlink(["audit"]).out.split(separator: "\n").map(String.init)
    }

    @Test func everyRefusalIsAStyledPageWithAWayOut() throws {
        let site = try WebSite()
        defer { site.stop() }
        let (cookie, proof) = try forgotForm(site)
        let cases: [(Int, WebSite.Response)] = [
            (400, try site.http("GET", "/cgi-bin/resetlink/link?token=")),
            (400, try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                                body: Data("csrf=\(proof)&email=a%0Db%40example.org".utf8))),
            (403, try site.http("POST", "/cgi-bin/resetlink/forgot", form: [("csrf", proof), ("email", "ana@example.org")])),
            (403, try site.http("GET", "/cgi-bin/resetlink/new-password")),
            (403, try site.http("POST", "/cgi-bin/resetlink/forgot", headers: ["Sec-Fetch-Site": "cross-site"],
                                cookies: ["resetlink_form": cookie], form: [("csrf", proof), ("email", "ana@example.org")])),
            (404, try site.http("GET", "/cgi-bin/resetlink/nowhere")),
            (405, try site.http("PUT", "/cgi-bin/resetlink/forgot")),
            (410, try site.http("GET", "/cgi-bin/resetlink/link?token=AAAA")),
            (413, try site.http("POST", "/cgi-bin/resetlink/forgot", body: Data(("email=" + String(repeating: "x", count: 20_000)).utf8))),
            (415, try site.http("POST", "/cgi-bin/resetlink/forgot", headers: ["Content-Type": "text/plain"], body: Data("email=a".utf8))),
            (422, try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                                form: [("csrf", proof), ("email", " "), ("username", "")])),
        ]
        for (status, response) in cases {
            #expect(response.status == status)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8", "\(status)")
            // The guide's layout: its stylesheet, header and sidebar.
            #expect(response.body.contains("<link rel=\"stylesheet\" href=\"\(site.origin)/help/assets/style.css\">"), "\(status)")
            #expect(response.body.contains("class=\"site-header\"") && response.body.contains("class=\"sidebar\""), "\(status)")
            // A next step that does not loop: a new link from the form, or the form itself; and the
            // guide's page on link problems (410: the invalid-link page's own links).
            #expect(!response.body.contains("/link?token"), "\(status)")
            if status == 422 {
                #expect(response.body.contains("action=\"\(site.endpoint)/forgot\""))
            } else if status == 410 {
                #expect(response.body.contains("href=\"\(site.endpoint)/forgot\">Ask for a new link</a>"))
            } else {
                let body = response.body
                let start = try #require(body.range(of: "<ul class=\"next-steps\">"), "\(status): no next steps")
                let end = try #require(body.range(of: "</ul>", range: start.upperBound..<body.endIndex))
                let steps = body[start.upperBound..<end.lowerBound]
                #expect(steps.contains("href=\"\(site.endpoint)/forgot\""), "\(status)")
                #expect(steps.contains("href=\"\(site.origin)/help/link-problems.html"), "\(status)")
            }
        }
        #expect(cases.first { $0.0 == 405 }?.1.header("Allow") == "GET, HEAD, POST")
        // A link a mail gateway changed (a tracking field appended) says so.
        let tracked = try site.http("GET", "/cgi-bin/resetlink/link?token=AAAA&utm_source=mail")
        #expect(tracked.status == 400 && tracked.body.contains("This link was changed on its way to you"))
        // Missing cookie at /new-password says what to do about cookies, not "open the link again" alone.
        let noCookie = try #require(cases.first { $0.0 == 403 && $0.1.body.contains("Open your reset link first") }?.1)
        #expect(noCookie.body.contains("not keeping cookies for this site"))
    }

    @Test func controlCharactersInAnyFieldAreRefused() throws {
        let site = try WebSite()
        defer { site.stop() }
        let (cookie, proof) = try forgotForm(site)
        let audited = try audit(site).count
        for byte in Array(UInt8(0)...UInt8(0x1F)) + [0x7F] {
            let escape = String(format: "%%%02X", byte)
            for body in ["csrf=\(proof)&email=ana\(escape)%40example.org&username=",
                         "csrf=\(proof)&email=ana%40example.org&username=ana\(escape)",
                         "csrf=\(proof)\(escape)&email=ana%40example.org"] {
                let response = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie], body: Data(body.utf8))
                #expect(response.status == 400, "byte \(byte) in \(body)")
            }
            #expect(try site.http("GET", "/cgi-bin/resetlink/link?token=AAAA\(escape)").status == 400, "byte \(byte) in the token")
        }
        #expect(try audit(site).count == audited)
        // The same form without the control character goes through, and its mail is the only one.
        let fine = try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                                 form: [("csrf", proof), ("email", "ana@example.org"), ("username", "")])
        #expect(fine.status == 200)
        usleep(500_000)
        #expect(try site.mails(atLeast: 1).count == 1)
    }

    @Test func refusalsOnTheWayToANewPasswordAreAudited() throws {
        let site = try WebSite()
        defer { site.stop() }
        let link = try #require(site.resetlink(["admin", "reset", "ana", "--by", "test", "--print-link"]).out.split(separator: "\n").first)
        let token = String(link.split(separator: "=").last ?? "")
        let start = try audit(site).count

        #expect(try site.http("GET", "/cgi-bin/resetlink/link?token=AAAA").status == 410)
        #expect(try site.http("GET", "/cgi-bin/resetlink/new-password").status == 403)
        #expect(try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                              form: [("csrf", "wrong"), ("password", "x"), ("confirm", "x")]).status == 403)
        #expect(try site.http("POST", "/cgi-bin/resetlink/new-password", headers: ["Sec-Fetch-Site": "cross-site"],
                              cookies: ["resetlink_token": token], form: [("csrf", "x"), ("password", "x"), ("confirm", "x")]).status == 403)
        // The link used up: later opens are refused as used (the account's state changed).
        let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
        let csrf = try #require(page.hiddenField("csrf"))
        let password = "violet tram quietly hums"
        #expect(try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                              form: [("csrf", csrf), ("password", password), ("confirm", password)]).status == 200)
        #expect(try site.http("GET", String(link)).status == 410)
        #expect(try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token]).status == 410)

        let entries = try audit(site).dropFirst(start)
        func has(_ event: String, _ detail: String) -> Bool { entries.contains { $0.contains(event) && $0.contains(detail) } }
        #expect(has("verify-failed", "/link: unsupported-version"))
        #expect(has("page-refused", "/new-password: no token cookie"))
        #expect(has("page-refused", "/new-password: the form's proof is missing or wrong"))
        #expect(has("page-refused", "/new-password: cross-site post (Sec-Fetch-Site: cross-site)"))
        #expect(has("verify-failed", "/link: account-state-changed nonce="))
        #expect(has("verify-failed", "/new-password: account-state-changed nonce="))
        #expect(!entries.joined().contains(token), "the audit log names tokens by nonce only")
    }

    @Test func crossSitePostsAreRefusedEvenWithAValidProof() throws {
        let site = try WebSite()
        defer { site.stop() }
        func post(_ headers: [String: String]) throws -> Int {
            let (cookie, proof) = try forgotForm(site)
            return try site.http("POST", "/cgi-bin/resetlink/forgot", headers: headers, cookies: ["resetlink_form": cookie],
                                 form: [("csrf", proof), ("email", "nobody@example.org"), ("username", "")]).status
        }
        #expect(try post(["Sec-Fetch-Site": "cross-site"]) == 403)
        #expect(try post(["Sec-Fetch-Site": "same-site"]) == 403)
        #expect(try post(["Origin": "https://webmail.example"]) == 403)
        #expect(try post(["Origin": "http://127.0.0.1:\(site.port + 1)"]) == 403)
        // Not compared by a prefix: the endpoint's origin followed by 300 more characters.
        #expect(try post(["Origin": site.origin + String(repeating: "0", count: 300)]) == 403)
        // Our own pages send Referrer-Policy: no-referrer, so browsers send `Origin: null` for them.
        #expect(try post(["Origin": "null", "Sec-Fetch-Site": "same-origin"]) == 200)
        #expect(try post(["Origin": site.origin, "Sec-Fetch-Site": "same-origin"]) == 200)
        #expect(try post(["Sec-Fetch-Site": "none"]) == 200)
        #expect(try post(["Origin": site.origin.uppercased().replacingOccurrences(of: "HTTP://", with: "http://")]) == 200)
        #expect(try post([:]) == 200)
    }

    @Test func theForgotFormsProofIsTheServersNotAnyEqualPair() throws {
        let site = try WebSite()
        defer { site.stop() }
        let (cookie, proof) = try forgotForm(site)
        let (otherCookie, _) = try forgotForm(site)
        func post(cookie: String, proof: String) throws -> Int {
            try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                          form: [("csrf", proof), ("email", "ana@example.org"), ("username", "")]).status
        }
        // What a sibling host could plant: the same value in cookie and field (the old double submit).
        let planted = String(repeating: "A", count: 22)
        #expect(try post(cookie: planted, proof: planted) == 403)
        // A real proof, but for another cookie; a proof's MAC altered; a proof under an unknown key.
        #expect(try post(cookie: otherCookie, proof: proof) == 403)
        let mac = proof.split(separator: ".").last ?? ""
        #expect(try post(cookie: cookie, proof: "00000000." + mac) == 403)
        #expect(try post(cookie: cookie, proof: String(proof.dropLast()) + (proof.hasSuffix("A") ? "B" : "A")) == 403)
        #expect(try post(cookie: cookie, proof: proof) == 200)
        usleep(500_000)
        #expect(try site.mails(atLeast: 1).count == 1, "only the post with the server's proof sent mail")
    }

    /// A malformed request (400) writes no field value anywhere: not in the page, not in the error
    /// log (the CGI's standard error), not in the audit log.
    @Test func malformedRequestsWriteNoFieldValues() throws {
        let site = try WebSite()
        defer { site.stop() }
        let marker = "zq7marker"
        let bodies = ["email=\(marker)%0D%0AInjected:%20yes&csrf=\(marker)", "email=\(marker)%ZZ", "email=\(marker)&email=\(marker)",
                      "\(marker)[]=1", "email=\(marker)%FF"]
        for body in bodies {
            let (answer, logged) = try site.cgi("POST", "/forgot", cookie: "resetlink_form=\(marker)", body: body)
            #expect(answer.hasPrefix("Status: 400"), "\(body)")
            #expect(!answer.contains(marker) && !logged.contains(marker), "\(body)")
        }
        let query = try site.http("GET", "/cgi-bin/resetlink/link?token=\(marker)%0A")
        #expect(query.status == 400 && !query.body.contains(marker))
        #expect(!(try audit(site)).joined().contains(marker))
    }
}
