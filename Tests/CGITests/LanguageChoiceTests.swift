import CGI
import Testing

/// How the endpoint picks a request's language: `lang` > `Accept-Language` > the default.
@Suite struct LanguageChoiceTests {
    static let languages = ["en", "de"]

    func negotiated(_ header: String, _ available: [String] = languages, default defaultLanguage: String = "en") -> String? {
        LanguageChoice.negotiate(header, available: available, defaultLanguage: defaultLanguage)
    }

    @Test func regionalVariantsMatchTheirLanguage() {
        #expect(negotiated("de-CH,de;q=0.9") == "de")
        #expect(negotiated("de-CH") == "de")
        #expect(negotiated("DE-at") == "de")
        #expect(negotiated("de-CH-1996") == "de")
        // A range that is a prefix of a configured tag selects it.
        #expect(negotiated("pt", ["en", "pt-BR"]) == "pt-BR")
        // The configured spelling is returned.
        #expect(negotiated("pt-br", ["en", "pt-BR"]) == "pt-BR")
    }

    @Test func qValuesOrderTheRanges() {
        #expect(negotiated("en;q=0.5, de;q=0.8") == "de")
        #expect(negotiated("fr, en;q=0.2, de;q=0.3") == "de")
        #expect(negotiated("de;q=0.8, en;q=0.8") == "de", "equal q-values keep the header's order")
        #expect(negotiated("de;q=0.001, en;q=0") == "de")
        #expect(negotiated("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5") == "en")
    }

    @Test func zeroRulesALanguageOut() {
        #expect(negotiated("de;q=0") == nil)
        #expect(negotiated("*, en;q=0") == "de")
        #expect(negotiated("de;q=0, *") == "en")
    }

    @Test func starMeansTheDefault() {
        #expect(negotiated("*") == "en")
        #expect(negotiated("*", default: "de") == "de")
        #expect(negotiated("fr, *;q=0.1") == "en")
    }

    @Test func unknownLanguagesFallThrough() {
        #expect(negotiated("fr, it") == nil)
        #expect(LanguageChoice.choose(explicit: nil, acceptLanguage: "fr, it", available: Self.languages, defaultLanguage: "en") == "en")
    }

    @Test func malformedHeadersAreIgnored() {
        #expect(negotiated("") == nil)
        #expect(negotiated(";;;,,,") == nil)
        #expect(negotiated("de;q=2") == nil)
        #expect(negotiated("de;q=1.5") == nil)
        #expect(negotiated("de;q=0.1234") == nil)
        #expect(negotiated("de;q=abc") == nil)
        #expect(negotiated("de;x") == nil)
        #expect(negotiated("d e") == nil)
        #expect(negotiated("deutschland-x") == nil, "a primary subtag is at most 8 letters")
        #expect(negotiated("de_DE") == nil)
        #expect(negotiated("de-") == nil)
        #expect(negotiated("<script>") == nil)
        // One malformed range does not cost the others.
        #expect(negotiated("de;q=zz, de-AT;q=0.5, en;q=0.1") == "de")
        #expect(negotiated("de;q=1.000") == "de")
        #expect(negotiated("de;q=0.") == nil)
        #expect(negotiated(" de ; q=0.5 ") == "de")
        // Over-long headers are not read at all.
        #expect(negotiated(String(repeating: "fr,", count: 200) + "de") == nil)
    }

    @Test func explicitLangWinsWhenConfigured() {
        let choose = { (lang: String?, header: String?) in
            LanguageChoice.choose(explicit: lang, acceptLanguage: header, available: Self.languages, defaultLanguage: "en")
        }
        #expect(choose("de", "en") == "de")
        #expect(choose("DE", nil) == "de")
        #expect(choose("en", "de") == "en")
        // An unconfigured or odd `lang` counts for nothing: the header decides, else the default.
        #expect(choose("fr", "de-CH") == "de")
        #expect(choose("fr", nil) == "en")
        #expect(choose("de-CH", nil) == "en", "lang must name a configured language exactly")
        #expect(choose("", "de") == "de")
        #expect(choose(nil, nil) == "en")
    }

    @Test func theRequestCarriesTheHeader() throws {
        let request = try CGIRequest.parse(environment: ["REQUEST_METHOD": "GET", "PATH_INFO": "/forgot",
                                                         "HTTP_ACCEPT_LANGUAGE": "de-CH,de;q=0.9"]) { _ throws(CGIError) in [] }
        #expect(request.acceptLanguage == "de-CH,de;q=0.9")
    }
}
