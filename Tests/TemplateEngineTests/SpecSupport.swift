import Foundation
import Testing
import TemplateEngine

/// One test of the Mustache spec's JSON files.
struct SpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let template: String
    let data: TemplateValue
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file): \(name)" }

    /// Every test of `Fixtures/mustache-spec/<file>.json`, read from the source tree.
    static func load(_ file: String) -> [SpecCase] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mustache-spec/\(file).json")
        do {
            let spec = try JSONDecoder().decode(SpecFile.self, from: Data(contentsOf: url))
            return spec.tests.map {
                SpecCase(file: file, name: $0.name, template: $0.template, data: $0.data.value,
                         partials: $0.partials ?? [:], expected: $0.expected)
            }
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }

    /// The template rendered as the spec asks, or the parse error's diagnostic.
    func render() -> String {
        do {
            var library = TemplateLibrary()
            for (name, source) in partials { library[name] = try Template(source: source, file: name) }
            return try Template(source: template, file: name).render(data, partials: library)
        } catch {
            return "\(error)"
        }
    }
}

private struct SpecFile: Decodable {
    struct Test: Decodable {
        let name: String
        let template: String
        let data: JSONValue
        let partials: [String: String]?
        let expected: String
    }
    let tests: [Test]
}

/// JSON decoded into the engine's value type (key order is not kept: the spec does not need it).
private struct JSONValue: Decodable {
    let value: TemplateValue

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var result = TemplateObject()
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                result[key.stringValue] = try object.decode(JSONValue.self, forKey: key).value
            }
            value = .object(result)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [TemplateValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self).value) }
            value = .list(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let flag = try? single.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? single.decode(Int.self) {
            value = .int(number)
        } else if let number = try? single.decode(Double.self) {
            value = .double(number)
        } else {
            value = .string(try single.decode(String.self))
        }
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
