import Testing
@testable import ResetTokens

@Suite struct Base64URLTests {
    @Test func roundTripsEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for count in 0...100 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(text.count == (count * 4 + 2) / 3)
            #expect(Base64URL.decode(text) == bytes)
        }
    }

    @Test func knownEncodings() {
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xfb, 0xff])
    }

    @Test(arguments: ["Zg==", "Zg=", "Zm9v\n", " Zm9v", "Zm+v", "Zm/v", "Zm9v%", "Z", "Zm9vY"])
    func rejectsPaddingOtherAlphabetsAndImpossibleLengths(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func rejectsNonCanonicalTrailingBits() {
        // "Zg" is 0x66 with four zero bits left over; "Zh", "Zi", "Zj" spell the same byte with
        // some of those bits set. "Zm8" is "fo"; "Zm9" and "Zm-" set the two leftover bits.
        #expect(Base64URL.decode("Zg") == [0x66])
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
        for text in ["Zh", "Zi", "Zj", "Zm9", "Zm-"] {
            #expect(Base64URL.decode(text) == nil, "\(text) must be refused")
        }
    }

    @Test func nonASCIIIsRefused() {
        #expect(Base64URL.decode("Zm9vé") == nil)
        #expect(Base64URL.decode("Ｚｍ９ｖ") == nil)
    }
}
