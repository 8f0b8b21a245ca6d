import AccountStore
import Keyring
import Mail
import Settings

extension ResetService {
    /// The service as the configuration describes it: its database, keyring and mail delivery.
    /// `keyringPath` and `databasePath` replace the configured ones (command-line overrides).
    public static func open(_ configuration: Configuration, keyringPath: String? = nil, databasePath: String? = nil) throws -> ResetService {
        let reset = configuration.reset
        let store = try AccountStore(path: databasePath ?? configuration.resolve(reset.database))
        let keyring = try Keyring.load(path: keyringPath ?? configuration.resolve(reset.keyring))
        return ResetService(configuration: configuration, store: store, keyring: keyring, mailer: mailer(configuration))
    }

    public static func mailer(_ configuration: Configuration) -> Mailer {
        let mail = configuration.reset.mail
        switch mail.delivery {
        case .sendmail: return Mailer(delivery: .sendmail(command: mail.sendmail))
        case .maildir: return Mailer(delivery: .maildir(path: configuration.resolve(mail.maildir)))
        }
    }
}
