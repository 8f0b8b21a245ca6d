import Foundation
import MailReading
import Testing

/// The reset-flow commands, end to end through the executable: accounts, request, complete,
/// admin, audit — with their exit codes.
@Suite struct FlowCommandTests {
    typealias Workspace = ResetlinkCommandTests.Workspace

    func workspace() throws -> Workspace {
        let work = try Workspace()
        try work.run(["keys", "new"])
        try """
            username,email,name,source,provider,status
            ana,ana@example.org,Ana Lima,local,,active
            okta.user,sso@example.org,Okta User,sso,Okta,active
            shared.one,shared@example.org,,local,,active
            shared.two,shared@example.org,,local,,active

            """.write(toFile: work.folder + "/people.csv", atomically: true, encoding: .utf8)
        #expect(try work.run(["accounts", "import", "people.csv"]).status == 0)
        return work
    }

    func mailedLinks(_ work: Workspace) throws -> [String] {
        let folder = work.folder + "/private/maildir/new"
        return try ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().compactMap { name in
            let text = readableMail(try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
            guard let start = text.range(of: "https://intranet.example.org/cgi-bin/resetlink/link?token=") else { return nil }
            return String(text[start.lowerBound...].prefix { !$0.isWhitespace && $0 != "<" && $0 != "\"" })
        }
    }

    @Test func accountsSearchFindsByNameWordUsernameOrEmailAndPages() throws {
        let work = try workspace()
        let lima = try work.run(["accounts", "search", "LIMA"])
        #expect(lima.status == 0)
        #expect(lima.out.contains("  ana  ana@example.org  Ana Lima  local  active"))
        #expect(lima.out.hasSuffix("1 matching, 1 shown from 1\n"))
        let shared = try work.run(["accounts", "search", "shared@", "--limit", "1", "--offset", "1"])
        #expect(shared.out.contains("shared.two") && !shared.out.contains("shared.one"))
        #expect(shared.out.hasSuffix("2 matching, 1 shown from 2\n"))
        #expect(try work.run(["accounts", "search", "nobody"]).out.hasSuffix("0 matching, 0 shown from 1\n"))
        #expect(try work.run(["accounts", "search", "x", "--limit", "0"]).status == 64)
    }

    @Test func importIsIdempotentAndBadFilesChangeNothing() throws {
        let work = try workspace()
        let again = try work.run(["accounts", "import", "people.csv"])
        #expect(again.out == "Imported people.csv: 0 added, 0 updated, 4 unchanged.\n")
        try "username,email,name,source,provider,status\nbob,bob@example.org,Bob,local,,active\ncarl,nope,Carl,local,,active\n"
            .write(toFile: work.folder + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try work.run(["accounts", "import", "bad.csv"])
        #expect(bad.status == 1)
        #expect(bad.err == "bad.csv:3: error: email 'nope' is not an address like name@example.com\nresetlink: error: bad.csv has 1 bad row; nothing was imported\n")
        #expect(!(try work.run(["accounts", "list"]).out.contains("bob")))
        let shown = try work.run(["accounts", "show", "ANA"])
        #expect(shown.out.contains("email:       ana@example.org") && shown.out.contains("password:    none"))
    }

    @Test func completeReportsAHooksVetoAndAHookThatCannotRun() throws {
        let work = try workspace()
        let hook = work.folder + "/before-change"
        try "#!/bin/sh\necho 'Not on the intranet: pick another.' >&2\nexit 1\n".write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: work.config))
        handle.seekToEndOfFile()
        handle.write(Data("\n  hooks: {before_change: [\(hook)]}\n".utf8))
        try handle.close()
        #expect(try work.run(["request", "--email", "ana@example.org"]).status == 0)
        let link = try #require(try mailedLinks(work).first)

        let vetoed = try work.run(["complete", link], input: "correct horse battery staple\n")
        #expect(vetoed.status == 23 && vetoed.err == "Not on the intranet: pick another.\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: hook)
        let failed = try work.run(["complete", link], input: "correct horse battery staple\n")
        #expect(failed.status == 1 && failed.err.contains("could not be completed now (see resetlink audit); the link still works"))
        #expect(try work.run(["verify", link]).status == 0)
        let audit = try work.run(["audit"]).out
        #expect(audit.contains("change-declined") && audit.contains("change-failed"))
    }

