import Diagnostics
import ResetFlow
import Settings

extension DeploymentCheck {
    /// reset.directory, when set: the secret file private to this user, and resetlink-directory
    /// present and runnable. (Whether the directory answers is for a real reset to find out: a
    /// check must not bind with the secret from every machine it runs on.)
    func directory() -> Part? {
        guard let directory = configuration.reset.directory else { return nil }
        let program = DirectoryProgram.path(directory)
        let problems = [
            DirectoryFileCheck.secretProblem(configuration.resolve(directory.secretFile)),
            DirectoryFileCheck.programProblem(program),
        ].compactMap { $0 }.map { Diagnostic.error($0, at: configurationLocation) }
        let served = directory.servedNames.joined(separator: ", ")
        return Part(problems: problems, summary: "directory: \(directory.url) (\(directory.kind.rawValue)) for \(served), through \(program)")
    }
}
