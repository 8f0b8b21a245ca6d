import Diagnostics
import TypedYAML

/// `reset.admins`: who may use Admin > People. The web server authenticates (`REMOTE_USER`);
/// this list authorises. Nobody by default, so a forgotten setting never opens the page.
///
/// ```yaml
/// admins: [alice, carol]              # usernames, compared exactly
/// admins:                             # or
///   users: [alice]
///   groups: [people-admins]
///   group_file: /etc/resetkit/admin-groups   # "group: user1 user2" (Apache AuthGroupFile)
/// ```
public struct AdminSettings: Sendable, Equatable {
    public var users: [String] = []
    public var groups: [String] = []
    /// Read on each admin request, so a change needs no restart; nil when no groups are named.
    public var groupFile: String?

    public init(users: [String] = [], groups: [String] = [], groupFile: String? = nil) {
        self.users = users
        self.groups = groups
        self.groupFile = groupFile
    }

    public var isEmpty: Bool { users.isEmpty && groups.isEmpty }

    init(_ value: YAMLValue) throws(DiagnosticsError) {
        if (try? value.list("reset.admins")) != nil {
            do { users = try Self.names(value, "reset.admins") } catch { throw DiagnosticsError([error]) }
            return
        }
        let section = try value.mapping("reset.admins (a list of usernames, or users/groups/group_file)",
                                        knownKeys: ["users", "groups", "group_file"])
        var reader = FieldReader(problems: section.problems)
        users = reader.read(section["users"]) { v throws(Diagnostic) in try Self.names(v, "reset.admins.users") } ?? []
        groups = reader.read(section["groups"]) { v throws(Diagnostic) in try Self.names(v, "reset.admins.groups") } ?? []
        groupFile = reader.read(section["group_file"]) { v throws(Diagnostic) in try v.string("reset.admins.group_file") }
        if !groups.isEmpty, groupFile == nil, let field = section["groups"] {
            reader.problems.append(field.error("reset.admins.groups needs reset.admins.group_file, the file that lists each group's members"))
        }
        if !reader.problems.isEmpty { throw DiagnosticsError(reader.problems) }
    }

    /// A list of names that could be a `REMOTE_USER`: not empty, no spaces or control characters.
    static func names(_ value: YAMLValue, _ what: String) throws(Diagnostic) -> [String] {
        let names = try value.stringList(what)
        for name in names where name.isEmpty || name.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            throw value.error("each entry of \(what) must be a name without spaces, not '\(name)'")
        }
        return names
    }
}
