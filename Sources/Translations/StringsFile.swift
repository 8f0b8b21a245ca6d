import Diagnostics
import TemplateEngine
import TypedYAML

/// One language's `strings/<lang>.yaml`, flattened: nested mappings become dotted keys
/// (`guide.on_this_page`), each with the place it was written, in file order.
struct StringsFile: Sendable {
    enum Value: Sendable, Equatable {
        case text(String)
        /// `{one: …, other: …}`: CLDR plural categories in file order.
        case plural([(category: String, text: String)])
        /// A list of texts (`dates.months`); not offered to templates.
        case list([String])

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.text(let a), .text(let b)): a == b
            case (.plural(let a), .plural(let b)): a.map(\.category) == b.map(\.category) && a.map(\.text) == b.map(\.text)
            case (.list(let a), .list(let b)): a == b
            default: false
            }
        }

        var kind: String {
            switch self {
            case .text: "a text"
            case .plural: "a plural ({one: …, other: …})"
            case .list: "a list"
            }
        }
    }

    struct Entry: Sendable {
        var key: String
        var value: Value
        /// Where the key is written (the check's errors point here).
        var location: SourceLocation
    }

    let language: String
    /// The file as diagnostics name it (`Templates/strings/de.yaml`, `(built-in)/strings/de.yaml`).
    let file: String
    let builtIn: Bool
    let entries: [Entry]
    /// Every section's key location (`guide` → its line): where a missing key of that section is reported.
    let sections: [String: SourceLocation]

    /// CLDR's plural category names: a mapping whose keys are all among them, with `other`, is a plural.
    static let pluralCategories: Set<String> = ["zero", "one", "two", "few", "many", "other"]

    static func parse(_ text: String, language: String, file: String, builtIn: Bool) throws(DiagnosticsError) -> StringsFile {
        let root: YAMLValue?
        do { root = try YAMLValue.parse(text, file: file) } catch { throw DiagnosticsError([error]) }
        var reader = Reader()
        if let root, !root.isNull { reader.read(root, prefix: "") }
        // Each text must be a Mustache fragment: reported here, at the string, not at every tag using it.
        // The built-in files passed this when the binary was tested (RepositoryTemplatesTests reads them from Templates/), and
        // resetlink reads one for every request: they are not parsed twice.
        for entry in reader.entries where !builtIn {
            let texts: [(String, String)] = switch entry.value {
            case .text(let text): [(entry.key, text)]
            case .plural(let forms): forms.map { (entry.key + "." + $0.category, $0.text) }
            case .list: []
            }
            for (key, text) in texts {
                do throws(TemplateParseError) {
                    _ = try Template(source: text, file: file)
                } catch {
                    reader.problems.append(.error("the string '\(key)' is not a valid Mustache fragment: \(error.message)", at: entry.location))
                }
            }
        }
        if !reader.problems.isEmpty { throw DiagnosticsError(reader.problems) }
        return StringsFile(language: language, file: file, builtIn: builtIn, entries: reader.entries, sections: reader.sections)
    }

    private struct Reader {
        var entries: [Entry] = []
        var sections: [String: SourceLocation] = [:]
        var problems: [Diagnostic] = []

        mutating func read(_ value: YAMLValue, prefix: String) {
            let pairs: [(key: String, keyLocation: SourceLocation, value: YAMLValue)]
            do throws(Diagnostic) {
                pairs = try value.entries(prefix.isEmpty ? "a strings file" : "'\(prefix)'")
            } catch {
                problems.append(error)
                return
            }
            for (name, location, child) in pairs {
                let key = prefix.isEmpty ? name : prefix + "." + name
                guard !name.isEmpty, !name.contains(".") else {
                    problems.append(.error("'\(name)' is not a usable key: nest mappings instead of writing dots", at: location))
                    continue
                }
                if child.isNull {
                    // `print:` with nothing under it: an empty section (another owner's, not yet filled).
                    sections[key] = location
                    continue
                }
                do throws(Diagnostic) {
                    if let forms = try Self.plural(child, key: key) {
                        entries.append(Entry(key: key, value: .plural(forms), location: location))
                    } else if child.isList {
                        var texts: [String] = []
                        for item in try child.list(key) { texts.append(try item.string("each entry of '\(key)'")) }
                        entries.append(Entry(key: key, value: .list(texts), location: location))
                    } else if child.isMapping {
                        sections[key] = location
                        read(child, prefix: key)
                    } else {
                        entries.append(Entry(key: key, value: .text(try child.string("the string '\(key)'")), location: location))
                    }
                } catch {
                    problems.append(error)
                }
            }
        }

        /// The forms of a plural, or nil when `value` is not one.
        static func plural(_ value: YAMLValue, key: String) throws(Diagnostic) -> [(category: String, text: String)]? {
            guard value.isMapping, let pairs = try? value.entries(key), !pairs.isEmpty,
                  pairs.allSatisfy({ StringsFile.pluralCategories.contains($0.key) }) else { return nil }
            guard pairs.contains(where: { $0.key == "other" }) else {
                throw value.error("the plural '\(key)' needs an 'other' form (used for every count no other form covers)")
            }
            var forms: [(category: String, text: String)] = []
            for (category, _, form) in pairs { forms.append((category, try form.string("the '\(category)' form of '\(key)'"))) }
            return forms
        }
    }
}
