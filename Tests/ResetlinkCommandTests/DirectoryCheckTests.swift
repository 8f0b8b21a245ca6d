import Foundation
import Testing

/// `resetlink check` with reset.directory: the secret file private to this user, the program runnable.
@Suite struct DirectoryCheckTests {
    static func deployment(secretMode: mode_t, program: String) throws -> ResetlinkCommandTests.Workspace {
        let work = try CheckCommandTests.deployment()
        try String(contentsOfFile: work.config, encoding: .utf8).appending("""

              directory:
                url: ldaps://ldap.example.org
                bind_dn: cn=resetkit,ou=services,dc=example,dc=org
                secret_file: private/ldap-secret
                base_dn: ou=people,dc=example,dc=org
                providers: [Corporate LDAP]
                program: \(program)
            """).write(toFile: work.config, atomically: true, encoding: .utf8)
        try "bind secret\n".write(toFile: work.folder + "/private/ldap-secret", atomically: false, encoding: .utf8)
        chmod(work.folder + "/private/ldap-secret", secretMode)
        return work
    }

    @Test func aReadyDirectoryIsSummarised() throws {
        let result = try Self.deployment(secretMode: 0o600, program: "/bin/true").run(["check"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.split(separator: "\n").last == "  directory: ldaps://ldap.example.org (rfc3062) for Corporate LDAP, through /bin/true")
    }

    @Test func anOpenSecretFileAndAMissingProgramAreBothReported() throws {
        let result = try Self.deployment(secretMode: 0o640, program: "/nonexistent/resetlink-directory").run(["check"])
        #expect(result.status == 1)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(lines == [
            "resetkit.yaml: error: the directory's secret file private/ldap-secret can be read by other users (mode 640); make it private with chmod 600 private/ldap-secret",
            "resetkit.yaml: error: the directory program /nonexistent/resetlink-directory does not exist; install resetlink-directory next to resetlink or set reset.directory.program",
            "resetlink: error: the check found 2 problems",
        ])
    }
}

/// `resetlink admin reset` and `verify` on the database follow reset.directory like the web does.
@Suite struct DirectoryCommandTests {
    @Test func aServedAccountsLinkVerifiesAndIsRefusedOnceTheDirectoryIsGone() throws {
        let work = try DirectoryCheckTests.deployment(secretMode: 0o600, program: "/bin/true")
        #expect(try work.run(["accounts", "add", "dora", "--email", "dora@example.org", "--source", "ldap", "--provider", "Corporate LDAP"]).status == 0)
        let reset = try work.run(["admin", "reset", "dora", "--by", "pat", "--print-link"])
        #expect(reset.status == 0, "\(reset.err)")
        let link = try #require(reset.out.split(separator: "\n").first { $0.contains("token=") }.map(String.init))
        let valid = try work.run(["verify", "--", String(link[(link.range(of: "https://")?.lowerBound ?? link.startIndex)...])])
        #expect(valid.status == 0, "\(valid.out) \(valid.err)")

        // The same account and link, with the directory section taken out: not eligible any more.
        let config = try String(contentsOfFile: work.config, encoding: .utf8)
        try String(config[..<(config.range(of: "  directory:")?.lowerBound ?? config.endIndex)]).write(toFile: work.config, atomically: true, encoding: .utf8)
        let refused = try work.run(["verify", "--", String(link[(link.range(of: "https://")?.lowerBound ?? link.startIndex)...])])
        #expect(refused.status == 18 && refused.out.contains("account-not-eligible"), "\(refused.out)")
        #expect(try work.run(["admin", "reset", "dora", "--by", "pat", "--print-link"]).status == 22)
    }
}
