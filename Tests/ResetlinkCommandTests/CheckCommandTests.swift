import Foundation
import Testing

/// `resetlink check`, what an operator runs after deploying: every problem at once, exit 1 if any.
@Suite struct CheckCommandTests {
    /// A deployment in a temporary folder: configuration, keyring, database, Maildir; no site.templates.
    struct Deployment {
        let work: ResetlinkCommandTests.Workspace
        var folder: String { work.folder }

        init() throws {
            work = try ResetlinkCommandTests.Workspace()
            try """
                reset:
                  endpoint_url: https://intranet.example.org/cgi-bin/resetlink/
                  keyring: private/keyring.json
                  database: private/accounts.sqlite
                  mail: {delivery: maildir, maildir: private/maildir}
                """.write(toFile: work.config, atomically: true, encoding: .utf8)
            #expect(try work.run(["keys", "new"]).status == 0)
            #expect(try work.run(["accounts", "add", "ana", "--email", "ana@example.org"]).status == 0)
        }

        func check() throws -> ResetlinkCommandTests.Result { try work.run(["check"]) }
    }

    @Test func aReadyDeploymentPasses() throws {
        let deployment = try Deployment()
        let result = try deployment.check()
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.isEmpty)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.first == "resetlink check: resetkit.yaml is ready")
        #expect(lines.dropFirst().first == "  templates: 27 built in")
        #expect(lines.dropFirst(2).first == "  keyring: 1 key")
        #expect(lines.dropFirst(3).first?.hasPrefix("  database: schema version ") == true)
        #expect(lines.last == "  mail: Maildir private/maildir")
    }

    @Test func brokenDeploymentListsEveryProblem() throws {
        let work = try ResetlinkCommandTests.Workspace()
        let templates = work.folder + "/templates/mail"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        // An unclosed section: a syntax error in an override of one mail template.
        try "{{% CONTENT_TYPE: TEXT}}Hello {{name}},\n{{#byAdmin}}\nAn administrator started it.\n"
            .write(toFile: templates + "/reset-link.txt.mustache", atomically: true, encoding: .utf8)
        try """
            site:
              templates: templates
            reset:
              keyring: private/keyring.json
              database: private/accounts.sqlite
              mail: {delivery: sendmail, sendmail: [/nonexistent/sendmail, -t, -i]}
            """.write(toFile: work.config, atomically: true, encoding: .utf8)
        #expect(try work.run(["keys", "new"]).status == 0)
        chmod(work.keyring, 0o644)

        let result = try work.check()
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        let lines = result.err.split(separator: "\n").map(String.init)
        // Paths as the configuration gives them, relative to its folder (the working directory here).
        #expect(lines == [
            "templates/mail/reset-link.txt.mustache:2:1: error: section 'byAdmin' is never closed",
            "private/keyring.json: error: the keyring private/keyring.json can be read by other users (mode 644); make it private with `chmod 600 private/keyring.json`",
            "private/accounts.sqlite: error: the account database does not exist; create it by importing the accounts (resetlink accounts import)",
            "resetkit.yaml: error: the mail command /nonexistent/sendmail does not exist (reset.mail.sendmail); install a sendmail-compatible program or change the setting",
            "resetlink: error: the check found 4 problems",
        ])
    }

    /// An unknown name in an override is a load-time error (TemplateLibrary.check). Known issue until
    /// the check is filled in; when it is, this test fails with "Known issue was not recorded":
    /// remove `withKnownIssue`.
    @Test func unknownNameInAnOverrideIsReported() throws {
        let work = try ResetlinkCommandTests.Workspace()
        let templates = work.folder + "/templates/mail"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try "{{% CONTENT_TYPE: TEXT}}Reset your {{siteTitel}} password\n"
            .write(toFile: templates + "/reset-link.subject.mustache", atomically: true, encoding: .utf8)
        try """
            site:
              templates: templates
            reset:
              keyring: private/keyring.json
              database: private/accounts.sqlite
              mail: {delivery: maildir, maildir: private/maildir}
            """.write(toFile: work.config, atomically: true, encoding: .utf8)
        #expect(try work.run(["keys", "new"]).status == 0)
        #expect(try work.run(["accounts", "add", "ana", "--email", "ana@example.org"]).status == 0)
        let result = try work.check()
        withKnownIssue("TemplateLibrary.check is a stub until the lead fills it in") {
            #expect(result.status == 1)
            #expect(result.err.hasPrefix("templates/mail/reset-link.subject.mustache:1:"))
            #expect(result.err.contains(": error: unknown value 'siteTitel' (did you mean 'siteTitle'?)\n"))
        }
    }
}

extension ResetlinkCommandTests.Workspace {
    func check() throws -> ResetlinkCommandTests.Result { try run(["check"]) }
}
