import Diagnostics

/// The problems found so far; a step that cannot go on throws them.
struct DiagnosticLog {
    private(set) var all: [Diagnostic] = []

    var hasErrors: Bool { all.contains { $0.severity == .error } }
    var warnings: [Diagnostic] { all.filter { $0.severity == .warning }.sorted() }

    mutating func add(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    mutating func add(_ diagnostics: [Diagnostic]) { all.append(contentsOf: diagnostics) }

    var failure: BuildFailure { BuildFailure(diagnostics: all.sorted()) }
}
