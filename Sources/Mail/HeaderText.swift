#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writing header fields: cleaning values, RFC 2047 encoded-words and folding.
///
/// Header injection is prevented here, in one place: every value passes through `sanitized`, which
/// turns CR and LF into spaces, so no text given to a message can start a header line of its own.
/// The only line breaks in a header come from `field`, and each is followed by a space (folding).
enum HeaderText {
    /// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters (we count bytes, which is stricter for
    /// UTF-8 addresses).
    static let lineLimit = 78
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    static let encodedWordLimit = 75
    /// `=?UTF-8?B?` and `?=` around the base64 text.
    static let encodedWordOverhead = 12

    /// One line of text: CR, LF, tabs and other whitespace become a single space, other control
    /// characters are dropped, and the ends are trimmed. Runs of spaces collapse so that folding
    /// (which breaks at a space) and unfolding give back exactly this text.
    static func sanitized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\u{85}" {
                pendingSpace = !result.isEmpty
            } else if !MailAddress.isControl(scalar) {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Non-ASCII needs encoded-words. So does ASCII text containing `=?`, which a reader would
    /// otherwise try to decode as an encoded-word of its own.
    /// So does text with a word too long to fold onto a line of its own: encoded-words can be split
    /// anywhere, and a line must never pass RFC 5322's hard limit of 998 (found by fuzzing).
    static func needsEncoding(_ text: String) -> Bool {
        !text.utf8.allSatisfy { $0 < 0x80 } || text.contains("=?")
            || text.split(separator: " ").contains { $0.utf8.count > lineLimit - 2 }
    }

    /// `Name: value` for unstructured text (Subject, extra headers), folded.
    static func unstructured(_ name: String, _ value: String) -> String {
        let clean = sanitized(value)
        if needsEncoding(clean) {
            return field(name, tokens: encodedWords(clean, firstRoom: firstRoom(name)))
        }
        return field(name, tokens: clean.split(separator: " ").map(String.init))
    }

    /// A display name as phrase tokens (RFC 5322 §3.2.5): plain atoms when it is only letters,
    /// digits and atext, a quoted-string when it has specials such as `,` `.` `"` `(`, and
    /// encoded-words when it has non-ASCII. `name` must already be sanitized.
    static func phrase(_ name: String, firstRoom: Int) -> [String] {
        if needsEncoding(name) { return encodedWords(name, firstRoom: firstRoom) }
        if name.unicodeScalars.allSatisfy({ $0 == " " || MailAddress.isAtext($0) }) {
            return name.split(separator: " ").map(String.init)
        }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        // A quoted-string may be folded at its spaces too (RFC 5322 §3.2.4), so give each word
        // as a token: unfolding puts back exactly the one space `sanitized` left between them.
        return (quoted + "\"").split(separator: " ").map(String.init)
    }

    /// What is left on the first line after `Name: `.
    static func firstRoom(_ name: String) -> Int { lineLimit - name.utf8.count - 2 }

    /// `text` as `=?UTF-8?B?…?=` words of at most 75 characters, the first at most `firstRoom`
    /// (so it fits after the field name). Words end only between characters — between grapheme
    /// clusters where one fits, else between scalars — never inside a UTF-8 sequence, because
    /// each word must decode to valid UTF-8 on its own (RFC 2047 §5).
    static func encodedWords(_ text: String, firstRoom: Int) -> [String] {
        // A first line with too little room for a 4-byte character starts on the next line.
        let startRoom = firstRoom >= encodedWordOverhead + 8 ? min(firstRoom, encodedWordLimit) : encodedWordLimit
        func byteCapacity(_ room: Int) -> Int { (room - encodedWordOverhead) / 4 * 3 }

        var words: [String] = []
        var chunk: [UInt8] = []
        var capacity = byteCapacity(startRoom)
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
            capacity = byteCapacity(encodedWordLimit)
        }
        for character in text {
            let bytes = Array(character.utf8)
            if chunk.count + bytes.count > capacity { flush() }
            if bytes.count <= capacity {
                chunk += bytes
                continue
            }
            // A cluster longer than a whole word (long combining sequences): split between scalars.
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if chunk.count + scalarBytes.count > capacity { flush() }
                chunk += scalarBytes
            }
        }
        flush()
        return words
    }

    /// `Name: tok tok …`, folded: a line break (LF, followed by the space that was between two
    /// tokens) goes before a token that would take the line past 78 characters. A single token
    /// longer than a line stays whole; RFC 5322 allows 998.
    static func field(_ name: String, tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        var placed = false
        for token in tokens where !token.isEmpty {
            if placed && line.utf8.count + 1 + token.utf8.count > lineLimit {
                lines.append(line)
                line = ""
            }
            line += " " + token
            placed = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// A field name is printable ASCII without `:` (RFC 5322 §2.2). Extra fields with any other
    /// name are left out rather than repaired: a name is the program's, not a user's, and a
    /// repaired one could turn into a field nobody meant.
    static func isValidFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (33...126).contains($0) && $0 != UInt8(ascii: ":") }
    }
}
