import Settings
import Testing

/// `reset.auth`: the throttle of `resetlink auth`.
@Suite struct AuthSettingsTests {
    @Test func defaultsAllowFiveFailuresIn15Minutes() throws {
        #expect(ResetSettings().auth == AuthSettings(maxFailures: 5, windowMinutes: 15))
        #expect(try Configuration.parse("reset: {}", file: "resetkit.yaml").reset.auth == AuthSettings())
    }

    @Test func bothKeysParse() throws {
        let configuration = try Configuration.parse("""
            reset:
              auth:
                max_failures: 10
                window_minutes: 60
            """, file: "resetkit.yaml")
        #expect(configuration.reset.auth == AuthSettings(maxFailures: 10, windowMinutes: 60))
    }

    @Test func problemsAreReportedWithPositions() {
        #expect(problems("""
            reset:
              auth:
                max_failures: 0
                window_minutes: forever
            """) == [
                "resetkit.yaml:3:19: error: reset.auth.max_failures must be between 1 and 1000",
                "resetkit.yaml:4:21: error: reset.auth.window_minutes must be a whole number, not 'forever'",
            ])
        #expect(problem("reset:\n  auth: {lockout: 5}\n").contains("reset.auth"))
    }
}
