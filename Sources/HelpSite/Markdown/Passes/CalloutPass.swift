import CommonMark

extension PageRun {
    /// `> [!NOTE]` quotes become callouts (see `Callout`); an unknown type stays a quotation.
    mutating func transformCallouts(_ quotes: [Node]) {
        for quote in quotes {
            if case .unknown(let name) = Callout.transform(quote, in: document) {
                let known = Callout.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", ")
                report(.warning, "unknown callout type '[!\(name)]' (known: \(known)); shown as a quotation", at: quote)
            }
        }
    }
}
