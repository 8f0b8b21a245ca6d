import Keyring
import ArgumentParser
import ResetTokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ResetlinkCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a token (or a whole reset link) and print the outcome.",
            discussion: """
                Exit status by outcome: 0 valid, 10 malformed, 11 unsupported-version, 12 unknown-key,
                13 key-retired, 14 bad-signature, 15 wrong-purpose, 16 expired, 17 not-yet-valid,
                18 account-not-eligible, 19 account-state-changed; 1 for an error before checking
                (configuration, keyring, state file).
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var state: AccountStateOptions
        @OptionGroup var clock: ClockOption

        @Argument(help: ArgumentHelp("The token, or a link containing token=…", valueName: "token"))
        var token: String

        @Option(name: .long, help: "The purpose the token must have.")
        var purpose: TokenPurpose = .passwordReset

        @Flag(name: .long, help: "Print the outcome as one JSON object.")
        var json = false

        func run() throws {
            let configuration = try options.load()
            let keyring = try options.loadKeyring(configuration)
            let accounts = try state.accounts(account: nil, configuration: configuration)
            var generator = keyring.generator
            generator.clockSkew = UInt64(configuration.reset.clockSkewSeconds)
            clock.apply(to: &generator)
            let check = generator.checkToken(String(Self.token(in: token)), purpose: purpose, account: accounts)
            Output.line(json ? Self.json(check) : Self.text(check))
            throw ExitCode(Self.exitStatus(check.outcome))
        }

        /// The token itself, also when a whole link was pasted.
        static func token(in text: String) -> Substring {
            guard let range = text.range(of: "token=") else { return Substring(text) }
            return text[range.upperBound...].prefix { $0 != "&" && $0 != "#" }
        }

        static func exitStatus(_ outcome: TokenOutcome) -> Int32 {
            switch outcome {
            case .valid: 0
            case .malformed: 10
            case .unsupportedVersion: 11
            case .unknownKey: 12
            case .keyRetired: 13
            case .badSignature: 14
            case .wrongPurpose: 15
            case .expired: 16
            case .notYetValid: 17
            case .accountNotEligible: 18
            case .accountStateChanged: 19
            }
        }

        static func text(_ check: TokenCheck) -> String {
            guard let fields = check.authenticatedFields else { return check.outcome.label }
            return "\(check.outcome.label): account \(fields.accountID), purpose \(fields.purpose.label), "
                + "issued \(time(fields.issuedAt)), expires \(time(fields.expiresAt)), key \(fields.keyIDText), nonce \(fields.nonceHex)"
        }

        static func json(_ check: TokenCheck) -> String {
            var object: [(String, String)] = [("outcome", "\"\(check.outcome.label)\"")]
            if let fields = check.authenticatedFields {
                object += [
                    ("account_id", "\(fields.accountID)"),
                    ("purpose", "\"\(fields.purpose.label)\""),
                    ("issued_at", "\(fields.issuedAt)"),
                    ("expires_at", "\(fields.expiresAt)"),
                    ("key_id", "\"\(fields.keyIDText)\""),
                    ("nonce", "\"\(fields.nonceHex)\""),
                ]
            }
            return "{" + object.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }

        static func time(_ seconds: UInt64) -> String {
            UTCTimestamp.format(Date(timeIntervalSince1970: Double(seconds)))
        }
    }
}
