import Settings
import Testing

@Suite struct AdminSettingsTests {
    func problems(_ text: String) -> [String] {
        do {
            _ = try Configuration.parse(text, file: "resetkit.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.formatted)
        }
    }

    @Test func nobodyIsAnAdministratorByDefault() {
        #expect(ResetSettings().admins.isEmpty)
    }

    @Test func aListNamesUsers() throws {
        let reset = try Configuration.parse("reset:\n  admins: [alice, carol]\n", file: "resetkit.yaml").reset
        #expect(reset.admins == AdminSettings(users: ["alice", "carol"]))
    }

    @Test func aMappingNamesUsersGroupsAndTheGroupFile() throws {
        let reset = try Configuration.parse("""
            reset:
              admins:
                users: [alice]
                groups: [people-admins, hr]
                group_file: /etc/resetkit/admin-groups
            """, file: "resetkit.yaml").reset
        #expect(reset.admins == AdminSettings(users: ["alice"], groups: ["people-admins", "hr"], groupFile: "/etc/resetkit/admin-groups"))
    }

    @Test func groupsWithoutAFileUnknownKeysAndBadNamesAreErrorsAtTheirLines() {
        #expect(problems("reset:\n  admins:\n    groups: [hr]\n") == [
            "resetkit.yaml:3:13: error: reset.admins.groups needs reset.admins.group_file, the file that lists each group's members",
        ])
        #expect(problems("reset:\n  admins:\n    user: [alice]\n") == [
            "resetkit.yaml:3:5: error: unknown key 'user' in reset.admins (a list of usernames, or users/groups/group_file) (known keys: users, groups, group_file)",
        ])
        #expect(problems("reset:\n  admins: [\"alice smith\"]\n") == [
            "resetkit.yaml:2:11: error: each entry of reset.admins must be a name without spaces, not 'alice smith'",
        ])
        #expect(problems("reset:\n  admins: alice\n") == [
            "resetkit.yaml:2:11: error: reset.admins (a list of usernames, or users/groups/group_file) must be a mapping of keys to values, not 'alice'",
        ])
    }
}
