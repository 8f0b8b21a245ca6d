import Crypto

/// HMAC-SHA-256 from swift-crypto, in the shapes the token code uses.
enum HMACSHA256 {
    static func code(_ message: [UInt8], key: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// The MAC with an already keyed state.
    static func code(_ message: [UInt8], keyed: HMAC<SHA256>) -> [UInt8] {
        var hmac = keyed
        hmac.update(data: message)
        return Array(hmac.finalize())
    }

    /// Constant-time check (swift-crypto compares without early exit; a wrong length is false).
    static func isValid(_ code: some Collection<UInt8>, for message: [UInt8], key: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(Array(code), authenticating: message, using: key)
    }

    /// Constant-time check with an already keyed state: swift-crypto's MAC comparison (its `==`
    /// with raw bytes compares without early exit), and a wrong length is false.
    static func isValid(_ code: ArraySlice<UInt8>, for message: [UInt8], keyed: HMAC<SHA256>) -> Bool {
        guard code.count == 32 else { return false }
        var hmac = keyed
        hmac.update(data: message)
        return hmac.finalize() == code
    }
}
