/// The unambiguous encoding of MAC inputs: each field is its length as a 4-byte big-endian
/// integer, then its bytes. Concatenating raw fields could make two field lists alike
/// (`"ab" + "c"` and `"a" + "bc"`); prefixed, they never are.
struct LengthPrefixed {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 160) { bytes.reserveCapacity(capacity) }

    mutating func append(_ field: some Collection<UInt8>) {
        appendLength(field.count)
        bytes.append(contentsOf: field)
    }

    mutating func append(_ text: String) {
        appendLength(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ value: UInt32) {
        appendLength(4)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func append(_ value: UInt64) {
        appendLength(8)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private mutating func appendLength(_ count: Int) {
        let value = UInt32(count)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

enum BigEndian {
    static func bytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }

    static func bytes(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) }
    }

    static func uint64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func uint32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
