import Diagnostics
import Testing

@Suite struct DiagnosticTests {
    @Test func formattedWithLineAndColumn() {
        let diagnostic = Diagnostic.error("unknown key 'x'", at: SourceLocation(file: "resetkit.yaml", line: 3, column: 7))
        #expect(diagnostic.formatted == "resetkit.yaml:3:7: error: unknown key 'x'")
        #expect(diagnostic.severity == .error)
    }

    @Test func formattedWithoutColumn() {
        let diagnostic = Diagnostic.warning("long line", at: SourceLocation(file: "a.md", line: 12))
        #expect(diagnostic.formatted == "a.md:12: warning: long line")
    }

    @Test func formattedWithFileOnly() {
        #expect(Diagnostic.error("cannot read", at: SourceLocation(file: "a.md")).formatted == "a.md: error: cannot read")
        // A column without a line is meaningless and left out too.
        #expect(Diagnostic.error("m", at: SourceLocation(file: "a.md", line: 0, column: 5)).formatted == "a.md: error: m")
    }

    @Test func locationDescription() {
        #expect(SourceLocation(file: "f", line: 1, column: 2).description == "f:1:2")
        #expect(SourceLocation(file: "f", line: 1).description == "f:1")
        #expect(SourceLocation(file: "f").description == "f")
    }

    @Test func githubAnnotation() {
        let diagnostic = Diagnostic.error("bad value", at: SourceLocation(file: "content/a.md", line: 4, column: 9))
        #expect(diagnostic.githubAnnotation == "::error file=content/a.md,line=4,col=9::bad value")
        #expect(Diagnostic.warning("w", at: SourceLocation(file: "a.md", line: 2)).githubAnnotation == "::warning file=a.md,line=2::w")
        #expect(Diagnostic.error("e", at: SourceLocation(file: "a.md")).githubAnnotation == "::error file=a.md::e")
    }

    @Test func githubAnnotationEscapesTheMessage() {
        let diagnostic = Diagnostic.error("100% sure\nsecond line\r: a, b", at: SourceLocation(file: "a.md", line: 1, column: 1))
        #expect(diagnostic.githubAnnotation == "::error file=a.md,line=1,col=1::100%25 sure%0Asecond line%0D: a, b")
    }

    @Test func githubAnnotationEscapesTheFileProperty() {
        let diagnostic = Diagnostic.error("m", at: SourceLocation(file: "C:/a,b%c\nd.md", line: 1))
        #expect(diagnostic.githubAnnotation == "::error file=C%3A/a%2Cb%25c%0Ad.md,line=1::m")
    }

    @Test func diagnosticsSortByPlace() {
        let a2 = Diagnostic.error("z", at: SourceLocation(file: "a.md", line: 2, column: 1))
        let a10 = Diagnostic.error("a", at: SourceLocation(file: "a.md", line: 10, column: 1))
        let a2col5 = Diagnostic.warning("a", at: SourceLocation(file: "a.md", line: 2, column: 5))
        let b1 = Diagnostic.error("a", at: SourceLocation(file: "b.md", line: 1, column: 1))
        let wholeFile = Diagnostic.error("a", at: SourceLocation(file: "a.md"))
        let error = DiagnosticsError([b1, a10, a2col5, a2, wholeFile])
        #expect(error.diagnostics == [wholeFile, a2, a2col5, a10, b1])
    }

    @Test func diagnosticsAtOnePlaceSortBySeverityThenMessage() {
        let place = SourceLocation(file: "a.md", line: 1, column: 1)
        let error = DiagnosticsError([
            .warning("a", at: place), .error("b", at: place), .error("a", at: place),
        ])
        #expect(error.diagnostics.map(\.formatted) == [
            "a.md:1:1: error: a", "a.md:1:1: error: b", "a.md:1:1: warning: a",
        ])
    }

    @Test func errorCountIgnoresWarnings() {
        let place = SourceLocation(file: "a.md", line: 1)
        #expect(DiagnosticsError([.warning("w", at: place), .error("e", at: place), .error("f", at: place)]).errorCount == 2)
        #expect(DiagnosticsError([.warning("w", at: place)]).errorCount == 0)
        #expect(DiagnosticsError([]).errorCount == 0)
    }

    @Test func severityOrder() {
        #expect(Diagnostic.Severity.warning < .error)
        #expect(!(Diagnostic.Severity.error < .warning))
        #expect(!(Diagnostic.Severity.error < .error))
    }
}
