import Diagnostics
import TypedYAML

/// `reset.hooks`: programs run when a reset completes, to carry the new password where people sign
/// in (an htpasswd file, an application's user table). Each is an argument list run without a
/// shell, like `reset.mail.sendmail`; the new password arrives on standard input.
///
/// ```yaml
/// hooks:
///   before_change: [/usr/bin/htpasswd, -i, -B, /etc/apache2/resetkit.htpasswd]  # may veto
///   after_change: [/usr/local/bin/tell-the-wiki]                                 # is told
///   timeout_seconds: 5
/// ```
public struct HookSettings: Sendable, Equatable {
    /// Runs before anything is stored; a non-zero exit vetoes the change. Nil: none.
    public var beforeChange: [String]?
    /// Runs after the change is stored; a failure is audited only. Nil: none.
    public var afterChange: [String]?
    /// How long each hook may run before its process group is killed. Both finish before the
    /// person gets the answer, so this bounds how long the form can take.
    public var timeoutSeconds = 5

    public init(beforeChange: [String]? = nil, afterChange: [String]? = nil, timeoutSeconds: Int = 5) {
        self.beforeChange = beforeChange
        self.afterChange = afterChange
        self.timeoutSeconds = timeoutSeconds
    }

    public static let timeoutRange = 1...30

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        let section = try value.mapping("reset.hooks", knownKeys: ["before_change", "after_change", "timeout_seconds"])
        var reader = FieldReader(problems: section.problems)
        beforeChange = reader.read(section["before_change"]) { v throws(Diagnostic) in try Self.command(v, "reset.hooks.before_change") }
        afterChange = reader.read(section["after_change"]) { v throws(Diagnostic) in try Self.command(v, "reset.hooks.after_change") }
        if let seconds = reader.int(section["timeout_seconds"], "reset.hooks.timeout_seconds", Self.timeoutRange) { timeoutSeconds = seconds }
        if !reader.problems.isEmpty { throw DiagnosticsError(reader.problems) }
    }

    /// An argument list whose first entry is the program's absolute path: nothing looked up in a
    /// PATH the web server chose.
    static func command(_ value: YAMLValue, _ name: String) throws(Diagnostic) -> [String] {
        let parts = try value.stringList(name)
        guard let program = parts.first, program.hasPrefix("/") else {
            throw value.error("\(name) must be a list starting with the program's absolute path, e.g. [/usr/bin/htpasswd, -i, -B, /etc/apache2/resetkit.htpasswd]")
        }
        return parts
    }
}
