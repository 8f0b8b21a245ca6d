/// The templates `resetlink` renders, as the repository's `Templates/` had them when the binary was
/// built (compiled in by the EmbedTemplates plugin): what a deployment uses unless `site.templates`
/// overrides a file.
public enum DefaultTemplates {
    public struct File: Sendable {
        /// The name partials and the code use: `endpoint/forgot`, `mail/reset-link.subject`.
        public let name: String
        public let text: String
    }

    public static var files: [File] { embedded }

    /// The built-in text of `name`, if there is one.
    public static func text(_ name: String) -> String? {
        embedded.first { $0.name == name }?.text
    }
}
