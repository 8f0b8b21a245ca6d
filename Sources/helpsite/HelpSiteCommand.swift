import ArgumentParser
import Diagnostics
import HelpSite
import Settings

#if canImport(Glibc)
import Glibc
#endif

@main
struct HelpSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpsite",
        abstract: "Build the password-help guide from Markdown into a static site.",
        discussion: """
            Reads resetkit.yaml (or --config), renders content/ through Templates/ into public/, and \
            checks every link on the way. Problems are printed as file:line:column: error: message.

            Exit status: 0 on success, 1 when the build found errors (or warnings, with --strict).
            """,
        subcommands: [Build.self, Check.self, Serve.self],
        defaultSubcommand: Build.self
    )
}

struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Publish under this URL instead of site.base_url (sitemap, canonical links).", valueName: "url"))
    var baseURL: String?

    @Flag(name: .long, help: "Include pages marked draft: true.")
    var drafts = false

    @Flag(name: .long, help: "Print how long each build step took.")
    var timings = false

    @Option(name: .long, help: ArgumentHelp("Whether broken links, anchors and media are errors (the default) or warnings.", valueName: "error|warn"))
    var links: LinkSeverity = .error

    @Flag(name: .long, help: "Print only the summary, not each warning.")
    var quiet = false

    enum LinkSeverity: String, ExpressibleByArgument { case error, warn }

    func buildOptions() throws(ExitCode) -> BuildOptions {
        do {
            var options = BuildOptions(configuration: try Configuration.load(path: config))
            options.baseURL = baseURL
            options.includeDrafts = drafts
            options.brokenLinksAreWarnings = links == .warn
            return options
        } catch {
            Report.diagnostics(error.diagnostics)
            Report.line(toStandardError: true, "error: the configuration has \(error.errorCount == 1 ? "1 error" : "\(error.errorCount) errors")")
            throw ExitCode.failure
        }
    }
}

extension HelpSiteCommand {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the site into the output folder (public/ by default), replacing it only when the build succeeds.",
            usage: "helpsite build [<options>]")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: ArgumentHelp("Write the site here instead of site.output.", valueName: "folder"))
        var output: String?

        @Flag(name: .long, help: "Treat warnings as errors: exit 1 and leave the output folder as it was.")
        var strict = false

        func run() async throws {
            var options = try common.buildOptions()
            options.outputDirectory = output
            try await Report.run(options, strict: strict, timings: common.timings, quiet: common.quiet)
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build and check everything without writing anything; warnings count as errors.",
            usage: "helpsite check [<options>]")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            var options = try common.buildOptions()
            options.writesOutput = false
            try await Report.run(options, strict: true, timings: common.timings, quiet: common.quiet)
        }
    }
}

/// Prints results the way compilers do, plus GitHub Actions annotations when running there.
enum Report {
    static let annotateForGitHub = getenv("GITHUB_ACTIONS").map { String(cString: $0) == "true" } ?? false

    static func run(_ options: BuildOptions, strict: Bool, timings: Bool, quiet: Bool) async throws(ExitCode) {
        do {
            let report = try await SiteBuild.run(options, strict: strict)
            if !quiet { diagnostics(report.warnings) }
            if timings { printTimings(report.steps) }
            line(toStandardError: false, report.summary)
        } catch {
            diagnostics(error.diagnostics)
            line(toStandardError: true, "error: \(error.summary)")
            throw ExitCode.failure
        }
    }

    static func diagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            line(toStandardError: true, diagnostic.formatted)
            if annotateForGitHub { line(toStandardError: false, diagnostic.githubAnnotation) }
        }
    }

    static func printTimings(_ steps: [StepTiming]) {
        for step in steps {
            let padded = step.name.padding(toLength: 14)
            line(toStandardError: false, "  \(padded) \(Int(step.milliseconds.rounded())) ms")
        }
    }

    static func line(toStandardError: Bool, _ text: String) {
        let bytes = Array((text + "\n").utf8)
        let descriptor = toStandardError ? STDERR_FILENO : STDOUT_FILENO
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
