import Foundation
import Testing

/// resetlink deployed as docs/deploy-cgi.md describes: the binary and a configuration, and no
/// `Templates/` folder anywhere; the pages and mails come from the templates compiled into it.
@Suite(.enabled(if: WebSite.lighttpd != nil, "lighttpd is not installed (scripts/test installs it)"))
struct DeploymentTests {
    /// GET the form, POST it with `email` (and `username`).
    func requestReset(_ site: WebSite, email: String, username: String = "") throws -> WebSite.Response {
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        let csrf = try #require(form.hiddenField("csrf"))
        let cookie = try #require(form.cookies["resetlink_form"])
        return try site.http("POST", "/cgi-bin/resetlink/forgot", cookies: ["resetlink_form": cookie],
                             form: [("csrf", csrf), ("email", email), ("username", username)])
    }

    @Test func wholeFlowAndEveryMailWithoutATemplatesFolder() throws {
        let site = try WebSite(templates: .builtIn)
        defer { site.stop() }
        // Nothing to read templates from: no site.templates, no Templates/ beside the configuration
        // or the program (the web server runs it in cgi-bin/).
        let config = try String(contentsOfFile: site.config, encoding: .utf8)
        #expect(!config.contains("templates"))
        for folder in [site.folder, site.folder + "/cgi-bin"] {
            #expect(!FileManager.default.fileExists(atPath: folder + "/Templates"))
        }

        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        #expect(form.status == 200)
        #expect(form.body.contains("<title>Forgot your password? · Password help</title>"))
        #expect(form.body.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(form.body.contains("<a href=\"\(site.origin)/help/reset-password.html\">Reset your password</a>"))

        let sent = try requestReset(site, email: "ana@example.org")
        #expect(sent.status == 200 && sent.body.contains("Check your email"))
        let linkMail = try #require(try site.mails(atLeast: 1).first)
        #expect(linkMail.subject == "Reset your password")
        #expect(linkMail.text?.hasPrefix("Hello Ana Lima,\n\nSomeone, hopefully you, asked to reset the password of the account \"ana\".") == true)
        #expect(linkMail.html?.contains("Choose a new password</a>") == true)
        let link = try #require(linkMail.link)

        let landing = try site.http("GET", link)
        #expect(landing.status == 303)
        let token = try #require(landing.cookies["resetlink_token"])
        let page = try site.http("GET", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token])
        #expect(page.status == 200 && page.body.contains("Choose a new password for the account <strong>ana</strong>."))
        let csrf = try #require(page.hiddenField("csrf"))
        let done = try site.http("POST", "/cgi-bin/resetlink/new-password", cookies: ["resetlink_token": token],
                                 form: [("csrf", csrf), ("password", "correct horse battery staple"), ("confirm", "correct horse battery staple")])
        #expect(done.status == 200)
        #expect(done.body.contains("The password of <strong>ana</strong> was changed."))
        let used = try site.http("GET", link)
        #expect(used.status == 410 && used.body.contains("This reset link is invalid or has expired."))

        // The two other kinds: several accounts on one address, an account managed by SSO.
        _ = try requestReset(site, email: "shared@example.org")
        _ = try requestReset(site, email: "sso@example.org")
        let mails = try site.mails(atLeast: 4)
        let subjects = Set(mails.map(\.subject))
        #expect(subjects == ["Reset your password", "Your password was changed",
                             "Your password reset: please give your username too", "Your password is managed by Okta"])
        for mail in mails {
            #expect(mail.text?.hasSuffix("-- \nPassword help\n") == true, "\(mail.subject)")
            #expect(mail.html?.contains("<p style=\"color: #566173;\">Password help</p>") == true, "\(mail.subject)")
        }

        // The operator's check of this deployment passes, and says the templates are built in.
        let check = try site.resetlink(["check"])
        #expect(check.status == 0, "\(check.err)")
        #expect(check.out.contains("templates: 27 built in"))
    }

    @Test func anOverriddenMailTemplateIsUsedAndTheOthersAreBuiltIn() throws {
        let site = try WebSite(templates: .overrides([
            "mail/reset-link.subject.mustache": "{{% CONTENT_TYPE: TEXT}}{{siteTitle}}: your link for {{username}}\n",
        ]))
        defer { site.stop() }
        let sent = try requestReset(site, email: "ana@example.org")
        #expect(sent.status == 200 && sent.body.contains("Check your email"))
        let mail = try #require(try site.mails(atLeast: 1).first)
        #expect(mail.subject == "Password help: your link for ana")
        // The bodies are the built-in ones.
        #expect(mail.text?.contains("To choose a new password, open this link:") == true)

        let check = try site.resetlink(["check"])
        #expect(check.status == 0, "\(check.err)")
        #expect(check.out.contains("templates: 27, 1 of them from \(site.overrideFolder)"))
    }

    @Test func aBrokenOverrideIsReportedAndTheFormFallsBackToAPlainPage() throws {
        let site = try WebSite(templates: .overrides([
            "endpoint/forgot.mustache": "{{<layout}}\n{{$main}}\n<p>{{#errors}}</p>\n{{/main}}\n{{/layout}}\n",
            "mail/password-changed.txt.mustache": "{{% CONTENT_TYPE: TEXT}}Hello {{nmae}},\n",
        ]))
        defer { site.stop() }
        let check = try site.resetlink(["check"])
        #expect(check.status == 1)
        #expect(check.err == """
            \(site.overrideFolder)/endpoint/forgot.mustache:4:1: error: '{{/main}}' does not close the open section 'errors'
            \(site.overrideFolder)/mail/password-changed.txt.mustache:1:31: error: unknown value 'nmae' (did you mean 'name'?)
            resetlink: error: the check found 2 problems

            """)
        // The endpoint does not render a half-checked page: its plain refusal page, and the reason in the log.
        let form = try site.http("GET", "/cgi-bin/resetlink/forgot")
        #expect(form.status == 500)
        #expect(!form.body.contains("<form"))
    }
}
