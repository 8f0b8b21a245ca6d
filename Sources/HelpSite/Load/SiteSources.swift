import Diagnostics
import Foundation
import Settings

/// The folders a build reads and writes, resolved against the configuration file's folder, with
/// the shorter paths shown in diagnostics.
struct SiteFolders: Sendable {
    var content: String
    var contentDisplay: String
    var templates: String
    var templatesDisplay: String
    var output: String
    var outputDisplay: String
    var configurationFolder: String

    init(_ options: BuildOptions) {
        let configuration = options.configuration
        let site = configuration.site
        content = configuration.resolve(site.contentDirectory)
        templates = configuration.resolve(site.templatesDirectory)
        output = options.outputDirectory ?? configuration.resolve(site.outputDirectory)
        contentDisplay = Self.display(content)
        templatesDisplay = Self.display(templates)
        outputDisplay = Self.display(output)
        configurationFolder = configuration.baseDirectory
    }

    /// A path relative to the working directory when it is inside it, as compilers print them.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        if path.hasPrefix("./") { return String(path.dropFirst(2)) }
        return path
    }
}

/// Everything read from disk: the content files, each page's text, and the templates.
struct SiteSources: Sendable {
    var tree: ContentTree
    /// Page texts, in `tree.pages` order; nil where the file could not be read.
    var texts: [String?]
    var templates: TemplateSet?

    /// - Parameter cache: texts read by earlier builds (`helpsite serve`); files whose status is
    ///   unchanged are not read again.
    static func load(_ folders: SiteFolders, languages: SiteLanguages, cache: SourceCache? = nil,
                     log: inout DiagnosticLog) throws(BuildFailure) -> SiteSources {
        let tree: ContentTree
        do {
            tree = try ContentTree.scan(root: folders.content, display: folders.contentDisplay)
                .placingTranslations(languages, display: folders.contentDisplay)
        } catch {
            log.add(error.diagnostics)
            throw log.failure
        }
        let kept = cache?.snapshot
        let reads = tree.pages.parallelMap { page -> Result<String, Diagnostic> in
            do throws(Diagnostic) {
                let onDisk = tree.diskPath(of: page)
                let path = folders.content + "/" + onDisk, display = folders.contentDisplay + "/" + onDisk
                if let cache { return .success(try cache.text(at: path, display: display, kept: kept)) }
                return .success(try readUTF8File(path, display: display))
            } catch {
                return .failure(error)
            }
        }
        var texts: [String?] = []
        texts.reserveCapacity(reads.count)
        for read in reads {
            switch read {
            case .success(let text): texts.append(text)
            case .failure(let problem): log.add(problem); texts.append(nil)
            }
        }
        var templates: TemplateSet?
        do {
            templates = try TemplateSet.load(directory: folders.templates, display: folders.templatesDisplay, languages: languages)
        } catch {
            log.add(error.diagnostics)
        }
        return SiteSources(tree: tree, texts: texts, templates: templates)
    }
}
