import ArgumentParser
import CGI
import Keyring
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
            usage: """
                resetlink verify [<options>] -- <token-or-link>
                resetlink verify --stdin [<options>]
                """,
            discussion: """
                Scripts must give the text after -- (resetlink verify [options] -- "$TEXT") or on \
                standard input with --stdin, never as a bare argument: a text that starts with - \
                would be read as an option (one such as -h prints this help, and exits 64, never \
                0, the status of a valid token).

                --stdin reads one line and removes one trailing LF or CRLF, nothing else; what it \
                reads is never parsed as an option. The text "-" is that text (malformed), not \
                standard input. A text longer than \(maximumTextSize) bytes, or not UTF-8, is \
                malformed.

                A link (a text with ?) is read as the web endpoint reads /link?token=…: the query \
                after the first ? (up to #) is percent-decoded and must have token as its only \
                field; any other query is malformed. A text without ? is the token itself.

                Exit status: 0 valid, \(ExitStatus.tokenRefusalList); \
                1 an error before checking (configuration, keyring, state file); 64 a usage error.
                """)

        /// The longest text checked; a longer one is malformed (a token has 126 characters, and
        /// the endpoint refuses a longer query).
        static let maximumTextSize = CGIRequest.maximumQuerySize

        @OptionGroup var options: ConfigOptions
        @OptionGroup var state: AccountStateOptions
        @OptionGroup var clock: ClockOption

        @Argument(help: ArgumentHelp("The token, or a link containing ?token=…; scripts put -- before it.", valueName: "token-or-link"))
        var text: String?

        @Flag(name: .long, help: "Read the token or link from standard input instead (one line).")
        var stdin = false

        @Option(name: .long, help: "The purpose the token must have.")
        var purpose: PurposeArgument = .passwordReset

        @Flag(name: .long, help: "Print the outcome as one JSON object.")
        var json = false

        func validate() throws {
            switch (text, stdin) {
            case (nil, false): throw ValidationError("Give the token or link after --, or use --stdin.")
            case (.some, true): throw ValidationError("Give the token or link either as an argument or with --stdin, not both.")
            default: break
            }
        }

        func run() throws {
            let input = try text.map { Array($0.utf8) } ?? Self.readStandardInput()
            let configuration = try options.load()
            let keyring = try options.loadKeyring(configuration)
            let accounts = try state.accounts(account: nil, configuration: configuration)
            var generator = keyring.generator
            generator.clockSkew = UInt64(configuration.reset.clockSkewSeconds)
            clock.apply(to: &generator)
            let outcome: TokenOutcome, fields: TokenFields?
            if let token = Self.token(in: input) {
                let check = generator.checkToken(token, purpose: purpose.purpose, account: accounts.state, eligible: accounts.eligible)
                (outcome, fields) = (check.outcome, check.authenticatedFields)
            } else {
                (outcome, fields) = (.malformed, nil)
            }
            Output.line(json ? Self.json(outcome, fields) : Self.text(outcome, fields))
            throw ExitStatus(outcome).code
        }

        /// The token to check in the text given, or nil when the text is malformed before any
        /// check: too long, not UTF-8, or a link whose query the endpoint would refuse.
        static func token(in input: [UInt8]) -> String? {
            guard input.count <= maximumTextSize, let text = String(validating: input, as: UTF8.self) else { return nil }
            return try? ResetLinkQuery.token(inLink: text)
        }

        /// Standard input, up to one byte more than `maximumTextSize` plus a CRLF (more is not
        /// read), without one trailing LF or CRLF.
        static func readStandardInput() throws(ExitCode) -> [UInt8] {
            var bytes: [UInt8]
            do { bytes = try CGIRequest.readStandardInput(maximumTextSize + 3, timeout: nil) } catch {
                throw Output.fail("cannot read standard input: \(error.message)")
            }
            if bytes.last == UInt8(ascii: "\n") {
                bytes.removeLast()
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            }
            return bytes
        }

        static func text(_ outcome: TokenOutcome, _ fields: TokenFields?) -> String {
            guard let fields else { return outcome.label }
            return "\(outcome.label): account \(fields.accountID), purpose \(fields.purpose.label), "
                + "issued \(time(fields.issuedAt)), expires \(time(fields.expiresAt)), key \(fields.keyIDText), nonce \(fields.nonceHex)"
        }

        static func json(_ outcome: TokenOutcome, _ fields: TokenFields?) -> String {
            var object: [(String, String)] = [("outcome", "\"\(outcome.label)\"")]
            if let fields {
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
