import ArgumentParser
import DirectoryWrite

/// resetlink-directory's command line: where the directory is and how to write it. The bind secret
/// comes from a file and the new password from standard input, never from arguments.
struct DirectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resetlink-directory",
        abstract: "Write one new password into an LDAP directory or Active Directory.",
        discussion: """
            Reads the new password on standard input (one final line end is removed), binds as the \
            service account with the secret in --secret-file (mode 0600), finds the one entry \
            matching --filter under --base-dn, and writes the password (--kind rfc3062: Password \
            Modify with the password policy control; activedirectory: unicodePwd with the policy \
            hints control). Prints one line and exits:
              0  changed MARKER      (pwdChangedTime=…, pwdLastSet=…, none or unread)
              3  refused CODE WORDS  (the policy refused it; WORDS are for the person)
              4  failed CODE DETAIL  (not written as it should be; DETAIL: audit log)
              2  a usage or configuration error, one sentence on standard error
            """
    )

    @Option(help: "ldaps://host[:port], or ldap://host[:port] with --starttls.")
    var url: String
    @Option(name: .customLong("bind-dn"), help: "The service account's DN (write access to the password, not manage).")
    var bindDN: String
    @Option(name: .customLong("secret-file"), help: "A file (mode 0600) holding the service account's password.")
    var secretFile: String
    @Option(name: .customLong("base-dn"), help: "Where entries are searched (subtree).")
    var baseDN: String
    @Option(help: "The search filter; {username} is replaced by the escaped username, e.g. (uid={username}).")
    var filter: String
    @Option(help: "rfc3062 or activedirectory.")
    var kind: String
    @Option(name: .customLong("ca-file"), help: "PEM certificate authorities for the server's certificate (default: the system's).")
    var caFile: String?
    @Flag(name: .customLong("starttls"), help: "Upgrade an ldap:// connection with StartTLS (required for ldap://).")
    var startTLS = false
    @Flag(name: .customLong("insecure-for-tests"), help: "Allow plain ldap:// without TLS (test servers only).")
    var insecureForTests = false
    @Option(help: "Seconds the whole write may take, connection and TLS handshake included (1–300).")
    var timeout = 10
    @Option(name: .customLong("username"), parsing: .unconditional,
            help: "The person's username, as {username} in the filter (taken as is, even if it starts with '-').")
    var usernameOption: String?
    @Argument(help: ArgumentHelp("The username, when --username is not given (after '--' if it may start with '-').", valueName: "username"))
    var usernameArgument: String?

    /// The username, given once, either way.
    var username: String {
        get throws(ValidationError) {
            switch (usernameOption, usernameArgument) {
            case (let name?, nil), (nil, let name?): return name
            case (nil, nil): throw ValidationError("the username is missing (--username NAME)")
            case (.some, .some): throw ValidationError("give the username once, with --username or as the argument")
            }
        }
    }

    /// The target these options describe, or the one sentence that says what is wrong.
    func target() throws(DirectoryTargetError) -> DirectoryTarget {
        guard let kind = DirectoryKind(rawValue: kind) else { throw .unknownKind(self.kind) }
        return try DirectoryTarget(url: url, bindDN: bindDN, baseDN: baseDN, filter: filter, kind: kind, caFile: caFile,
                                   startTLS: startTLS, insecureForTests: insecureForTests, timeoutSeconds: timeout)
    }
}
