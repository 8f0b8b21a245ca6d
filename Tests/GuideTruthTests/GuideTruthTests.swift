import AccountStore
import Diagnostics
import Foundation
import HelpSite
import Keyring
import Mail
import MailReading
import PasswordPolicy
import ResetFlow
import ResetTokens
import Settings
import Testing
import Translations

/// The guide states what resetlink enforces, from one configuration: change the configuration and
/// both change together; break what resetlink links to and `helpsite check` fails.
@Suite struct GuideTruthTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the repository's guide with its own configuration.
    struct Copy {
        let folder: String
        var config: String { folder + "/resetkit.yaml" }

        init(reset: String, languages: String = "[en, de]") throws {  // the repository's guide is in both
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("guide-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: GuideTruthTests.root.appendingPathComponent("content").path, toPath: folder + "/content")
            try """
                site:
                  templates: \(GuideTruthTests.root.appendingPathComponent("Templates").path)
                  languages: \(languages)
                reset:
                  database: \(folder)/accounts.sqlite
                  mail: {delivery: maildir, maildir: \(folder)/maildir}
                \(reset)
                """.write(toFile: config, atomically: true, encoding: .utf8)
        }

        func build() async throws -> String {
            var options = BuildOptions(configuration: try Configuration.load(path: config))
            options.outputDirectory = folder + "/public"
            _ = try await SiteBuild.run(options, strict: true)
            return try String(contentsOfFile: folder + "/public/reset-password.html", encoding: .utf8)
        }

        /// resetlink's service on the same configuration file, with a new keyring.
        func service() throws -> ResetService {
            let configuration = try Configuration.load(path: config)
            var keyring = Keyring()
            keyring.addKey()
            return ResetService(configuration: configuration, store: try AccountStore(path: configuration.resolve(configuration.reset.database)),
                                keyring: keyring, mailer: ResetService.mailer(configuration))
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let file = folder + "/content/" + path
            try change(try String(contentsOfFile: file, encoding: .utf8)).write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    @Test func changingTheConfigurationChangesTheGuideAndTheBehaviourTogether() async throws {
        let defaults = try Copy(reset: "")
        let before = try await defaults.build()
        #expect(before.contains("valid for <strong>60 minutes</strong>") && before.contains("at least <strong>12 characters</strong>"))

        let changed = try Copy(reset: """
              link_lifetime_minutes: 30
              admin_link_lifetime_minutes: 2880
              throttle_per_hour: 5
              password: {min_length: 14, scrypt_log_n: 10}
              login_url: https://portal.example.org/sign-in
              contacts: {Okta: the Okta admins (okta@example.org)}
            """)
        let page = try await changed.build()
        #expect(page.contains("valid for <strong>30 minutes</strong>"))
        #expect(page.contains("valid for <strong>48 hours</strong>"))
        #expect(page.contains("<strong>5 reset emails</strong>"))
        #expect(page.contains("at least <strong>14 characters</strong>"))
        #expect(page.contains("href=\"https://portal.example.org/sign-in\""))
        let sso = try String(contentsOfFile: changed.folder + "/public/sso-and-directory-accounts.html", encoding: .utf8)
        #expect(sso.contains("<li><strong>Okta</strong>: the Okta admins (okta@example.org)</li>"))

        // resetlink, on the same file: a link lasts 30 minutes, a 13-character password is refused.
        let service = try changed.service()
        let configuration = service.configuration
        var clock: UnixTime = 1_795_000_000
        service.now = { clock }
        try service.store.add(AccountDetails(username: "ana", email: "ana@example.org"), now: clock)
        guard case .link(_, let link) = try service.adminReset(username: "ana", by: "pat", mail: false) else {
            Issue.record("no link")
            return
        }
        let token = String(link.split(separator: "token=").last?.prefix { $0 != "&" } ?? "")  // the link may carry &lang=
        clock += 2880 * 60
        #expect(try service.checkLink(token).outcome.isValid)
        clock += 1
        #expect(try service.checkLink(token).outcome == .expired)
        clock = 1_795_000_000
        let result = try service.request(email: "ana@example.org", username: nil)
        let mails = try service.followUp(result)
        #expect(service.send(mails).isEmpty)
        let mailed = try String(contentsOfFile: configuration.resolve(configuration.reset.mail.maildir) + "/new/"
                                + (try FileManager.default.contentsOfDirectory(atPath: configuration.resolve(configuration.reset.mail.maildir) + "/new").first ?? ""),
                                encoding: .utf8)
        #expect(mailed.contains("once and for 30 minutes."))
        let selfService = try #require(readableMail(mailed)
            .components(separatedBy: "token=").last?.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        clock += 30 * 60 + 1
        #expect(try service.checkLink(String(selfService)).outcome == .expired)
        clock = 1_795_000_000
        guard case .weakPassword(let problems) = try service.complete(token: String(selfService), password: "thirteen char") else {
            Issue.record("a 13-character password was accepted")
            return
        }
        #expect(problems == [.tooShort(minimum: 14)])
    }

    /// The sentence about SSO and directory accounts follows reset.directory, and so do requests
    /// and admin resets on the same file.
    @Test func aConnectedDirectoryIsWhatTheGuideSaysAboutDirectoryAccounts() async throws {
        let seed = try Copy(reset: "")
        _ = try await seed.build()
        let before = try String(contentsOfFile: seed.folder + "/public/sso-and-directory-accounts.html", encoding: .utf8)
        #expect(before.contains(ResetSettings.managedElsewhereSentence()))
        #expect(!before.contains("the exception"))
        let adminBefore = try String(contentsOfFile: seed.folder + "/public/admin/reset-a-users-password.html", encoding: .utf8)
        #expect(adminBefore.contains("This works only for local accounts. Other accounts created through single sign-on"))

        let connected = try Copy(reset: """
              directory:
                url: ldaps://ldap.example.org
                bind_dn: cn=resetkit,ou=services,dc=example,dc=org
                secret_file: private/ldap-secret
                base_dn: ou=people,dc=example,dc=org
                providers: [Corporate LDAP]
            """)
        _ = try await connected.build()
        let after = try String(contentsOfFile: connected.folder + "/public/sso-and-directory-accounts.html", encoding: .utf8)
        #expect(after.contains("Accounts of Corporate LDAP are the exception: their password can be reset here"))
        #expect(after.contains("The password of any other SSO or directory-synced account cannot be set"))
        let adminAfter = try String(contentsOfFile: connected.folder + "/public/admin/reset-a-users-password.html", encoding: .utf8)
        #expect(adminAfter.contains("This works only for local accounts and accounts of Corporate LDAP. Other accounts"))

        // Every other page that says SSO or directory accounts cannot be reset here carries the
        // exception with a directory connected, and reads as the seed's without one.
        let exception = " (except accounts of Corporate LDAP: their password can be reset here, and the new one is written to that directory)"
        let statements = [
            ("index.html", "You cannot reset that password here"),
            ("reset-password.html", "this page does not apply to you"),
            ("link-problems.html", "do not get a reset link"),
            ("sso-and-directory-accounts.html", "does not send a reset link for such an account"),
            ("admin/index.html", "cannot be reset here, by you or by the user"),
            ("admin/reset-a-users-password.html", "for someone with a <strong>local account</strong>"),
        ]
        for (page, statement) in statements {
            let seedPage = try String(contentsOfFile: seed.folder + "/public/" + page, encoding: .utf8)
            let connectedPage = try String(contentsOfFile: connected.folder + "/public/" + page, encoding: .utf8)
            #expect(seedPage.contains(statement), "\(page): the statement is gone")
            #expect(!seedPage.contains("(except accounts of"), "\(page): an exception without a directory")
            #expect(connectedPage.contains(statement + exception), "\(page): no exception after '\(statement)'")
        }
        #expect(after.contains("works only for local accounts and accounts of Corporate LDAP."))
        #expect(before.contains("works only for local accounts."))

        // resetlink on the same file: the Corporate LDAP account gets a link, the Okta one does not.
        let service = try connected.service()
        service.now = { 1_795_000_000 }
        try service.store.add(AccountDetails(username: "dora", email: "dora@example.org", source: .ldap, provider: "corporate ldap"), now: 1_795_000_000)
        try service.store.add(AccountDetails(username: "omar", email: "omar@example.org", source: .sso, provider: "Okta"), now: 1_795_000_000)
        guard case .link = try service.adminReset(username: "dora", by: "pat", mail: false) else {
            Issue.record("no link for an account of the connected directory")
            return
        }
        #expect(throws: ResetFlowError.self) { try service.adminReset(username: "omar", by: "pat", mail: false) }
        let mails = try service.followUp(try service.request(email: "dora@example.org", username: nil))
        #expect(mails.map(\.event) == [.linkSent])
        let refused = try service.followUp(try service.request(email: "omar@example.org", username: nil))
        #expect(refused.map(\.event) == [.managedExternallySent])
    }

    @Test func anAnchorResetlinkUsesMustNotDisappear() async throws {
        let copy = try Copy(reset: "")
        try copy.edit("reset-password.md") { $0.replacingOccurrences(of: "## Password rules", with: "## Rules for passwords") }
        // The page's own link to #password-rules breaks too; resetlink's is reported on its own.
        do {
            _ = try await copy.build()
            Issue.record("built without the anchor resetlink links to")
        } catch let failure as BuildFailure {
            let messages = failure.diagnostics.map(\.message)
            #expect(messages.contains("resetlink's pages and emails link to 'reset-password.md#password-rules': this page has no heading with id 'password-rules'"))
        }
        let removed = try Copy(reset: "")
        try FileManager.default.removeItem(atPath: removed.folder + "/content/several-accounts.md")
        try removed.edit("index.md") { $0.replacingOccurrences(of: "several-accounts.md", with: "reset-password.md") }
        try removed.edit("reset-password.md") { $0.replacingOccurrences(of: "several-accounts.md", with: "index.md") }
        try removed.edit("forgotten-username.md") { $0.replacingOccurrences(of: "several-accounts.md", with: "index.md") }
        try removed.edit("admin/index.md") { $0.replacingOccurrences(of: "../several-accounts.md", with: "../index.md") }
        try removed.edit("admin/reset-a-users-password.md") { $0.replacingOccurrences(of: "../several-accounts.md", with: "../index.md") }
        do {
            _ = try await removed.build()
            Issue.record("built without a page resetlink links to")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.contains { $0.message == "resetlink's pages and emails link to 'several-accounts.md', which is not a published page" })
        }
    }

    @Test func unknownValuesAreErrorsAtTheirPosition() async throws {
        let copy = try Copy(reset: "")
        try copy.edit("reset-password.md") { $0.replacingOccurrences(of: "{{reset.link_lifetime}}", with: "{{reset.link_lifetimes}}") }
        try copy.edit("link-problems.md") { $0 + "\nSee [the form]({{reset.forgot}}).\n" }
        do {
            _ = try await copy.build()
            Issue.record("built with unknown values")
        } catch let failure as BuildFailure {
            let lines = failure.diagnostics.map(\.formatted).map { String($0[($0.range(of: "content/")?.lowerBound ?? $0.startIndex)...]) }
            #expect(lines.contains { $0.hasPrefix("content/reset-password.md:42:") && $0.contains("error: unknown value '{{reset.link_lifetimes}}' (known: ") })
            #expect(lines.contains { $0.hasPrefix("content/link-problems.md:") && $0.contains("error: unknown value '{{reset.forgot}}' in a link") })
            #expect(failure.errorCount == 2)
        }
    }
}
