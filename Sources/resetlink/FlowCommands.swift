import AccountStore
import ArgumentParser
import ResetFlow
import ResetTokens

extension ResetlinkCommand {
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Handle a forgot-password request, as the web form does, and print the answer the person sees.",
            usage: "resetlink request [<options>] --email <email>",
            discussion: """
                Emails go to the address stored on the account, never to the one typed. Exit status: \
                \(ExitStatus.success.rawValue), or \(ExitStatus.failure.rawValue) when an email could not be \
                delivered (logged in the audit log).
                """)
        @OptionGroup var options: ServiceOptions
        @Option(name: .long, help: "The email address typed into the form.") var email: String
        @Option(name: .long, help: "The username, when the form asked for it.") var username: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            let service = try options.service()
            let asked = try language.checked(service.configuration)
            let result: ResetService.RequestResult
            do { result = try service.request(email: email, username: username, language: asked) } catch { throw Output.fail("\(error)") }
            Output.line(result.response.text)
            if let guide = result.response.guideURL { Output.line("More: \(guide)") }
            let mails: [OutgoingMail]
            do { mails = try service.followUp(result) } catch { throw Output.fail("\(error)") }
            if let failure = service.send(mails).first { throw Output.fail(failure.description) }
        }
    }

    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "complete",
            abstract: "Set a new password with a reset link's token; the new password is read from standard input.",
            usage: "resetlink complete [<options>] -- <token-or-link>",
            discussion: """
                The link is read as resetlink verify reads it; scripts put it after -- \
                (resetlink complete -- "$LINK").

                Exit status: \(ExitStatus.success.rawValue) changed (and the "password changed" notice \
                sent), \(ExitStatus.malformed.rawValue)-\(ExitStatus.accountStateChanged.rawValue) the link was \
                refused (as for verify), \(ExitStatus.weakPassword.rawValue) the password breaks the rules \
                (listed on standard error), \(ExitStatus.declined.rawValue) the new password was declined (a \
                before_change hook or the directory; the reason on standard error; the link still works), \
                \(ExitStatus.failure.rawValue) an error, including a hook or directory that failed (nothing \
                changed, the link still works) and a notice that could not be delivered after the password \
                was changed.
                """)
        @OptionGroup var options: ServiceOptions
        @Argument(help: ArgumentHelp("The token, or the whole link; scripts put -- before it.", valueName: "token-or-link"))
        var token: String
        @OptionGroup var language: LanguageOption

        func run() throws {
            let service = try options.service()
            let asked = try language.checked(service.configuration)
            let password = try PasswordInput.read()
            let completion: ResetService.Completion
            // A link whose query the endpoint would refuse is checked as the empty token: malformed,
            // and audited like any failed completion.
            let checked = Verify.token(in: Array(token.utf8)) ?? ""
            do { completion = try service.complete(token: checked, password: password, language: asked) } catch {
                throw Output.fail("\(error)")
            }
            switch completion {
            case .changed(let account, let notice):
                Output.line("The password of \(account.username) was changed.")
                if let failure = service.send([notice]).first {
                    throw Output.fail("the password was changed, but the notice could not be sent: \(failure.reason)")
                }
            case .refused(let outcome):
                Output.line("This link is invalid or has expired. Ask for a new one.", error: true)
                throw ExitStatus(outcome).code
            case .weakPassword(let problems):
                for problem in problems { Output.line(problem.message, error: true) }
                throw ExitStatus.weakPassword.code
            case .declined(let reason):
                Output.line(reason, error: true)
                throw ExitStatus.declined.code
            case .unavailable:
                throw Output.fail("the password change could not be completed now (see resetlink audit); the link still works")
            case .inProgress:
                throw Output.fail("another completion with this link is still running; if it fails, the link still works")
            }
        }
    }

    struct Admin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "admin",
            abstract: "Administrator tools: start a reset for a user, find the usernames on an address.",
            subcommands: [Reset.self, Find.self])
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit", abstract: "Print the audit log, oldest first.", usage: "resetlink audit [<options>]")
        @OptionGroup var options: ServiceOptions
        @Option(name: .long, help: ArgumentHelp("Only this account (username or id).", valueName: "account")) var account: String?
        @Option(name: .long, help: ArgumentHelp("Only entries from this Unix time on.", valueName: "seconds")) var since: Int64?

        func run() throws {
            let configuration = try options.config.load()
            let store = try options.openStore(configuration)
            var accountID: Int64?
            if let account {
                if let id = Int64(account) { accountID = id } else {
                    guard let found = try? store.account(username: account) else { throw Output.fail("no account has the username '\(account)'") }
                    accountID = found.id
                }
            }
            let entries: [AuditEntry]
            do { entries = try store.auditEntries(accountID: accountID, since: since.map(UnixTime.init(clamping:))) } catch { throw Output.fail("\(error)") }
            for entry in entries {
                // One line per entry, whatever the detail holds (a mail error can span lines).
                // By scalar, as Foundation's replacingOccurrences did: the CR of a CRLF is replaced too.
                var detail = ""
                for scalar in entry.detail.unicodeScalars {
                    switch scalar {
                    case "\r": detail += "\\r"
                    case "\n": detail += "\\n"
                    default: detail.unicodeScalars.append(scalar)
                    }
                }
                Output.line("\(Time.iso(entry.at))  \(entry.actor)  \(entry.event.rawValue)"
                    + (entry.accountID.map { "  account=\($0)" } ?? "") + (detail.isEmpty ? "" : "  \(detail)"))
            }
        }
    }
}

