/// Reading the mail resetlink sends, for the tests that follow its links.

/// A whole message with its quoted-printable parts readable: soft line breaks (`=` at the end of a
/// line) removed and every `=XX` escape decoded. Other `=` (in headers such as `charset=utf-8`)
/// are left as they are, so the message may be passed whole. An escape can fall anywhere in a
/// link: the encoder also escapes `F` and `.` at the start of a line.
public func readableMail(_ message: String) -> String {
    let bytes = Array(message.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
            index += 2
        } else if byte == UInt8(ascii: "="), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
            output.append(high << 4 | low)
            index += 3
        } else {
            output.append(byte)
            index += 1
        }
    }
    return String(decoding: output, as: UTF8.self)
}
