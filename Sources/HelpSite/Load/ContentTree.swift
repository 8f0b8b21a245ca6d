import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

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
            guard let entries = listFolder(absolute) else {
                problems.append(.error("cannot list folder: \(String(cString: strerror(errno)))", at: SourceLocation(file: shown)))
                return
            }
            for (name, type) in entries.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") && !name.hasSuffix("~") {
                let child = relative.isEmpty ? name : relative + "/" + name
                let childIsDirectory: Bool
                switch Int(type) {
                case Int(DT_DIR): childIsDirectory = true
                case Int(DT_REG): childIsDirectory = false
                default:
                    // A symbolic link (or a file system that does not give types): follow it.
                    var status = stat()
                    guard stat(root + "/" + child, &status) == 0 else {
                        problems.append(.error("broken symbolic link", at: SourceLocation(file: display + "/" + child)))
                        continue
                    }
                    childIsDirectory = (status.st_mode & S_IFMT) == S_IFDIR
                }
                if childIsDirectory {
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

/// A folder's entries with their types (`d_type`), without a stat(2) per entry: a rebuild lists
/// every folder of the site. Nil (errno set) when the folder cannot be read.
func listFolder(_ path: String) -> [(name: String, type: UInt8)]? {
    guard let folder = opendir(path) else { return nil }
    defer { closedir(folder) }
    var entries: [(name: String, type: UInt8)] = []
    while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { entries.append((name, entry.pointee.d_type)) }
    }
    return entries
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
