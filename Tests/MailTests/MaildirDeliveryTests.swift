import Foundation
import Testing
@testable import Mail

@Suite struct MaildirDeliveryTests {
    @Test func deliveredMessageIsInNewWithPrivateModes() throws {
        let root = try makeTemporaryDirectory() + "/private/maildir"  // parents created too
        let message = sampleMessage(subject: "Réinitialisation", text: "Lien : \(longResetURL())\n")
        try Mailer(delivery: .maildir(path: root)).deliver(message)

        #expect(listing(root) == ["cur", "new", "tmp"])
        #expect(listing(root + "/tmp").isEmpty)
        #expect(listing(root + "/cur").isEmpty)
        let files = listing(root + "/new")
        try #require(files.count == 1)
        let file = root + "/new/" + files[0]
        #expect(permissions(file) == 0o600)
        for directory in [root, root + "/tmp", root + "/new", root + "/cur"] {
            #expect(permissions(directory) == 0o700)
        }
        // Text-only rendering is deterministic, so the file must be exactly rendered().
        let content = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(content == Data(message.rendered().utf8))
    }

    @Test func twoMessagesInOneSecondGetUniqueNames() throws {
        let root = try makeTemporaryDirectory()
        let mailer = Mailer(delivery: .maildir(path: root))
        let before = UInt64(Date().timeIntervalSince1970)
        try mailer.deliver(sampleMessage(subject: "one"))
        try mailer.deliver(sampleMessage(subject: "two"))
        let after = UInt64(Date().timeIntervalSince1970)
        let files = listing(root + "/new")
        try #require(files.count == 2)
        #expect(files[0] != files[1])
        let pattern = try Regex("([0-9]+)\\.P([0-9]+)R([0-9a-f]{16})\\.(.+)")
        for name in files {
            let match = try #require(name.wholeMatch(of: pattern))
            let seconds = try #require(UInt64(match.output[1].substring ?? ""))
            #expect((before...after).contains(seconds))
            #expect(match.output[2].substring.map(String.init) == String(getpid()))
            #expect(!(match.output[4].substring ?? "").contains("/"))
        }
        let subjects = try files.map { name in
            try String(contentsOfFile: root + "/new/" + name, encoding: .utf8)
        }.compactMap { headerValue($0, "Subject") }
        #expect(Set(subjects) == ["one", "two"])
    }

    @Test func writeFailureLeavesNothingBehind() throws {
        let root = try makeTemporaryDirectory()
        var calls = 0
        let failing: Maildir.Writer = { fd, buffer in
            calls += 1
            if calls == 1 { return write(fd, buffer.baseAddress, min(buffer.count, 100)) }  // part of it
            errno = ENOSPC
            return -1
        }
        let bytes = Array(sampleMessage(text: String(repeating: "line\n", count: 100)).rendered().utf8)
        do {
            try Maildir.deliver(bytes, to: root, writer: failing)
            Issue.record("a failed write was reported as delivered")
        } catch {
            guard case .maildirFailed(let path, let reason) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(path == root)
            #expect(reason.contains("cannot write"))
            #expect(reason.contains("No space left on device"))
        }
        #expect(calls == 2)
        #expect(listing(root + "/new").isEmpty)
        #expect(listing(root + "/tmp").isEmpty)
    }

    @Test func aFileWhereAFolderShouldBeIsAnError() throws {
        let root = try makeTemporaryDirectory()
        #expect(FileManager.default.createFile(atPath: root + "/new", contents: Data("x".utf8)))
        #expect(throws: MailError.maildirFailed(path: root, reason: "\(root)/new exists and is not a directory: Not a directory")) {
            try Mailer(delivery: .maildir(path: root)).deliver(sampleMessage())
        }
        #expect(listing(root + "/tmp").isEmpty)
    }

    @Test func existingFoldersAreReused() throws {
        let root = try makeTemporaryDirectory()
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: false)
        }
        try FileManager.default.createDirectory(atPath: root + "/cur/keep", withIntermediateDirectories: false)
        try Mailer(delivery: .maildir(path: root)).deliver(sampleMessage())
        #expect(listing(root + "/new").count == 1)
        #expect(listing(root + "/cur") == ["keep"])
    }
}
