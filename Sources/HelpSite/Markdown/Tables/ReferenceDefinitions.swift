/// Where a page's link reference definitions are, for text parsed apart from the page (table
/// cells): cmark resolves them but keeps no node or list of them.
enum ReferenceDefinitions {
    /// The page's link reference definitions, for cells: runs of lines outside every leaf block
    /// (definitions make no node) whose first line, past `>`, list markers and indentation,
    /// starts with `[`. A run that is not a definition is harmless: it only follows the cells.
    static func lines(of source: SourceText, outside leafLines: [ClosedRange<Int>]) -> [UInt8] {
        var covered = [Bool](repeating: false, count: source.lineCount + 2)
        for range in leafLines where range.lowerBound >= 1 && range.lowerBound <= source.lineCount {
            for line in range.lowerBound...min(range.upperBound, source.lineCount) { covered[line] = true }
        }
        var text: [UInt8] = []
        var inRun = false
        for number in 1...max(source.lineCount, 1) {
            let bytes = withoutContainerMarkers(source.line(number))
            if covered[number] || bytes.isEmpty {
                if inRun { text.append(UInt8(ascii: "\n")) }
                inRun = false
                continue
            }
            guard inRun || bytes.first == UInt8(ascii: "[") else { continue }
            inRun = true
            text += bytes
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    /// A line without its leading `>` markers, one list marker and indentation.
    static func withoutContainerMarkers(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var rest = line.drop { TableSyntax.isSpace($0) || $0 == UInt8(ascii: ">") }
        let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let marker = digits.isEmpty ? rest.prefix(1) : rest[digits.startIndex...].prefix(digits.count + 1)
        if let last = marker.last, "-+*.)".utf8.contains(last), marker.endIndex < rest.endIndex, TableSyntax.isSpace(rest[marker.endIndex]) {
            rest = rest[marker.endIndex...]
        }
        return rest.drop { TableSyntax.isSpace($0) || $0 == UInt8(ascii: ">") }
    }
}
