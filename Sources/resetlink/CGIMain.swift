import CGI
import ResetEndpoint
import ResetFlow
import Settings

#if canImport(Glibc)
import Glibc
#endif

/// `resetlink` as a CGI program (started with `GATEWAY_INTERFACE` set, or as `resetlink cgi`). This
/// path skips the command-line parser: it runs once per request, so its start-up is kept short.
enum CGIMain {
    static func run(environment: [String: String]) -> ExitStatus {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: environment["RESETLINK_CONFIG"])
        } catch {
            for diagnostic in error.diagnostics { Output.line(diagnostic.formatted, error: true) }
            respond(CGIResponse.html(500, "<!DOCTYPE html><title>Error</title><p>The password reset service is not configured correctly.</p>\n"),
                    head: false, policy: "default-src 'none'")
            return .failure
        }
        let endpoint = ResetEndpoint(configuration: configuration, makeService: { try ResetService.open(configuration) },
                                     log: { Output.line($0, error: true) })
        let (outcome, isHead) = endpoint.handle(environment: environment) { count throws(CGIError) in
            try CGIRequest.readStandardInput(count)
        }
        // The answer is complete (standard output closed) before anything that depends on whether an
        // account exists — refusal or throttle records, the token, rendering, sendmail — so how long
        // it took says nothing about the account.
        // Web servers SIGTERM a CGI program as soon as its answer is complete (lighttpd at once,
        // Apache's mod_cgi then SIGKILLs 3 s later); the follow-up below must still run.
        signal(SIGTERM, SIG_IGN)
        respond(outcome.response, head: isHead, policy: endpoint.contentSecurityPolicy)
        if configuration.reset.detachAfterAnswer, outcome.service != nil { detach() }
        for problem in outcome.finish() { Output.line(problem, error: true) }
        return .success
    }

    /// Goes on in a child of a new session, with standard input and error on /dev/null, while this
    /// process exits: fcgiwrap ends a request only when every holder of the program's standard
    /// output and error has closed them, which a mod_cgi server does not wait for. What the
    /// follow-up would have logged is lost here, but its failures are in the audit log
    /// (`mail-failed`). If the fork fails, the work is done here, attached.
    static func detach() {
        let child = fork()
        if child < 0 { return }
        if child > 0 { _exit(ExitStatus.success.rawValue) }
        setsid()
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            dup2(null, STDIN_FILENO)
            dup2(null, STDERR_FILENO)
            if null > STDERR_FILENO { close(null) }
        }
    }

    static func respond(_ response: CGIResponse, head: Bool, policy: String) {
        CGIResponse.writeAndClose(response.serialized(head: head, contentSecurityPolicy: policy))
    }
}
