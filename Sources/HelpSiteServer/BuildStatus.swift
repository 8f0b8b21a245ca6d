import Diagnostics
import Synchronization

/// The outcome of the latest build, shared between the rebuild loop and the request handlers.
/// Every finished build, good or bad, gets a new version; open pages reload when it changes.
final class BuildStatus: Sendable {
    struct State: Sendable {
        /// 0 until the first build has finished.
        var version = 0
        /// The folder being served.
        var output: String?
        /// Set while the latest build failed: its errors, shown instead of any page.
        var failure: [Diagnostic]?
    }

    private let state = Mutex(State())

    var current: State { state.withLock { $0 } }

    /// Records a finished build and returns its version.
    @discardableResult
    func finish(output: String?, failure: [Diagnostic]?) -> Int {
        state.withLock { state in
            state.version += 1
            if let output { state.output = output }
            state.failure = failure
            return state.version
        }
    }

    /// Returns as soon as the version differs from `version`, or after `timeout` with the same
    /// version (long polling: the browser asks again). Cancellation ends the wait early.
    func waitForChange(from version: Int, timeout: Duration) async -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let now = current.version
            if now != version || clock.now >= deadline || Task.isCancelled { return now }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
