import CommonMark
import Testing

@Suite struct NodeTests {
    func first(_ kind: Node.Kind, in document: Document) throws -> Node {
        try #require(document.allNodes().first { $0.kind == kind })
    }

    // MARK: Walking

    @Test func allNodesIsAPreOrderWalk() {
        let document = Document(markdown: "# A *b*\n\n> c\n\n1. d\n")
        #expect(document.allNodes().map(\.kind) == [
            .document, .heading, .text, .emphasis, .text,
            .blockQuote, .paragraph, .text,
            .list, .item, .paragraph, .text,
        ])
        #expect(document.allNodes().first == document.rootNode)
    }

    @Test func kindsOfEveryNode() {
        let document = Document(markdown: """
            # H

            a\\
            b
            c `d` *e* **f** [g](h) ![i](j) <b>k</b>

            <div>x</div>

            ```
            code
            ```

            ***
            """)
        let kinds = Set(document.allNodes().map(\.kind))
        #expect(kinds == [
            .document, .heading, .paragraph, .text, .lineBreak, .softBreak, .code, .emphasis, .strong,
            .link, .image, .htmlInline, .htmlBlock, .codeBlock, .thematicBreak,
        ])
    }

    @Test func treeNavigation() throws {
        let document = Document(markdown: "- a\n- b\n- c\n")
        let list = try first(.list, in: document)
        #expect(list.parent == document.rootNode)
        #expect(document.rootNode.parent == nil)
        let items = list.children
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0.kind == .item && $0.parent == list })
        #expect(list.firstChild == items[0])
        #expect(list.lastChild == items[2])
        #expect(items[0].next == items[1])
        #expect(items[2].next == nil)
        #expect(items.map(\.plainText) == ["a", "b", "c"])
    }

    // MARK: Content

    @Test func headingLevelURLTitleAndLiteral() throws {
        let document = Document(markdown: "### Three\n\n[x](https://a.example/ \"T\") ![y](p.png) `lit`\n\n```swift\nlet x = 1\n```\n")
        #expect(try first(.heading, in: document).headingLevel == 3)
        #expect(try first(.paragraph, in: document).headingLevel == 0)
        let link = try first(.link, in: document)
        #expect(link.url == "https://a.example/")
        #expect(link.title == "T")
        let image = try first(.image, in: document)
        #expect(image.url == "p.png")
        #expect(image.title == "")
        #expect(try first(.code, in: document).literal == "lit")
        #expect(try first(.codeBlock, in: document).literal == "let x = 1\n")
    }

    @Test func plainTextOfAHeading() throws {
        let document = Document(markdown: "## Use *the* `reset` [**tool**](https://x.example) now\n")
        let heading = try first(.heading, in: document)
        #expect(heading.plainText == "Use the reset tool now")
        #expect(heading.renderHTML() == "<h2>Use <em>the</em> <code>reset</code> <a href=\"https://x.example\"><strong>tool</strong></a> now</h2>\n")
    }

    @Test func plainTextTurnsBreaksIntoSpacesAndSkipsHTML() throws {
        let document = Document(markdown: "one\ntwo\\\nthree <b>four</b> ![alt *text*](i.png)\n")
        let paragraph = try first(.paragraph, in: document)
        // Inline HTML is not text a reader sees; image descriptions are.
        #expect(paragraph.plainText == "one two three four alt text")
    }

    @Test func entitiesAreDecodedInLiterals() throws {
        let document = Document(markdown: "Caf&eacute; &amp; cr&#232;me\n")
        #expect(try first(.paragraph, in: document).plainText == "Café & crème")
    }

    // MARK: Source positions

    static let positioned = """
        # Hello *world*

        Some text and
        a [link](https://example.com) here.

        - item
        - ![alt](img.png "T")

        > quote
        > see [there](/there)

        """

    @Test func headingPosition() throws {
        let document = Document(markdown: Self.positioned)
        let heading = try first(.heading, in: document)
        #expect((heading.startLine, heading.startColumn) == (1, 1))
        let emphasis = try first(.emphasis, in: document)
        #expect((emphasis.startLine, emphasis.startColumn) == (1, 9))
    }

    @Test func linkOnLineThree() throws {
        let document = Document(markdown: "Intro\n\n  Look at [the guide](guide.md).\n")
        let link = try first(.link, in: document)
        #expect((link.startLine, link.startColumn) == (3, 11))
        #expect(link.url == "guide.md")
    }

    @Test func linkOnAContinuationLine() throws {
        let document = Document(markdown: Self.positioned)
        let link = try first(.link, in: document)
        #expect((link.startLine, link.startColumn) == (4, 3))
    }

    @Test func imageInsideAListItem() throws {
        let document = Document(markdown: Self.positioned)
        let image = try first(.image, in: document)
        #expect((image.startLine, image.startColumn) == (7, 3))
        #expect(image.parent?.parent?.kind == .item)
        let item = try #require(image.parent?.parent)
        #expect((item.startLine, item.startColumn) == (7, 1))
    }

    @Test func linkInsideABlockQuote() throws {
        let document = Document(markdown: Self.positioned)
        let links = document.allNodes().filter { $0.kind == .link }
        let link = try #require(links.last)
        #expect(link.url == "/there")
        #expect((link.startLine, link.startColumn) == (10, 7))
        let quote = try first(.blockQuote, in: document)
        #expect((quote.startLine, quote.startColumn) == (9, 1))
    }

    @Test func nestedContainersOffsetColumns() throws {
        let document = Document(markdown: "> - item\n>   with [a link](x)\n")
        let link = try first(.link, in: document)
        #expect((link.startLine, link.startColumn) == (2, 10))
    }

    @Test func columnsCountBytes() throws {
        // "é" is two bytes and "😀" four, so the link starts at byte 9, character 7.
        let document = Document(markdown: "é 😀 [x](y)\n")
        let link = try first(.link, in: document)
        #expect((link.startLine, link.startColumn) == (1, 9))
    }

    @Test func positionsAreOneBased() throws {
        let document = Document(markdown: "x\n")
        #expect((document.rootNode.startLine, document.rootNode.startColumn) == (1, 1))
        let text = try first(.text, in: document)
        #expect((text.startLine, text.startColumn) == (1, 1))
    }
}
