import Diagnostics
import Foundation

/// The files under content/: Markdown pages, other files (copied as they are) and folders.
/// Hidden files and editor backups are skipped; symbolic links are followed, loops reported.
struct ContentTree: Sendable {
    /// Content paths of `.md` files, sorted.
    var pages: [String] = []
    /// Content paths of every other file, sorted.
    var assets: [String] = []
    var directories: Set<String> = []

    static func scan(root: String, display: String) throws(DiagnosticsError) -> ContentTree {
        var tree = ContentTree()
        var problems: [Diagnostic] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticsError([.error("the content folder does not exist", at: SourceLocation(file: display))])
        }
        var visited: Set<String> = []
        func walk(_ relative: String) {
            let absolute = relative.isEmpty ? root : root + "/" + relative
            let shown = relative.isEmpty ? display : display + "/" + relative
            // Following a link back to a folder already being walked would never end.
            let canonical = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
            guard visited.insert(canonical).inserted else {
                problems.append(.error("symbolic link loop: this folder is already part of the site", at: SourceLocation(file: shown)))
                return
            }
            defer { visited.remove(canonical) }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: absolute) } catch {
                problems.append(.error("cannot list folder: \(error.localizedDescription)", at: SourceLocation(file: shown)))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix("~") {
                let child = relative.isEmpty ? name : relative + "/" + name
                var childIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + child, isDirectory: &childIsDirectory) else {
                    problems.append(.error("broken symbolic link", at: SourceLocation(file: display + "/" + child)))
                    continue
                }
                if childIsDirectory.boolValue {
                    tree.directories.insert(child)
                    walk(child)
                } else if name.hasSuffix(".md") {
                    tree.pages.append(child)
                } else {
                    tree.assets.append(child)
                }
            }
        }
        walk("")
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        tree.pages.sort()
        tree.assets.sort()
        return tree
    }
}

/// Reads a text file as UTF-8, naming the line of the first invalid byte when it is not.
func readUTF8File(_ path: String, display: String) throws(Diagnostic) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw .error("cannot read file", at: SourceLocation(file: display))
    }
    if let text = String(validating: data, as: UTF8.self) { return text }
    var line = 1
    var iterator = data.makeIterator()
    var decoder = UTF8()
    decoding: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
        case .emptyInput: break decoding
        case .error: break decoding
        }
    }
    throw .error("file is not valid UTF-8 (first bad byte on this line); save it as UTF-8", at: SourceLocation(file: display, line: line, column: 0))
}
