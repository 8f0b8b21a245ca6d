/// One mailbox: an addr-spec and an optional display name.
///
/// The addr-spec may contain UTF-8 in its local part or domain (RFC 6531/6532, "SMTPUTF8"): it is
/// written into the header as UTF-8, unchanged, because an internationalized address has no ASCII
/// form the recipient's server would recognise (punycode covers only the domain). Delivering such
/// a message needs an MTA with SMTPUTF8 support; ASCII addresses are unaffected.
public struct MailAddress: Sendable, Equatable {
    public var displayName: String?
    /// The addr-spec, e.g. `jörg@example.com`.
    public var address: String

    /// Takes the parts as given, without checking. `Mailer.deliver` checks both addresses of a
    /// message before sending, and rendering never lets a line break through.
    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// Parses `Name <addr>`, `"Quoted, Name" <addr>`, `<addr>` or a bare `addr` (one mailbox, not a
    /// list; no comments, no quoted local parts). A plain name with a special character is refused
    /// rather than guessed at: `Doe, Jane <j@x>` is, to every mail program, two broken addresses.
    public init(parsing text: String) throws(MailError) {
        func invalid(_ reason: String) -> MailError { .invalidAddress(text, reason: reason) }
        if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) { throw invalid("it contains a line break") }
        if text.unicodeScalars.contains(where: { Self.isControl($0) && $0 != "\t" }) {
            throw invalid("it contains a control character")
        }
        let trimmed = Self.trimmed(Substring(text))
        if trimmed.isEmpty { throw invalid("it is empty") }

        let name: String?
        let angled: Substring
        if trimmed.first == "\"" {
            // A quoted name is read first, so that `<`, `>` or `,` inside it mean nothing.
            let rest: Substring
            do { (name, rest) = try Self.quotedName(trimmed) } catch { throw invalid(error.reason) }
            angled = Self.trimmed(rest)
            if angled.first == "@" { throw invalid("quoted local parts are not supported") }
            if angled.first != "<" { throw invalid("the quoted name must be followed by <address>") }
        } else if let open = trimmed.firstIndex(of: "<") {
            let plain = Self.trimmed(trimmed[..<open])
            if let special = plain.first(where: { "\"(),:;<>@[\\]".contains($0) }) {
                throw invalid("the name contains '\(special)': put it in double quotes")
            }
            name = plain.isEmpty ? nil : HeaderText.sanitized(String(plain))
            angled = trimmed[open...]
        } else {
            if trimmed.contains(">") { throw invalid("'>' has no opening '<'") }
            let spec = String(trimmed)
            if let problem = Self.addrSpecProblem(spec) { throw invalid(problem) }
            address = spec
            displayName = nil
            return
        }

        // `angled` starts with `<`.
        guard let close = angled.firstIndex(of: ">") else { throw invalid("'<' has no closing '>'") }
        let inside = angled[angled.index(after: angled.startIndex)..<close]
        if inside.contains("<") { throw invalid("more than one '<'") }
        let after = Self.trimmed(angled[angled.index(after: close)...])
        if after.contains(">") { throw invalid("more than one '>'") }
        if !after.isEmpty { throw invalid("text after '>'") }
        let spec = String(Self.trimmed(inside))
        if let problem = Self.addrSpecProblem(spec) { throw invalid(problem) }
        address = spec
        displayName = name
    }

    // MARK: Checking

    /// RFC 5322 `atext`: the ASCII characters allowed unquoted in an atom (and so in a dot-atom
    /// local part) besides letters and digits.
    static let atextSpecials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (isLetterOrDigit(scalar) || atextSpecials.contains(scalar))
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Non-ASCII letters are allowed in both halves (RFC 6531); non-ASCII spaces and controls never.
    static func isAllowedNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && !isControl(scalar) && !scalar.properties.isWhitespace
    }

    /// Why `spec` is not an addr-spec we send to, or nil when it is: a dot-atom local part and a
    /// host name. Deliberately narrower than RFC 5322 (no quoted local parts, no `[1.2.3.4]`
    /// domain literals): the addresses this program sends to are people's ordinary addresses.
    static func addrSpecProblem(_ spec: String) -> String? {
        if spec.isEmpty { return "the address is empty" }
        if spec.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) { return "the address contains a line break" }
        if let bad = spec.unicodeScalars.first(where: { isControl($0) || $0.properties.isWhitespace }) {
            return bad == " " ? "the address contains a space" : "the address contains a control or space character"
        }
        let parts = spec.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count < 2 ? "there is no '@'" : "there is more than one '@'" }
        let local = parts[0], domain = parts[1]
        if local.isEmpty { return "nothing before the '@'" }
        if domain.isEmpty { return "nothing after the '@'" }
        if local.utf8.count > 64 { return "the part before the '@' is longer than 64 bytes" }
        if spec.utf8.count > 254 { return "the address is longer than 254 bytes" }
        for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
            if atom.isEmpty { return "the part before the '@' has a misplaced '.'" }
            if let bad = atom.unicodeScalars.first(where: { !isAtext($0) && !isAllowedNonASCII($0) }) {
                return "'\(bad)' is not allowed before the '@'"
            }
        }
        if domain.hasPrefix("[") { return "domain literals ([...]) are not supported" }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "the domain has a misplaced '.'" }
            if label.utf8.count > 63 { return "a domain label is longer than 63 bytes" }
            if label.hasPrefix("-") || label.hasSuffix("-") { return "a domain label starts or ends with '-'" }
            if let bad = label.unicodeScalars.first(where: { !isLetterOrDigit($0) && $0 != "-" && !isAllowedNonASCII($0) }) {
                return "'\(bad)' is not allowed in the domain"
            }
        }
        return nil
    }

    struct NameProblem: Error { var reason: String }

    /// A display name written as a quoted-string (backslash escapes the next character), and the
    /// text after its closing quote. `text` starts with `"`.
    static func quotedName(_ text: Substring) throws(NameProblem) -> (String?, Substring) {
        var name = ""
        var escaped = false
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                name.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                let clean = HeaderText.sanitized(name)
                return (clean.isEmpty ? nil : clean, text[text.index(after: index)...])
            } else {
                name.append(character)
            }
            index = text.index(after: index)
        }
        throw NameProblem(reason: "the name's opening '\"' has no closing '\"'")
    }

    static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }

    // MARK: Rendering

    /// The mailbox as header tokens for `HeaderText.field`: the display name (atoms, a
    /// quoted-string, or RFC 2047 encoded-words) followed by `<addr>`, or the bare addr-spec.
    /// `firstRoom` is what is left on the header's first line, for the first encoded-word.
    func headerTokens(firstRoom: Int) -> [String] {
        // Whatever the caller stored, nothing here can end the line, start a second address or a
        // group, or escape the angle brackets; such an address is refused by `Mailer.deliver` anyway.
        let spec = String(String.UnicodeScalarView(address.unicodeScalars.filter {
            !Self.isControl($0) && !$0.properties.isWhitespace && !"<>,;:\"".unicodeScalars.contains($0)
        }))
        let name = HeaderText.sanitized(displayName ?? "")
        if name.isEmpty { return [spec] }
        return HeaderText.phrase(name, firstRoom: firstRoom) + ["<\(spec)>"]
    }
}