    @Test func forgotPasswordThroughCompletion() throws {
        let work = try workspace()
        let request = try work.run(["request", "--email", "ana@example.org"])
        #expect(request.status == 0)
        #expect(request.out.hasPrefix("If an account uses this address, we have sent an email with the next steps."))
        let link = try #require(try mailedLinks(work).first)

        let weak = try work.run(["complete", link], input: "short\n")
        #expect(weak.status == 20)
        #expect(weak.err.contains("Use at least 12 characters."))

        let done = try work.run(["complete", link], input: "correct horse battery staple\n")
        #expect(done.status == 0, "\(done.err)")
        #expect(done.out == "The password of ana was changed.\n")
        #expect(try work.run(["accounts", "check-password", "ana"], input: "correct horse battery staple\n").status == 0)
        #expect(try work.run(["accounts", "check-password", "ana"], input: "wrong guess entirely\n").status == 21)

        let reused = try work.run(["complete", link], input: "another good passphrase\n")
        #expect(reused.status == 19)
        #expect(reused.err == "This link is invalid or has expired. Ask for a new one.\n")

        let audit = try work.run(["audit", "--account", "ana"]).out
        for event in ["link-sent", "password-changed", "notice-sent", "verify-failed"] { #expect(audit.contains("  \(event)  ")) }
        #expect(!audit.contains(String(link.split(separator: "=").last ?? "")))
    }

    @Test func concurrentCompletionsInTwoProcessesExactlyOneWins() throws {
        let work = try workspace()
        try work.run(["request", "--email", "ana@example.org"])
        let link = try #require(try mailedLinks(work).first)
        let processes = (0..<2).map { index -> (Process, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ResetlinkCommandTests.executable)
            process.arguments = ["complete", link]
            process.currentDirectoryURL = URL(fileURLWithPath: work.folder)
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return (process, input)
        }
        for (process, _) in processes { try process.run() }
        for (index, (_, input)) in processes.enumerated() {
            input.fileHandleForWriting.write(Data("password number \(index) wins\n".utf8))
            try input.fileHandleForWriting.close()
        }
        for (process, _) in processes { process.waitUntilExit() }
        #expect(processes.map(\.0.terminationStatus).sorted() == [0, 19])
        let matches = (0..<2).filter { index in
            (try? work.run(["accounts", "check-password", "ana"], input: "password number \(index) wins\n").status) == 0
        }
        #expect(matches.count == 1)
    }

    @Test func administratorCommands() throws {
        let work = try workspace()
        let printed = try work.run(["admin", "reset", "ana", "--by", "pat", "--print-link"])
        #expect(printed.status == 0)
        #expect(printed.out.hasPrefix("https://intranet.example.org/cgi-bin/resetlink/link?token="))
        let mailed = try work.run(["admin", "reset", "ana", "--by", "pat"])
        #expect(mailed.out == "Sent a reset link to ana <ana@example.org>.\n")
        #expect(try mailedLinks(work).count == 1)
        let sso = try work.run(["admin", "reset", "okta.user", "--by", "pat"])
        #expect(sso.status == 22)
        #expect(sso.err.contains("is managed by Okta") && sso.err.contains("the Identity team"))
        let find = try work.run(["admin", "find", "--email", "SHARED@example.org"])
        #expect(find.out == "shared.one  local  active\nshared.two  local  active\n")
        #expect(try work.run(["admin", "find", "--email", "none@example.org"]).out == "No account uses none@example.org.\n")
        #expect(try work.run(["audit", "--account", "ana"]).out.contains("admin:pat  admin-reset"))
    }

    @Test func addAccountsAndRefuseDuplicates() throws {
        let work = try workspace()
        let added = try work.run(["accounts", "add", "bob", "--email", "bob@example.org", "--name", "Bob", "--password-stdin"],
                                 input: "bob's first password\n")
        #expect(added.status == 0 && added.out.hasPrefix("Added account "))
        #expect(try work.run(["accounts", "check-password", "bob"], input: "bob's first password\n").status == 0)
        let duplicate = try work.run(["accounts", "add", "BOB", "--email", "other@example.org"])
        #expect(duplicate.status == 1 && duplicate.err.contains("the username 'BOB' is already taken"))
    }
}
