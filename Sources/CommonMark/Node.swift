import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A handle on one node of a `Document`'s tree. It keeps its document alive, and the document owns
/// every node it made or that was taken out of the tree, freeing them only when it goes: so a handle
/// stays valid after any edit, and no editing step can free a node another step still holds (a
/// use-after-free found by fuzzing came from passes freeing detached nodes by hand).
public struct Node: Hashable {
    let pointer: OpaquePointer
    let owner: Document

    init(_ pointer: OpaquePointer, in owner: Document) {
        self.pointer = pointer
        self.owner = owner
    }

    public static func == (lhs: Node, rhs: Node) -> Bool { lhs.pointer == rhs.pointer }
    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }

    public enum Kind: Equatable, Sendable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading
        case thematicBreak, text, softBreak, lineBreak, code, htmlInline, customInline
        case emphasis, strong, link, image, other
    }

    public var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: .document
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_LIST: .list
        case CMARK_NODE_ITEM: .item
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: .customBlock
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_THEMATIC_BREAK: .thematicBreak
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: .customInline
        case CMARK_NODE_EMPH: .emphasis
        case CMARK_NODE_STRONG: .strong
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_IMAGE: .image
        default: .other
        }
    }

    // MARK: Source positions (1-based; columns count bytes, as cmark does)

    // A node taken from another document (`Document.take`) reports the span mapped into this one.

    public var startLine: Int { owner.movedSpan(of: pointer)?.startLine ?? Int(cmark_node_get_start_line(pointer)) }
    public var startColumn: Int { owner.movedSpan(of: pointer)?.startColumn ?? Int(cmark_node_get_start_column(pointer)) }
    public var endLine: Int { owner.movedSpan(of: pointer)?.endLine ?? Int(cmark_node_get_end_line(pointer)) }
    public var endColumn: Int { owner.movedSpan(of: pointer)?.endColumn ?? Int(cmark_node_get_end_column(pointer)) }

    public var span: SourceSpan {
        owner.movedSpan(of: pointer) ?? SourceSpan(
            startLine: Int(cmark_node_get_start_line(pointer)), startColumn: Int(cmark_node_get_start_column(pointer)),
            endLine: Int(cmark_node_get_end_line(pointer)), endColumn: Int(cmark_node_get_end_column(pointer)))
    }

    // MARK: Content

    /// Text of a text, code, code block or HTML node.
    public var literal: String? {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } }
        nonmutating set { cmark_node_set_literal(pointer, newValue) }
    }

    /// Calls `body` with the literal's UTF-8 bytes, read in place (no `String` is made: passes
    /// look at every text node of every page); nil when the node has no literal.
    public func withLiteralBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard let literal = cmark_node_get_literal(pointer) else { return nil }
        return try literal.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
            try body(UnsafeBufferPointer(start: start, count: strlen(literal)))
        }
    }

    /// Appends the literal's UTF-8 bytes (none if it has none) to `bytes`.
    public func appendLiteral(to bytes: inout [UInt8]) {
        withLiteralBytes { bytes.append(contentsOf: $0) }
    }

    /// Destination of a link or image.
    public var url: String? {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } }
        nonmutating set { cmark_node_set_url(pointer, newValue) }
    }

    public var title: String? {
        cmark_node_get_title(pointer).map { String(cString: $0) }
    }

    /// 1–6 for a heading, 0 otherwise.
    public var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

    /// The text a reader sees: text and code literals of all descendants, breaks as spaces.
    /// Iterative, as every walk here: a page of 15,000 nested quotes would overflow a thread's stack.
    public var plainText: String {
        // Bytes, made into one string at the end: appending a `String` per node cost more than the walk.
        var result: [UInt8] = []
        forEachDescendant { node in
            switch node.kind {
            case .text, .code: node.appendLiteral(to: &result)
            case .softBreak, .lineBreak: result.append(UInt8(ascii: " "))
            default: break
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Calls `body` for this node and every descendant in document order (pre-order), without
    /// recursion. `body` must not edit the tree.
    public func forEachDescendant(_ body: (Node) -> Void) {
        walk { node, entering in if entering { body(node) } }
    }

    /// Calls `body` when entering and when leaving each node of this subtree (leaf nodes are only
    /// entered), without recursion: for walks that keep a stack, e.g. of enclosing images.
    public func walk(_ body: (_ node: Node, _ entering: Bool) -> Void) {
        guard let iterator = cmark_iter_new(pointer) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if let node = cmark_iter_get_node(iterator) { body(Node(node, in: owner), event == CMARK_EVENT_ENTER) }
        }
    }

    // MARK: Tree navigation

    public var parent: Node? { cmark_node_parent(pointer).map { Node($0, in: owner) } }
    public var firstChild: Node? { cmark_node_first_child(pointer).map { Node($0, in: owner) } }
    public var lastChild: Node? { cmark_node_last_child(pointer).map { Node($0, in: owner) } }
    public var next: Node? { cmark_node_next(pointer).map { Node($0, in: owner) } }

    /// The direct children, collected first so the caller may move them.
    public var children: [Node] {
        var result: [Node] = []
        var child = firstChild
        while let current = child {
            result.append(current)
            child = current.next
        }
        return result
    }

    // MARK: Editing

    /// Puts `replacement` where this node is and detaches this node (which the caller may still
    /// use, e.g. to move its children; the document frees it). Returns false, changing nothing,
    /// when the parent cannot contain `replacement` (a block where only inlines may go).
    @discardableResult
    public func replace(with replacement: Node) -> Bool {
        precondition(replacement.owner === owner, Self.otherDocument)
        guard cmark_node_replace(pointer, replacement.pointer) == 1 else { return false }
        owner.adopt(pointer)
        return true
    }

    /// Moves `child` (detaching it from wherever it is) to the end of this node's children.
    /// Returns false when cmark refuses because this kind of node cannot contain that kind.
    @discardableResult
    public func appendChild(_ child: Node) -> Bool {
        precondition(child.owner === owner, Self.otherDocument)
        return cmark_node_append_child(pointer, child.pointer) == 1
    }

    /// Puts `sibling` (detaching it from wherever it is) just before this node. Returns false
    /// when cmark refuses because the parent cannot contain that kind of node.
    @discardableResult
    public func insertBefore(_ sibling: Node) -> Bool {
        precondition(sibling.owner === owner, Self.otherDocument)
        return cmark_node_insert_before(pointer, sibling.pointer) == 1
    }

    /// Both documents would free a node shared between them: move nodes with `Document.take`.
    static let otherDocument = "a node of another document: move it with Document.take first"

    /// Detaches this node (with its descendants) from the tree; the document frees it later.
    public func remove() {
        cmark_node_unlink(pointer)
        owner.adopt(pointer)
    }

    // MARK: Rendering

    /// Renders this node and its descendants as HTML (see `Document.renderHTML(unsafe:)`).
    public func renderHTML(unsafe: Bool = false) -> String {
        renderedString(cmark_render_html(pointer, unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT))
    }
}
