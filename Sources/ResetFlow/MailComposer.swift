import Diagnostics
import Foundation
import Mail
import Mustache
import ResetTokens

/// Renders the emails from `Templates/mail/`: for each kind a subject, a plain-text body and an
/// HTML body (`reset-link.subject.mustache`, `reset-link.txt.mustache`, `reset-link.html.mustache`).
struct MailComposer: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case resetLink = "reset-link"
        case usernameNeeded = "username-needed"
        case managedExternally = "managed-externally"
        case passwordChanged = "password-changed"
    }

    let library: MustacheLibrary
    let from: MailAddress

    /// Loads and parses the twelve templates; a missing one or a syntax error names the file.
    static func load(directory: String, from: String) throws(ResetFlowError) -> MailComposer {
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for kind in Kind.allCases {
            for part in ["subject", "txt", "html"] {
                let name = "\(kind.rawValue).\(part)"
                let path = directory + "/mail/" + name + ".mustache"
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    problems.append(.error("missing or unreadable mail template", at: SourceLocation(file: path)))
                    continue
                }
                do {
                    library.register(try MustacheTemplate(string: text), named: name)
                } catch let error as MustacheTemplate.ParserError {
                    problems.append(.error("template syntax: \(error.error)", at: SourceLocation(
                        file: path, line: error.context.lineNumber, column: error.context.columnNumber)))
                } catch {
                    problems.append(.error("template syntax: \(error)", at: SourceLocation(file: path)))
                }
            }
        }
        if !problems.isEmpty { throw .templates(problems) }
        let sender: MailAddress
        do { sender = try MailAddress(parsing: from) } catch { throw .configuration("reset.mail.from: \(error)") }
        return MailComposer(library: library, from: sender)
    }

    func message(_ kind: Kind, to recipient: MailAddress, context: [String: Any], now: UnixTime) -> MailMessage {
        let subject = (library.render(context, withTemplate: "\(kind.rawValue).subject") ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let text = library.render(context, withTemplate: "\(kind.rawValue).txt") ?? ""
        let html = library.render(context, withTemplate: "\(kind.rawValue).html")
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        return MailMessage(from: from, to: recipient, subject: subject, text: text, html: html, date: now.seconds,
                           messageID: MailMessage.makeMessageID(domain: domain),
                           headers: [("Auto-Submitted", "auto-generated")])
    }
}
