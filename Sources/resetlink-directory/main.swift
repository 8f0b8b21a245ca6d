import ArgumentParser
import DirectoryWrite

#if canImport(Glibc)
import Glibc
#endif

// One write per run: options → target, secret file, password on standard input → one line, one status.
// No core file: this process holds the bind secret and a password.
var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
// A server that closes the connection mid-write is a failed write to report, not a silent death.
signal(SIGPIPE, SIG_IGN)

/// One line on a descriptor, written at once (the answer is read line by line by resetlink).
func writeLine(_ text: String, to descriptor: Int32) {
    let line = Array((text + "\n").utf8)
    var written = 0
    while written < line.count {
        let count = line[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return }
        written += count
    }
}

/// A usage or configuration error: one sentence on standard error, status 2.
func usageError(_ sentence: String) -> Never {
    writeLine("resetlink-directory: error: \(sentence)", to: 2)
    exit(2)
}

refuseWhenRunByAWebServer()

let command: DirectoryCommand
do {
    command = try DirectoryCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    // --help and --version are answered on standard output with status 0; anything else is usage.
    if DirectoryCommand.exitCode(for: error) == .success {
        writeLine(DirectoryCommand.fullMessage(for: error), to: 1)
        exit(0)
    }
    usageError(DirectoryCommand.message(for: error))
}

let target: DirectoryTarget
do { target = try command.target() } catch { usageError(error.description) }
let username: String
do { username = try command.username } catch { usageError(error.message) }

let secret: SecretBytes
switch SecretFile.read(path: command.secretFile) {
case .success(let bytes): secret = bytes
case .failure(let error): usageError(error.description)
}

// resetlink's rules allow 4,096 characters, each possibly several UTF-8 bytes: room for any of them.
let passwordLimit = 65_536
guard let password = SecretBytes.read(descriptor: 0, capacity: passwordLimit) else {
    usageError("the new password on standard input is missing or longer than \(passwordLimit) bytes")
}
password.removeFinalLineEnd()
guard password.count > 0 else { usageError("no new password on standard input") }

Deadline.arm(seconds: command.timeout)
let outcome = PasswordWrite.run(target: target, bindSecret: secret, username: username, password: password)
// Globals of main.swift are never deinitialised: zero the secrets before exit.
password.wipe()
secret.wipe()
writeLine(outcome.line, to: 1)
exit(outcome.exitStatus)
