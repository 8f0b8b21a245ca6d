import Diagnostics
import TypedYAML

/// `reset.auth`: how `resetlink auth` (the checker login systems call) throttles guessing.
///
/// ```yaml
/// auth:
///   max_failures: 5      # refused passwords per account within the window…
///   window_minutes: 15   # …after which it refuses without checking, until the window moves on
/// ```
///
/// The count comes from the audit log (refusals since the window began and since the account's last
/// accepted sign-in or password change), so a completed reset unlocks the account at once.
public struct AuthSettings: Sendable, Equatable {
    public var maxFailures = 5
    public var windowMinutes = 15

    public init(maxFailures: Int = 5, windowMinutes: Int = 15) {
        self.maxFailures = maxFailures
        self.windowMinutes = windowMinutes
    }

    static let keys = ["max_failures", "window_minutes"]

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        let section = try value.mapping("reset.auth", knownKeys: Self.keys)
        var reader = FieldReader(problems: section.problems)
        if let number = reader.int(section["max_failures"], "reset.auth.max_failures", 1...1000) { maxFailures = number }
        if let number = reader.int(section["window_minutes"], "reset.auth.window_minutes", 1...(7 * 24 * 60)) { windowMinutes = number }
        if !reader.problems.isEmpty { throw DiagnosticsError(reader.problems) }
    }
}
