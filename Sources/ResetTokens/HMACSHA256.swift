import Crypto

/// HMAC-SHA-256 from swift-crypto, in the shapes the token code uses.
enum HMACSHA256 {
    static func code(_ message: [UInt8], key: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// Constant-time check (swift-crypto compares without early exit; a wrong length is false).
    static func isValid(_ code: some Collection<UInt8>, for message: [UInt8], key: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(Array(code), authenticating: message, using: key)
    }
}
