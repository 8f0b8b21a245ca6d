import Keyring
import ResetTokens
import Translations

/// Times for people, in UTC, by integer arithmetic (no locale or time-zone database needed, so the
/// static release build behaves like the debug one).
public enum UTCTime {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// `29 November 2026 at 05:30 UTC`.
    public static func text(_ time: UnixTime) -> String {
        let seconds = time.int64
        let days = seconds.dividedRoundingDown(by: 86_400)
        let (year, month, day) = UTCTimestamp.civilFromDays(Int(days))
        let second = Int(seconds - days * 86_400)
        let hour = second / 3600, minute = second % 3600 / 60
        return "\(day) \(months[month - 1]) \(year) at \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) UTC"
    }

    /// The same in a language: its date (`dates.format`, `dates.months`) and `mail.when`
    /// (`29. November 2026 um 05:30 UTC`).
    public static func text(_ time: UnixTime, _ strings: LanguageStrings) -> String {
        let seconds = time.int64
        let days = seconds.dividedRoundingDown(by: 86_400)
        let (year, month, day) = UTCTimestamp.civilFromDays(Int(days))
        let second = Int(seconds - days * 86_400)
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return strings.text("mail.when", ["date": strings.date(year: year, month: month, day: day),
                                          "time": two(second / 3600) + ":" + two(second % 3600 / 60)])
    }

    /// `2026-11-29 05:30 UTC`, for tables.
    public static func short(_ time: UnixTime) -> String {
        let seconds = time.int64
        let days = seconds.dividedRoundingDown(by: 86_400)
        let (year, month, day) = UTCTimestamp.civilFromDays(Int(days))
        let second = Int(seconds - days * 86_400)
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(second / 3600)):\(two(second % 3600 / 60)) UTC"
    }
}

extension Int64 {
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && self < 0) ? quotient - 1 : quotient
    }
}
