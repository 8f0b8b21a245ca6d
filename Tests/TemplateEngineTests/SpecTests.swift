import Testing
import TemplateEngine

/// The official Mustache spec (Fixtures/mustache-spec), one parameterised test per module.
@Suite struct SpecTests {
    @Test(arguments: SpecCase.load("comments")) func comments(_ test: SpecCase) { #expect(test.render() == test.expected) }
    @Test(arguments: SpecCase.load("delimiters")) func delimiters(_ test: SpecCase) { #expect(test.render() == test.expected) }
    @Test(arguments: SpecCase.load("interpolation")) func interpolation(_ test: SpecCase) { #expect(test.render() == test.expected) }
    @Test(arguments: SpecCase.load("inverted")) func inverted(_ test: SpecCase) { #expect(test.render() == test.expected) }
    @Test(arguments: SpecCase.load("partials")) func partials(_ test: SpecCase) { #expect(test.render() == test.expected) }
    @Test(arguments: SpecCase.load("sections")) func sections(_ test: SpecCase) { #expect(test.render() == test.expected) }
    @Test(arguments: SpecCase.load("~inheritance")) func inheritance(_ test: SpecCase) { #expect(test.render() == test.expected) }
}
