import CommonMark
import Testing

@Suite struct EditingTests {
    func first(_ kind: Node.Kind, in document: Document) throws -> Node {
        try #require(document.allNodes().first { $0.kind == kind })
    }

    @Test func replacingAHeadingWithACustomBlock() throws {
        let document = Document(markdown: "# Old title\n\nBody\n")
        let heading = try first(.heading, in: document)
        let custom = document.makeCustomBlock(onEnter: "<h1 class=\"custom\">New title</h1>", onExit: "")
        #expect(custom.kind == .customBlock)
        #expect(custom.parent == nil)
        heading.replace(with: custom)
        // The old heading is detached but still readable: the document frees it.
        #expect(heading.parent == nil)
        #expect(heading.plainText == "Old title")
        #expect(custom.parent == document.rootNode)
        #expect(document.rootNode.firstChild == custom)
        #expect(document.renderHTML() == "<h1 class=\"custom\">New title</h1>\n<p>Body</p>\n")
        #expect(document.allNodes().map(\.kind) == [.document, .customBlock, .paragraph, .text])
    }

    @Test func movingBlockQuoteChildrenIntoACustomBlock() throws {
        let document = Document(markdown: "> [!NOTE]\n> Keep it *safe*.\n>\n> Second.\n\nAfter\n")
        let quote = try first(.blockQuote, in: document)
        let box = document.makeCustomBlock(onEnter: "<div class=\"note\">", onExit: "</div>")
        quote.replace(with: box)
        for child in quote.children { #expect(box.appendChild(child)) }
        #expect(quote.firstChild == nil)
        #expect(box.children.count == 2)
        #expect(document.renderHTML() == """
            <div class="note">
            <p>[!NOTE]
            Keep it <em>safe</em>.</p>
            <p>Second.</p>
            </div>
            <p>After</p>

            """)
    }

    @Test func customInlineReplacesAnImage() throws {
        let document = Document(markdown: "See ![Demo](media/demo.mp4 \"Demo\") here.\n")
        let image = try first(.image, in: document)
        let url = try #require(image.url)
        let video = document.makeCustomInline(onEnter: "<video src=\"\(url)\" controls></video>")
        #expect(video.kind == .customInline)
        image.replace(with: video)
        #expect(document.renderHTML() == "<p>See <video src=\"media/demo.mp4\" controls></video> here.</p>\n")
    }

    @Test func customInlineWrapsMovedChildren() throws {
        let document = Document(markdown: "a [b *c*](u) d\n")
        let link = try first(.link, in: document)
        let span = document.makeCustomInline(onEnter: "<span class=\"x\">", onExit: "</span>")
        link.replace(with: span)
        for child in link.children { span.appendChild(child) }
        #expect(document.renderHTML() == "<p>a <span class=\"x\">b <em>c</em></span> d</p>\n")
    }

    @Test func customBlockEmitsExitAfterChildren() throws {
        let document = Document(markdown: "One\n")
        let paragraph = try first(.paragraph, in: document)
        let figure = document.makeCustomBlock(onEnter: "<figure>", onExit: "</figure>")
        paragraph.replace(with: figure)
        #expect(figure.appendChild(paragraph))
        #expect(document.renderHTML() == "<figure>\n<p>One</p>\n</figure>\n")
    }

    @Test func removingATextNode() throws {
        let document = Document(markdown: "Keep *this* and drop\n")
        let texts = document.allNodes().filter { $0.kind == .text }
        #expect(texts.map(\.literal) == ["Keep ", "this", " and drop"])
        texts[2].remove()
        #expect(document.renderHTML() == "<p>Keep <em>this</em></p>\n")
        #expect(document.allNodes().filter { $0.kind == .text }.count == 2)
    }

    @Test func removingABlockRemovesItsDescendants() throws {
        let document = Document(markdown: "# Title\n\n> quote *x*\n\nEnd\n")
        try first(.blockQuote, in: document).remove()
        #expect(document.renderHTML() == "<h1>Title</h1>\n<p>End</p>\n")
        #expect(document.allNodes().map(\.kind) == [.document, .heading, .text, .paragraph, .text])
    }

    @Test func settingTheURLOfALink() throws {
        let document = Document(markdown: "[Guide](guide.md)\n")
        let link = try first(.link, in: document)
        link.url = "guide/"
        #expect(link.url == "guide/")
        #expect(document.renderHTML() == "<p><a href=\"guide/\">Guide</a></p>\n")
    }

    @Test func settingTheURLOfAnImage() throws {
        let document = Document(markdown: "![Pic](pic.png)\n")
        let image = try first(.image, in: document)
        image.url = "../images/pic.png"
        #expect(document.renderHTML() == "<p><img src=\"../images/pic.png\" alt=\"Pic\" /></p>\n")
    }

    @Test func settingALiteral() throws {
        let document = Document(markdown: "Hello *world*\n")
        let text = try first(.text, in: document)
        text.literal = "Goodbye <"
        #expect(text.literal == "Goodbye <")
        #expect(document.renderHTML() == "<p>Goodbye &lt;<em>world</em></p>\n")
    }

    @Test func appendChildRefusesWhatCannotBeContained() throws {
        let document = Document(markdown: "Text\n\n# Heading\n")
        let paragraph = try first(.paragraph, in: document)
        let heading = try first(.heading, in: document)
        // A paragraph cannot contain a heading (a block).
        #expect(paragraph.appendChild(heading) == false)
        #expect(heading.parent == document.rootNode)
        #expect(document.renderHTML() == "<p>Text</p>\n<h1>Heading</h1>\n")
        // A custom inline can only go into inline containers.
        let inline = document.makeCustomInline(onEnter: "<i>x</i>")
        #expect(document.rootNode.appendChild(inline) == false)
        #expect(paragraph.appendChild(inline))
        #expect(document.renderHTML() == "<p>Text<i>x</i></p>\n<h1>Heading</h1>\n")
    }

    @Test func consolidateTextNodesMergesAdjacentText() throws {
        // libcmark 0.30 already merges the text it parses; edits can leave text split, as here
        // where removing the emphasis leaves "[!" and "NOTE]" next to each other.
        let document = Document(markdown: "> [!*x*NOTE]\n> Body\n")
        try first(.emphasis, in: document).remove()
        let paragraph = try first(.paragraph, in: document)
        #expect(paragraph.children.map(\.literal) == ["[!", "NOTE]", nil, "Body"])
        document.consolidateTextNodes()
        let children = paragraph.children
        #expect(children.map(\.kind) == [.text, .softBreak, .text])
        #expect(children.first?.literal == "[!NOTE]")
        #expect(document.renderHTML() == "<blockquote>\n<p>[!NOTE]\nBody</p>\n</blockquote>\n")
    }

    @Test func parsedNoteMarkerIsOneLiteral() throws {
        let document = Document(markdown: "> [!NOTE]\n> Body\n")
        document.consolidateTextNodes()
        let text = try first(.text, in: document)
        #expect(text.literal == "[!NOTE]")
        #expect((text.startLine, text.startColumn) == (1, 3))
    }

    @Test func editingWhileWalkingTheCollectedList() {
        let document = Document(markdown: "![a](1.png) ![b](2.png) ![c](3.png)\n")
        for node in document.allNodes() where node.kind == .image {
            let url = node.url ?? ""
            let replacement = document.makeCustomInline(onEnter: "[\(url)]")
            node.replace(with: replacement)
        }
        #expect(document.renderHTML() == "<p>[1.png] [2.png] [3.png]</p>\n")
    }
}

/// Editing that would let two documents free one node stops the process instead.
@Suite struct OwnershipTests {
    @Test func aNodeOfAnotherDocumentCannotBeInserted() async {
        await #expect(processExitsWith: .failure) {
            let page = Document(markdown: "Text\n")
            let other = Document(markdown: "*x*\n")
            let paragraph = page.allNodes().first { $0.kind == .paragraph }
            let emphasis = other.allNodes().first { $0.kind == .emphasis }
            if let paragraph, let emphasis { paragraph.appendChild(emphasis) }
        }
    }

    @Test func anOldHandleCannotEditANodeTakenByAnotherDocument() async {
        await #expect(processExitsWith: .failure) {
            let page = Document(markdown: "Text\n")
            let other = Document(markdown: "*x*\n")
            guard let emphasis = other.allNodes().first(where: { $0.kind == .emphasis }) else { return }
            _ = page.take([emphasis]) { $0 }
            emphasis.remove()
        }
    }

    @Test func takenNodesBelongToTheirNewDocument() throws {
        let page = Document(markdown: "Text\n")
        let other = Document(markdown: "*x*\n")
        let emphasis = try #require(other.allNodes().first { $0.kind == .emphasis })
        let moved = page.take([emphasis]) { $0 }
        let paragraph = try #require(page.allNodes().first { $0.kind == .paragraph })
        #expect(paragraph.appendChild(moved[0]))
        #expect(page.renderHTML() == "<p>Text<em>x</em></p>\n")
        #expect(other.renderHTML() == "<p></p>\n")
    }
}
