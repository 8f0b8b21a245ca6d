/// The steps of a completion that reach outside ResetKit's database, between the claim and the
/// stored change (see `ResetService.complete(token:password:)`).
enum ExternalStep: String {
    case beforeChangeHook = "before_change hook"
    case directoryWriteBack = "directory write-back"
}

/// How an external step ended. Anything but `done` stops the completion: nothing is stored and the
/// link still works.
enum ExternalStepOutcome: Equatable {
    case done
    /// Refused in words: `reason` is shown to the person; `audited` goes to the audit log. Neither
    /// may hold the password.
    case declined(reason: String, audited: String)
    /// Failed (an error, a timeout, unreachable); the person sees a generic page, `audited` says why.
    case unavailable(audited: String)
}
