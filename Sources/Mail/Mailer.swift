/// Where messages go.
public enum MailDelivery: Sendable, Equatable {
    /// A sendmail-compatible program, run without a shell, with the message on its standard input.
    /// With `-t` it takes the recipients from the To header; `-i` stops a lone `.` line from ending
    /// the message early.
    case sendmail(command: [String] = MailDelivery.defaultSendmailCommand)
    /// A Maildir folder (development and tests): one file per message in `new/`.
    case maildir(path: String)

    public static let defaultSendmailCommand = ["/usr/sbin/sendmail", "-t", "-i"]
}

/// Delivers messages one at a time, synchronously.
public struct Mailer: Sendable {
    public var delivery: MailDelivery

    public init(delivery: MailDelivery) {
        self.delivery = delivery
    }

    /// Checks both addresses, renders the message and hands it over. Nothing is delivered when the
    /// From or To address is not a plain addr-spec (`MailError.invalidAddress`): with `-t` the To
    /// header decides who receives the mail, so it must hold exactly the one address intended.
    public func deliver(_ message: MailMessage) throws(MailError) {
        for address in [message.from.address, message.to.address] {
            if let problem = MailAddress.addrSpecProblem(address) { throw .invalidAddress(address, reason: problem) }
        }
        let bytes = Array(message.rendered().utf8)
        switch delivery {
        case .sendmail(let command):
            try Sendmail.run(command, input: bytes)
        case .maildir(let path):
            try Maildir.deliver(bytes, to: path)
        }
    }
}
