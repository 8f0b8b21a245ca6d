import Diagnostics
import TypedYAML

/// The `reset:` section: what `resetlink` needs to issue and check reset links.
public struct ResetSettings: Sendable, Equatable {
    /// The CGI endpoint's URL; a link is `<endpoint_url>/link?token=…`. Links are built from this
    /// setting only, never from a request's Host header.
    public var endpointURL = "https://intranet.example.com/cgi-bin/resetlink"
    /// The keyring file (secrets: keep it outside the repository, mode 0600).
    public var keyring = "private/keyring.json"
    /// How long a link the user asked for stays valid.
    public var linkLifetimeMinutes = 60
    /// How long a link an administrator started stays valid.
    public var adminLinkLifetimeMinutes = 24 * 60
    /// How far in the future a token's issue time may be (clocks disagree a little).
    public var clockSkewSeconds = 60

    public init() {}

    static let keys = ["endpoint_url", "keyring", "link_lifetime_minutes", "admin_link_lifetime_minutes", "clock_skew_seconds"]

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        let section = try value.mapping("the reset section", knownKeys: Self.keys)
        var problems = section.problems
        func read<T>(_ key: String, _ convert: (YAMLValue) throws(Diagnostic) -> T) -> T? {
            guard let field = section[key] else { return nil }
            do { return try convert(field) } catch { problems.append(error); return nil }
        }
        func minutes(_ key: String, range: ClosedRange<Int>) -> Int? {
            read(key) { v throws(Diagnostic) in
                let value = try v.int("reset.\(key)")
                guard range.contains(value) else { throw v.error("reset.\(key) must be between \(range.lowerBound) and \(range.upperBound)") }
                return value
            }
        }
        if let url = read("endpoint_url", { v throws(Diagnostic) in
            let text = try v.string("reset.endpoint_url")
            guard let url = Self.normalizedEndpoint(text) else {
                throw v.error("reset.endpoint_url must be an absolute https:// (or http://) URL without a query or fragment, not '\(text)'")
            }
            return url
        }) { endpointURL = url }
        if let path = read("keyring", { v throws(Diagnostic) in try v.string("reset.keyring") }) { keyring = path }
        if let value = minutes("link_lifetime_minutes", range: 1...(7 * 24 * 60)) { linkLifetimeMinutes = value }
        if let value = minutes("admin_link_lifetime_minutes", range: 1...(30 * 24 * 60)) { adminLinkLifetimeMinutes = value }
        if let value = minutes("clock_skew_seconds", range: 0...3600) { clockSkewSeconds = value }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// The endpoint URL without a trailing `/`, or nil unless it is an absolute http(s) URL.
    public static func normalizedEndpoint(_ text: String) -> String? {
        guard let url = SiteSettings.normalizedBaseURL(text) else { return nil }
        return String(url.dropLast())
    }

    /// The link a token is sent in.
    public func link(for token: String) -> String {
        endpointURL + "/link?token=" + token
    }
}
