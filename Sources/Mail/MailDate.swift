/// RFC 5322 §3.3 dates in UTC, `Sun, 29 Nov 2026 05:30:00 +0000`, by integer arithmetic: no
/// DateFormatter, locale or time-zone database, which a FoundationEssentials-only or static build
/// lacks (named zones come back nil there), and which would cost start-up time in a CGI program.
enum MailDate {
    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ unixSeconds: UInt64) -> String {
        let seconds = Int(clamping: unixSeconds)
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(weekdays[days % 7]), \(twoDigits(day)) \(months[month - 1]) \(year) "
            + "\(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay % 3600 / 60)):\(twoDigits(secondOfDay % 60)) +0000"
    }

    /// Days since 1970-01-01 to (year, month 1–12, day 1–31): Howard Hinnant's `civil_from_days`,
    /// for days ≥ 0, over 400-year eras with March as the first month so the leap day comes last.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468                     // days since 0000-03-01
        let era = z / 146_097                      // 400-year eras of 146,097 days
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 = March … 11 = February
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
