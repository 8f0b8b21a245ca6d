import AccountStore

/// What a forgot-password request leads to, decided from the accounts alone (no side effects),
/// so every case can be tested as a table.
enum RequestDecision: Equatable {
    /// One active account whose password a reset here reaches (local, or in a connected
    /// directory): mail it a reset link.
    case sendLink(Account)
    /// Several such accounts share the address and no username was given: mail the
    /// address asking for the username; no link.
    case usernameNeeded([Account])
    /// The account(s) are managed by SSO or a directory not connected for writing: mail who to
    /// contact; no link.
    case managedExternally([Account])
    /// Nothing is sent (unknown address, disabled account, username not on that address).
    case nothing(reason: String)

    /// - Parameters:
    ///   - matches: every account whose stored address matches the typed one (`IdentityKey`).
    ///   - named: the account with the typed username, when one was given (nil if none exists).
    ///   - usernameGiven: whether the person typed a username.
    ///   - reachable: whether a reset here reaches the account's password (`ResetSettings.reachesPassword`).
    static func decide(matches: [Account], named: Account?, usernameGiven: Bool, reachable: (Account) -> Bool) -> RequestDecision {
        if usernameGiven {
            guard let named else { return .nothing(reason: "no account has that username") }
            guard matches.contains(where: { $0.id == named.id }) else {
                return .nothing(reason: "the username does not belong to that address")
            }
            guard named.status == .active else { return .nothing(reason: "the account is disabled") }
            return reachable(named) ? .sendLink(named) : .managedExternally([named])
        }
        let active = matches.filter { $0.status == .active }
        guard !active.isEmpty else {
            return .nothing(reason: matches.isEmpty ? "no account uses that address" : "every account on that address is disabled")
        }
        let resettable = active.filter(reachable)
        switch resettable.count {
        case 1: return .sendLink(resettable[0])
        case 0: return .managedExternally(active)
        default: return .usernameNeeded(resettable)
        }
    }
}
