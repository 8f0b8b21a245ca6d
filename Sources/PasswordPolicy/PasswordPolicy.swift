/// What a new password must satisfy. The values come from the configuration, and the guide
/// states the same ones, so the rules readers see are the rules enforced.
public struct PasswordPolicy: Sendable, Equatable {
    public var minimumLength: Int
    /// Generous, so passphrases and password managers are never cut short; it only stops absurd
    /// inputs (scrypt's cost does not depend on the length).
    public var maximumLength: Int

    public init(minimumLength: Int = 12, maximumLength: Int = 256) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// Every rule the password breaks, in a fixed order; empty when it is acceptable. Lengths
    /// count characters as a reader sees them (grapheme clusters).
    public func problems(password: String, username: String, email: String) -> [PasswordProblem] {
        var problems: [PasswordProblem] = []
        let length = password.count
        if length < minimumLength { problems.append(.tooShort(minimum: minimumLength)) }
        if length > maximumLength { problems.append(.tooLong(maximum: maximumLength)) }
        let lowered = password.lowercased()
        let name = username.lowercased()
        // Very short usernames would match by accident; the rule is about passwords built from them.
        if name.count >= 3, lowered.contains(name) { problems.append(.containsUsername) }
        let address = email.lowercased()
        let localPart = address.split(separator: "@").first.map(String.init) ?? address
        if !address.isEmpty, lowered.contains(address) || (localPart.count >= 3 && lowered.contains(localPart)) {
            problems.append(.containsEmail)
        }
        if Self.isCommon(password) { problems.append(.common) }
        return problems
    }

    /// Whether the password, lower-cased and trimmed, is on the shipped list of common passwords.
    public static func isCommon(_ password: String) -> Bool {
        let key = password.lowercased().trimmingCharacters(where: { $0.isWhitespace })
        return commonPasswords.contains(key)
    }

    /// Parsed on first use only: nothing on the link-verification path pays for it.
    static let commonPasswords: Set<Substring> = Set(CommonPasswords.text.split(separator: "\n"))
}

public enum PasswordProblem: Equatable, Sendable {
    case tooShort(minimum: Int)
    case tooLong(maximum: Int)
    case containsUsername
    case containsEmail
    case common

    /// One sentence a person can act on.
    public var message: String {
        switch self {
        case .tooShort(let minimum): "Use at least \(minimum) characters."
        case .tooLong(let maximum): "Use at most \(maximum) characters."
        case .containsUsername: "Do not use your username in your password."
        case .containsEmail: "Do not use your email address in your password."
        case .common: "This password is too common; choose one that is harder to guess."
        }
    }
}

extension String {
    func trimmingCharacters(where predicate: (Character) -> Bool) -> Substring {
        var slice = Substring(self)
        while let first = slice.first, predicate(first) { slice.removeFirst() }
        while let last = slice.last, predicate(last) { slice.removeLast() }
        return slice
    }
}
