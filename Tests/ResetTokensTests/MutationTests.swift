import SeededRandom
import Testing
@testable import ResetTokens

/// Over a million hostile variants of genuine tokens: none may be accepted. Each mutation is
/// deterministic (a fixed-seed generator), so a failure names a reproducible case.
@Suite struct MutationTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    static let otherAccount = AccountState(passwordHash: "scrypt$ln=17,r=8,p=1$b3RoZXI$b3RoZXI", email: "bo@example.com",
                                           source: .local, status: .active)

    /// Genuine tokens: two accounts, every purpose, two signing keys.
    static func genuine() throws -> [(text: String, account: UInt64)] {
        var tokens: [(String, UInt64)] = []
        for key in [Fixture.activeKey, Fixture.olderKey] {
            let generator = Fixture.generator(signingKey: key)
            for purpose in TokenPurpose.allCases {
                tokens.append((try generator.makeToken(accountID: 42, state: Fixture.state, purpose: purpose, lifetime: 3600), 42))
                tokens.append((try generator.makeToken(accountID: 43, state: otherAccount, purpose: purpose, lifetime: 3600), 43))
            }
        }
        return tokens
    }

    /// A variant of `token` by one of the mutation kinds, chosen by `random`.
    static func mutate(_ token: String, with other: String, _ random: inout SeededRandom) -> String {
        var characters = Array(token)
        var bytes = Base64URL.decode(token) ?? []
        switch random.below(9) {
        case 0:  // Flip 1–3 bits of the decoded token and encode it again.
            for _ in 0...random.below(3) {
                let bit = random.below(bytes.count * 8)
                bytes[bit / 8] ^= UInt8(1 << (bit % 8))
            }
            return Base64URL.encode(bytes)
        case 1:  // Substitute 1–4 characters.
            for _ in 0...random.below(4) { characters[random.below(characters.count)] = alphabet[random.below(alphabet.count)] }
            return String(characters)
        case 2:  // Truncate.
            return String(characters.prefix(random.below(characters.count)))
        case 3:  // Splice two genuine tokens (another account, purpose or key) at any point.
            let cut = random.below(characters.count + 1)
            return String(characters.prefix(cut) + Array(other).dropFirst(cut))
        case 4:  // Splice at the byte level, then encode.
            let otherBytes = Base64URL.decode(other) ?? []
            let cut = random.below(bytes.count + 1)
            return Base64URL.encode(Array(bytes.prefix(cut) + otherBytes.dropFirst(cut)))
        case 5:  // Padding, or the standard alphabet.
            let variants = [token + "=", token + "==", token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/"),
                            token + "=" + String(repeating: "=", count: random.below(3))]
            return variants[random.below(variants.count)]
        case 6:  // White space, line breaks or percent-encoding inside.
            let insert = [" ", "\n", "\r\n", "\t", "%2D", "%5F", "\u{0}", "\u{200B}"][random.below(8)]
            characters.insert(contentsOf: insert, at: random.below(characters.count + 1))
            return String(characters)
        case 7:  // Appended or duplicated material.
            return random.below(2) == 0 ? token + String(alphabet[random.below(alphabet.count)]) : token + token
        default:  // Case changes.
            let index = random.below(characters.count)
            let flipped = characters[index].isUppercase ? characters[index].lowercased() : characters[index].uppercased()
            characters.replaceSubrange(index...index, with: Array(flipped))
            return String(characters)
        }
    }

    @Test func aMillionMutationsOfGenuineTokensAreAllRefused() throws {
        let tokens = try Self.genuine()
        let originals = Set(tokens.map(\.text))
        let generator = Fixture.generator(now: Fixture.issuedAt + 60)
        let states: [UInt64: AccountState] = [42: Fixture.state, 43: Self.otherAccount]
        // Genuine tokens pass, so a refusal below is the check working, not a broken fixture.
        for token in tokens {
            let accepted = TokenPurpose.allCases.contains { generator.checkToken(token.text, purpose: $0) { states[$0] }.outcome.isValid }
            #expect(accepted)
        }
        var random = SeededRandom(seed: 20261129)
        var mutations = 0, accepted: [String] = [], refusedAs: [String: Int] = [:]
        while mutations < 1_000_000 {
            let base = tokens[random.below(tokens.count)].text
            let other = tokens[random.below(tokens.count)].text
            let variant = Self.mutate(base, with: other, &random)
            if originals.contains(variant) { continue }  // Not a mutation (e.g. a splice of a token with itself).
            mutations += 1
            let purpose = TokenPurpose.allCases[random.below(TokenPurpose.allCases.count)]
            let outcome = generator.checkToken(variant, purpose: purpose) { states[$0] }.outcome
            if outcome.isValid { accepted.append(variant) } else { refusedAs[outcome.label, default: 0] += 1 }
        }
        #expect(mutations == 1_000_000)
        #expect(accepted.isEmpty, "accepted: \(accepted.prefix(5))")
        // The mutations reach past the decoder: many are refused by the MAC check itself.
        #expect(refusedAs["bad-signature", default: 0] > 100_000, "\(refusedAs)")
        print("1,000,000 token mutations, 0 accepted; refused as \(refusedAs.sorted { $0.key < $1.key })")
    }
}
