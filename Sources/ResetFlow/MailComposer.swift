import Mail
import ResetTemplates
import ResetTokens
import SiteTemplates
import TemplateEngine
import Translations

/// Renders the emails from `Templates/mail/` (built in unless `site.templates` overrides them): for
/// each kind a subject, a plain-text body and an HTML body (`reset-link.subject.mustache`,
/// `reset-link.txt.mustache`, `reset-link.html.mustache`), all three from the kind's one type.
struct MailComposer: Sendable {
    let library: TemplateLibrary
    let from: MailAddress

    /// Loads, parses and checks the twelve templates; every problem at once, at file:line:column.
    /// The templates get `strings`' texts for their `{{t.mail.*}}` tags: the mail's language.
    static func load(overrides: String?, from: String, strings: LanguageStrings) throws(ResetFlowError) -> MailComposer {
        let library: TemplateLibrary
        do { library = try ResetTemplateLoader.load([.mails], overrides: overrides, strings: strings.templateStrings) } catch {
            throw .templates(error.problems)
        }
        let sender: MailAddress
        do { sender = try MailAddress(parsing: from) } catch { throw .configuration("reset.mail.from: \(error)") }
        return MailComposer(library: library, from: sender)
    }

    func message<Content: ResetlinkMail>(_ content: Content, to recipient: MailAddress, now: UnixTime) -> MailMessage {
        let names = Content.templateNames
        // The load checked that all three templates are in the library.
        let subject = Self.trimmed(library.render(names.subject, content) ?? "")
        let text = library.render(names.text, content) ?? ""
        let html = library.render(names.html, content)
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        return MailMessage(from: from, to: recipient, subject: subject, text: text, html: html, date: now.seconds,
                           messageID: MailMessage.makeMessageID(domain: domain),
                           headers: [("Auto-Submitted", "auto-generated")])
    }

    /// The subject without the white space around it (a template's trailing newline, the
    /// indentation of a section), as Foundation's `.whitespacesAndNewlines` trimmed it: Unicode
    /// White_Space, which covers it (Z* categories, U+0009–U+000D, U+0085).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
