import Foundation
import Settings
import Testing

@Suite struct DirectorySettingsTests {
    static let complete = """
        reset:
          directory:
            url: ldaps://ldap.example.org
            bind_dn: cn=resetkit,ou=services,dc=example,dc=org
            secret_file: private/ldap-secret
            base_dn: ou=people,dc=example,dc=org
            providers: [Corporate LDAP]
            sources: [usersync]

        """

    @Test func noDirectoryByDefault() throws {
        #expect(ResetSettings().directory == nil)
        #expect(try Configuration.parse("reset:\n  link_lifetime_minutes: 30\n", file: "resetkit.yaml").reset.directory == nil)
    }

    @Test func everyKeyIsRead() throws {
        let text = Self.complete + """
                kind: activedirectory
                ca_file: /etc/ssl/corp-ca.pem
                timeout_seconds: 4
                program: /usr/lib/resetkit/resetlink-directory
                filter: (&(objectClass=user)(sAMAccountName={username}))
            """
        let directory = try #require(try Configuration.parse(text, file: "resetkit.yaml").reset.directory)
        #expect(directory.url == "ldaps://ldap.example.org")
        #expect(directory.bindDN == "cn=resetkit,ou=services,dc=example,dc=org")
        #expect(directory.secretFile == "private/ldap-secret")
        #expect(directory.kind == .activedirectory)
        #expect(directory.caFile == "/etc/ssl/corp-ca.pem")
        #expect(directory.timeoutSeconds == 4)
        #expect(directory.program == "/usr/lib/resetkit/resetlink-directory")
        #expect(directory.filter == "(&(objectClass=user)(sAMAccountName={username}))")
        #expect(directory.providers == ["Corporate LDAP"] && directory.sources == ["usersync"])
    }

    @Test func theFilterDefaultsByKind() throws {
        let ldap = try #require(try Configuration.parse(Self.complete, file: "resetkit.yaml").reset.directory)
        #expect(ldap.filter == "(uid={username})" && ldap.kind == .rfc3062)
        let ad = try #require(try Configuration.parse(Self.complete + "    kind: activedirectory\n", file: "resetkit.yaml").reset.directory)
        #expect(ad.filter == "(sAMAccountName={username})")
    }

    @Test func servesItsProvidersIgnoringCaseAndItsSourcesButNeverLocalAccounts() throws {
        let directory = try #require(try Configuration.parse(Self.complete, file: "resetkit.yaml").reset.directory)
        #expect(directory.serves(source: "ldap", provider: "corporate ldap"))
        #expect(directory.serves(source: "sso", provider: "Corporate LDAP"))
        #expect(directory.serves(source: "usersync", provider: ""))
        #expect(!directory.serves(source: "sso", provider: "Okta"))
        #expect(!directory.serves(source: "ldap", provider: ""))
        #expect(!directory.serves(source: "local", provider: "Corporate LDAP"))
    }

    @Test func plainLDAPIsRefusedUnlessEncryptedOrForTests() throws {
        let plain = Self.complete.replacingOccurrences(of: "ldaps://", with: "ldap://")
        #expect(problem(plain) == "resetkit.yaml:3:10: error: reset.directory.url 'ldap://ldap.example.org' would send passwords unencrypted: "
                + "use ldaps://, or set starttls: true (insecure_for_tests: true allows it for a test server only, and never for Active Directory, "
                + "which refuses unicodePwd without encryption)")
        #expect(problems(plain + "    starttls: true\n").isEmpty)
        #expect(problems(plain + "    insecure_for_tests: true\n").isEmpty)
        #expect(problems(plain + "    insecure_for_tests: true\n    kind: activedirectory\n").count == 1)
        #expect(problem(Self.complete + "    starttls: true\n")
                == "resetkit.yaml:3:10: error: reset.directory.starttls is for ldap:// URLs; an ldaps:// connection is encrypted from the start")
        #expect(problem(Self.complete.replacingOccurrences(of: "ldaps://ldap.example.org", with: "https://ldap.example.org"))
                == "resetkit.yaml:3:10: error: reset.directory.url must be an ldaps:// URL (or ldap:// with starttls: true), not 'https://ldap.example.org'")
    }

    @Test func mistakesAreReportedAtTheirPlaceAllAtOnce() {
        let text = """
            reset:
              directory:
                url: ldaps://ldap.example.org
                secret_file: private/ldap-secret
                base_dn: ou=people,dc=example,dc=org
                filter: uid={username}
                kind: openldap
                sources: [local]
                timeout_seconds: 0
                program: resetlink-directory
                bindDN: x
            """
        // Sorted by place, as every configuration error is.
        #expect(problems(text) == [
            "resetkit.yaml:3:5: error: reset.directory needs bind_dn",
            "resetkit.yaml:6:13: error: reset.directory.filter must be an LDAP filter in parentheses containing {username}, e.g. (uid={username}), not 'uid={username}'",
            "resetkit.yaml:7:11: error: reset.directory.kind must be rfc3062 or activedirectory, not 'openldap'",
            "resetkit.yaml:8:14: error: each entry of reset.directory.sources must be sso, ldap or usersync, not 'local' (local accounts keep their password here)",
            "resetkit.yaml:9:22: error: reset.directory.timeout_seconds must be between 1 and 120",
            "resetkit.yaml:10:14: error: reset.directory.program must be an absolute path, not 'resetlink-directory'",
            "resetkit.yaml:11:5: error: unknown key 'bindDN' in reset.directory (known keys: url, bind_dn, secret_file, base_dn, filter, kind, "
                + "ca_file, starttls, insecure_for_tests, timeout_seconds, providers, sources, program)",
        ])
        #expect(problem("reset:\n  directory:\n    url: ldaps://x\n    bind_dn: a\n    secret_file: s\n    base_dn: b\n")
                == "resetkit.yaml:3:5: error: reset.directory needs providers or sources: the accounts whose password it holds")
    }
}
