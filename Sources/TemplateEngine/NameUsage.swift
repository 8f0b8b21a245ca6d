/// One name a template uses, where, and how: what a later check against a typed context
/// (issue 17's load-time strictness) needs to report `file:line:column: error: unknown value …`.
public struct NameUsage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `{{name}}`
        case variable
        /// `{{{name}}}` or `{{&name}}`
        case rawVariable
        /// `{{#name}}`
        case section
        /// `{{^name}}`
        case invertedSection
        /// `{{>name}}` (a template name, not a value)
        case partial
        /// `{{<name}}` (a template name, not a value)
        case parent
        /// `{{$name}}` (a block name, not a value)
        case block
    }

    /// The dotted name's parts; empty for `.`. Partial, parent and block names are one part.
    public let path: [String]
    public let kind: Kind
    public let position: SourcePosition
    /// How many sections enclose the tag: a name inside a section may resolve against its value.
    public let sectionDepth: Int
}

extension Template {
    /// Every name the template uses, in source order (no recursion: nesting may be deep).
    public var usedNames: [NameUsage] {
        var result: [NameUsage] = []
        var pending: [(nodes: ArraySlice<Node>, depth: Int)] = [(nodes[...], 0)]
        while let (nodes, depth) = pending.popLast() {
            var rest = nodes
            guard let node = rest.popFirst() else { continue }
            pending.append((rest, depth))
            func use(_ path: [String], _ kind: NameUsage.Kind, _ offset: Int) {
                result.append(NameUsage(path: path, kind: kind, position: lines.position(of: offset, in: file), sectionDepth: depth))
            }
            switch node {
            case .text, .localized, .contentType:
                break
            case .variable(let path, let escaped, let offset):
                use(path, escaped ? .variable : .rawVariable, offset)
            case .section(let path, let inverted, let children, let offset):
                use(path, inverted ? .invertedSection : .section, offset)
                pending.append((children[...], depth + 1))
            case .partial(let name, _, let offset):
                use([name], .partial, offset)
            case .parent(let name, _, _, let overrides, let offset):
                use([name], .parent, offset)
                pending.append((overrides[...], depth))
            case .block(let name, let children, _, _, let offset):
                use([name], .block, offset)
                pending.append((children[...], depth))
            }
        }
        return result
    }
}
