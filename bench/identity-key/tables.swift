import Foundation

// What IdentityKey (NFKC, then Foundation's case folding) needs, and what the standard library of
// Swift 6.3 offers without Foundation: NFC (String._nfcCodeUnits) and lowercased() (full lowercase
// mapping), but no compatibility decomposition and no case-folding mapping.
func foundationKey(_ s: String) -> String { s.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil) }
func stdlibKey(_ s: String) -> String { String(decoding: s._nfcCodeUnits, as: UTF8.self).lowercased() }

// The tables a Foundation-free key would need, taken from Foundation itself, one scalar at a time.
var decomposition: [Unicode.Scalar: [Unicode.Scalar]] = [:]
var folding: [Unicode.Scalar: [Unicode.Scalar]] = [:]
var assigned: [Unicode.Scalar] = []
var changed = 0, stdlibDiffers = 0
for value in 0...0x10FFFF {
    guard let scalar = Unicode.Scalar(value) else { continue }
    switch scalar.properties.generalCategory { case .unassigned, .surrogate, .privateUse: continue; default: break }
    assigned.append(scalar)
    let text = String(Character(scalar))
    let key = foundationKey(text)
    if key != text || Array(key.unicodeScalars) != [scalar] { changed += 1 }
    if Array(key.utf8) != Array(stdlibKey(text).utf8) { stdlibDiffers += 1 }
    let d = Array(text.decomposedStringWithCompatibilityMapping.unicodeScalars)
    if d != [scalar] { decomposition[scalar] = d }
    let f = Array(text.folding(options: [.caseInsensitive], locale: nil).unicodeScalars)
    if f != [scalar] { folding[scalar] = f }
}
let hangul = decomposition.keys.filter { (0xAC00...0xD7A3).contains($0.value) }.count
func tableKey(_ s: String) -> String {
    var d = String.UnicodeScalarView()
    for u in s.unicodeScalars { if let m = decomposition[u] { d.append(contentsOf: m) } else { d.append(u) } }
    var out = String.UnicodeScalarView()
    for u in String(decoding: String(d)._nfcCodeUnits, as: UTF8.self).unicodeScalars {
        if let m = folding[u] { out.append(contentsOf: m) } else { out.append(u) }
    }
    return String(out)
}
// Random strings of 1–6 scalars drawn from those that decompose or fold and the first 12,288.
let pool = assigned.filter { $0.value < 0x3000 || decomposition[$0] != nil || folding[$0] != nil }
var random = SystemRandomNumberGenerator()
let samples = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 300_000
var tableDiffers = 0, hangulDiffers = 0
for _ in 0..<samples {
    let text = String(String.UnicodeScalarView((0..<Int.random(in: 1...6, using: &random)).map { _ in pool.randomElement(using: &random)! }))
    if Array(foundationKey(text).utf8) != Array(tableKey(text).utf8) {
        tableDiffers += 1
        if text.unicodeScalars.contains(where: { (0x1100...0x11FF).contains($0.value) || (0x3130...0x318F).contains($0.value) || (0xFFA0...0xFFDC).contains($0.value) }) { hangulDiffers += 1 }
    }
}
let singleDiffers = assigned.filter { Array(foundationKey(String(Character($0))).utf8) != Array(tableKey(String(Character($0))).utf8) }.count

let addresses = (0..<20_000).map { "Person.\($0)@Example.ORG" }
func perAddress(_ key: (String) -> String) -> Double {
    var sink = 0
    let start = ContinuousClock.now
    for address in addresses { sink &+= key(address).utf8.count }
    let elapsed = ContinuousClock.now - start
    precondition(sink > 0)
    return Double(elapsed.components.attoseconds) / 1e12 / Double(addresses.count) + Double(elapsed.components.seconds) * 1e6 / Double(addresses.count)
}
_ = perAddress(foundationKey); _ = perAddress(stdlibKey); _ = perAddress(tableKey)
print("| Measure | Value |")
print("|:---|---:|")
print("| assigned scalars (Unicode of Swift 6.3's standard library) | \(assigned.count) |")
print("| scalars whose key differs from the scalar | \(changed) |")
print("| scalars where stdlib NFC + lowercased() differs from the key | \(stdlibDiffers) |")
print("| table: compatibility decompositions (of which Hangul syllables, algorithmic) | \(decomposition.count) (\(hangul)) |")
print("| table: case foldings | \(folding.count) |")
print("| tables + stdlib NFC: single scalars differing from the key | \(singleDiffers) |")
print("| tables + stdlib NFC: random strings (1–6 scalars) differing, of \(samples) | \(tableDiffers) (\(hangulDiffers) with Hangul jamo) |")
print(String(format: "| per ASCII address: Foundation key / stdlib NFC + lowercased / tables [µs] | %.2f / %.2f / %.2f |", perAddress(foundationKey), perAddress(stdlibKey), perAddress(tableKey)))
