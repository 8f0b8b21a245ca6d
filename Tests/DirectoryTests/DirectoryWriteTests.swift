import Foundation
import TestServers
import Testing

/// resetlink-directory against a real slapd with the ppolicy overlay (Support/Slapd.swift).
@Suite(.enabled(if: Slapd.isInstalled, "slapd and ldap-utils are needed (scripts/test installs them)"))
struct DirectoryWriteTests {
    static let anaOld = "ana's first password 1"
    static let brunoOld = "bruno's first password 1"

    func directory() throws -> Slapd { try Slapd(users: ["ana": Self.anaOld, "bruno": Self.brunoOld]) }

    @Test func aChangedPasswordBindsAndTheOldOneNoLonger() throws {
        let slapd = try directory()
        let new = "a brand new password 7"
        let result = try WriteCommand.run(slapd, username: "ana", password: new)
        #expect(result.status == 0, "\(result.line) \(result.err)")
        #expect(result.line.hasPrefix("changed pwdChangedTime=2"), "\(result.line)")
        #expect(try slapd.accepts(Slapd.dn("ana"), new))
        #expect(try !slapd.accepts(Slapd.dn("ana"), Self.anaOld))
        let entry = try slapd.attributes(Slapd.dn("ana"), ["userPassword", "pwdReset", "pwdChangedTime"])
        // ldapwhoami binds with pwdReset set too: only reading the entry shows it was not left.
        #expect(entry["pwdReset"] == nil)
        #expect(result.line == "changed pwdChangedTime=\(entry["pwdChangedTime"]?.first ?? "?")")
        // The directory hashed it (slapd's default {SSHA}): the clear text went over TLS only.
        #expect(entry["userPassword"]?.count == 1)
        #expect(entry["userPassword"]?.first?.hasPrefix("{SSHA}") == true)
        // Nobody else changed.
        #expect(try slapd.accepts(Slapd.dn("bruno"), Self.brunoOld))
    }

