import Foundation
import PackagePlugin

/// Compiles the templates `resetlink` renders (from the repository's `Templates/`) into the
/// `DefaultTemplates` module as string literals, so the binary needs no `Templates/` folder and
/// stays a single static executable (SwiftPM resources would add a bundle beside it).
@main
struct EmbedTemplates: BuildToolPlugin {
    /// The folders and files of `Templates/` that resetlink uses; the guide's own templates stay out.
    /// `strings/` (each language's `<lang>.yaml`) serves both tools: a templates folder without
    /// a language's strings falls back to the built-in ones.
    static let folders = ["endpoint", "admin", "mail", "strings"]
    static let files = ["layout.mustache", "partials/sidebar.mustache", "partials/sidebar-item.mustache"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        var paths = Self.files
        for folder in Self.folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: templates.appending(path: folder).path)
            paths += names.filter { $0.hasSuffix(".mustache") || folder == "strings" && $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(paths.count) default templates from Templates/",
                executable: try context.tool(named: "embed-templates").url,
                arguments: [templates.path, output.path] + paths,
                inputFiles: paths.map { templates.appending(path: $0) },
                outputFiles: [output]
            ),
        ]
    }
}
