import Crypto
import Testing
@testable import ResetTokens

/// The primitives, through the functions the token code calls.
@Suite struct CryptoVectorTests {
    func hex(_ text: String) -> [UInt8] {
        TokenKey.bytes(fromHex: text.filter { !$0.isWhitespace }) ?? []
    }

    func code(key: [UInt8], data: [UInt8]) -> String {
        TokenKey.hex(HMACSHA256.code(data, key: SymmetricKey(data: key)))
    }

    // RFC 4231 §4.2–4.8.
    @Test func rfc4231Case1() {
        #expect(code(key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func rfc4231Case2() {
        #expect(code(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231Case3() {
        #expect(code(key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50))
                == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    @Test func rfc4231Case4() {
        #expect(code(key: hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), data: [UInt8](repeating: 0xcd, count: 50))
                == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    @Test func rfc4231Case5TruncatedTo128Bits() {
        let mac = HMACSHA256.code(Array("Test With Truncation".utf8), key: SymmetricKey(data: [UInt8](repeating: 0x0c, count: 20)))
        #expect(TokenKey.hex(mac.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func rfc4231Case6KeyLongerThanBlock() {
        #expect(code(key: [UInt8](repeating: 0xaa, count: 131), data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func rfc4231Case7KeyAndDataLongerThanBlock() {
        let data = "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
        #expect(code(key: [UInt8](repeating: 0xaa, count: 131), data: Array(data.utf8))
                == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    @Test func hmacCheckIsExactAndLengthSensitive() {
        let key = SymmetricKey(data: Array("Jefe".utf8))
        let message = Array("what do ya want for nothing?".utf8)
        let mac = HMACSHA256.code(message, key: key)
        #expect(HMACSHA256.isValid(mac, for: message, key: key))
        #expect(!HMACSHA256.isValid(mac.prefix(31), for: message, key: key))
        #expect(!HMACSHA256.isValid(mac + [0], for: message, key: key))
        var flipped = mac
        flipped[31] ^= 1
        #expect(!HMACSHA256.isValid(flipped, for: message, key: key))
    }

    // RFC 5869 Appendix A.1 (with salt) and A.3 (empty salt and info: the form the token uses).
    @Test func rfc5869CaseA1() {
        let okm = DerivedKeys.hkdf(secret: [UInt8](repeating: 0x0b, count: 22), salt: hex("000102030405060708090a0b0c"),
                                   info: hex("f0f1f2f3f4f5f6f7f8f9"), count: 42)
        #expect(okm.withUnsafeBytes { TokenKey.hex($0) }
                == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test func rfc5869CaseA3() {
        let okm = DerivedKeys.hkdf(secret: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [], count: 42)
        #expect(okm.withUnsafeBytes { TokenKey.hex($0) }
                == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }

    @Test func purposesGetDifferentKeys() {
        let secret = [UInt8](repeating: 7, count: 32)
        let reset = DerivedKeys(secret: secret, purpose: .passwordReset)
        let verify = DerivedKeys(secret: secret, purpose: .emailVerification)
        let bytes = { (key: SymmetricKey) in key.withUnsafeBytes { Array($0) } }
        #expect(bytes(reset.mac) != bytes(verify.mac))
        #expect(bytes(reset.mac) != bytes(reset.state))
        #expect(bytes(reset.mac) != secret)
    }

    @Test func lengthPrefixedFieldsNeverRunTogether() {
        var first = LengthPrefixed(), second = LengthPrefixed()
        first.append("ab"); first.append("c")
        second.append("a"); second.append("bc")
        #expect(first.bytes != second.bytes)
        #expect(first.bytes == [0, 0, 0, 2, 0x61, 0x62, 0, 0, 0, 1, 0x63])
        var number = LengthPrefixed()
        number.append(UInt64(42))
        #expect(number.bytes == [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 42])
    }
}
