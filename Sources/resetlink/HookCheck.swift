import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DeploymentCheck {
    /// reset.hooks: each program exists and this user can run it (a missing before_change hook
    /// would turn every reset into a "could not be changed" page). Nil when no hook is set.
    func hooks() -> Part? {
        let hooks = configuration.reset.hooks
        let configured = [("before_change", hooks.beforeChange), ("after_change", hooks.afterChange)]
            .compactMap { name, command in command.map { (name, $0) } }
        guard !configured.isEmpty else { return nil }
        var problems: [Diagnostic] = []
        for (name, command) in configured {
            let program = command.first ?? ""
            if FileStatus(program)?.isRegularFile != true {
                problems.append(.error("the \(name) hook \(program) does not exist (reset.hooks.\(name))", at: configurationLocation))
            } else if access(program, X_OK) != 0 {
                problems.append(.error("the \(name) hook \(program) cannot be run by this user (reset.hooks.\(name))", at: configurationLocation))
            }
        }
        let summary = "hooks: " + configured.map { "\($0.0) \($0.1.joined(separator: " "))" }.joined(separator: ", ")
            + ", at most \(hooks.timeoutSeconds) s each"
        return Part(problems: problems, summary: problems.isEmpty ? summary : "")
    }
}
