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
    }

    @Test func everyKeyParsesAndTheEndpointLosesItsTrailingSlash() throws {
        let configuration = try Configuration.parse("""
            reset:
              endpoint_url: https://help.example.org/cgi-bin/resetlink/
              keyring: /etc/resetkit/keyring.json
              link_lifetime_minutes: 30
              admin_link_lifetime_minutes: 2880
              clock_skew_seconds: 5
            """, file: "resetkit.yaml")
        let reset = configuration.reset
        #expect(reset.endpointURL == "https://help.example.org/cgi-bin/resetlink")
        #expect(reset.link(for: "TOKEN") == "https://help.example.org/cgi-bin/resetlink/link?token=TOKEN")
        #expect(configuration.resolve(reset.keyring) == "/etc/resetkit/keyring.json")
        #expect(reset.linkLifetimeMinutes == 30 && reset.adminLinkLifetimeMinutes == 2880 && reset.clockSkewSeconds == 5)
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
                "resetkit.yaml:6:3: error: unknown key 'colour' in the reset section (known keys: endpoint_url, keyring, link_lifetime_minutes, admin_link_lifetime_minutes, clock_skew_seconds)",
            ])
    }

    @Test func bothSectionsAreReadFromOneFile() throws {
        let configuration = try Configuration.parse("site:\n  title: Help\nreset:\n  link_lifetime_minutes: 15\n", file: "resetkit.yaml")
        #expect(configuration.site.title == "Help")
        #expect(configuration.reset.linkLifetimeMinutes == 15)
    }
}
