import CGI

/// Defence in depth next to the forms' proofs: a POST that the browser itself says came from
/// another origin is refused before its proof is even looked at.
/// - `Sec-Fetch-Site` (every current browser): only `same-origin` (our own forms) and `none` (the
///   person's own action) pass.
/// - `Origin`: must be the endpoint's origin. `null` passes: our pages send
///   `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` even for our own forms.
/// Browsers that send neither still meet the proofs.
extension ResetEndpoint {
    func refuseCrossSite(_ request: CGIRequest) -> Outcome? {
        guard let reason = crossSiteReason(request) else { return nil }
        record(.pageRefused, "\(request.path): \(reason)")
        return Outcome(response: page(.crossSite(texts())))
    }

    func crossSiteReason(_ request: CGIRequest) -> String? {
        if let site = request.fetchSite, site != "same-origin", site != "none" {
            // Named only when it is one of the values the standard defines: nothing else is echoed.
            let known = ["same-site", "cross-site"].contains(site) ? site : "another value"
            return "cross-site post (Sec-Fetch-Site: \(known))"
        }
        if let origin = request.origin, origin != "null", Self.normalisedOrigin(origin) != Self.origin(of: endpoint).map(Self.normalisedOrigin) {
            return "cross-site post (Origin is not the endpoint's origin)"
        }
        return nil
    }

    /// `scheme://host[:port]` of a URL, as written.
    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let host = url[schemeEnd.upperBound...].prefix { $0 != "/" }
        return String(url[..<schemeEnd.upperBound]) + host
    }

    /// Lowercased, without the scheme's default port, as browsers serialise an origin.
    static func normalisedOrigin(_ origin: String) -> String {
        let lower = origin.lowercased()
        for (scheme, port) in [("https://", ":443"), ("http://", ":80")] where lower.hasPrefix(scheme) && lower.hasSuffix(port) {
            return String(lower.dropLast(port.count))
        }
        return lower
    }
}
