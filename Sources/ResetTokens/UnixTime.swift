#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment as Unix time: whole seconds since 1970-01-01 00:00 UTC. The one type for every clock
/// and timestamp (tokens, the reset flow, the account store, mail dates); arithmetic saturates at
/// the edges instead of trapping.
public struct UnixTime: Sendable, Hashable, Comparable {
    /// UInt64, as a token's `issuedAt` and `expiresAt` are on the wire; nothing here predates 1970.
    public var seconds: UInt64

    public init(seconds: UInt64) { self.seconds = seconds }

    /// A signed count (`time_t`, an SQLite INTEGER); a moment before 1970 becomes 1970.
    public init(clamping seconds: Int64) { self.seconds = UInt64(Swift.max(0, seconds)) }

    /// The system clock.
    public static var now: UnixTime { UnixTime(clamping: Int64(time(nil))) }

    public static let max = UnixTime(seconds: .max)

    /// For an SQLite INTEGER column: a moment past `Int64.max` seconds is stored as `Int64.max`.
    public var int64: Int64 { Int64(clamping: seconds) }

    public static func < (a: UnixTime, b: UnixTime) -> Bool { a.seconds < b.seconds }

    /// `seconds` later, or `.max` past the end.
    public static func + (time: UnixTime, seconds: UInt64) -> UnixTime {
        let (sum, overflow) = time.seconds.addingReportingOverflow(seconds)
        return UnixTime(seconds: overflow ? .max : sum)
    }

    /// `seconds` earlier, or 1970 before the start.
    public static func - (time: UnixTime, seconds: UInt64) -> UnixTime {
        UnixTime(seconds: time.seconds >= seconds ? time.seconds - seconds : 0)
    }

    public static func += (time: inout UnixTime, seconds: UInt64) { time = time + seconds }
    public static func -= (time: inout UnixTime, seconds: UInt64) { time = time - seconds }
}

extension UnixTime: ExpressibleByIntegerLiteral {
    public init(integerLiteral seconds: UInt64) { self.seconds = seconds }
}

extension UnixTime: CustomStringConvertible {
    public var description: String { String(seconds) }
}
