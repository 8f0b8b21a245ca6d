import AccountStore
import CGI
import Settings

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who is asking for Admin > People. The web server authenticates (HTTP Basic, LDAP, Kerberos, an
/// SSO module) and names the person in `REMOTE_USER`; `reset.admins` says who is an administrator.
/// A request the server did not authenticate is a misconfiguration, never open access.
enum AdminAccess: Equatable {
    case granted(user: String)
    /// No `REMOTE_USER` or no `AUTH_TYPE`: the server does not protect this path (the reason is
    /// for the error log). Both are needed because nginx's stock `fastcgi_params` passes
    /// `$remote_user`, which it fills from any client's Authorization header even where no
    /// `auth_basic` applies; only a protected location adds `AUTH_TYPE` (docs/deploy-cgi.md).
    case notAuthenticated(reason: String)
    case notAdmin(user: String)
    /// The group file cannot be read or has a bad line (for the error log).
    case brokenGroupFile(String)

    static func decide(_ request: CGIRequest, _ settings: AdminSettings, resolve: (String) -> String) -> AdminAccess {
        guard let user = request.remoteUser else {
            return .notAuthenticated(reason: "no REMOTE_USER")
        }
        guard request.authType != nil else {
            return .notAuthenticated(reason: "REMOTE_USER without AUTH_TYPE (nginx passes a client's unchecked Authorization header as REMOTE_USER)")
        }
        // A name with control characters or of absurd length is not one the list can hold; refused
        // without being echoed anywhere.
        guard user.utf8.count <= 256, !user.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return .notAdmin(user: "(an unusable name)")
        }
        if settings.users.contains(user) { return .granted(user: user) }
        guard !settings.groups.isEmpty, let file = settings.groupFile else { return .notAdmin(user: user) }
        do {
            let members = try AdminGroupFile.members(of: settings.groups, path: resolve(file))
            return members.contains(user) ? .granted(user: user) : .notAdmin(user: user)
        } catch {
            return .brokenGroupFile(error.description)
        }
    }
}

/// A group file in Apache's `AuthGroupFile` format: `group: user1 user2`, one group a line, `#`
/// comments. Read on each request, so membership changes need no restart.
enum AdminGroupFile {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func members(of groups: [String], path: String) throws(Problem) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "\(path): error: cannot read the group file of reset.admins")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(description: "\(path): error: the group file is not valid UTF-8")
        }
        return try members(of: groups, text: text, path: path)
    }

    static func members(of groups: [String], text: String, path: String) throws(Problem) -> Set<String> {
        var members: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.trimmingWhitespace()
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard let colon = content.firstIndex(of: ":") else {
                throw Problem(description: "\(path):\(index + 1):1: error: expected 'group: user1 user2', found no ':'")
            }
            let group = content[..<colon].trimmingWhitespace()
            guard !group.isEmpty else {
                throw Problem(description: "\(path):\(index + 1):1: error: the line names no group before ':'")
            }
            if groups.contains(group) {
                members.formUnion(content[content.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init))
            }
        }
        return members
    }
}
