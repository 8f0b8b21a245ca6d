import CommonMark
import Testing

/// `Document.take` moves nodes parsed in one document into another (tables parse each cell on its
/// own): ownership and source positions must move with them.
@Suite struct TakeTests {
    @Test func takenInlinesRenderInTheNewTreeAndReportMappedPositions() throws {
        let page = Document(markdown: "Before\n")
        let paragraph = try #require(page.rootNode.firstChild)
        let shifted: Node
        do {
            // The cell document goes out of scope here: the taken nodes must outlive it.
            let cell = Document(markdown: "a [link](x.md) *b*\n")
            let cellParagraph = try #require(cell.rootNode.firstChild)
            let moved = page.take(cellParagraph.children) { span in
                SourceSpan(startLine: span.startLine + 10, startColumn: span.startColumn + 4,
                           endLine: span.endLine + 10, endColumn: span.endColumn + 4)
            }
            for node in moved { #expect(paragraph.appendChild(node)) }
            #expect(cellParagraph.firstChild == nil)
            shifted = try #require(moved.first { $0.kind == .link })
        }
        #expect(page.renderHTML() == "<p>Beforea <a href=\"x.md\">link</a> <em>b</em></p>\n")
        #expect(shifted.startLine == 11)
        #expect(shifted.startColumn == 7)
        #expect(shifted.firstChild?.startColumn == 8)
        // Nodes of the page itself keep cmark's positions.
        #expect(paragraph.startLine == 1 && paragraph.startColumn == 1)
    }

    @Test func aTakenNodeNeverInsertedIsFreedOnceByItsNewDocument() throws {
        // A node the other document had detached (remove) and that is then taken must not be
        // freed by both documents; run under the address sanitizer to see a double free.
        let page = Document(markdown: "x\n")
        do {
            let cell = Document(markdown: "*a* b\n")
            let emphasis = try #require(cell.allNodes().first { $0.kind == .emphasis })
            emphasis.remove()
            let code = try #require(cell.allNodes().first { $0.kind == .text })
            let moved = page.take([emphasis, code]) { $0 }
            #expect(moved[0].plainText == "a")
            // Inserted, then detached again while the cell document still lives: only the page
            // may free it (without the hand-over both did: a crash, seen under ASan).
            try #require(page.rootNode.firstChild).appendChild(moved[1])
            moved[1].remove()
        }
        #expect(page.renderHTML() == "<p>x</p>\n")
    }

    @Test func removingATakenNodeLeavesItToTheNewDocument() throws {
        let page = Document(markdown: "x\n")
        let paragraph = try #require(page.rootNode.firstChild)
        let cell = Document(markdown: "a `b` c\n")
        let code = try #require(cell.allNodes().first { $0.kind == .code })
        let moved = page.take([code]) { $0 }
        paragraph.appendChild(moved[0])
        moved[0].remove()
        #expect(page.renderHTML() == "<p>x</p>\n")
        #expect(cell.renderHTML() == "<p>a  c</p>\n")
    }
}
