import ArgumentParser
import ResetFlow
import ResetTokens

/// The clock, replaceable for tests and for replaying an incident: the one `--now` option of every
/// command that reads the time.
struct ClockOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this Unix time (seconds) as now, instead of the system clock.", valueName: "seconds"))
    var now: UInt64?

    func apply(to generator: inout ResetTokenGenerator) {
        if let now { generator.now = { now } }
    }

    func apply(to service: ResetService) {
        if let now {
            let seconds = Int64(clamping: now)
            service.now = { seconds }
        }
    }
}
