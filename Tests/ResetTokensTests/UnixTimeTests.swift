#if canImport(Glibc)
import Glibc
#endif
import ResetTokens
import Testing

@Suite struct UnixTimeTests {
    @Test func arithmeticSaturatesInsteadOfTrapping() {
        let time: UnixTime = 1_795_000_000
        #expect(time + 3600 == UnixTime(seconds: 1_795_003_600))
        #expect(time - 3600 == UnixTime(seconds: 1_794_996_400))
        #expect(UnixTime.max - 1 + 2 == .max)
        #expect(UnixTime(seconds: 10) - 3600 == 0)
        var clock = time
        clock += 60
        clock -= 30
        #expect(clock == 1_795_000_030 && clock > time)
    }

    @Test func signedCountsAreClampedAtTheEdges() {
        #expect(UnixTime(clamping: -5) == 0)
        #expect(UnixTime(clamping: .max).int64 == .max)
        #expect(UnixTime.max.int64 == .max)
        #expect(UnixTime(clamping: 1_795_000_000).int64 == 1_795_000_000)
        #expect("\(UnixTime(seconds: 42))" == "42")
    }

    @Test func nowIsTheSystemClock() {
        let before = UInt64(time(nil)), now = UnixTime.now.seconds, after = UInt64(time(nil))
        #expect(before <= now && now <= after)
    }
}
