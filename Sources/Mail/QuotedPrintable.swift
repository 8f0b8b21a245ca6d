/// Quoted-printable body encoding (RFC 2045 §6.7), for text that is UTF-8 and may have long lines
/// (reset links are longer than 76 characters, and must arrive byte for byte).
enum QuotedPrintable {
    /// RFC 2045 §6.7 (5): encoded lines are at most 76 characters, the soft break's `=` included.
    static let lineLimit = 76

    /// Encodes LF-separated text. Each LF stays a hard line break; longer lines get soft breaks
    /// (`=` at the end of the line) that the decoder removes.
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if number > 0 { output.append(UInt8(ascii: "\n")) }
            encodeLine(line, into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var length = 0  // characters on the current encoded line
        for index in line.indices {
            let byte = line[index]
            let isLast = index == line.index(before: line.endIndex)
            // Printable ASCII except `=` goes as is; so do space and tab, except at the end of a
            // line, where transports may strip them (rule 3).
            var literal = switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): !isLast
            case UInt8(ascii: "="): false
            case 33...126: true
            default: false
            }
            // The last character of a line may use the 76th column; any other must leave room for
            // the `=` of a soft break after it.
            let limit = isLast ? lineLimit : lineLimit - 1
            if length + (literal ? 1 : 3) > limit {
                output += [UInt8(ascii: "="), UInt8(ascii: "\n")]
                length = 0
            }
            // At the start of an encoded line, `.` and `F` are encoded too: a lone `.` line ends the
            // message for a sendmail run without `-i`, and mbox writers mangle `From ` lines.
            if length == 0 && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "F")) { literal = false }
            if literal {
                output.append(byte)
                length += 1
            } else {
                output += [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
                length += 3
            }
        }
    }

    /// Upper case, as RFC 2045 requires.
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
