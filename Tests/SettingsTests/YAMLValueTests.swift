import Diagnostics
import Testing
import TypedYAML

@Suite struct YAMLValueTests {
    /// The value of `key` in a one-level mapping parsed from `text`.
    func value(_ key: String, in text: String, file: String = "f.yaml", firstLine: Int = 1) throws -> YAMLValue {
        let root = try #require(try YAMLValue.parse(text, file: file, firstLine: firstLine))
        let mapping = try root.mapping("the test", knownKeys: [key])
        return try #require(mapping[key])
    }

    /// The message a throwing read gives, formatted.
    func failure(_ read: () throws -> Any) -> String {
        do {
            let result = try read()
            return "no error: \(result)"
        } catch let error as Diagnostic {
            return error.formatted
        } catch {
            return "unexpected error: \(error)"
        }
    }

    @Test(arguments: ["", "\n", "# comment\n"])
    func emptyDocumentIsNil(text: String) throws {
        #expect(try YAMLValue.parse(text, file: "f.yaml") == nil)
    }

    @Test func nullDocument() throws {
        let value = try #require(try YAMLValue.parse("~\n", file: "f.yaml"))
        #expect(value.isNull)
        #expect(try #require(try YAMLValue.parse("x\n", file: "f.yaml")).isNull == false)
    }

    @Test func location() throws {
        let v = try value("key", in: "# c\n\nkey:   [1, 2]\n")
        #expect(v.location == SourceLocation(file: "f.yaml", line: 3, column: 8))
        #expect(v.error("bad").formatted == "f.yaml:3:8: error: bad")
    }

    // MARK: int

    @Test(arguments: [("42", 42), ("-7", -7), ("0x1F", 31), ("1_000", 1000)])
    func int(text: String, expected: Int) throws {
        #expect(try value("n", in: "n: \(text)\n").int("n") == expected)
    }

