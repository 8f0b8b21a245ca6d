import Foundation
import Testing

/// Every `--help` screen of `resetlink` and `helpsite`, found from the tools' own command tree
/// (`--experimental-dump-help`), reads cleanly at 80 columns.
@Suite struct HelpScreenTests {
    static let width = 80

    static func product(_ name: String) -> String {
        URL(fileURLWithPath: ResetlinkCommandTests.executable).deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> ResetlinkCommandTests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: product(tool))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "\(width)"
        environment["LINES"] = "24"
        environment["GATEWAY_INTERFACE"] = nil
        process.environment = environment
        return try ResetlinkCommandTests.capture(process)
    }

    /// One command of the tree, as `--experimental-dump-help` describes it.
    struct Command {
        var path: [String]
        var info: [String: Any]
    }

    static func commands(_ tool: String) throws -> [Command] {
        let dump = try run(tool, ["--experimental-dump-help"])
        try #require(dump.status == 0, "\(tool) --experimental-dump-help: \(dump.err)")
        let root = try #require((try JSONSerialization.jsonObject(with: Data(dump.out.utf8)) as? [String: Any])?["command"] as? [String: Any])
        var found: [Command] = []
        func walk(_ info: [String: Any], _ path: [String]) {
            found.append(Command(path: path, info: info))
            for sub in info["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = sub["commandName"] as? String else { continue }
                walk(sub, path + [name])
            }
        }
        walk(root, [])
        return found
    }

    @Test(arguments: ["resetlink", "helpsite"])
    func everyHelpScreenFitsAndSaysSomething(tool: String) throws {
        let commands = try Self.commands(tool)
        // The tree is read from the tool, not listed here: make sure it was.
        let paths = Set(commands.map { $0.path.joined(separator: " ") })
        #expect(commands.count >= (tool == "resetlink" ? 20 : 4), "\(paths.sorted())")
        if tool == "resetlink" {
            #expect(paths.isSuperset(of: ["", "verify", "keys rotate", "accounts check-password", "admin reset", "cgi"]))
        } else {
            #expect(paths.isSuperset(of: ["", "build", "check", "serve"]))
        }

        for command in commands {
            let name = ([tool] + command.path).joined(separator: " ")
            let help = try Self.run(tool, command.path + ["--help"])
            // verify, complete and auth exit 0 only for a valid token, a changed password or an
            // accepted one, help included.
            let expected: Int32 = tool == "resetlink" && ["verify", "complete", "auth"].contains(command.path.first ?? "") ? 64 : 0
            #expect(help.status == expected, "\(name) --help: \(help.err)")
            #expect(help.out.contains("USAGE: "), "\(name) --help printed no help:\n\(help.out.prefix(300))")
            let lines = help.out.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines {
                #expect(line.count <= Self.width, "\(name) --help: a line of \(line.count) characters: \(line)")
                // An option or value listed without a description ends in its label or a bare hyphen.
                #expect(!line.hasSuffix(" -") && !line.hasSuffix("- "), "\(name) --help: an empty description: \(line)")
            }
            Self.expectProseWrapsCleanly(help.out, name)
            // ArgumentParser's own `help` command: `help --help` shows the root's help, not its
            // (undescribed) arguments.
            if command.path != ["help"] { Self.expectDescribedArguments(command.info, name) }
        }
    }

    /// The overview and discussion (everything before `USAGE:`) are wrapped paragraphs: no line
    /// ends where the next line's first word would still have fitted (a hard line break in the
    /// middle of a sentence, re-wrapped by ArgumentParser).
    static func expectProseWrapsCleanly(_ help: String, _ name: String) {
        let prose = help.components(separatedBy: "\nUSAGE: ").first ?? ""
        let lines = prose.split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
            let indent = next.prefix { $0 == " " }.count
            let firstWord = next.dropFirst(indent).prefix { $0 != " " }
            // ArgumentParser breaks lines at a space within the first `width` characters.
            #expect(line.count + 1 + firstWord.count >= width, "\(name) --help breaks a sentence early: \(line) ⏎ \(next)")
        }
    }

    /// Every argument and option has a description; an option with listed values describes each
    /// and shows a default that is one of them (not a raw value such as `1`).
    static func expectDescribedArguments(_ info: [String: Any], _ name: String) {
        if let discussion = info["discussion"] as? String {
            // Paragraphs only: ArgumentParser wraps them; a single line break would be re-wrapped.
            let singleBreaks = discussion.replacingOccurrences(of: "\n\n", with: "").filter { $0 == "\n" }.count
            #expect(singleBreaks == 0, "\(name): the discussion has hard line breaks: \(discussion)")
        }
        for argument in info["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
            let label = (argument["valueName"] as? String) ?? "?"
            let abstract = (argument["abstract"] as? String) ?? ""
            #expect(!abstract.trimmingCharacters(in: .whitespaces).isEmpty, "\(name): <\(label)> has no description")
            let values = argument["allValues"] as? [String] ?? []
            if let value = argument["defaultValue"] as? String, !values.isEmpty {
                #expect(values.contains(value), "\(name): <\(label)> shows the default \(value), not one of \(values)")
            }
            if let descriptions = argument["allValueDescriptions"] as? [String: String] {
                for value in values {
                    #expect(!(descriptions[value] ?? "").isEmpty, "\(name): <\(label)> value \(value) has no description")
                }
            }
        }
    }

    @Test func purposeShowsItsLabelsAndDefault() throws {
        for command in [["issue"], ["verify"]] {
            let help = try Self.run("resetlink", command + ["--help"]).out
            let flat = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("(values: password-reset, email-verification; default: password-reset)"), "\(help)")
            #expect(!help.contains("(default: 1)"))
        }
        let verify = try Self.run("resetlink", ["verify", "--help"]).out
        #expect(verify.contains("USAGE: resetlink verify [<options>] -- <token-or-link>\n       resetlink verify --stdin [<options>]\n"))
        let flat = verify.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Scripts must give the text after -- (resetlink verify [options] -- \"$TEXT\") or on standard input with --stdin"))
        #expect(flat.contains("Exit status: 0 valid, 10 malformed, 11 unsupported-version, 12 unknown-key, 13 key-retired, "
            + "14 bad-signature, 15 wrong-purpose, 16 expired, 17 not-yet-valid, 18 account-not-eligible, 19 account-state-changed;"))
    }
}
