import Foundation
import Mail
import ResetFlow
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The whole path a reset email takes in production: resetlink hands the message to a
/// sendmail-compatible program (msmtp, from Debian), which speaks SMTP to a server (a small sink
/// started here on 127.0.0.1); the received message is parsed as RFC 5322 and its link verified.
@Suite(.serialized) struct EndToEndMailTests {
    static let msmtp = ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].first { FileManager.default.isExecutableFile(atPath: $0) }

    final class Sink {
        let process = Process()
        let folder: String
        let port: Int

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Harness.support.appendingPathComponent("smtp-sink.py").path, folder]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            // The sink prints its port once it listens.
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
            guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw MailError.maildirFailed(path: folder, reason: "sink did not start") }
            self.port = port
        }

        /// Stops the server by its PID. SIGKILL, because a test runner may hand its children an
        /// ignored SIGTERM.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func messages() throws -> [Data] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
            return try names.map { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)) }
        }
    }

    @Test(.enabled(if: msmtp != nil, "msmtp is not installed (scripts/test installs it)"))
    func resetLinkTravelsThroughMsmtpAndSMTP() throws {
        let sink = try Sink()
        defer { sink.stop() }
        let command = "[\(Self.msmtp ?? "msmtp"), --host=127.0.0.1, --port=\(sink.port), --auth=off, --tls=off, --from=no-reply@example.org, -t]"
        let harness = try Harness(delivery: "delivery: sendmail\n    sendmail: \(command)")
        try harness.add("joerg", "jörg.müller@example.org", name: "Jörg Müller")
        let response = try harness.request("JÖRG.MÜLLER@example.org")
        #expect(response.kind == .generic)

        let raw = try #require(try sink.messages().first)
        #expect(String(decoding: raw, as: UTF8.self).hasPrefix("X-Sink-Recipients: <jörg.müller@example.org>"))
        let message = try Harness.parse(raw)
        // Python flags any non-ASCII local part (SMTPUTF8) as a defect; nothing else may be wrong.
        #expect(message.defects.allSatisfy { $0.contains("local-part") || $0.contains("NonASCII") })
        #expect(message.to == "Jörg Müller <jörg.müller@example.org>")
        #expect(message.subject == "Reset your password")
        let token = try #require(message.token)
        #expect(try harness.service.checkLink(token).outcome.isValid)

        // Complete the reset; the notice takes the same road.
        guard case .changed(_, let notice) = try harness.service.complete(token: token, password: "a brand new passphrase") else {
            Issue.record("not completed")
            return
        }
        #expect(harness.service.send([notice]).isEmpty)
        let messages = try sink.messages()
        #expect(messages.count == 2)
        #expect(try Harness.parse(messages[1]).subject == "Your password was changed")
    }

    @Test(.enabled(if: msmtp != nil, "msmtp is not installed (scripts/test installs it)"))
    func unreachableServerIsAMailFailure() throws {
        // A port nothing listens on: msmtp fails, and the failure is reported and logged.
        let command = "[\(Self.msmtp ?? "msmtp"), --host=127.0.0.1, --port=1, --auth=off, --tls=off, --from=no-reply@example.org, -t]"
        let harness = try Harness(delivery: "delivery: sendmail\n    sendmail: \(command)")
        let ana = try harness.add("ana", "ana@example.org")
        let result = try harness.service.request(email: "ana@example.org", username: nil)
        let failures = harness.service.send(try harness.service.followUp(result))
        #expect(failures.count == 1)
        #expect(try harness.store.auditEntries(accountID: ana.id).map(\.event).filter { $0 != .accountAdded } == [.mailFailed])
    }
}
