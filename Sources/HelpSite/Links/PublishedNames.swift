import Foundation

/// The one normalisation of names in the published site: NFC. Web servers compare URL paths byte
/// for byte, and macOS (NFD) and Linux editors (NFC) store the same `résumé.md` differently, while
/// Swift's `==` calls the two equal. Every content path, link target, output file name and URL is
/// taken in NFC, so the checker and the writer cannot disagree.
enum PublishedNames {
    /// `s` in Unicode Normalization Form C; ASCII (almost every name) is returned as it is.
    static func nfc(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// Whether two strings have the same bytes (Swift's `==` ignores the normalisation form).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
