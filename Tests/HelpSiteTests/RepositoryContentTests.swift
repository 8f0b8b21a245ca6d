import Foundation
import Testing
@testable import HelpSite

/// A full build of the repository's own guide: content/ with resetkit.yaml and Templates/.
@Suite struct RepositoryContentTests {
    static let config = Paths.packageRoot.appendingPathComponent("resetkit.yaml").path

    func build() async throws -> (String, BuildReport) {
        let output = try makeTemporaryDirectory() + "/public"
        let report = try await SiteBuild.run(try buildOptions(config: Self.config, output: output), strict: true)
        return (output, report)
    }

    @Test func guideBuildsWithoutWarningsAndHasEveryPage() async throws {
        let (output, report) = try await build()
        #expect(report.warnings.isEmpty)
        let files = Set(try snapshot(output).keys)
        for page in [
            "index.html", "reset-password.html", "several-accounts.html", "sso-and-directory-accounts.html",
            "forgotten-username.html", "link-problems.html", "admin/index.html", "admin/reset-a-users-password.html",
            "tags/index.html", "tags/password.html", "tags/password-reset.html", "tags/people.html", "tags/user-guide.html",
            "sitemap.xml", "404.html", "assets/style.css", "media/reset-password-walkthrough.mp4",
        ] {
            #expect(files.contains(page), "public/\(page) is missing")
        }
    }

    @Test func guideCoversTheBehaviourItDescribes() async throws {
        let (output, _) = try await build()
        func page(_ path: String) throws -> String { try readText(output + "/" + path) }
        let reset = try page("reset-password.html")
        #expect(reset.contains("Forgot password"))
        #expect(reset.contains("60 minutes"))
        #expect(reset.contains("12 characters"))
        #expect(reset.contains("<video controls"))
        #expect(reset.contains(" download>"))
        for tag in ["password", "password reset", "people", "user guide"] {
            #expect(reset.contains("rel=\"tag\" href=\"tags/\(tag.replacingOccurrences(of: " ", with: "-")).html\">\(tag)</a>"))
        }
        #expect(reset.contains("Created on <time"))
        #expect(reset.contains("Last modified on <time"))
        let shared = try page("several-accounts.html")
        #expect(shared.contains("username"))
        let sso = try page("sso-and-directory-accounts.html")
        for fact in ["Okta", "Azure AD", "LDAP", "id=\"for-administrators\""] { #expect(sso.contains(fact), "SSO page lacks \(fact)") }
        let username = try page("forgotten-username.html")
        for fact in ["firstname.surname", "employee number", "password manager"] { #expect(username.lowercased().contains(fact.lowercased()), "username page lacks \(fact)") }
        // The formats are a GFM table: four rows under a header, not a run-on paragraph of pipes.
        #expect(username.contains("<th style=\"text-align: left\">Format</th>"))
        #expect(username.components(separatedBy: "<tr>").count - 1 == 5)
        #expect(!username.contains("|:---|"))
        let admin = try page("admin/reset-a-users-password.html")
        #expect(admin.contains("Admin &gt; People") || admin.contains("<strong>Admin</strong> &gt; <strong>People</strong>"))
    }

    @Test func twoBuildsOfTheGuideAreByteIdentical() async throws {
        let (first, _) = try await build()
        let (second, _) = try await build()
        #expect(try snapshot(first) == snapshot(second))
    }
}
