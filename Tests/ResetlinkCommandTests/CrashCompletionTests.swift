import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `resetlink complete` killed with SIGKILL at random moments: the account always has the old or
/// the new password, the database passes SQLite's integrity check, and the audit log records a
/// change exactly when one happened.
@Suite struct CrashCompletionTests {
    typealias Workspace = ResetlinkCommandTests.Workspace

    func passwordIs(_ password: String, in work: Workspace) throws -> Bool {
        try work.run(["accounts", "check-password", "ana"], input: password + "\n").status == 0
    }

    func integrity(_ work: Workspace) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                             work.folder + "/private/resetkit.sqlite"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func changesAudited(_ work: Workspace) throws -> Int {
        try work.run(["audit", "--account", "ana"]).out.components(separatedBy: "  password-changed  ").count - 1
    }

    @Test func killedCompletionsLeaveTheOldOrTheNewPassword() throws {
        let work = try FlowCommandTests().workspace()
        let database = work.folder + "/private/resetkit.sqlite"
        #expect(FileManager.default.fileExists(atPath: database), "the test reads \(database)")
        var current = "the very first password"
        let first = try #require(work.run(["admin", "reset", "ana", "--by", "test", "--print-link"]).out.split(separator: "\n").first)
        #expect(try work.run(["complete", String(first)], input: current + "\n").status == 0)
        var changes = 1
        var random = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for trial in 0..<40 {
            let link = try #require(work.run(["admin", "reset", "ana", "--by", "test", "--print-link"]).out.split(separator: "\n").first)
            let next = "trial \(trial) password here"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ResetlinkCommandTests.executable)
            process.arguments = ["complete", String(link)]
            process.currentDirectoryURL = URL(fileURLWithPath: work.folder)
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(Data((next + "\n").utf8))
            try input.fileHandleForWriting.close()
            // A completion takes tens of milliseconds here (scrypt_log_n 10): kill anywhere in it.
            usleep(UInt32.random(in: 0...60_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let isOld = try passwordIs(current, in: work), isNew = try passwordIs(next, in: work)
            #expect(isOld != isNew, "trial \(trial): old \(isOld), new \(isNew)")
            if isNew {
                current = next
                changes += 1
            }
            outcomes[isNew ? "new password" : "old password", default: 0] += 1
            #expect(try integrity(work) == "ok", "trial \(trial)")
            #expect(try changesAudited(work) == changes, "trial \(trial): the audit log disagrees with the password")
        }
        print("40 completions killed with SIGKILL: \(outcomes.sorted { $0.key < $1.key }); integrity ok each time")
    }
}
