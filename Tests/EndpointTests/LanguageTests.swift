import Foundation
import Testing

/// The endpoint in the person's language, through lighttpd and curl: `lang` (from a German guide
/// page's link) or `Accept-Language` chooses it, the forms and the mail's link carry it on, and the
/// account remembers it for the password-changed notice.
@Suite(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
struct LanguageTests {
    static let german = "  languages: [en, de]\n"
    static let path = "/cgi-bin/resetlink"

    /// GET the form (with `query` and `headers`), check it is German, POST it as the browser would
    /// (its hidden fields, the same headers), return the answer.
    func requestInGerman(_ site: WebSite, query: String, headers: [String: String]) throws -> WebSite.Response {
        let form = try site.http("GET", Self.path + "/forgot" + query, headers: headers)
        #expect(form.status == 200)
        #expect(form.body.contains("<html lang=\"de\""))
        #expect(form.body.contains("<h1>Passwort vergessen?</h1>"))
        #expect(form.body.contains("<label for=\"email\">E-Mail-Adresse</label>"))
        #expect(form.body.contains("<input type=\"hidden\" name=\"lang\" value=\"de\">"))
        // Guide links lead to the German guide.
        #expect(form.body.contains("href=\"\(site.origin)/help/de/sso-and-directory-accounts.html\""))
        #expect(!form.body.contains("Forgot your password?"))
        let csrf = try #require(form.hiddenField("csrf"))
        let cookie = try #require(form.cookies["resetlink_form"])
        return try site.http("POST", Self.path + "/forgot", headers: headers, cookies: ["resetlink_form": cookie],
                             form: [("csrf", csrf), ("lang", "de"), ("email", "ana@example.org"), ("username", "")])
    }

    /// The whole flow in German, once chosen by the browser's languages and once by `?lang=de`
    /// from a German guide page (with an English browser: the explicit choice wins).
    @Test(arguments: [("", ["Accept-Language": "de-CH,de;q=0.9"]), ("?lang=de", ["Accept-Language": "en-GB,en;q=0.8"])])
    func theWholeFlowInGerman(query: String, headers: [String: String]) throws {
        let site = try WebSite(siteSettings: Self.german)
        defer { site.stop() }

        let sent = try requestInGerman(site, query: query, headers: headers)
        #expect(sent.status == 200)
        #expect(sent.body.contains("<h1>Sehen Sie in Ihre E-Mails</h1>"))
        #expect(!sent.body.contains("If an account uses this address"))

        let mail = try #require(try site.mails().first)
        #expect(mail.subject == "Setzen Sie Ihr Passwort zurück")
        let text = try #require(mail.text), html = try #require(mail.html)
        #expect(text.contains("Guten Tag Ana Lima,"))
        #expect(text.contains("Um ein neues Passwort zu wählen, öffnen Sie diesen Link:"))
        #expect(text.contains("60 Minuten"))
        #expect(html.contains("<html lang=\"de\">"))
        #expect(html.contains(">Neues Passwort wählen</a>"))
        #expect(html.contains("href=\"\(site.origin)/help/de/link-problems.html\""))
        #expect(!text.contains("Hello") && !html.contains("Hello"))
        // The link carries the language, whatever the browser that opens it says.
        let link = try #require(mail.link)
        #expect(link.hasSuffix("&lang=de"))

        let landing = try site.http("GET", link, headers: ["Accept-Language": "en"])
        #expect(landing.status == 303)
        #expect(landing.header("Location") == site.endpoint + "/new-password?lang=de")
        let token = try #require(landing.cookies["resetlink_token"])

        let page = try site.http("GET", Self.path + "/new-password?lang=de", headers: ["Accept-Language": "en"],
                                 cookies: ["resetlink_token": token])
        #expect(page.status == 200)
        #expect(page.body.contains("Wählen Sie ein neues Passwort für das Konto <strong>ana</strong>."))
        #expect(page.body.contains("href=\"\(site.origin)/help/de/reset-password.html#password-rules\""))
        let csrf = try #require(page.hiddenField("csrf"))
        #expect(page.hiddenField("lang") == "de")

        // The form's refusals are German too; the hidden field carries the language, not the browser.
        let weak = try site.http("POST", Self.path + "/new-password", headers: ["Accept-Language": "en"], cookies: ["resetlink_token": token],
                                 form: [("csrf", csrf), ("lang", "de"), ("password", "short"), ("confirm", "short")])
        #expect(weak.status == 422 && weak.body.contains("Verwenden Sie mindestens 12 Zeichen."))
        let mismatch = try site.http("POST", Self.path + "/new-password", headers: ["Accept-Language": "en"], cookies: ["resetlink_token": token],
                                     form: [("csrf", csrf), ("lang", "de"), ("password", "one long password"), ("confirm", "another long one")])
        #expect(mismatch.status == 422 && mismatch.body.contains("Die beiden Passwörter stimmen nicht überein."))

        let done = try site.http("POST", Self.path + "/new-password", headers: ["Accept-Language": "en"], cookies: ["resetlink_token": token],
                                 form: [("csrf", csrf), ("lang", "de"), ("password", "correct horse battery staple"),
                                        ("confirm", "correct horse battery staple")])
        #expect(done.status == 200)
        #expect(done.body.contains("<h1>Ihr Passwort wurde geändert</h1>"))
        #expect(done.body.contains("Das Passwort von <strong>ana</strong> wurde geändert."))

        let mails = try site.mails(atLeast: 2)
        let notice = try #require(mails.first { $0.subject == "Ihr Passwort wurde geändert" })
        #expect(notice.text?.contains("Das Passwort des Kontos „ana“ wurde am ") == true)
        #expect(notice.text?.contains(" um ") == true && notice.text?.contains(" UTC geändert.") == true)
        #expect(notice.html?.contains("<html lang=\"de\">") == true)

        // The used link, opened again: the German "does not work" page.
        let again = try site.http("GET", link)
        #expect(again.status == 410 && again.body.contains("Dieser Link zum Zurücksetzen ist ungültig oder abgelaufen."))
        #expect(try WebSite.checkHTML(again.body) == [])
        #expect(try WebSite.checkHTML(page.body) == [])
    }

    /// An English browser gets English on a site that also speaks German, and a language the site
    /// does not serve falls back to the default; on neither is there a German word.
    @Test func englishAndUnservedLanguagesGetTheDefault() throws {
        let site = try WebSite(siteSettings: Self.german)
        defer { site.stop() }
        for headers in [["Accept-Language": "en-US,en;q=0.9,de;q=0.5"], ["Accept-Language": "fr-CH, fr;q=0.9"], [:]] {
            let form = try site.http("GET", Self.path + "/forgot", headers: headers)
            #expect(form.body.contains("<html lang=\"en\""), "\(headers)")
            #expect(form.body.contains("<h1>Forgot your password?</h1>"), "\(headers)")
            #expect(form.hiddenField("lang") == "en", "\(headers)")
            #expect(form.body.contains("href=\"\(site.origin)/help/sso-and-directory-accounts.html\""))
        }
        // `lang` naming a language the site does not serve counts for nothing.
        let french = try site.http("GET", Self.path + "/forgot?lang=fr", headers: ["Accept-Language": "fr"])
        #expect(french.status == 200 && french.body.contains("<h1>Forgot your password?</h1>"))

        // An English request mails English, and its link says so.
        let form = try site.http("GET", Self.path + "/forgot", headers: ["Accept-Language": "en"])
        _ = try site.http("POST", Self.path + "/forgot", cookies: ["resetlink_form": try #require(form.cookies["resetlink_form"])],
                          form: [("csrf", try #require(form.hiddenField("csrf"))), ("lang", "en"), ("email", "ana@example.org"), ("username", "")])
        let mail = try #require(try site.mails().first)
        #expect(mail.subject == "Reset your password")
        #expect(mail.link?.hasSuffix("&lang=en") == true)
    }

    /// Refusals and errors in German: a request the endpoint refuses, a form without its proof, the
    /// new-password page without the link's cookie, an unknown page.
    @Test func refusalsInGerman() throws {
        let site = try WebSite(siteSettings: Self.german)
        defer { site.stop() }
        let german = ["Accept-Language": "de"]
        let badLink = try site.http("GET", Self.path + "/link?token=AAAA&utm_source=mail", headers: german)
        #expect(badLink.status == 400)
        #expect(badLink.body.contains("<h1>Anfrage nicht angenommen</h1>"))
        #expect(badLink.body.contains("Dieser Link wurde auf dem Weg zu Ihnen verändert"))
        #expect(badLink.body.contains(">Neuen Link zum Zurücksetzen anfordern</a>"))
        #expect(badLink.body.contains("href=\"\(site.endpoint)/forgot?lang=de\""))
        let expired = try site.http("POST", Self.path + "/forgot", headers: german, form: [("email", "ana@example.org")])
        #expect(expired.status == 403 && expired.body.contains("<h1>Dieses Formular ist abgelaufen</h1>"))
        let noCookie = try site.http("GET", Self.path + "/new-password?lang=de")
        #expect(noCookie.status == 403 && noCookie.body.contains("<h1>Öffnen Sie zuerst Ihren Link</h1>"))
        let missing = try site.http("GET", Self.path + "/nowhere", headers: german)
        #expect(missing.status == 404 && missing.body.contains("<h1>Seite nicht gefunden</h1>"))
        for page in [badLink, expired, noCookie, missing] {
            #expect(page.body.contains("<html lang=\"de\""))
            #expect(try WebSite.checkHTML(page.body) == [])
        }
    }

    /// The account remembers the language of the last request; mail without a request of the
    /// person's (an administrator's reset, the notice after `resetlink complete`) is written in it.
    @Test func theLastLanguageIsRememberedForLaterMail() throws {
        let site = try WebSite(siteSettings: Self.german)
        defer { site.stop() }
        let sent = try requestInGerman(site, query: "", headers: ["Accept-Language": "de"])
        #expect(sent.status == 200)
        _ = try site.mails()
        #expect(try site.resetlink(["admin", "reset", "ana", "--by", "root"]).status == 0)
        let mails = try site.mails(atLeast: 2)
        let byAdmin = try #require(mails.first { $0.subject != "Setzen Sie Ihr Passwort zurück" })
        #expect(byAdmin.subject == "Ein Administrator hat Ihr Passwort zurückgesetzt")
        #expect(byAdmin.link?.hasSuffix("&lang=de") == true)
        // --language overrides the stored language, without changing it.
        #expect(try site.resetlink(["admin", "reset", "ana", "--by", "root", "--language", "en"]).status == 0)
        #expect(try site.mails(atLeast: 3).contains { $0.subject == "An administrator started a password reset for you" })
        let unknown = try site.resetlink(["admin", "reset", "ana", "--by", "root", "--language", "fr"])
        #expect(unknown.status != 0 && unknown.err.contains("--language fr is not one of site.languages (en, de)"))
        // The notice after a completion from the command line: the stored language.
        let link = try #require(byAdmin.link)
        #expect(try site.resetlink(["complete", link], input: "correct horse battery staple\n").status == 0)
        #expect(try site.mails(atLeast: 4).contains { $0.subject == "Ihr Passwort wurde geändert" })
    }
}
