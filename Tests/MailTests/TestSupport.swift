import Foundation
import Testing
@testable import Mail
import SeededRandom

// Test-side readers, written independently of the module's writers: what the module encodes is
// decoded here (and by Python's `email` package, see Support/parse-message.py) and compared.

/// A message with defaults a test overrides as it needs.
func sampleMessage(subject: String = "Reset your password", text: String = "Hello,\n\nFollow the link.\n",
                   html: String? = nil, from: MailAddress = MailAddress("noreply@intranet.example.com", displayName: "Intranet"),
                   to: MailAddress = MailAddress("alice@example.com", displayName: "Alice Example"),
                   headers: [(String, String)] = [("Auto-Submitted", "auto-generated")]) -> MailMessage {
    MailMessage(from: from, to: to, subject: subject, text: text, html: html, date: 1_795_930_200,
                messageID: "0123456789abcdef0123456789abcdef@intranet.example.com", headers: headers)
}

/// The reset link shape from the brief: a 58-character prefix and a 126-character token.
func longResetURL(seed: UInt64 = 7) -> String {
    var generator = SeededRandom(seed: seed)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    let token = String((0..<126).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    return "https://intranet.example.com/cgi-bin/resetlink/link?token=" + token
}

// MARK: Quoted-printable

/// RFC 2045 §6.7 decoding; nil for anything malformed (a stray `=`, lower-case hex, a bare
/// non-ASCII byte), so a sloppy encoder cannot pass by accident.
func decodeQuotedPrintable(_ encoded: String) -> [UInt8]? {
    let bytes = Array(encoded.utf8)
    var output: [UInt8] = []
    var index = 0
    func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    while index < bytes.count {
        let byte = bytes[index]
        if byte >= 0x80 { return nil }
        if byte != UInt8(ascii: "=") {
            output.append(byte)
            index += 1
        } else if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") {
            index += 2  // soft line break
        } else if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
            output.append(high << 4 | low)
            index += 3
        } else {
            return nil
        }
    }
    return output
}

// MARK: Header fields

/// The header block's fields, unfolded (a line break followed by a space or tab is removed, RFC
/// 5322 §2.2.3), with the raw lines each came from.
func headerFields(_ message: String) -> [(name: String, value: String, lines: [String])] {
    let head = message.components(separatedBy: "\n\n").first ?? ""
    var fields: [(name: String, value: String, lines: [String])] = []
    for line in head.components(separatedBy: "\n") {
        if line.hasPrefix(" ") || line.hasPrefix("\t"), var last = fields.popLast() {
            last.value += line
            last.lines.append(line)
            fields.append(last)
        } else if let colon = line.firstIndex(of: ":") {
            fields.append((String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst()), [line]))
        } else {
            fields.append(("<not a field>", line, [line]))
        }
    }
    return fields
}

func headerValue(_ message: String, _ name: String) -> String? {
    headerFields(message).first { $0.name.lowercased() == name.lowercased() }?.value
}

func headerLines(_ message: String, _ name: String) -> [String] {
    headerFields(message).first { $0.name.lowercased() == name.lowercased() }?.lines ?? []
}

struct EncodedWord {
    var text: String      // the whole `=?…?=`
    var bytes: [UInt8]    // what it decodes to
}

/// `=?charset?B|Q?text?=` → bytes; nil when `token` is not an encoded-word or is malformed.
func decodeEncodedWord(_ token: String) -> EncodedWord? {
    guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count > 4 else { return nil }
    let inner = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
    guard inner.count == 3, inner[0].uppercased() == "UTF-8" else { return nil }
    switch inner[1].uppercased() {
    case "B":
        guard let data = Data(base64Encoded: String(inner[2])) else { return nil }
        return EncodedWord(text: token, bytes: Array(data))
    case "Q":
        guard let bytes = decodeQuotedPrintable(inner[2].replacingOccurrences(of: "_", with: " ")) else { return nil }
        return EncodedWord(text: token, bytes: bytes)
    default:
        return nil
    }
}

/// RFC 2047 decoding of an unfolded header value: encoded-words decoded, the white space between
/// two adjacent encoded-words dropped (§6.2). Also returns the words themselves. Each word must be
/// valid UTF-8 by itself (§5: a word must not split a character), or the result is nil.
func decodeHeaderValue(_ value: String) -> (text: String, words: [EncodedWord])? {
    var text = ""
    var words: [EncodedWord] = []
    var previousWasWord = false
    for token in value.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
        if let word = decodeEncodedWord(token) {
            guard let decoded = String(validating: word.bytes, as: UTF8.self) else { return nil }
            if !previousWasWord && !text.isEmpty { text += " " }
            text += decoded
            words.append(word)
            previousWasWord = true
        } else {
            if !text.isEmpty || previousWasWord { text += " " }
            text += token
            previousWasWord = false
        }
    }
    return (text, words)
}

// MARK: Files and processes

/// A fresh empty folder under the system's temporary folder.
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mail-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}

func listing(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
}

/// What Support/parse-message.py prints.
struct ParsedMessage: Decodable {
    struct Mailbox: Decodable, Equatable {
        var name: String
        var address: String
    }
    struct Part: Decodable {
        var content_type: String
        var charset: String?
        var transfer_encoding: String?
        var body: String?
        var defects: [String]
    }
    var header_names: [String]
    var from: [Mailbox]
    var to: [Mailbox]
    var subject: String
    var date: String?
    var message_id: String?
    var content_type: String
    var boundary: String?
    var parts: [Part]
    var text: String?
    var html: String?
    var defects: [String]
    var extra: [String: String]
}

struct ScriptFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs the Python reader on `message`.
func parseWithPython(_ message: String) throws -> ParsedMessage {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/parse-message.py")
    let input = try makeTemporaryDirectory() + "/message.eml"
    try Data(message.utf8).write(to: URL(fileURLWithPath: input))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [script.path]
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ScriptFailure(description: "parse-message.py exited with \(process.terminationStatus): \(errorText)")
    }
    return try JSONDecoder().decode(ParsedMessage.self, from: data)
}

/// Writes an executable shell script (a stand-in for sendmail) and returns its path.
func writeScript(_ body: String, in directory: String, name: String = "fake-sendmail") throws -> String {
    let path = directory + "/" + name
    try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: URL(fileURLWithPath: path))
    #expect(chmod(path, 0o755) == 0)
    return path
}