    @Test func intRefusesOtherKinds() throws {
        #expect(failure { try value("n", in: "n: 4.5\n").int("the count") }
            == "f.yaml:1:4: error: the count must be a whole number, not the number 4.5")
        #expect(failure { try value("n", in: "n: '42'\n").int("the count") }
            == "f.yaml:1:4: error: the count must be a whole number, not '42'")
        #expect(failure { try value("n", in: "n: yes\n").int("the count") }
            == "f.yaml:1:4: error: the count must be a whole number, not the boolean 'yes'")
        #expect(failure { try value("n", in: "n: [1]\n").int("the count") }
            == "f.yaml:1:4: error: the count must be a whole number, not a list")
    }

    // MARK: bool

    @Test(arguments: [("true", true), ("false", false), ("True", true), ("yes", true), ("no", false), ("on", true), ("OFF", false)])
    func bool(text: String, expected: Bool) throws {
        #expect(try value("b", in: "b: \(text)\n").bool("b") == expected)
    }

    @Test func boolRefusesOtherKinds() throws {
        #expect(failure { try value("b", in: "b: maybe\n").bool("the flag") }
            == "f.yaml:1:4: error: the flag must be true or false, not 'maybe'")
        #expect(failure { try value("b", in: "b: 1\n").bool("the flag") }
            == "f.yaml:1:4: error: the flag must be true or false, not the number 1")
        #expect(failure { try value("b", in: "b: 'true'\n").bool("the flag") }
            == "f.yaml:1:4: error: the flag must be true or false, not 'true'")
        #expect(failure { try value("b", in: "b: {x: 1}\n").bool("the flag") }
            == "f.yaml:1:4: error: the flag must be true or false, not a mapping")
    }

    // MARK: string

    @Test(arguments: [
        ("plain text", "plain text"), ("'quoted: yes'", "quoted: yes"), ("\"a\\tb\"", "a\tb"),
        ("2026", "2026"), ("1.50", "1.50"), ("0x1F", "0x1F"), ("'yes'", "yes"), ("!!str true", "true"),
        ("é 😀", "é 😀"),
    ])
    func string(text: String, expected: String) throws {
        #expect(try value("s", in: "s: \(text)\n").string("s") == expected)
    }

    /// `isNull` and `string` tell null and booleans apart without classifying the whole scalar;
    /// they must agree with the full classification the other readers' messages use.
    @Test(arguments: ["~", "null", "NULL", "Null", "nul", "yes", "No", "oN", "ON", "off", "y", "2026-05-15", "1_000", "0x1F",
                      ".inf", "-.Inf", "1e3", "1.5", "'yes'", "'~'", "\"null\"", "!!str no", "text", "12:30"])
    func nullAndBooleanChecksAgreeWithTheFullClassification(text: String) throws {
        let item = try value("k", in: "k: [\(text)]\n").list("the list")[0]
        let full = failure { try item.int("it") }
        let asText = failure { try item.string("it") }
        #expect(item.isNull == full.hasSuffix("not an empty value"), "\(full)")
        #expect(asText.hasSuffix("not an empty value") == item.isNull, "\(asText)")
        #expect(asText.hasSuffix("(quote it)") == full.contains("not the boolean"), "\(asText) / \(full)")
        let field = try #require(try YAMLValue.parse("k: \(text)\n", file: "f.yaml")).mapping("the test", knownKeys: ["k"])["k"]
        #expect((field == nil) == item.isNull)
    }

    @Test func blockScalar() throws {
        #expect(try value("s", in: "s: |\n  one\n  two\n").string("s") == "one\ntwo\n")
    }

    @Test func stringRefusesBooleansNullAndCollections() throws {
        #expect(failure { try value("s", in: "s: yes\n").string("the name") }
            == "f.yaml:1:4: error: the name must be text, not the boolean 'yes' (quote it)")
        #expect(failure { try value("s", in: "s: False\n").string("the name") }
            == "f.yaml:1:4: error: the name must be text, not the boolean 'False' (quote it)")
        #expect(failure { try value("s", in: "s: [a]\n").string("the name") }
            == "f.yaml:1:4: error: the name must be text, not a list")
        #expect(failure { try value("s", in: "s: {a: b}\n").string("the name") }
            == "f.yaml:1:4: error: the name must be text, not a mapping")
        let null = try #require(try YAMLValue.parse("null\n", file: "f.yaml"))
        #expect(failure { try null.string("the name") } == "f.yaml:1:1: error: the name must be text, not an empty value")
    }

    // MARK: lists

    @Test func stringList() throws {
        #expect(try value("l", in: "l: [a, 2, 'yes', \"d e\"]\n").stringList("the list") == ["a", "2", "yes", "d e"])
        #expect(try value("l", in: "l:\n  - x\n  - y\n").stringList("the list") == ["x", "y"])
        #expect(try value("l", in: "l: []\n").stringList("the list") == [])
    }

    @Test func stringListErrors() throws {
        #expect(failure { try value("l", in: "l: a\n").stringList("the list") }
            == "f.yaml:1:4: error: the list must be a list, not 'a'")
        #expect(failure { try value("l", in: "l:\n  - a\n  - [b]\n").stringList("the list") }
            == "f.yaml:3:5: error: each entry of the list must be text, not a list")
        #expect(failure { try value("l", in: "l: [a, no]\n").stringList("the list") }
            == "f.yaml:1:8: error: each entry of the list must be text, not the boolean 'no' (quote it)")
    }

    @Test func listKeepsPositions() throws {
        let items = try value("l", in: "l:\n  - a\n  -   b\n").list("the list")
        #expect(items.map(\.location) == [
            SourceLocation(file: "f.yaml", line: 2, column: 5),
            SourceLocation(file: "f.yaml", line: 3, column: 7),
        ])
    }

    // MARK: mappings

    @Test func mappingReadsKnownKeys() throws {
        let root = try #require(try YAMLValue.parse("a: 1\nb: two\nc:\n", file: "f.yaml"))
        let mapping = try root.mapping("the map", knownKeys: ["a", "b", "c", "d"])
        #expect(mapping.problems.isEmpty)
        #expect(try mapping["a"]?.int("a") == 1)
        #expect(try mapping["b"]?.string("b") == "two")
        #expect(mapping["c"] == nil)  // explicitly empty
        #expect(mapping["d"] == nil)  // absent
        #expect(mapping.value.location == SourceLocation(file: "f.yaml", line: 1, column: 1))
    }

    @Test func mappingCollectsUnknownKeysAsProblems() throws {
        let root = try #require(try YAMLValue.parse("a: 1\nzz: 2\nb: 3\nyy: 4\n", file: "f.yaml"))
        let mapping = try root.mapping("the map", knownKeys: ["a", "b"])
        #expect(mapping.problems.map(\.formatted) == [
            "f.yaml:2:1: error: unknown key 'zz' in the map (known keys: a, b)",
            "f.yaml:4:1: error: unknown key 'yy' in the map (known keys: a, b)",
        ])
        // Known keys are still read.
        #expect(try mapping["b"]?.int("b") == 3)
    }

    @Test func mappingReportsKeysThatAreNotText() throws {
        let root = try #require(try YAMLValue.parse("? [a]\n: b\nc: d\n", file: "f.yaml"))
        let mapping = try root.mapping("the map", knownKeys: ["c"])
        #expect(mapping.problems.map(\.formatted) == ["f.yaml:1:3: error: keys in the map must be plain text"])
        #expect(try mapping["c"]?.string("c") == "d")
    }

    @Test func mappingReportsKeysThatRepeatAsText() throws {
        // 1 and '1' are different YAML nodes (an int and a string), so Yams lets them through.
        let root = try #require(try YAMLValue.parse("1: a\n'1': b\n", file: "f.yaml"))
        let mapping = try root.mapping("the map", knownKeys: ["1"])
        #expect(mapping.problems.map(\.formatted) == ["f.yaml:2:1: error: duplicate key '1' in the map (first given on line 1)"])
        #expect(try mapping["1"]?.string("1") == "a")
    }

    @Test func mappingOfSomethingElseThrows() throws {
        let root = try #require(try YAMLValue.parse("- a\n", file: "f.yaml"))
        let error = try #require(throws: DiagnosticsError.self) { try root.mapping("the map", knownKeys: []) }
        #expect(error.diagnostics.map(\.formatted) == ["f.yaml:1:1: error: the map must be a mapping of keys to values, not a list"])
    }

    // MARK: Line offsets (front matter starts on line 2 of a page)

    @Test func firstLineShiftsReportedLines() throws {
        let text = "title: Hello\ntags: yes\n"
        let v = try value("tags", in: text, file: "content/page.md", firstLine: 2)
        #expect(v.location == SourceLocation(file: "content/page.md", line: 3, column: 7))
        #expect(failure { try v.stringList("tags") } == "content/page.md:3:7: error: tags must be a list, not the boolean 'yes'")
        // Without the offset, the same text reports line 2.
        #expect(try value("tags", in: text).location.line == 2)
    }

    @Test func firstLineShiftsUnknownKeys() throws {
        let root = try #require(try YAMLValue.parse("title: a\nbogus: b\n", file: "p.md", firstLine: 5))
        let mapping = try root.mapping("the front matter", knownKeys: ["title"])
        #expect(mapping.problems.map(\.formatted) == ["p.md:6:1: error: unknown key 'bogus' in the front matter (known keys: title)"])
    }

    @Test func firstLineShiftsSyntaxErrors() {
        #expect(failure { try YAMLValue.parse("a: 1\nb: [1\n", file: "p.md", firstLine: 2) as Any }
            == "p.md:4:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 3)")
        #expect(failure { try YAMLValue.parse("a: 1\nb: [1\n", file: "p.md") as Any }
            == "p.md:3:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 2)")
    }

    @Test func firstLineShiftsDuplicateKeys() throws {
        let value = try #require(try YAMLValue.parse("a: 1\na: 2\n", file: "p.md", firstLine: 2))
        #expect(try value.mapping("front matter", knownKeys: ["a"]).problems.map(\.formatted)
            == ["p.md:3:1: error: duplicate key 'a' in front matter (first given on line 2)"])
    }
}
