import Diagnostics
import HelpSite
import Settings

/// One rebuild: reads the configuration again (it is watched too) and builds with the render cache.
struct PreviewBuilder: Sendable {
    let options: PreviewOptions
    let cache = RenderCache()

    struct Outcome: Sendable {
        var result: Result<BuildReport, BuildFailure>
        /// The folder written, when the configuration could be read.
        var output: String?
    }

    var configurationFile: String { options.configPath ?? Configuration.defaultFileName }

    /// The configuration file and the folders it names (only the file while it cannot be read),
    /// and with dates from git the files a commit changes (`GitCheckout.watchedFiles`): a commit
    /// changes the dates of the pages it touched.
    func watchedPaths() -> [String] {
        guard let configuration = try? Configuration.load(path: options.configPath) else { return [configurationFile] }
        let content = configuration.resolve(configuration.site.contentDirectory)
        let git = configuration.site.datesFromGit ? GitCheckout.watchedFiles(content: content) : []
        return [configurationFile, content, configuration.resolve(configuration.site.templatesDirectory)] + git
    }

    func build(baseURL: String) async -> Outcome {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: options.configPath)
        } catch {
            return Outcome(result: .failure(BuildFailure(diagnostics: error.diagnostics)), output: nil)
        }
        var build = BuildOptions(configuration: configuration)
        build.baseURL = baseURL
        build.outputDirectory = options.outputDirectory
        build.includeDrafts = options.includeDrafts
        build.brokenLinksAreWarnings = options.brokenLinksAreWarnings
        let output = options.outputDirectory ?? configuration.resolve(configuration.site.outputDirectory)
        do {
            return Outcome(result: .success(try await SiteBuild.run(build, cache: cache)), output: output)
        } catch {
            return Outcome(result: .failure(error), output: output)
        }
    }
}
