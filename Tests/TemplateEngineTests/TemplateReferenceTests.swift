import Testing
import TemplateEngine

/// The reference tables are made from the types: every field once, included types as one row.
@Suite struct TemplateReferenceTests {
    struct Frame: TemplateValues {
        var title = "T"
        static let templateSummary = "The frame."
        static let templateFields: [TemplateField<Frame>] = [.text("title", "The title.") { $0.title }]
    }

    struct Entry: TemplateValues {
        static let templateSummary = "An entry."
        static let templateFields: [TemplateField<Entry>] = [
            .text("url", "Where | it leads.") { _ in "u" },
            .list("children", "Entries inside.") { _ in [Entry]() },
        ]
    }

    struct Screen: TemplateValues {
        var frame = Frame()
        static let templateSummary = "A screen."
        static let templateFields: [TemplateField<Screen>] = TemplateField.include { $0.frame } + [
            .optionalText("note", "A note.") { _ in nil },
            .list("entries", "The entries.") { _ in [Entry()] },
        ]
    }

    @Test func tablesPerTemplateThenPerType() {
        let text = TemplateReference.markdown([TemplateReference.Entry(template: "screen", shape: Screen.shape)])
        #expect(text == """
        ### `screen.mustache`

        Receives `Screen`: a screen.

        | Name | Kind | What it holds |
        |:---|:---|:---|
        | every value of `Frame` | | See `Frame` below. |
        | `note` | optional text | A note. |
        | `entries` | list of Entry | The entries. |

        ### Types inside them

        #### `Frame`

        The frame.

        | Name | Kind | What it holds |
        |:---|:---|:---|
        | `title` | text | The title. |

        #### `Entry`

        An entry.

        | Name | Kind | What it holds |
        |:---|:---|:---|
        | `url` | text | Where \\| it leads. |
        | `children` | list of Entry | Entries inside. |


        """)
    }

    @Test func includedFieldsRenderAtTheTop() {
        let html = (try? Template(source: "{{title}}/{{#entries}}{{url}}{{/entries}}/{{^note}}none{{/note}}", file: "s"))?.render(Screen())
        #expect(html == "T/u/none")
    }
}
