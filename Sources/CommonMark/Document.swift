import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed CommonMark document. It owns the libcmark tree and every node made for it or taken
/// out of it; a `Node` keeps its document alive, so a handle never dangles.
public final class Document {
    let root: OpaquePointer
    /// Nodes made by `makeCustom…` or detached by `replace`/`remove`: freed in `deinit` if they
    /// are still outside the tree then (a detached node may be put back, e.g. into a figure).
    private var detached: [OpaquePointer] = []
    /// Source spans of nodes taken from another document (`take`), already in this document's terms.
    private var movedSpans: [OpaquePointer: SourceSpan] = [:]
    /// Nodes `take` moved to another document: a stale handle must not edit them from here.
    private var givenAway: Set<OpaquePointer> = []

    /// Parses `markdown`. Source positions are always recorded (inline positions need them at
    /// parse time) and invalid UTF-8 is replaced, so every input yields a document.
    public init(markdown: String, smartPunctuation: Bool = false) {
        var options = CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8
        if smartPunctuation { options |= CMARK_OPT_SMART }
        var text = markdown
        let parsed = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, options)
            }
        }
        // cmark only returns NULL when allocation fails, and its allocator aborts on failure.
        guard let parsed else { fatalError("libcmark could not allocate a document") }
        root = parsed
    }

    deinit {
        // Free every detached subtree root first (parent checks need the tree), then the tree.
        var seen = Set<OpaquePointer>()
        let loose = detached.filter { seen.insert($0).inserted && cmark_node_parent($0) == nil && $0 != root }
        for node in loose { cmark_node_free(node) }
        cmark_node_free(root)
    }

    func adopt(_ node: OpaquePointer) {
        // Adopting a node another document now owns would free it twice.
        precondition(givenAway.isEmpty || !givenAway.contains(node), "a node moved to another document was edited through an old handle")
        detached.append(node)
    }

    /// The span recorded for a node moved in from another document, if this is one.
    func movedSpan(of node: OpaquePointer) -> SourceSpan? {
        movedSpans.isEmpty ? nil : movedSpans[node]
    }

    /// Moves `nodes` (each with its descendants) out of their document into this one, detached:
    /// insert them with `appendChild` or `replace(with:)`; one never inserted is freed with this
    /// document. Ownership moves too, so the other document neither frees them nor keeps them
    /// alive; use only the returned handles afterwards. `mapSpan` turns each node's span in the
    /// other document's source into one in this document's source, so diagnostics point there.
    /// Cost is linear in the moved nodes plus the other document's detached list.
    public func take(_ nodes: [Node], mapSpan: (SourceSpan) -> SourceSpan) -> [Node] {
        var moved = Set<OpaquePointer>()
        var others: [Document] = []
        for node in nodes {
            precondition(node.owner !== self && node.pointer != node.owner.root, "take moves a non-root node from another document")
            if !others.contains(where: { $0 === node.owner }) { others.append(node.owner) }
            cmark_node_unlink(node.pointer)
            node.forEachDescendant { descendant in
                moved.insert(descendant.pointer)
                movedSpans[descendant.pointer] = mapSpan(descendant.span)
            }
            adopt(node.pointer)
        }
        for other in others {
            other.detached.removeAll { moved.contains($0) }
            other.givenAway.formUnion(moved)
            if !other.movedSpans.isEmpty { for pointer in moved { other.movedSpans[pointer] = nil } }
        }
        return nodes.map { Node($0.pointer, in: self) }
    }

    /// The document node.
    public var rootNode: Node { Node(root, in: self) }

    /// Renders the whole document as an HTML fragment. Without `unsafe`, raw HTML is replaced by a
    /// comment and `javascript:`, `vbscript:`, `file:` and most `data:` URLs are emptied.
    public func renderHTML(unsafe: Bool = false) -> String {
        rootNode.renderHTML(unsafe: unsafe)
    }

    /// Merges adjacent text nodes (cmark may split text at brackets and entities), so a run of
    /// text can be matched as one literal.
    /// cmark frees the text nodes it merges, so this must come before nodes are moved in or a
    /// detached node is put back into the tree (either could then be freed under a handle).
    public func consolidateTextNodes() {
        precondition(movedSpans.isEmpty && detached.allSatisfy { cmark_node_parent($0) == nil },
                     "consolidateTextNodes after nodes were moved in or put back")
        cmark_consolidate_text_nodes(root)
    }

    /// Every node in document order (a pre-order walk), collected first so callers may edit the
    /// tree while going through the list.
    public func allNodes() -> [Node] {
        var nodes: [Node] = []
        rootNode.forEachDescendant { nodes.append($0) }
        return nodes
    }

    /// Creates a block that renders `onEnter`, then its children, then `onExit`, verbatim.
    /// The new node is detached: insert it with `Node.replace(with:)` or `appendChild`; if it is
    /// never inserted, the document frees it.
    public func makeCustomBlock(onEnter: String, onExit: String) -> Node {
        makeNode(CMARK_NODE_CUSTOM_BLOCK, onEnter: onEnter, onExit: onExit)
    }

    /// Creates an inline node that renders `onEnter`, then its children, then `onExit`, verbatim.
    public func makeCustomInline(onEnter: String, onExit: String = "") -> Node {
        makeNode(CMARK_NODE_CUSTOM_INLINE, onEnter: onEnter, onExit: onExit)
    }

    private func makeNode(_ type: cmark_node_type, onEnter: String, onExit: String) -> Node {
        guard let node = cmark_node_new(type) else { fatalError("libcmark could not allocate a node") }
        cmark_node_set_on_enter(node, onEnter)
        cmark_node_set_on_exit(node, onExit)
        adopt(node)
        return Node(node, in: self)
    }
}

/// Where a node is in its document's source: 1-based lines, columns counting bytes (as cmark).
public struct SourceSpan: Equatable, Sendable {
    public var startLine: Int
    public var startColumn: Int
    public var endLine: Int
    public var endColumn: Int

    public init(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) {
        self.startLine = startLine
        self.startColumn = startColumn
        self.endLine = endLine
        self.endColumn = endColumn
    }
}

func renderedString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    defer { free(pointer) }
    return String(cString: pointer)
}
