extension ResetSettings {
    /// How a lifetime reads, the same in the guide and in the emails: `60 minutes`, `90 minutes`,
    /// `2 hours`, `24 hours`.
    public static func durationText(minutes: Int) -> String {
        if minutes >= 120, minutes % 60 == 0 { return "\(minutes / 60) hours" }
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}
