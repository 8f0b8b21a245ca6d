import CommonMark
import Testing

@Suite struct RenderingTests {
    @Test func rendersASmallDocument() {
        let document = Document(markdown: """
            # Reset *your* password

            Open the **portal** and run `reset`.
            Then [sign in](https://example.com/login "Login").

            - one
            - two

            ---

                code block
            """)
        #expect(document.renderHTML() == """
            <h1>Reset <em>your</em> password</h1>
            <p>Open the <strong>portal</strong> and run <code>reset</code>.
            Then <a href="https://example.com/login" title="Login">sign in</a>.</p>
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            <hr />
            <pre><code>code block
            </code></pre>

            """)
    }

    @Test func emptyInputRendersNothing() {
        let document = Document(markdown: "")
        #expect(document.renderHTML() == "")
        #expect(document.allNodes().map(\.kind) == [.document])
    }

    @Test func escapesSpecialCharactersInText() {
        #expect(Document(markdown: "a < b & \"c\"\n").renderHTML() == "<p>a &lt; b &amp; &quot;c&quot;</p>\n")
    }

    static let rawHTML = """
        <div class="box">
        hi
        </div>

        Text <span>inline</span> and [bad](javascript:alert(1)) and [ok](https://example.com).

        """

    @Test func safeModeIsTheDefaultAndOmitsRawHTMLAndDangerousURLs() {
        let document = Document(markdown: Self.rawHTML)
        let expected = """
            <!-- raw HTML omitted -->
            <p>Text <!-- raw HTML omitted -->inline<!-- raw HTML omitted --> and <a href="">bad</a> \
            and <a href="https://example.com">ok</a>.</p>

            """
        #expect(document.renderHTML() == expected)
        #expect(document.renderHTML(unsafe: false) == expected)
        #expect(document.rootNode.renderHTML() == expected)
    }

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "file:///etc/passwd", "data:text/html,hello"])
    func safeModeEmptiesDangerousSchemes(url: String) {
        let document = Document(markdown: "[x](<\(url)>)\n")
        #expect(document.renderHTML() == "<p><a href=\"\">x</a></p>\n")
    }

    @Test func safeModeKeepsDataImageURLs() {
        let document = Document(markdown: "![x](data:image/png;base64,AAAA)\n")
        #expect(document.renderHTML() == "<p><img src=\"data:image/png;base64,AAAA\" alt=\"x\" /></p>\n")
    }

    @Test func unsafeModeKeepsRawHTMLAndURLs() {
        let document = Document(markdown: Self.rawHTML)
        #expect(document.renderHTML(unsafe: true) == """
            <div class="box">
            hi
            </div>
            <p>Text <span>inline</span> and <a href="javascript:alert(1)">bad</a> \
            and <a href="https://example.com">ok</a>.</p>

            """)
    }

    @Test func rawHTMLNodesHaveTheirKinds() {
        let document = Document(markdown: Self.rawHTML)
        let kinds = document.allNodes().map(\.kind)
        #expect(kinds.filter { $0 == .htmlBlock }.count == 1)
        #expect(kinds.filter { $0 == .htmlInline }.count == 2)
        let block = document.allNodes().first { $0.kind == .htmlBlock }
        #expect(block?.literal == "<div class=\"box\">\nhi\n</div>\n")
    }

    @Test func smartPunctuationOn() {
        let document = Document(markdown: "\"Hello\" -- it's 'fine' --- done...\n", smartPunctuation: true)
        #expect(document.renderHTML() == "<p>\u{201C}Hello\u{201D} \u{2013} it\u{2019}s \u{2018}fine\u{2019} \u{2014} done\u{2026}</p>\n")
    }

    @Test func smartPunctuationOffByDefault() {
        let markdown = "\"Hello\" -- it's 'fine' --- done...\n"
        let expected = "<p>&quot;Hello&quot; -- it's 'fine' --- done...</p>\n"
        #expect(Document(markdown: markdown).renderHTML() == expected)
        #expect(Document(markdown: markdown, smartPunctuation: false).renderHTML() == expected)
    }

    @Test func smartPunctuationLeavesCodeAlone() {
        let document = Document(markdown: "`\"a\" -- b` and \"c\"\n", smartPunctuation: true)
        #expect(document.renderHTML() == "<p><code>&quot;a&quot; -- b</code> and \u{201C}c\u{201D}</p>\n")
    }

    @Test func nulAndReplacementCharactersRender() {
        // A Swift String cannot hold invalid UTF-8: decoding replaces bad bytes with U+FFFD.
        let decoded = String(decoding: [0x61, 0xFF, 0xFE, 0x62, 0x0A] as [UInt8], as: UTF8.self)
        #expect(decoded == "a\u{FFFD}\u{FFFD}b\n")
        #expect(Document(markdown: decoded).renderHTML() == "<p>a\u{FFFD}\u{FFFD}b</p>\n")
        // cmark replaces U+0000 with U+FFFD; the NUL must not end the input early.
        #expect(Document(markdown: "a\u{0}b *c*\n").renderHTML() == "<p>a\u{FFFD}b <em>c</em></p>\n")
    }

    @Test func nonASCIITextRoundTrips() {
        let document = Document(markdown: "## Passwort zurücksetzen 😀\n\nパスワード\n")
        #expect(document.renderHTML() == "<h2>Passwort zurücksetzen 😀</h2>\n<p>パスワード</p>\n")
    }

    @Test func rendersASingleNode() throws {
        let document = Document(markdown: "# Title\n\nBody *text*.\n")
        let paragraph = try #require(document.allNodes().first { $0.kind == .paragraph })
        #expect(paragraph.renderHTML() == "<p>Body <em>text</em>.</p>\n")
    }
}
