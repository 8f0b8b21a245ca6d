@testable import ResetFlow
import Testing

/// The subject line loses the white space around it (a template's final newline, indentation), as
/// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` did, without Foundation.
@Suite struct MailSubjectTests {
    @Test func whiteSpaceAroundTheSubjectIsTrimmed() {
        #expect(MailComposer.trimmed("Reset your password\n") == "Reset your password")
        #expect(MailComposer.trimmed("\r\n\t Reset  your password \u{00A0}\u{2003}\u{85}\n") == "Reset  your password")
        #expect(MailComposer.trimmed(" \n\t") == "")
        #expect(MailComposer.trimmed("Déjà vu") == "Déjà vu")
    }
}
