import ArgumentParser
import ResetFlow
import ResetTokens

/// The clock, replaceable for tests and for replaying an incident: the one `--now` option of every
/// command that reads the time.
struct ClockOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this Unix time (seconds) as now, instead of the system clock.", valueName: "seconds"))
    var now: UnixTime?

    func apply(to generator: inout ResetTokenGenerator) {
        if let now { generator.now = { now } }
    }

    func apply(to service: ResetService) {
        if let now { service.now = { now } }
    }
}

/// `--now 1795000000`: the digits of a UInt64, as before the type existed.
extension UnixTime: ExpressibleByArgument {
    public init?(argument: String) {
        guard let seconds = UInt64(argument) else { return nil }
        self.init(seconds: seconds)
    }
}
