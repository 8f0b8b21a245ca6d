import Foundation
import Settings
import Translations

/// Behavioural facts the guide states, taken from the same configuration `resetlink` enforces, so
/// the guide cannot drift from the system. In Markdown text or a link destination,
/// `{{reset.link_lifetime}}` becomes `60 minutes`; an unknown name is an error at its line.
/// `{{reset.contacts}}`, alone in a paragraph, becomes a list of providers and whom to contact.
struct Facts: Sendable {
    let values: [String: String]
    /// Provider → contact, for the list.
    let contacts: [(provider: String, contact: String)]

    /// - Parameters:
    ///   - strings: the wording, in the page's language.
    ///   - linkLanguage: the language the endpoint's links ask for (`?lang=de`); nil on a site in one language.
    init(_ configuration: Configuration, strings: LanguageStrings = Translations.builtInEnglish, linkLanguage: String? = nil) {
        let reset = configuration.reset
        let query = linkLanguage.map { "?lang=" + $0 } ?? ""
        var values = [
            "reset.link_lifetime": ResetSettings.durationText(minutes: reset.linkLifetimeMinutes, strings),
            "reset.admin_link_lifetime": ResetSettings.durationText(minutes: reset.adminLinkLifetimeMinutes, strings),
            "reset.password.min_length": "\(reset.password.minimumLength)",
            "reset.password.max_length": "\(reset.password.maximumLength)",
            "reset.throttle_per_hour": "\(reset.throttlePerHour)",
            "reset.login_url": reset.loginURL,
            "reset.forgot_url": reset.requestFormURL + query,
            "reset.admin_people_url": reset.endpointURL + "/admin/people" + query,
            "reset.disclosure": reset.disclosure.rawValue,
            "reset.answer": ResetSettings.genericAnswer(strings),
            "reset.directory_accounts": reset.directoryAccountsSentence(strings),
            "reset.resettable_accounts": reset.resettableAccountsText(strings),
            "reset.directory_exception": reset.directoryExceptionText(strings),
        ]
        for (key, contact) in reset.contacts { values["reset.contact.\(key.lowercased())"] = contact }
        self.values = values
        contacts = reset.contacts.filter { $0.key != "default" }.sorted { $0.key.lowercased() < $1.key.lowercased() }
            .map { ($0.key, $0.value) } + [(ResetSettings.otherContactsLabel(strings), reset.contacts["default"] ?? "your IT service desk")]
    }

    static let listName = "reset.contacts"

    /// Whether `text` has a `{{`, looked for in its bytes (every text node of every page is asked,
    /// and Foundation's `contains` goes through NSString).
    static func mayHavePlaceholder(_ text: String) -> Bool {
        mayHavePlaceholder(bytes: text.utf8)
    }

    static func mayHavePlaceholder(bytes: some Sequence<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "{") && previous == byte { return true }
            previous = byte
        }
        return false
    }

    /// A `{{name}}` with an unknown name: its `{{` and the end of its `}}`, as byte offsets in the text.
    struct Placeholder: Equatable {
        var name: String
        var start: Int
        var end: Int
    }

    /// Every `{{name}}` in `text` replaced, in one pass over its bytes (a paragraph may hold tens of
    /// thousands); unknown names are returned with their places. A `{{` whose `{` was written `\{`
    /// (`isEscaped` of its byte offset) is text and stays as it is.
    func substitute(_ text: String, isEscaped: (Int) -> Bool = { _ in false }) -> (text: String, unknown: [Placeholder]) {
        guard Self.mayHavePlaceholder(text) else { return (text, []) }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var unknown: [Placeholder] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{"), !isEscaped(i), !isEscaped(i + 1) else {
                result.append(bytes[i])
                i += 1
                continue
            }
            guard let close = Self.closing(bytes, from: i + 2) else { break }
            let name = String(decoding: bytes[(i + 2)..<close], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if let value = values[name.hasPrefix("reset.contact.") ? name.lowercased() : name] {
                result += value.utf8
            } else {
                unknown.append(Placeholder(name: name, start: i, end: close + 2))
                result += bytes[i..<(close + 2)]
            }
            i = close + 2
        }
        result += bytes[i...]
        return (String(decoding: result, as: UTF8.self), unknown)
    }

    /// The offset of the first `}}` at or after `start`.
    private static func closing(_ bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j + 1 < bytes.count {
            if bytes[j] == UInt8(ascii: "}"), bytes[j + 1] == UInt8(ascii: "}") { return j }
            j += 1
        }
        return nil
    }

    var names: [String] { (Array(values.keys) + [Self.listName]).sorted() }
}
