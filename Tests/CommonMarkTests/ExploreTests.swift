import CommonMark
import Testing

@Test func explore() {
    let samples: [(String, Bool)] = [
        ("> [!NOTE]\n> Body\n", true),
        ("\\[!NOTE]\n", false),
        ("[!NOTE] it's\n", true),
        ("a *b* c\n", false),
        ("a\u{0}b \u{1F600} é\n", false),
    ]
    for (s, smart) in samples {
        let d = Document(markdown: s, smartPunctuation: smart)
        for n in d.allNodes() { print(n.kind, n.startLine, n.startColumn, n.literal.map { "«\($0)»" } ?? "-") }
        print(d.renderHTML(), "----")
    }
    let d = Document(markdown: "a *b* c\n")
    d.allNodes().first { $0.kind == .emphasis }!.remove()
    for n in d.allNodes() { print(n.kind, n.literal.map { "«\($0)»" } ?? "-") }
    d.consolidateTextNodes()
    for n in d.allNodes() { print(n.kind, n.startLine, n.startColumn, n.literal.map { "«\($0)»" } ?? "-") }
}
