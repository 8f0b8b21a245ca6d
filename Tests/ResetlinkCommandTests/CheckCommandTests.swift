import Foundation
import Testing

/// `resetlink check`, what an operator runs after deploying: every problem at once, exit 1 if any.
@Suite struct CheckCommandTests {
    /// A deployment in a temporary folder: a configuration, a keyring, and (with `account`) a
    /// database. With `overrides` (path under `templates/` → text) site.templates names that
    /// folder; without, there is none. `mail` is the reset.mail setting.
    static func deployment(overrides: [String: String]? = nil, account: Bool = true,
                           mail: String = "{delivery: maildir, maildir: private/maildir}", more: String = "") throws -> ResetlinkCommandTests.Workspace {
        let work = try ResetlinkCommandTests.Workspace()
        var site = ""
        if let overrides {
            site = "site:\n  templates: templates\n"
            for (path, text) in overrides {
                let file = work.folder + "/templates/" + path
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
            }
        }
        try (site + """
            reset:
              keyring: private/keyring.json
              database: private/accounts.sqlite
              mail: \(mail)

            """ + more).write(toFile: work.config, atomically: true, encoding: .utf8)
        #expect(try work.run(["keys", "new"]).status == 0)
        if account { #expect(try work.run(["accounts", "add", "ana", "--email", "ana@example.org"]).status == 0) }
        return work
    }

    @Test func aReadyDeploymentPasses() throws {
        let result = try Self.deployment().run(["check"])
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

    @Test func hooksMustExistAndBeRunnable() throws {
        let ready = try Self.deployment(more: "  hooks: {before_change: [/bin/true], timeout_seconds: 3}\n").run(["check"])
        #expect(ready.status == 0, "\(ready.err)")
        #expect(ready.out.split(separator: "\n").last == "  hooks: before_change /bin/true, at most 3 s each")
        let notExecutable = FileManager.default.temporaryDirectory.appendingPathComponent("hook-\(UUID().uuidString)").path
        try "#!/bin/sh\n".write(toFile: notExecutable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: notExecutable)
        defer { try? FileManager.default.removeItem(atPath: notExecutable) }
        let work = try Self.deployment(more: "  hooks: {before_change: [/nonexistent/hook], after_change: [\(notExecutable)]}\n")
        let broken = try work.run(["check"])
        #expect(broken.status == 1)
        #expect(broken.err.split(separator: "\n").map(String.init) == [
            "resetkit.yaml: error: the before_change hook /nonexistent/hook does not exist (reset.hooks.before_change)",
            "resetkit.yaml: error: the after_change hook \(notExecutable) cannot be run by this user (reset.hooks.after_change)",
            "resetlink: error: the check found 2 problems",
        ])
    }

    @Test func aBrokenDeploymentGetsEveryProblemAtOnce() throws {
        // A syntax error in an override of one mail template (an unclosed section), a keyring others
        // can read, no database, no mail command.
        let work = try Self.deployment(
            overrides: ["mail/reset-link.txt.mustache": "{{% CONTENT_TYPE: TEXT}}Hello {{name}},\n{{#byAdmin}}\nAn administrator started it.\n"],
            account: false, mail: "{delivery: sendmail, sendmail: [/nonexistent/sendmail, -t, -i]}")
        chmod(work.keyring, 0o644)

        let result = try work.run(["check"])
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

    @Test func aTemplatesFolderThatDoesNotExistIsAnError() throws {
        let work = try Self.deployment(overrides: [:])
        #expect(!FileManager.default.fileExists(atPath: work.folder + "/templates"))
        let result = try work.run(["check"])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("templates: error: site.templates is not a folder (leave it out to use the built-in templates)\n"))
    }

    @Test func anOverrideResetlinkDoesNotReadIsAnError() throws {
        let work = try Self.deployment(overrides: ["mail/reset-link.text.mustache": "{{% CONTENT_TYPE: TEXT}}Hello\n"])
        let result = try work.run(["check"])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("templates/mail/reset-link.text.mustache: error: resetlink does not use this template: "
            + "the files it reads in mail/ are managed-externally.html.mustache, managed-externally.subject.mustache, "))
    }

    /// Every name a template uses is checked against the type it receives, overrides included.
    @Test func anUnknownNameInAnOverrideIsReported() throws {
        let work = try Self.deployment(overrides: ["mail/reset-link.subject.mustache": "{{% CONTENT_TYPE: TEXT}}Reset your {{siteTitel}} password\n"])
        let result = try work.run(["check"])
        #expect(result.status == 1)
        #expect(result.err == """
            templates/mail/reset-link.subject.mustache:1:36: error: unknown value 'siteTitel' (did you mean 'siteTitle'?)
            resetlink: error: the check found 1 problem

            """)
    }
}
