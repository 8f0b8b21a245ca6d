/// A token's text read into its fields and MAC, without any key: the only reader of the token's
/// byte layout (docs/token-format.md, "Token bytes"). Nothing here is authenticated yet.
public struct ParsedToken: Sendable {
    public var fields: TokenFields
    /// The whole token's bytes; the MAC is `bytes[TokenFields.macOffset...]`.
    let bytes: [UInt8]

    var mac: ArraySlice<UInt8> { bytes[TokenFields.macOffset...] }

    /// Why a text is not a token of a layout this version knows.
    public enum Refusal: Error, Sendable {
        case malformed, unsupportedVersion

        var outcome: TokenOutcome { self == .malformed ? .malformed : .unsupportedVersion }
    }

    /// Steps 1–6 of verification: size and alphabet before decoding, then version, length and
    /// purpose code.
    public static func parse(_ text: some StringProtocol) -> Result<ParsedToken, Refusal> {
        var text = String(text)
        guard !text.isEmpty, text.utf8.count <= TokenFields.maximumTextLength,
              let bytes = text.withUTF8({ Base64URL.decode(bytes: $0) }) else { return .failure(.malformed) }
        guard let version = bytes.first else { return .failure(.malformed) }
        guard version == TokenFields.version else { return .failure(.unsupportedVersion) }
        guard bytes.count == TokenFields.byteCount, let purpose = TokenPurpose(rawValue: bytes[5]) else {
            return .failure(.malformed)
        }
        let fields = TokenFields(
            keyID: BigEndian.uint32(bytes[1..<5]), purpose: purpose,
            issuedAt: BigEndian.uint64(bytes[6..<14]), expiresAt: BigEndian.uint64(bytes[14..<22]),
            accountID: BigEndian.uint64(bytes[22..<30]),
            nonce: Array(bytes[30..<46]), stateTag: Array(bytes[46..<62]))
        return .success(ParsedToken(fields: fields, bytes: bytes))
    }

    /// The fields of a well-formed token, unauthenticated: for naming a token we made ourselves
    /// (its nonce in the audit log), never for deciding anything.
    public static func unauthenticatedFields(_ text: some StringProtocol) -> TokenFields? {
        try? parse(text).get().fields
    }
}
