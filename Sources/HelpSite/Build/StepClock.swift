import Dispatch

/// Times the named steps of a build, for the summary and `--timings`.
struct StepClock {
    private(set) var steps: [StepTiming] = []

    mutating func time<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { record(name, since: start) }
        return try body()
    }

    mutating func time<T, E: Error>(_ name: String, _ body: () async throws(E) -> T) async throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { record(name, since: start) }
        return try await body()
    }

    private mutating func record(_ name: String, since start: UInt64) {
        steps.append(StepTiming(name: name, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000))
    }
}
