/// What `helpsite serve` builds and where it listens.
public struct PreviewOptions: Sendable {
    /// The configuration file, or nil for `resetkit.yaml` in the working directory (or the defaults).
    public var configPath: String?
    /// The port on 127.0.0.1; 0 picks a free one.
    public var port: UInt16 = 8000
    /// Write the site here instead of site.output.
    public var outputDirectory: String?
    public var includeDrafts = false
    public var brokenLinksAreWarnings = false
    /// Look at the sources only after the system says something changed in a watched folder
    /// (inotify). False, or where notifications are not available, looks every `pollInterval`.
    public var usesChangeNotifications = true
    /// How often the sources are looked at for changes without notifications.
    public var pollInterval: Duration = .milliseconds(200)

    public init() {}
}