    /// Also with the username as the argument (after `--`) instead of `--username`.
    @Test func startTLSOnLDAPWorksToo() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "ana", password: "changed over StartTLS 1", connection: .startTLS, usernameAsArgument: true)
        #expect(result.status == 0, "\(result.line) \(result.err)")
        #expect(try slapd.accepts(Slapd.dn("ana"), "changed over StartTLS 1"))
    }

    @Test func aTooShortPasswordIsRefusedInWordsAndNothingChanges() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "ana", password: "short1")
        #expect(result.status == 3)
        #expect(result.line == "refused passwordTooShort This password is shorter than the directory allows. Choose a longer one.")
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
        #expect(try !slapd.accepts(Slapd.dn("ana"), "short1"))
    }

    @Test func aReusedPasswordIsRefusedAsInHistory() throws {
        let slapd = try directory()
        let first = "a first new password 1", second = "a second new password 2"
        #expect(try WriteCommand.run(slapd, username: "ana", password: first).status == 0)
        #expect(try WriteCommand.run(slapd, username: "ana", password: second).status == 0)
        for reused in [first, Self.anaOld, second] {
            let result = try WriteCommand.run(slapd, username: "ana", password: reused)
            #expect(result.status == 3, "\(reused): \(result.line)")
            #expect(result.line == "refused passwordInHistory You have used this password recently. Choose one you have not used before.")
        }
        #expect(try slapd.accepts(Slapd.dn("ana"), second))
    }

    /// A service account with manage access skips every policy check and leaves pwdReset: the
    /// password changes, but the answer is a failure the operator must fix.
    @Test func aPasswordAdministratorsPwdResetIsReported() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "bruno", password: "short2", bindDN: Slapd.managerDN)
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed pwdReset the password of \(Slapd.dn("bruno")) was changed, but the directory set pwdReset"))
        #expect(try slapd.attributes(Slapd.dn("bruno"), ["pwdReset"])["pwdReset"] == ["TRUE"])
    }

    @Test func aStoppedServerIsAFailureWithACode() throws {
        let slapd = try directory()
        slapd.stop()
        let result = try WriteCommand.run(slapd, username: "ana", password: "a brand new password 7")
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed ldap:-1 bind as \(Slapd.serviceDN): Can't contact LDAP server"), "\(result.line)")
    }

    /// A server that accepts the connection and never answers: libldap does not bound the TLS
    /// handshake, the executable's own deadline does.
    @Test func aSilentServerIsATimeoutWithinTheDeadline() throws {
        let slapd = try directory()
        let silent = try SilentListener()
        defer { silent.close() }
        let started = Date()
        let result = try WriteCommand.run(slapd, username: "ana", password: "a brand new password 7",
                                          connection: .url("ldaps://127.0.0.1:\(silent.port)"), extra: ["--timeout", "1"])
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed timeout the directory did not answer within 1 seconds"), "\(result.line)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// StartTLS is mandatory once asked for: a failed upgrade (here, to the ldaps:// port, which
    /// expects a TLS handshake first) is a failure, never a write in clear.
    @Test func aFailedStartTLSWritesNothing() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "ana", password: "a brand new password 7",
                                          connection: .url("ldap://127.0.0.1:\(slapd.ldapsPort)"), extra: ["--starttls"])
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed ldap:-1 StartTLS with ldap://127.0.0.1:\(slapd.ldapsPort): Can't contact LDAP server"), "\(result.line)")
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
    }

    @Test func plainLDAPIsRefusedUnlessTheTestFlagIsGiven() throws {
        let slapd = try directory()
        let refused = try WriteCommand.run(slapd, username: "ana", password: "over plain ldap 12", connection: .plain)
        #expect(refused.status == 2)
        #expect(refused.line.isEmpty)
        #expect(refused.err.contains("would send passwords in clear: use ldaps://, or ldap:// with StartTLS"))
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
        let allowed = try WriteCommand.run(slapd, username: "ana", password: "over plain ldap 12", connection: .plain, extra: ["--insecure-for-tests"])
        #expect(allowed.status == 0, "\(allowed.line)")
    }

    @Test func theServersCertificateIsChecked() throws {
        let slapd = try directory()
        // Without --ca-file only the system's authorities are trusted, and the test CA is not one.
        let result = try WriteCommand.run(slapd, username: "ana", password: "a brand new password 7", caFile: false)
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed ldap:-1 "))
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
    }

    @Test func aWrongBindSecretIsAFailureNotARefusal() throws {
        let slapd = try directory()
        try Slapd.writePrivate("not the secret", to: slapd.secretFile)
        let result = try WriteCommand.run(slapd, username: "ana", password: "a brand new password 7")
        #expect(result.status == 4)
        #expect(result.line == "failed ldap:49 bind as \(Slapd.serviceDN): Invalid credentials")
    }

    @Test func aSecretFileOthersMayReadIsAUsageError() throws {
        let slapd = try directory()
        chmod(slapd.secretFile, 0o644)
        let result = try WriteCommand.run(slapd, username: "ana", password: "a brand new password 7")
        #expect(result.status == 2)
        #expect(result.err.contains("has mode 644: other users may read it"))
    }

    @Test func anUnknownUserIsAFailureDistinctFromARefusal() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "nobody", password: "a brand new password 7")
        #expect(result.status == 4)
        #expect(result.line == "failed noEntry no entry under \(Slapd.suffix) matches (uid=nobody)")
    }

    @Test func aFilterMatchingSeveralEntriesWritesNone() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "inetOrgPerson", password: "a brand new password 7", filter: "(objectClass={username})")
        #expect(result.status == 4)
        #expect(result.line == "failed ambiguous several entries under \(Slapd.suffix) match (objectClass=inetOrgPerson)")
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
        #expect(try slapd.accepts(Slapd.dn("bruno"), Self.brunoOld))
    }

    /// Only the one line end the caller adds is removed: spaces and any character are the password's.
    @Test func thePasswordIsWrittenByteForByte() throws {
        let slapd = try directory()
        let password = "  ünïcode, quotes \" and a trailing space "
        #expect(try WriteCommand.run(slapd, username: "bruno", password: password).status == 0)
        #expect(try slapd.accepts(Slapd.dn("bruno"), password))
        #expect(try !slapd.accepts(Slapd.dn("bruno"), password.trimmingCharacters(in: .whitespaces)))
    }

    @Test(arguments: ["*)(uid=*", "*", "ana)(uid=bruno", "an*", "ana\\"])
    func aUsernameCannotWidenTheFilter(username: String) throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: username, password: "an injected password 9")
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed noEntry "), "\(result.line)")
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
        #expect(try slapd.accepts(Slapd.dn("bruno"), Self.brunoOld))
    }

    /// OpenLDAP has no AD policy hints control: that the server refuses the write as an unknown
    /// critical extension shows the control is sent, and critical (history is never skipped).
    @Test func theActiveDirectoryWriteSendsThePolicyHintsControlAsCritical() throws {
        let slapd = try directory()
        let result = try WriteCommand.run(slapd, username: "ana", password: "an AD style password 1", kind: "activedirectory")
        #expect(result.status == 4)
        #expect(result.line.hasPrefix("failed ldap:12 the change of unicodePwd: Critical extension is unavailable"), "\(result.line)")
        #expect(try slapd.accepts(Slapd.dn("ana"), Self.anaOld))
    }
}