extension ResetlinkCommand.Admin {
    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Start a password reset for an account (local, or of a connected directory): mail the link to the account's address, or print it.",
            usage: "resetlink admin reset [<options>] <username> --by <by>",
            discussion: """
                The administrator never chooses the password. SSO and directory accounts are refused \
                (exit \(ExitStatus.adminResetNotAllowed.rawValue)) with whom the user should contact, unless \
                reset.directory connects their directory for writing; disabled accounts are refused too.
                """)
        @OptionGroup var options: ServiceOptions
        @Argument(help: ArgumentHelp("The user's username.", valueName: "username")) var username: String
        @Option(name: .long, help: "The administrator's name, for the audit log.") var by: String
        @Flag(name: .long, help: "Print the link to hand over instead of mailing it.") var printLink = false
        @OptionGroup var language: LanguageOption

        func run() throws {
            let service = try options.service()
            let asked = try language.checked(service.configuration)
            do {
                switch try service.adminReset(username: username, by: by, mail: !printLink, language: asked) {
                case .link(_, let link):
                    Output.line(link)
                case .mail(let account, let mail):
                    if let failure = service.send([mail]).first { throw Output.fail(failure.description) }
                    Output.line("Sent a reset link to \(account.username) <\(account.email)>.")
                }
            } catch let error as ResetFlowError {
                switch error {
                case .managedExternally, .disabled:
                    Output.line("resetlink: \(error)", error: true)
                    throw ExitStatus.adminResetNotAllowed.code
                default:
                    throw Output.fail("\(error)")
                }
            }
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find", abstract: "List the usernames that use an email address.", usage: "resetlink admin find [<options>] --email <email>")
        @OptionGroup var options: ServiceOptions
        @Option(name: .long, help: "The email address.") var email: String

        func run() throws {
            let configuration = try options.config.load()
            let accounts: [Account]
            do { accounts = try options.openStore(configuration).accounts(email: email) } catch { throw Output.fail("\(error)") }
            guard !accounts.isEmpty else {
                Output.line("No account uses \(email).")
                return
            }
            for account in accounts {
                Output.line("\(account.username)  \(account.source.rawValue)\(account.provider.isEmpty ? "" : " (\(account.provider))")  \(account.status.rawValue)")
            }
        }
    }
}
