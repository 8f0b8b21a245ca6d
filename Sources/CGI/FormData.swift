/// `application/x-www-form-urlencoded` fields, decoded strictly: malformed `%` escapes, invalid
/// UTF-8, every C0 control character (tab, CR and LF included: no field of ours is multi-line, and
/// a line break in a value would forge lines in the audit and error logs) and DEL, a field given
/// twice and array-style names (`name[]`) are all errors, because no form of ours produces them.
public struct FormData: Sendable, Equatable {
    private var fields: [String: String] = [:]

    public init() {}

    public init(urlEncoded bytes: [UInt8]) throws(CGIError) {
        guard !bytes.isEmpty else { return }
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard !pair.isEmpty else { continue }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0])
            let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            guard !name.isEmpty else { throw .badRequest("The form is not valid.") }
            guard !name.contains("[") && !name.contains("]") else { throw .badRequest("The form is not valid.") }
            guard fields[name] == nil else { throw .badRequest("The form is not valid.") }
            fields[name] = value
        }
    }

    public subscript(name: String) -> String? { fields[name] }

    public var names: Set<String> { Set(fields.keys) }

    /// Refuses fields a form of ours never sends.
    public func only(_ allowed: Set<String>) throws(CGIError) {
        guard names.isSubset(of: allowed) else { throw .badRequest("The form is not valid.") }
    }

    static func decode(_ bytes: ArraySlice<UInt8>) throws(CGIError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else {
                    throw .badRequest("The form is not valid.")
                }
                out.append(high << 4 | low)
                index += 2
            default:
                out.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw .badRequest("The form is not valid text (UTF-8).") }
        guard !out.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .badRequest("The form contains characters that are not allowed.")
        }
        return text
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension FormData {
    /// `text` for a query string: everything but unreserved characters (RFC 3986) percent-encoded,
    /// so it reads back through `init(urlEncoded:)` as it was.
    public static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
