import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The files under content/: Markdown pages, other files (copied as they are) and folders.
/// Hidden files and editor backups are skipped; symbolic links are followed, loops reported.
///
/// Paths here are content paths, as links name them and the output publishes them: in NFC
/// (`PublishedNames`), and a folder's `README.md` is its `index.md` when it has no `index.md` (as
/// GitHub shows it). `diskPath(of:)` gives the name a file really has.
struct ContentTree: Sendable {
    /// Content paths of `.md` files, sorted.
    var pages: [String] = []
    /// Content paths of every other file, sorted.
    var assets: [String] = []
    var directories: Set<String> = []
    /// The path on disk of each file or folder whose content path differs from it.
    var diskPaths: [String: String] = [:]
    /// `docs/README.md` → `docs/index.md`, for each README that is its folder's index page.
    var readmeIndexes: [String: String] = [:]

    func diskPath(of path: String) -> String { diskPaths[path] ?? path }

    static func scan(root: String, display: String) throws(DiagnosticsError) -> ContentTree {
        var tree = ContentTree()
        var problems: [Diagnostic] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticsError([.error("the content folder does not exist", at: SourceLocation(file: display))])
        }
        // Folders being walked, by device and inode: following a link back to one would never end.
        // (Not by resolved path: resolving a long path failed and made every deep folder a "loop".)
        var walking: Set<FileIdentity> = []
        func walk(_ relative: String, disk: String) {
            let absolute = disk.isEmpty ? root : root + "/" + disk
            let shown = disk.isEmpty ? display : display + "/" + disk
            var status = stat()
            guard stat(absolute, &status) == 0 else {
                problems.append(.error("cannot read folder: \(String(cString: strerror(errno)))", at: SourceLocation(file: shown)))
                return
            }
            let identity = FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            guard walking.insert(identity).inserted else {
                problems.append(.error("symbolic link loop: this folder is already part of the site", at: SourceLocation(file: shown)))
                return
            }
            defer { walking.remove(identity) }
            guard let entries = listFolder(absolute) else {
                problems.append(.error("cannot list folder: \(String(cString: strerror(errno)))", at: SourceLocation(file: shown)))
                return
            }
            let named = contentNames(entries.map(\.name).filter { !$0.hasPrefix(".") && !$0.hasSuffix("~") }, folder: shown, problems: &problems)
            let types = Dictionary(entries.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            for (diskName, name) in named {
                let child = relative.isEmpty ? name : relative + "/" + name
                let childDisk = disk.isEmpty ? diskName : disk + "/" + diskName
                if !PublishedNames.sameBytes(child, childDisk) { tree.diskPaths[child] = childDisk }
                let childIsDirectory: Bool
                switch Int(types[diskName] ?? UInt8(DT_UNKNOWN)) {
                case Int(DT_DIR): childIsDirectory = true
                case Int(DT_REG): childIsDirectory = false
                default:
                    // A symbolic link (or a file system that does not give types): follow it.
                    var status = stat()
                    guard stat(root + "/" + childDisk, &status) == 0 else {
                        problems.append(.error("broken symbolic link", at: SourceLocation(file: display + "/" + childDisk)))
                        continue
                    }
                    childIsDirectory = (status.st_mode & S_IFMT) == S_IFDIR
                }
                if childIsDirectory {
                    tree.directories.insert(child)
                    walk(child, disk: childDisk)
                } else if name.hasSuffix(".md") {
                    tree.pages.append(child)
                    if name == "index.md", !PublishedNames.sameBytes(diskName, name) {
                        let readme = PublishedNames.nfc(diskName)
                        tree.readmeIndexes[relative.isEmpty ? readme : relative + "/" + readme] = child
                    }
                } else {
                    tree.assets.append(child)
                }
            }
        }
        walk("", disk: "")
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        tree.pages.sort()
        tree.assets.sort()
        return tree
    }

    /// A folder's entries as (name on disk, content name), sorted by content name. Two names that
    /// are one in NFC would publish one file: an error. A README becomes the folder's `index.md`
    /// when there is none (the first README in name order, if several differ in letter case).
    private static func contentNames(_ names: [String], folder: String, problems: inout [Diagnostic]) -> [(String, String)] {
        var byContentName: [String: String] = [:]
        for diskName in names.sorted() {
            let name = PublishedNames.nfc(diskName)
            if let other = byContentName[name] {
                problems.append(.error("'\(other)' and '\(diskName)' are the same name in different Unicode forms (NFC and NFD) and would be published as one file; rename one",
                                       at: SourceLocation(file: folder + "/" + diskName)))
                continue
            }
            byContentName[name] = diskName
        }
        if byContentName["index.md"] == nil,
           let readme = byContentName.keys.filter({ $0.lowercased() == "readme.md" }).min(by: { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }),
           let diskName = byContentName.removeValue(forKey: readme) {
            byContentName["index.md"] = diskName
        }
        return byContentName.map { ($0.value, $0.key) }.sorted { $0.1 < $1.1 }
    }
}

/// A file's device and inode: the same folder however it is reached.
private struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
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
