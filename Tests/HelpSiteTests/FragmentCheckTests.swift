import Diagnostics
import Testing
@testable import HelpSite

@Suite struct FragmentCheckTests {
    func reference(_ fragment: String, page: String = "index.md") -> FragmentReference {
        FragmentReference(location: SourceLocation(file: "content/index.md", line: 3, column: 1), page: page,
                          fragment: fragment, samePage: page == "index.md")
    }

    @Test func brokenAnchorsGetTheNearestIDAsAHint() {
        let ids: [String: Set<PublishedID>] = ["index.md": ["reset-your-password", "Steps", "steps", "faq"],
                                          "guide.md": ["a-b"]]
        let problems = FragmentCheck.problems([
            reference("reset-your-password"), reference("Reset-Your-Password"), reference("STEPS"),
            reference("reset your password!"), reference("nothing"), reference("A-B", page: "guide.md"),
            reference("x", page: "missing.md"),
        ], ids: ids)
        #expect(problems.map(\.message) == [
            "no heading with id 'Reset-Your-Password' on this page (did you mean 'reset-your-password'?)",
            // Of two ids equal but for case, the first in sorted order, as before the index.
            "no heading with id 'STEPS' on this page (did you mean 'Steps'?)",
            "no heading with id 'reset your password!' on this page (did you mean 'reset-your-password'?)",
            "no heading with id 'nothing' on this page",
            "'guide.md' has no heading with id 'A-B' (did you mean 'a-b'?)",
            "'missing.md' has no heading with id 'x'",
        ])
    }
}
