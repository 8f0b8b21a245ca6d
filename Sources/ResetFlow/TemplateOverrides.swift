import Settings

extension Configuration {
    /// The folder whose templates override resetlink's built-in ones, resolved; nil when the
    /// configuration does not set `site.templates` (a deployment needs no `Templates/`).
    public var templateOverrides: String? {
        site.templatesDirectoryIsSet ? resolve(site.templatesDirectory) : nil
    }
}
