import Settings

/// Behavioural facts the guide states, taken from the same configuration `resetlink` enforces, so
/// the guide cannot drift from the system. In Markdown text or a link destination,
/// `{{reset.link_lifetime}}` becomes `60 minutes`; an unknown name is an error at its line.
/// `{{reset.contacts}}`, alone in a paragraph, becomes a list of providers and whom to contact.
struct Facts: Sendable {
    let values: [String: String]
    /// Provider → contact, for the list.
    let contacts: [(provider: String, contact: String)]

    init(_ configuration: Configuration) {
        let reset = configuration.reset
        var values = [
            "reset.link_lifetime": ResetSettings.durationText(minutes: reset.linkLifetimeMinutes),
            "reset.admin_link_lifetime": ResetSettings.durationText(minutes: reset.adminLinkLifetimeMinutes),
            "reset.password.min_length": "\(reset.password.minimumLength)",
            "reset.password.max_length": "\(reset.password.maximumLength)",
            "reset.throttle_per_hour": "\(reset.throttlePerHour)",
            "reset.login_url": reset.loginURL,
            "reset.forgot_url": reset.requestFormURL,
            "reset.admin_people_url": reset.endpointURL + "/admin/people",
            "reset.disclosure": reset.disclosure.rawValue,
            "reset.answer": ResetSettings.genericAnswer,
        ]
        for (key, contact) in reset.contacts { values["reset.contact.\(key.lowercased())"] = contact }
        self.values = values
        contacts = reset.contacts.filter { $0.key != "default" }.sorted { $0.key.lowercased() < $1.key.lowercased() }
            .map { ($0.key, $0.value) } + [("Anything else", reset.contacts["default"] ?? "your IT service desk")]
    }

    static let listName = "reset.contacts"

    /// Whether `text` has a `{{`, looked for in its bytes (every text node of every page is asked,
    /// and Foundation's `contains` goes through NSString).
    static func mayHavePlaceholder(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{") && previous == byte { return true }
            previous = byte
        }
        return false
    }

    /// Every `{{name}}` in `text` replaced; unknown names are returned with their byte offsets.
    func substitute(_ text: String) -> (text: String, unknown: [(name: String, offset: Int)]) {
        guard Self.mayHavePlaceholder(text) else { return (text, []) }
        var result = ""
        var unknown: [(String, Int)] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let value = values[name.hasPrefix("reset.contact.") ? name.lowercased() : name] {
                result += value
            } else {
                unknown.append((name, text.utf8.distance(from: text.startIndex, to: open.lowerBound)))
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        result += rest
        return (result, unknown)
    }

    var names: [String] { (Array(values.keys) + [Self.listName]).sorted() }
}
