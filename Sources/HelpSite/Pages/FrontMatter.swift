import Diagnostics
import TypedYAML

/// The YAML block at the top of a page, decoded into types. Every field but `title` is optional;
/// unknown keys are errors so a typo (`tittle:`) never passes silently, except the keys other tools
/// use that `site.ignored_front_matter` names (a migrated site's `sidebar_label`, `slug`, …).
public struct FrontMatter: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var tags: [String] = []
    public var author: String?
    public var created: CalendarDate?
    public var modified: CalendarDate?
    /// Sidebar order: lower first; pages without a weight come after those with one.
    public var weight: Int?
    /// Drafts are left out of the site unless the build asks for them.
    public var draft = false
    /// Earlier paths of this page (relative to the site root) that should redirect to it.
    public var aliases: [Alias] = []

    public struct Alias: Sendable, Equatable {
        public var path: String
        public var location: SourceLocation
    }

    static let keys = ["title", "description", "tags", "author", "created", "modified", "weight", "draft", "aliases"]

    public init(title: String) { self.title = title }

    /// Decodes the YAML between the `---` lines; `firstLine` is its first line in the file. All
    /// problems in the block are reported together. Keys in `ignored` are accepted and not read.
    public init(yaml: String, file: String, firstLine: Int, ignoring ignored: [String] = []) throws(DiagnosticsError) {
        let root: YAMLValue?
        do { root = try YAMLValue.parse(yaml, file: file, firstLine: firstLine) } catch { throw DiagnosticsError([error]) }
        guard let root, !root.isNull else {
            throw DiagnosticsError([.error("front matter is empty: a page needs at least a title", at: SourceLocation(file: file, line: firstLine - 1, column: 1))])
        }
        let fields = try root.mapping("front matter", knownKeys: Self.keys + ignored.filter { !Self.keys.contains($0) })
        var problems = fields.problems
        func read<T>(_ key: String, _ convert: (YAMLValue) throws(Diagnostic) -> T) -> T? {
            guard let field = fields[key] else { return nil }
            do { return try convert(field) } catch { problems.append(error); return nil }
        }
        func date(_ key: String) -> CalendarDate? {
            read(key) { v throws(Diagnostic) in
                let text = try v.string(key)
                guard let date = CalendarDate(iso: text) else {
                    throw v.error("\(key) must be a date written YYYY-MM-DD, not '\(text)'")
                }
                return date
            }
        }

        let title = read("title") { v throws(Diagnostic) in try v.string("title") }
        if title == nil, fields["title"] == nil {
            problems.append(fields.value.error("front matter has no title (add `title: …`)"))
        } else if let title, title.allSatisfy(\.isWhitespace) {
            problems.append((fields["title"] ?? fields.value).error("title is empty"))
        }
        self.title = title ?? ""
        description = read("description") { v throws(Diagnostic) in try v.string("description") }
        tags = read("tags") { v throws(Diagnostic) in try v.stringList("tags") } ?? []
        for tag in tags where tag.allSatisfy(\.isWhitespace) {
            problems.append((fields["tags"] ?? fields.value).error("tags must not be empty"))
        }
        author = read("author") { v throws(Diagnostic) in try v.string("author") }
        created = date("created")
        modified = date("modified")
        if let created, let modified, modified < created, let field = fields["modified"] {
            problems.append(field.error("modified (\(modified.iso)) is before created (\(created.iso))"))
        }
        weight = read("weight") { v throws(Diagnostic) in try v.int("weight") }
        draft = read("draft") { v throws(Diagnostic) in try v.bool("draft") } ?? false
        let aliasValues = read("aliases") { v throws(Diagnostic) in try v.list("aliases") } ?? []
        for value in aliasValues {
            do {
                aliases.append(Alias(path: try value.string("each alias"), location: value.location))
            } catch { problems.append(error) }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }
}

/// A page's text split into its front matter and its Markdown body.
struct PageText {
    var frontMatter: String
    /// Line of the file on which the front matter's first line is.
    var frontMatterLine: Int
    var body: Substring
    /// Line of the file on which the body's first line is.
    var bodyLine: Int

    /// Splits at the `---` lines. The opening `---` must be the file's first line; the closing one
    /// is `---` or `...` on a line of its own.
    static func split(_ text: String, file: String) throws(Diagnostic) -> PageText {
        var lines = LineCursor(text)
        // Windows editors save UTF-8 with a byte order mark; GitHub, Jekyll and Hugo skip it too.
        if text.unicodeScalars.first == "\u{FEFF}" { lines.position = text.unicodeScalars.index(after: text.startIndex) }
        guard let first = lines.next(), first.content.trimmingTrailingSpaces() == "---" else {
            throw .error("a page must start with front matter between '---' lines (with at least a title)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        let yamlStart = first.end
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let trimmed = line.content.trimmingTrailingSpaces()
            if trimmed == "---" || trimmed == "..." {
                return PageText(
                    frontMatter: String(text[yamlStart..<line.start]),
                    frontMatterLine: 2,
                    body: text[line.end...],
                    bodyLine: lineNumber + 1
                )
            }
        }
        throw .error("front matter is not closed: add a line with '---' after it", at: SourceLocation(file: file, line: 1, column: 1))
    }
}

/// Walks the lines of a string, giving each line's range without its line break.
struct LineCursor {
    let text: String
    var position: String.Index

    init(_ text: String) {
        self.text = text
        position = text.startIndex
    }

    mutating func next() -> (content: Substring, start: String.Index, end: String.Index)? {
        guard position < text.endIndex else { return nil }
        let start = position
        let utf8 = text.utf8
        var cursor = start
        while cursor < utf8.endIndex, utf8[cursor] != UInt8(ascii: "\n") { cursor = utf8.index(after: cursor) }
        var contentEnd = cursor
        if contentEnd > start, utf8[utf8.index(before: contentEnd)] == UInt8(ascii: "\r") {
            contentEnd = utf8.index(before: contentEnd)
        }
        position = cursor < utf8.endIndex ? utf8.index(after: cursor) : cursor
        return (text[start..<contentEnd], start, position)
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" { end = index(before: end) }
        return self[startIndex..<end]
    }
}
