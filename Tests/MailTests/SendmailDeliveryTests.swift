import Foundation
import Testing
@testable import Mail

@Suite struct SendmailDeliveryTests {
    @Test func defaultCommand() {
        #expect(MailDelivery.sendmail() == .sendmail(command: ["/usr/sbin/sendmail", "-t", "-i"]))
    }

    @Test func messageReachesTheCommandByteForByte() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("""
            for argument in "$@"; do printf '%s\\n' "$argument"; done > '\(directory)/arguments'
            cat > '\(directory)/message'
            echo "queued as ABC123"
            """, in: directory)
        let message = sampleMessage(subject: "Réinitialisation — パスワード", text: "Link: \(longResetURL())\n.\nbye\n",
                                    to: MailAddress("jörg@bücher.example", displayName: "Jörg"))
        try Mailer(delivery: .sendmail(command: [script, "-t", "-i"])).deliver(message)
        let received = try Data(contentsOf: URL(fileURLWithPath: directory + "/message"))
        #expect(received == Data(message.rendered().utf8))
        #expect(try String(contentsOfFile: directory + "/arguments", encoding: .utf8) == "-t\n-i\n")
    }

    @Test func argumentsAreNotInterpretedByAShell() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("""
            for argument in "$@"; do printf '%s\\n' "$argument"; done > '\(directory)/arguments'
            cat > /dev/null
            """, in: directory)
        try Mailer(delivery: .sendmail(command: [script, "-f", "a b; touch \(directory)/pwned", "$HOME"])).deliver(sampleMessage())
        #expect(try String(contentsOfFile: directory + "/arguments", encoding: .utf8)
                == "-f\na b; touch \(directory)/pwned\n$HOME\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/pwned"))
    }

    @Test func failingCommandReportsStatusAndStderr() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("""
            cat > /dev/null
            echo "sendmail: fatal: queue file write error" >&2
            exit 75
            """, in: directory)
        #expect(throws: MailError.sendmailFailed(command: "\(script) -t -i", status: 75,
                                                 output: "sendmail: fatal: queue file write error")) {
            try Mailer(delivery: .sendmail(command: [script, "-t", "-i"])).deliver(sampleMessage())
        }
    }

    @Test func longOutputIsBounded() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("""
            head -c 200000 /dev/zero | tr '\\0' 'x' >&2
            exit 1
            """, in: directory)
        do {
            // The command writes more than a socket buffer before reading; neither side may block.
            try Mailer(delivery: .sendmail(command: [script])).deliver(sampleMessage(text: String(repeating: "body\n", count: 100_000)))
            Issue.record("a failing command was reported as success")
        } catch {
            guard case .sendmailFailed(_, let status, let output) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(status == 1)
            #expect(output.hasPrefix("xxxx"))
            #expect(output.utf8.count <= Sendmail.outputLimit + 4)
            #expect(output.hasSuffix(" …"))
        }
    }

    @Test func commandThatStopsReadingIsAnErrorNotASignal() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("head -c 10 > /dev/null; exit 0", in: directory)
        let message = sampleMessage(text: String(repeating: "line of text\n", count: 200_000))  // 2.6 MB
        do {
            try Mailer(delivery: .sendmail(command: [script])).deliver(message)
            Issue.record("a partly read message was reported as delivered")
        } catch {
            guard case .sendmailFailed(_, let status, let output) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(status == 0)
            #expect(output.contains("exited before reading the whole message"))
        }
    }

    @Test func killedCommandReportsTheSignal() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("cat > /dev/null; kill -TERM $$", in: directory)
        let error = #expect(throws: MailError.self) {
            try Mailer(delivery: .sendmail(command: [script])).deliver(sampleMessage())
        }
        #expect(error == .sendmailFailed(command: script, status: -SIGTERM, output: ""))
        #expect(error?.description == "'\(script)' was killed by signal \(SIGTERM)")
    }

    @Test func missingCommandIsNotRunnable() {
        #expect(throws: MailError.sendmailNotRunnable(command: "/nonexistent/sendmail -t -i", reason: "No such file or directory")) {
            try Mailer(delivery: .sendmail(command: ["/nonexistent/sendmail", "-t", "-i"])).deliver(sampleMessage())
        }
        #expect(throws: MailError.sendmailNotRunnable(command: "", reason: "the command is empty")) {
            try Mailer(delivery: .sendmail(command: [])).deliver(sampleMessage())
        }
    }

    @Test func nonExecutableCommandIsNotRunnable() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("exit 0", in: directory)
        #expect(chmod(script, 0o644) == 0)
        #expect(throws: MailError.sendmailNotRunnable(command: script, reason: "Permission denied")) {
            try Mailer(delivery: .sendmail(command: [script])).deliver(sampleMessage())
        }
    }

    @Test func aBackgroundChildHoldingTheOutputDoesNotDelayDelivery() throws {
        let directory = try makeTemporaryDirectory()
        // Like an MTA that forks a delivery process which keeps stdout and stderr open.
        let script = try writeScript("cat > '\(directory)/message'; sleep 20 & exit 0", in: directory)
        let start = ContinuousClock.now
        try Mailer(delivery: .sendmail(command: [script])).deliver(sampleMessage())
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(FileManager.default.fileExists(atPath: directory + "/message"))
    }

    @Test func invalidRecipientIsRefusedBeforeRunningAnything() throws {
        let directory = try makeTemporaryDirectory()
        let script = try writeScript("touch '\(directory)/ran'; cat > /dev/null", in: directory)
        #expect(throws: MailError.invalidAddress("alice@example.com, evil@example.com", reason: "the address contains a space")) {
            try Mailer(delivery: .sendmail(command: [script]))
                .deliver(sampleMessage(to: MailAddress("alice@example.com, evil@example.com")))
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/ran"))
    }
}
