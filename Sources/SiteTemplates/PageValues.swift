import TemplateEngine

/// What `Templates/page.mustache` receives for each Markdown page of the guide: the layout's
/// values, the rendered body and what surrounds it (contents, dates, tags, pager, folder listing).
public struct PageValues: TemplateValues {
    public var layout: Layout
    /// The page's body, rendered from Markdown.
    public var content: String
    public var toc: [TOCEntry]
    public var created: PageDate?
    public var modified: PageDate?
    public var author: String?
    public var tags: [TagLink]
    public var previous: Link?
    public var next: Link?
    /// A folder's index.md lists the folder's pages; empty on every other page.
    public var children: [ListingEntry]
    /// Where to edit the page's source (`site.edit_url`); nil when not configured.
    public var editURL: String?
    /// The print views of the whole guide and of the page's folder (none for a page at the top).
    public var printGuideURL: String?
    public var printSectionURL: String?

    public init(layout: Layout, content: String, toc: [TOCEntry] = [], created: PageDate? = nil, modified: PageDate? = nil,
                author: String? = nil, tags: [TagLink] = [], previous: Link? = nil, next: Link? = nil, children: [ListingEntry] = [],
                editURL: String? = nil) {
        self.editURL = editURL
        self.layout = layout
        self.content = content
        self.toc = toc
        self.created = created
        self.modified = modified
        self.author = author
        self.tags = tags
        self.previous = previous
        self.next = next
        self.children = children
    }

    public static let templateSummary = "A page of the guide, written in Markdown under `content/`."

    public static let templateFields: [TemplateField<PageValues>] = TemplateField.include { $0.layout } + [
        .html("content", "The page's body, rendered from Markdown.") { $0.content },
        .flag("hasTOC", "Whether the page has level-2 headings to list.") { !$0.toc.isEmpty },
        .list("toc", "The table of contents: level-2 headings, each with its level-3 headings.") { $0.toc },
        .optionalObject("created", "When the page was written: `created:`, else the day of its file's first commit (git).") { $0.created },
        .optionalObject("modified", "When the page last changed: `modified:`, else the day of its file's last commit (git).") { $0.modified },
        .optionalText("author", "Who wrote the page: `author:`, else the author of its file's first commit (git).") { $0.author },
        .flag("hasTags", "Whether the page has tags.") { !$0.tags.isEmpty },
        .list("tags", "The page's tags, each linking to its tag page.") { $0.tags },
        .flag("hasPager", "Whether there is a previous or a next page.") { $0.previous != nil || $0.next != nil },
        .optionalObject("previous", "The page before this one in the sidebar's order.") { $0.previous },
        .optionalObject("next", "The page after this one in the sidebar's order.") { $0.next },
        .flag("hasChildren", "Whether `children` has entries.") { !$0.children.isEmpty },
        .list("children", "On a folder's index.md: the folder's pages and subfolders.") { $0.children },
        .optionalText("editURL", "Where to edit the page's file (`site.edit_url` with its path), when configured.") { $0.editURL },
        .optionalText("printGuideURL", "The whole guide's print view (`print.html`).") { $0.printGuideURL },
        .optionalText("printSectionURL", "The print view of the page's folder; absent for a page at the top.") { $0.printSectionURL },
    ]
}

/// A heading in a page's table of contents; a level-2 heading holds its level-3 headings.
public struct TOCEntry: TemplateValues {
    public var id: String
    public var href: String
    public var text: String
    public var children: [TOCEntry]

    public init(id: String, href: String, text: String, children: [TOCEntry] = []) {
        self.id = id
        self.href = href
        self.text = text
        self.children = children
    }

    public static let templateSummary = "A heading in the table of contents."

    public static let templateFields: [TemplateField<TOCEntry>] = [
        .text("id", "The heading's id.") { $0.id },
        .text("href", "The link to the heading (`#id`, percent-encoded).") { $0.href },
        .text("text", "The heading's text.") { $0.text },
        .flag("hasChildren", "Whether `children` has entries.") { !$0.children.isEmpty },
        .list("children", "The level-3 headings under a level-2 heading.") { $0.children },
    ]
}

/// A date of the front matter, for `<time datetime>` and for reading.
public struct PageDate: TemplateValues, Equatable {
    public var iso: String
    public var text: String

    public init(iso: String, text: String) {
        self.iso = iso
        self.text = text
    }

    public static let templateSummary = "A date."

    public static let templateFields: [TemplateField<PageDate>] = [
        .text("iso", "The date as YYYY-MM-DD, for `<time datetime>`.") { $0.iso },
        .text("text", "The date in words (3 December 2026).") { $0.text },
    ]
}

/// A tag on a page, linking to the tag's page.
public struct TagLink: TemplateValues, Equatable {
    public var name: String
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    public static let templateSummary = "A tag, linking to its page."

    public static let templateFields: [TemplateField<TagLink>] = [
        .text("name", "The tag.") { $0.name },
        .text("url", "The tag's page.") { $0.url },
    ]
}
