import Foundation
import Testing
@testable import Mail

@Suite struct DateAndIdentifierTests {
    // Expected strings from Python's email.utils.format_datetime (UTC).
    @Test(arguments: [
        (UInt64(0), "Thu, 01 Jan 1970 00:00:00 +0000"),
        (86_399, "Thu, 01 Jan 1970 23:59:59 +0000"),
        (86_400, "Fri, 02 Jan 1970 00:00:00 +0000"),
        (68_212_800, "Tue, 29 Feb 1972 12:00:00 +0000"),             // first leap day after 1970
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),            // 2000: divisible by 400, leap
        (951_868_800, "Wed, 01 Mar 2000 00:00:00 +0000"),
        (1_234_567_890, "Fri, 13 Feb 2009 23:31:30 +0000"),
        (1_677_628_799, "Tue, 28 Feb 2023 23:59:59 +0000"),          // not a leap year
        (1_677_628_800, "Wed, 01 Mar 2023 00:00:00 +0000"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 +0000"),
        (1_709_251_200, "Fri, 01 Mar 2024 00:00:00 +0000"),
        (1_795_930_200, "Sun, 29 Nov 2026 05:30:00 +0000"),
        (1_796_083_199, "Mon, 30 Nov 2026 23:59:59 +0000"),          // end of a 30-day month
        (1_796_083_200, "Tue, 01 Dec 2026 00:00:00 +0000"),
        (1_798_761_599, "Thu, 31 Dec 2026 23:59:59 +0000"),          // end of a year
        (1_798_761_600, "Fri, 01 Jan 2027 00:00:00 +0000"),
        (2_147_483_647, "Tue, 19 Jan 2038 03:14:07 +0000"),          // past the 32-bit limit next
        (4_107_542_399, "Sun, 28 Feb 2100 23:59:59 +0000"),          // 2100: divisible by 100, not leap
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 +0000"),
    ])
    func rfc5322Dates(seconds: UInt64, expected: String) {
        #expect(MailDate.format(seconds) == expected)
    }

    @Test func renderedMessageCarriesTheDate() {
        #expect(sampleMessage().rendered().contains("\nDate: Sun, 29 Nov 2026 05:30:00 +0000\n"))
    }

    @Test func hugeTimesDoNotCrash() {
        #expect(MailDate.format(.max).hasSuffix(" +0000"))
    }

    @Test func messageIDShape() throws {
        let first = MailMessage.makeMessageID(domain: "intranet.example.com")
        let second = MailMessage.makeMessageID(domain: "intranet.example.com")
        let pattern = try Regex("^[0-9a-f]{32}@intranet\\.example\\.com$")
        #expect(first.wholeMatch(of: pattern) != nil)
        #expect(second.wholeMatch(of: pattern) != nil)
        #expect(first != second)
    }

    @Test(arguments: ["", "bücher.example", "bad domain", "a..b", "x>y", "ex\r\nample.com"])
    func messageIDWithUnusableDomainFallsBackToLocalhost(domain: String) throws {
        let id = MailMessage.makeMessageID(domain: domain)
        #expect(id.wholeMatch(of: try Regex("^[0-9a-f]{32}@localhost$")) != nil)
    }

    @Test func messageIDHeaderHasAngleBracketsAndNoInjectedOnes() {
        var message = sampleMessage()
        #expect(message.rendered().contains("\nMessage-ID: <0123456789abcdef0123456789abcdef@intranet.example.com>\n"))
        message.messageID = "<abc@x>\r\nBcc: evil@example.com"
        let rendered = message.rendered()
        #expect(rendered.contains("\nMessage-ID: <abc@xBcc:evil@example.com>\n"))
        #expect(!rendered.contains("\nBcc"))
    }
}
