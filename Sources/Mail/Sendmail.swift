import ChildProcess

/// Runs a sendmail-compatible command (see `ChildProcess` for what the child gets), with the
/// message on its standard input.
enum Sendmail {
    /// How much of the command's output is kept for the error.
    static let outputLimit = 2048

    /// The only variables the command gets from us: where to find programs, the language of its
    /// messages, and the home folder a sendmail-compatible client reads its configuration from.
    static let passedOn = ["PATH", "LANG", "HOME"]

    static func run(_ command: [String], input: [UInt8]) throws(MailError) {
        let display = command.joined(separator: " ")
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(command, input: input, environment: ChildProcess.environment(passing: passedOn),
                                          outputLimit: outputLimit)
        } catch {
            throw .sendmailNotRunnable(command: display, reason: error.reason)
        }
        let text = result.outputText
        if result.status != 0 { throw .sendmailFailed(command: display, status: result.status, output: text) }
        if result.written < input.count {
            // Exit status 0, yet part of the message never left us: treat it as not sent.
            throw .sendmailFailed(command: display, status: 0, output: "it exited before reading the whole message "
                + "(\(result.written) of \(input.count) bytes taken)" + (text.isEmpty ? "" : "; it said: " + text))
        }
    }
}
