/// An element id as the browser sees it, equal to another only byte for byte. Swift's `==` (and so
/// `Set<String>` and dictionary keys) calls NFC and NFD spellings equal, while a browser matches a
/// URL's `#fragment` to an `id` code point by code point: a check that used `String` equality would
/// pass links that do not scroll.
struct PublishedID: Hashable, Sendable, ExpressibleByStringLiteral {
    let text: String

    init(_ text: String) { self.text = text }
    init(stringLiteral text: String) { self.text = text }

    static func == (a: PublishedID, b: PublishedID) -> Bool { PublishedNames.sameBytes(a.text, b.text) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
