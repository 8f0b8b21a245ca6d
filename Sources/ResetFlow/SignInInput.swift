/// How login systems hand `resetlink auth` a username and a password, parsed from the bytes they
/// send. Pure functions, so every malformed input has a unit test and a sentence to say why.
public enum SignInInterface: String, CaseIterable, Sendable {
    /// mod_authnz_external's `pipe`: the username on the first line of standard input, the password
    /// on the second.
    case pipe
    /// DJB's checkpassword: `user\0password\0timestamp\0` on descriptor 3.
    case checkpassword
    /// PAM's `pam_exec expose_authtok`: the username in `PAM_USER`, the password on standard input.
    case pam
}

/// A username and password as the login system sent them (the password only ever in memory).
public struct SignInCredentials: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// Input a login system should never send: the caller exits with the "misuse" status and says why.
public enum SignInInputError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLong(limit: Int)
    case missingField(String)
    case extraInput(String)
    case notUTF8(String)
    case containsNUL(String)
    case emptyUsername
    case wrongPAMType(String)

    public var description: String {
        switch self {
        case .tooLong(let limit): "the input is longer than \(limit) bytes"
        case .missingField(let what): "expected \(what)"
        case .extraInput(let what): "unexpected input after \(what)"
        case .notUTF8(let field): "the \(field) is not UTF-8 text"
        case .containsNUL(let field): "the \(field) contains a NUL byte"
        case .emptyUsername: "the username is empty"
        case .wrongPAMType(let type):
            "PAM_TYPE is '\(type)': pam_exec passes the password only to the auth stack (use it in an auth line with expose_authtok)"
        }
    }
}

public enum SignInInput {
    /// What the pipe and PAM interfaces read from standard input at most: `password.max_length`
    /// allows 4,096 characters, and a character may be many UTF-8 bytes, so this leaves room for
    /// the longest password the rules accept and a username.
    public static let streamLimit = 65_536
    /// checkpassword's documented limit: "up to 512 bytes from descriptor 3".
    public static let checkpasswordLimit = 512

    /// `user\npassword\n` (mod_authnz_external's pipe method); the final line break is optional, and
    /// each line loses a trailing CR as `resetlink accounts check-password` reads it.
    public static func pipe(_ bytes: [UInt8]) throws(SignInInputError) -> SignInCredentials {
        guard bytes.count <= streamLimit else { throw .tooLong(limit: streamLimit) }
        guard let firstBreak = bytes.firstIndex(of: 0x0A) else {
            throw .missingField("the username on the first line of standard input and the password on the second")
        }
        let rest = bytes[(firstBreak + 1)...]
        var passwordBytes = rest
        if let secondBreak = rest.firstIndex(of: 0x0A) {
            guard secondBreak == rest.index(before: rest.endIndex) else { throw .extraInput("the password line") }
            passwordBytes = rest[..<secondBreak]
        }
        let username = try text(line(bytes[..<firstBreak]), "username")
        guard !username.isEmpty else { throw .emptyUsername }
        return SignInCredentials(username: username, password: try text(line(passwordBytes), "password"))
    }

    /// `user\0password\0timestamp\0` and possibly more (checkpassword); everything after the
    /// password's NUL is ignored, as the interface allows.
    public static func checkpassword(_ bytes: [UInt8]) throws(SignInInputError) -> SignInCredentials {
        guard bytes.count <= checkpasswordLimit else { throw .tooLong(limit: checkpasswordLimit) }
        let expected = "user\\0password\\0timestamp\\0 on descriptor 3"
        guard let userEnd = bytes.firstIndex(of: 0) else { throw .missingField(expected) }
        let rest = bytes[(userEnd + 1)...]
        guard let passwordEnd = rest.firstIndex(of: 0) else { throw .missingField(expected) }
        let username = try text(bytes[..<userEnd], "username")
        guard !username.isEmpty else { throw .emptyUsername }
        return SignInCredentials(username: username, password: try text(rest[..<passwordEnd], "password"))
    }

    /// The username from `PAM_USER`, the password from standard input: pam_exec 1.5 writes it
    /// without a terminator, older versions with a NUL; a trailing line break (a person testing by
    /// hand) is dropped as check-password drops it. `PAM_TYPE`, when set, must be `auth`.
    public static func pam(user: String?, type: String?, stdin bytes: [UInt8]) throws(SignInInputError) -> SignInCredentials {
        if let type, type != "auth" { throw .wrongPAMType(type) }
        guard let user else { throw .missingField("the username in PAM_USER (pam_exec sets it)") }
        guard !user.isEmpty else { throw .emptyUsername }
        guard bytes.count <= streamLimit else { throw .tooLong(limit: streamLimit) }
        var password = bytes[...]
        if password.last == 0 { password = password.dropLast() }
        if password.last == 0x0A { password = line(password.dropLast()) }
        guard !password.contains(0) else { throw .containsNUL("password") }
        guard !password.contains(0x0A) else { throw .extraInput("the password's line") }
        return SignInCredentials(username: user, password: try text(password, "password"))
    }

    /// A line without its trailing CR.
    static func line(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.last == 0x0D ? bytes.dropLast() : bytes
    }

    static func text(_ bytes: ArraySlice<UInt8>, _ field: String) throws(SignInInputError) -> String {
        guard !bytes.contains(0) else { throw .containsNUL(field) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8(field) }
        return text
    }
}
