extension StringProtocol {
    /// Without leading and trailing whitespace as Foundation's `trimmingCharacters(in: .whitespaces)`
    /// defines it (tab, Unicode category Zs — space, no-break space, ideographic space… — and, as
    /// CoreFoundation has it, U+200B zero width space), so that typed identities and admin lists are
    /// trimmed without linking Foundation into resetlink. WhitespaceTests compares every BMP scalar.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar == "\u{200B}" || scalar.properties.generalCategory == .spaceSeparator
        }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
              let last = scalars.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
