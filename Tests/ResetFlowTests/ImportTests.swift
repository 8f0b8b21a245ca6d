import AccountStore
import Diagnostics
import Foundation
import ResetTokens
import Testing

@Suite struct ImportTests {
    static let export = """
        username,email,name,source,provider,status
        ana,ana@example.org,Ana Lima,local,,active
        "okta.user",sso@example.org,"Okta, User",sso,Okta,active
        dir.user,dir@example.org,"Dir ""the"" User",ldap,Corporate LDAP,active

        gone,off@example.org,Gone,local,,disabled

        """

    @Test func importingTheSameFileTwiceChangesNothingTheSecondTime() throws {
        let harness = try Harness()
        let rows = try AccountImport.parse(Self.export, file: "people.csv")
        #expect(rows.map(\.line) == [2, 3, 4, 6])  // Line 5 is blank.
        let first = try AccountImport.apply(rows, to: harness.store, file: "people.csv", now: harness.clock)
        #expect(first.added == ["ana", "okta.user", "dir.user", "gone"])
        #expect(first.updated.isEmpty && first.unchanged == 0)
        let before = try harness.store.allAccounts()
        harness.clock += 100
        let second = try AccountImport.apply(try AccountImport.parse(Self.export, file: "people.csv"), to: harness.store, file: "people.csv", now: harness.clock)
        #expect(second.added.isEmpty && second.updated.isEmpty && second.unchanged == 4)
        #expect(second.summary == "0 added, 0 updated, 4 unchanged")
        #expect(try harness.store.allAccounts() == before)
        let okta = try #require(try harness.store.account(username: "OKTA.USER"))
        #expect(okta.displayName == "Okta, User" && okta.source == .sso && okta.provider == "Okta")
        #expect(try harness.store.account(username: "dir.user")?.displayName == "Dir \"the\" User")
    }

    @Test func changesAreReportedFieldByField() throws {
        let harness = try Harness()
        _ = try AccountImport.apply(try AccountImport.parse(Self.export, file: "a.csv"), to: harness.store, file: "a.csv", now: harness.clock)
        let changed = Self.export
            .replacingOccurrences(of: "ana,ana@example.org,Ana Lima,local,,active", with: "ana,ana.lima@example.org,Ana Lima,local,,disabled")
            + "new.person,new@example.org,New,local,,active\n"
        let report = try AccountImport.apply(try AccountImport.parse(changed, file: "b.csv"), to: harness.store, file: "b.csv", now: harness.clock)
        #expect(report.added == ["new.person"])
        #expect(report.updated.map { "\($0.username): \($0.fields.joined(separator: ", "))" } == ["ana: email, status"])
        #expect(report.unchanged == 3)
        let ana = try #require(try harness.store.account(username: "ana"))
        #expect(try harness.store.auditEntries(accountID: ana.id).last?.detail == "email, status from b.csv")
    }

    @Test func badRowsAreReportedWithTheirLinesAndNothingIsImported() throws {
        let harness = try Harness()
        let text = """
            username,email,name,source,provider,status
            ana,ana@example.org,Ana,local,,active
            bob,not-an-address,Bob,local,,active
            carol,carol@example.org,Carol,oauth,,active
            "multi",m@example.org,"two
            lines",local,,paused
            ana,ana2@example.org,Ana again,local,,active
            short,row
            """
        do {
            _ = try AccountImport.parse(text, file: "people.csv")
            Issue.record("a bad file was accepted")
        } catch {
            #expect(error.diagnostics.map(\.formatted) == [
                "people.csv:3: error: email 'not-an-address' is not an address like name@example.com",
                "people.csv:4: error: source must be local, sso, ldap or usersync, not 'oauth'",
                "people.csv:5: error: status must be active or disabled, not 'paused'; name contains control characters",
                "people.csv:7: error: username 'ana' already appears on line 2",
                "people.csv:8: error: expected 6 fields, found 2",
            ])
        }
        #expect(try harness.store.allAccounts().isEmpty)
    }

    @Test func headerAndQuotingProblems() throws {
        func problems(_ text: String) -> [String] {
            do { _ = try AccountImport.parse(text, file: "p.csv"); return [] } catch { return error.diagnostics.map(\.formatted) }
        }
        #expect(problems("") == ["p.csv:1: error: the file is empty: expected a header row username,email,name,source,provider,status"])
        #expect(problems("username,email\nana,a@example.org\n")
                == ["p.csv:1: error: header row: missing column name, source, provider, status (expected username,email,name,source,provider,status)"])
        #expect(problems("username,email,name,source,provider,status,shoe size\n")
                == ["p.csv:1: error: header row: unknown column shoe size (expected username,email,name,source,provider,status)"])
        let quoting = problems("username,email,name,source,provider,status\nana,a@example.org,Ana,local,,active\nbob,b@example.org,\"Bob\"x,local,,active\n")
        #expect(quoting.count == 1)
        #expect(quoting.first?.hasPrefix("p.csv:3: error: malformed CSV:") == true, "\(quoting)")
    }

    @Test func byteOrderMarkAndWindowsLineEndingsAreAccepted() throws {
        let text = "\u{FEFF}username,email,name,source,provider,status\r\nana,ana@example.org,Ana,local,,active\r\nbob,bob@example.org,Bob,local,,active\r\n"
        let rows = try AccountImport.parse(text, file: "p.csv")
        #expect(rows.map(\.details.username) == ["ana", "bob"])
        #expect(rows.map(\.line) == [2, 3])
    }
}
