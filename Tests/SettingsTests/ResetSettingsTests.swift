import Settings
import Testing

@Suite struct ResetSettingsTests {
    @Test func defaults() {
        let reset = ResetSettings()
        #expect(reset.endpointURL == "https://intranet.example.com/cgi-bin/resetlink")
        #expect(reset.keyring == "private/keyring.json")
        #expect(reset.linkLifetimeMinutes == 60)
        #expect(reset.adminLinkLifetimeMinutes == 1440)
        #expect(reset.clockSkewSeconds == 60)
        #expect(!reset.detachAfterAnswer)
    }

    @Test func everyKeyParsesAndTheEndpointLosesItsTrailingSlash() throws {
        let configuration = try Configuration.parse("""
            reset:
              endpoint_url: https://help.example.org/cgi-bin/resetlink/
              keyring: /etc/resetkit/keyring.json
              link_lifetime_minutes: 30
              admin_link_lifetime_minutes: 2880
              clock_skew_seconds: 5
              detach_after_answer: true
            """, file: "resetkit.yaml")
        let reset = configuration.reset
        #expect(reset.endpointURL == "https://help.example.org/cgi-bin/resetlink")
        #expect(reset.link(for: "TOKEN") == "https://help.example.org/cgi-bin/resetlink/link?token=TOKEN")
        #expect(configuration.resolve(reset.keyring) == "/etc/resetkit/keyring.json")
        #expect(reset.linkLifetimeMinutes == 30 && reset.adminLinkLifetimeMinutes == 2880 && reset.clockSkewSeconds == 5)
        #expect(reset.detachAfterAnswer)
        #expect(configuration.site == SiteSettings())
    }

    @Test func problemsAreReportedWithPositions() {
        #expect(problems("""
            reset:
              endpoint_url: intranet/reset
              link_lifetime_minutes: 0
              admin_link_lifetime_minutes: lots
              clock_skew_seconds: 7200
              colour: red
            """) == [
                "resetkit.yaml:2:17: error: reset.endpoint_url must be an absolute https:// (or http://) URL without a query or fragment, not 'intranet/reset'",
                "resetkit.yaml:3:26: error: reset.link_lifetime_minutes must be between 1 and 10080",
                "resetkit.yaml:4:32: error: reset.admin_link_lifetime_minutes must be a whole number, not 'lots'",
                "resetkit.yaml:5:23: error: reset.clock_skew_seconds must be between 0 and 3600",
                "resetkit.yaml:6:3: error: unknown key 'colour' in the reset section (known keys: endpoint_url, login_url, keyring, database, link_lifetime_minutes, admin_link_lifetime_minutes, clock_skew_seconds, throttle_per_hour, disclosure, password, mail, contacts, detach_after_answer, admins, auth, hooks, directory)",
            ])
        #expect(problems("""
            reset:
              detach_after_answer: sometimes
            """).first?.hasPrefix("resetkit.yaml:2:24: error: reset.detach_after_answer") == true)
    }

    @Test func flowMailPasswordAndContactSettings() throws {
        let reset = try Configuration.parse("""
            reset:
              disclosure: helpful
              throttle_per_hour: 5
              database: /var/lib/resetkit/accounts.sqlite
              login_url: https://intranet.example.org/login
              password: {min_length: 14, max_length: 128, scrypt_log_n: 12}
              mail:
                from: "Password help <help@example.org>"
                delivery: maildir
                maildir: /tmp/mail
                sendmail: [/usr/bin/msmtp, -t]
              contacts:
                Okta: the Identity team (identity@example.org)
                ldap: the directory team
            """, file: "resetkit.yaml").reset
        #expect(reset.disclosure == .helpful && reset.throttlePerHour == 5)
        #expect(reset.database == "/var/lib/resetkit/accounts.sqlite")
        #expect(reset.password.minimumLength == 14 && reset.password.maximumLength == 128 && reset.password.scryptLogN == 12)
        #expect(reset.mail.delivery == .maildir && reset.mail.maildir == "/tmp/mail" && reset.mail.sendmail == ["/usr/bin/msmtp", "-t"])
        #expect(reset.contact(source: "sso", provider: "OKTA") == "the Identity team (identity@example.org)")
        #expect(reset.contact(source: "ldap", provider: "Corporate LDAP") == "the directory team")
        #expect(reset.contact(source: "usersync", provider: "") == "your IT service desk")
        #expect(reset.requestFormURL == "https://intranet.example.com/cgi-bin/resetlink/forgot")
    }

    @Test func nestedProblemsHaveTheirPositions() {
        #expect(problems("""
            reset:
              disclosure: chatty
              password: {min_length: 4, colour: red}
              mail:
                delivery: pigeon
                sendmail: [sendmail, -t]
              contacts: [a, b]
            """) == [
                "resetkit.yaml:2:15: error: reset.disclosure must be private or helpful, not 'chatty'",
                "resetkit.yaml:3:29: error: unknown key 'colour' in reset.password (known keys: min_length, max_length, scrypt_log_n)",
                "resetkit.yaml:3:26: error: reset.password.min_length must be between 8 and 128",
                "resetkit.yaml:5:15: error: reset.mail.delivery must be sendmail or maildir, not 'pigeon'",
                "resetkit.yaml:6:15: error: reset.mail.sendmail must be a list starting with the program's absolute path, e.g. [/usr/sbin/sendmail, -t, -i]",
                "resetkit.yaml:7:13: error: reset.contacts must be a mapping of keys to values, not a list",
            ].sorted())
    }

    @Test func bothSectionsAreReadFromOneFile() throws {
        let configuration = try Configuration.parse("site:\n  title: Help\nreset:\n  link_lifetime_minutes: 15\n", file: "resetkit.yaml")
        #expect(configuration.site.title == "Help")
        #expect(configuration.reset.linkLifetimeMinutes == 15)
    }
}

@Suite struct LineEndingTests {
    @Test func windowsLineEndingsKeepPositionsAndMailFromRejectsCRLF() {
        #expect(problems("reset:\r\n  disclosure: chatty\r\n  mail: {from: \"a@example.org\\r\\nBcc: x@evil\"}\r\n") == [
            "resetkit.yaml:2:15: error: reset.disclosure must be private or helpful, not 'chatty'",
            "resetkit.yaml:3:16: error: reset.mail.from must be an address like 'Password help <no-reply@example.com>', not 'a@example.org\r\nBcc: x@evil'",
        ])
    }
}
