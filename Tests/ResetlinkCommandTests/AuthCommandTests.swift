import Foundation
import Testing

/// `resetlink auth` through the executable: each interface's input, its exit statuses and messages,
/// and that nothing is printed on an ordinary answer.
@Suite struct AuthCommandTests {
    typealias Workspace = ResetlinkCommandTests.Workspace
    typealias Result = ResetlinkCommandTests.Result
    let password = "correct horse battery staple"

    func workspace() throws -> Workspace {
        let work = try Workspace()
        #expect(try work.run(["accounts", "add", "ana", "--email", "ana@example.org", "--password-stdin"], input: password + "\n").status == 0)
        #expect(try work.run(["accounts", "add", "okta.user", "--email", "sso@example.org", "--source", "sso", "--provider", "Okta"]).status == 0)
        return work
    }

    /// Runs `resetlink auth --interface checkpassword ARGS` with `input` on descriptor 3 (none when
    /// nil), through sh, as such a caller hands it over: an open descriptor, not standard input.
    func checkpassword(_ work: Workspace, _ input: [UInt8]?, _ arguments: [String] = []) throws -> Result {
        let file = work.folder + "/fd3.bin"
        try Data(input ?? []).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" auth --interface checkpassword \"$@\"" + (input == nil ? "" : " 3<" + file),
                             ResetlinkCommandTests.executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: work.folder)
        return try ResetlinkCommandTests.capture(process)
    }

    @Test func pipeAcceptsTheRightPasswordSilentlyAndRefusesTheRest() throws {
        let work = try workspace()
        let accepted = try work.run(["auth", "--interface", "pipe"], input: "ANA\n\(password)\n")
        #expect(accepted.status == 0 && accepted.out.isEmpty && accepted.err.isEmpty, "\(accepted.err)")
        for input in ["ana\nwrong password\n", "nobody\n\(password)\n", "okta.user\n\(password)\n"] {
            let refused = try work.run(["auth", "--interface", "pipe"], input: input)
            #expect(refused.status == 1 && refused.out.isEmpty && refused.err.isEmpty)
        }
        let audit = try work.run(["audit"]).out
        #expect(audit.contains("auth:pipe  auth-accepted  account=1\n"))
        #expect(audit.contains("auth:pipe  auth-refused  unknown username 'nobody'"))
        #expect(audit.contains("auth:pipe  auth-refused  account=2  sso account, not local"))
        #expect(audit.contains("auth:pipe  auth-refused  account=1  wrong password"))
        #expect(!audit.contains(password))
    }

    @Test func malformedInputIsMisuseWithAReasonOnStandardError() throws {
        let work = try workspace()
        let oneLine = try work.run(["auth", "--interface", "pipe"], input: "ana")
        #expect(oneLine.status == 2)
        #expect(oneLine.err == "resetlink auth: expected the username on the first line of standard input and the password on the second\n")
        let noUser = try work.run(["auth", "--interface", "pam"], input: password)
        #expect(noUser.status == 2 && noUser.err == "resetlink auth: expected the username in PAM_USER (pam_exec sets it)\n")
        let account = try work.run(["auth", "--interface", "pam"], environment: ["PAM_USER": "ana", "PAM_TYPE": "account"], input: "")
        #expect(account.status == 2 && account.err.hasPrefix("resetlink auth: PAM_TYPE is 'account'"))
        let noDescriptor = try checkpassword(work, nil)
        #expect(noDescriptor.status == 2 && noDescriptor.err == "resetlink auth: cannot read descriptor 3: it is not open (the caller passes user\\0password\\0timestamp\\0 on it)\n")
        let newlines = try checkpassword(work, Array("ana\n\(password)\n".utf8))
        #expect(newlines.status == 2 && newlines.err == "resetlink auth: expected user\\0password\\0timestamp\\0 on descriptor 3\n")
        // Nothing of a malformed attempt is audited: it never reached the check.
        #expect(!(try work.run(["audit"]).out.contains("auth-")))
    }

    @Test func checkpasswordRunsTheProgramOnlyWhenAccepted() throws {
        let work = try workspace()
        let input = Array("ana\u{0}\(password)\u{0}1795000000\u{0}".utf8)
        let program = ["/bin/sh", "-c", "echo \"prog $1 USER=$USER\"", "sh", "arg"]
        let accepted = try checkpassword(work, input, program)
        #expect(accepted.status == 0 && accepted.out == "prog arg USER=ana\n", "\(accepted.err)")
        #expect(try checkpassword(work, input).status == 0)
        let refused = try checkpassword(work, Array("ana\u{0}nope\u{0}0\u{0}".utf8), program)
        #expect(refused.status == 1 && refused.out.isEmpty)
        let missing = try checkpassword(work, input, ["/nonexistent/program"])
        #expect(missing.status == 111 && missing.err == "resetlink auth: cannot run /nonexistent/program: No such file or directory\n")
    }

    @Test func pamReadsTheUserFromTheEnvironment() throws {
        let work = try workspace()
        let accepted = try work.run(["auth", "--interface", "pam"], environment: ["PAM_USER": "ana", "PAM_TYPE": "auth"], input: password)
        #expect(accepted.status == 0, "\(accepted.err)")
        let refused = try work.run(["auth", "--interface", "pam"], environment: ["PAM_USER": "ana", "PAM_TYPE": "auth"], input: "nope")
        #expect(refused.status == 1)
        #expect(try work.run(["audit"]).out.contains("auth:pam  auth-accepted  account=1"))
    }

    @Test func aCheckThatCannotRunIsATemporaryFailureAndHelpNeverAccepts() throws {
        let work = try workspace()
        let noConfig = try work.run(["auth", "--interface", "pipe", "--config", "missing.yaml"], input: "ana\n\(password)\n")
        #expect(noConfig.status == 111)
        #expect(noConfig.err.hasPrefix("missing.yaml: error: cannot read the configuration file"))
        // A login system configured with --help by mistake must not let everyone in.
        #expect(try work.run(["auth", "--help"]).status == 64)
        #expect(try work.run(["auth", "-h"], input: "ana\nx\n").status == 64)
        // A program only makes sense for checkpassword.
        #expect(try work.run(["auth", "--interface", "pipe", "/bin/true"], input: "ana\n\(password)\n").status == 64)
    }

    @Test func theThrottleRefusesTheRightPasswordAfterTooManyFailures() throws {
        let work = try workspace()
        try (try String(contentsOfFile: work.config, encoding: .utf8) + "\n  auth: {max_failures: 2, window_minutes: 5}\n")
            .write(toFile: work.config, atomically: true, encoding: .utf8)
        for _ in 0..<2 { #expect(try work.run(["auth", "--interface", "pipe", "--now", "1795000000"], input: "ana\nwrong\n").status == 1) }
        #expect(try work.run(["auth", "--interface", "pipe", "--now", "1795000010"], input: "ana\n\(password)\n").status == 1)
        #expect(try work.run(["audit"]).out.contains("auth:pipe  auth-throttled  account=1  2 refused in 5 minutes"))
        #expect(try work.run(["auth", "--interface", "pipe", "--now", "1795000301"], input: "ana\n\(password)\n").status == 0)
    }
}

extension ResetlinkCommandTests {
    /// Runs a configured process with standard input on /dev/null and returns its status and output.
    static func capture(_ process: Process) throws -> Result {
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
    }
}
