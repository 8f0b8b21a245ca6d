#if canImport(Glibc)
import Glibc
#endif

import Diagnostics
import FlyingFox
import HelpSite

/// `helpsite serve`: listen on 127.0.0.1, build, then rebuild whenever the content, the templates
/// or the configuration change, until the task is cancelled (Ctrl-C in the command).
public enum PreviewSession {
    public enum Event: Sendable {
        /// Listening; the site is served at `url`.
        case listening(url: String)
        /// A build finished; `changed` lists the edits that caused it (empty for the first build).
        case built(BuildReport, changed: [String])
        case failed(BuildFailure, changed: [String])
        /// Change notifications cannot be used (`reason`): the sources are looked at every
        /// `interval` instead.
        case polling(reason: String, interval: Duration)
    }

    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Runs until cancelled. Throws only when the server cannot listen.
    public static func run(_ options: PreviewOptions, events: @escaping @Sendable (Event) -> Void) async throws(StartError) {
        let status = BuildStatus()
        let address: sockaddr_in
        do { address = try .inet(ip4: "127.0.0.1", port: options.port) } catch {
            throw StartError(description: "cannot listen on 127.0.0.1:\(options.port): \(error)")
        }
        // The long poll holds a request for up to 10 s, inside FlyingFox's per-request timeout.
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: PreviewHandler(status: status))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                group.addTask {
                    try await server.waitUntilListening(timeout: 5)
                    guard case let .ip4(_, port) = await server.listeningAddress else { return }
                    let url = "http://127.0.0.1:\(port)/"
                    events(.listening(url: url))
                    await rebuildLoop(PreviewBuilder(options: options), baseURL: url, status: status, events: events)
                }
                // The first child to end (the server failing to listen, or cancellation) ends both.
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch is CancellationError {
        } catch {
            await server.stop()
            if Task.isCancelled { return }
            throw StartError(description: "cannot listen on 127.0.0.1:\(options.port): \(error)")
        }
        await server.stop()
    }

    /// How long the watched folders must be quiet after an event before they are looked at.
    static let settleTime: Duration = .milliseconds(25)

    static func rebuildLoop(_ builder: PreviewBuilder, baseURL: String, status: BuildStatus,
                            events: @Sendable (Event) -> Void) async {
        let interval = builder.options.pollInterval
        var notifier: ChangeNotifier?
        if builder.options.usesChangeNotifications {
            do { notifier = try ChangeNotifier() } catch { events(.polling(reason: error.description, interval: interval)) }
        } else {
            events(.polling(reason: "--poll", interval: interval))
        }
        var changed: [String] = []
        /// The look that found the last change.
        var last: SourceWatcher.Look?
        while !Task.isCancelled {
            // Looked at before the build, so that edits made while it runs cause the next one; the
            // look that found the change serves unless the configuration now names other folders (a
            // look at ten thousand files is ≈ 25 ms). The build reads the configuration again, after
            // the look, so an edit of it during the build is seen by the next look.
            let look = SourceWatcher.look(paths: builder.watchedPaths, reusing: last)
            let watcher = SourceWatcher(paths: look.paths)
            var seen = look.snapshot
            /// Watches the snapshot's folders; true when a look is due anyway (see `ChangeNotifier.watch`).
            func watch(_ snapshot: SourceWatcher.Snapshot) -> Bool {
                guard let current = notifier else { return true }
                do {
                    return try current.watch(watcher.folders(in: snapshot))
                } catch {
                    notifier = nil
                    events(.polling(reason: error.description, interval: interval))
                    return true
                }
            }
            var lookAgain = watch(seen)
            let outcome = await builder.build(baseURL: baseURL)
            switch outcome.result {
            case .success(let report):
                status.finish(output: outcome.output, failure: nil)
                events(.built(report, changed: changed))
            case .failure(let failure):
                status.finish(output: outcome.output, failure: failure.diagnostics)
                events(.failed(failure, changed: changed))
            }
            changed = []
            repeat {
                if let current = notifier {
                    if !lookAgain, await !current.wait() { break }  // cancelled
                    await current.settled(quiet: settleTime)
                } else {
                    try? await Task.sleep(for: interval)
                }
                let now = watcher.snapshot()
                lookAgain = watch(now)
                changed = SourceWatcher.changes(from: seen, to: now)
                seen = now
            } while changed.isEmpty && !Task.isCancelled
            last = SourceWatcher.Look(paths: watcher.paths, snapshot: seen)
        }
    }
}
