/// Times for people, in UTC, by integer arithmetic (no locale or time-zone database needed, so the
/// static release build behaves like the debug one).
enum UTCTime {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// `29 November 2026 at 05:30 UTC`.
    static func text(_ seconds: Int64) -> String {
        let (year, month, day) = civil(fromDays: Int(seconds.dividedRoundingDown(by: 86_400)))
        let second = Int(seconds - seconds.dividedRoundingDown(by: 86_400) * 86_400)
        let hour = second / 3600, minute = second % 3600 / 60
        return "\(day) \(months[month - 1]) \(year) at \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) UTC"
    }

    /// `2026-11-29T05:30:00Z`.
    static func iso(_ seconds: Int64) -> String {
        let days = seconds.dividedRoundingDown(by: 86_400)
        let (year, month, day) = civil(fromDays: Int(days))
        let second = Int(seconds - days * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(second / 3600)):\(two(second % 3600 / 60)):\(two(second % 60))Z"
    }

    /// Howard Hinnant's days-from-civil inverse: days since 1970-01-01 to (year, month, day).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && self < 0) ? quotient - 1 : quotient
    }
}
