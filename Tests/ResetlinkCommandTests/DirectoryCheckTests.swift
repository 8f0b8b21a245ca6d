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
