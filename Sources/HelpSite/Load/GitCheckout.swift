import ChildProcess

/// The git checkout the content folder is in, as the `git` command tells (so worktrees, a content
/// folder deep inside a bigger repository and git's own configuration all work as in a terminal).
/// Two short runs of git per build at most: `rev-parse`, then one `log` of the whole folder.
public struct GitCheckout: Sendable, Equatable {
    /// The content folder's path from the repository's top, with a trailing `/` (empty at the top).
    var prefix: String
    /// A clone with only part of the history (`git clone --depth`): its dates would be wrong.
    var isShallow: Bool
    /// The commit checked out; nil before the first commit.
    var head: String?

    enum Lookup: Sendable, Equatable {
        /// Not in a git checkout, or git is not installed: no dates, and nothing to say about it.
        case none
        /// git found a checkout but could not read it (`reason`: what git said).
        case unreadable(String)
        case found(GitCheckout)
    }

    static func find(content: String) -> Lookup {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(["git", "-C", content, "rev-parse", "--show-prefix", "--is-shallow-repository", "--verify", "-q", "HEAD"],
                                          input: [], environment: environment, outputLimit: 64 * 1024)
        } catch {
            return .none  // no git
        }
        // 0: found; 1: found, and HEAD has no commit yet; 128: git's fatal errors.
        guard result.status == 0 || result.status == 1 else {
            if result.outputText.contains("not a git repository") { return .none }
            return .unreadable(result.outputText)
        }
        // Untrimmed: a folder's name may begin or end with spaces. At the top the prefix line is empty.
        var lines = String(decoding: result.output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let head = result.status == 0 ? lines.popLast() : nil
        guard let shallow = lines.popLast(), shallow == "true" || shallow == "false" else { return .unreadable(result.outputText) }
        let prefix = lines.first ?? ""
        return .found(GitCheckout(prefix: prefix, isShallow: shallow == "true", head: head))
    }

    enum HistoryError: Error, Sendable {
        case failed(String)
    }

    /// Every file's dates and first author under `content`, from one `git log` of the folder.
    func history(content: String) throws(HistoryError) -> GitHistory {
        guard head != nil else { return GitHistory(files: [:]) }
        // Settings of the user that would change what git prints: signatures, --follow for one path.
        let command = ["git", "-C", content, "-c", "log.showSignature=false", "-c", "log.follow=false"] + GitHistory.logArguments + ["--", "."]
        let result: ChildProcess.Result
        do {
            // Warnings (a rename limit reached) must not get into the NUL-separated output.
            result = try ChildProcess.run(command, input: [], environment: Self.environment, outputLimit: Self.outputLimit, errorsTo: "/dev/null")
        } catch {
            throw .failed(error.reason)
        }
        guard result.status == 0 else { throw .failed("git log exited with status \(result.status)") }
        guard !result.truncated else { throw .failed("git log printed more than \(Self.outputLimit / 1_048_576) MiB") }
        return GitHistory.parse(result.output, prefix: prefix)
    }

    /// ≈ 30 bytes a change: room for tens of millions of changes.
    static let outputLimit = 1 << 30

    /// What git needs to find its configuration (`safe.directory` among it), and English messages.
    static let environment = ChildProcess.environment(
        passing: ["PATH", "HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM",
                  "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"],
        extra: [("LC_ALL", "C")])

    /// The files a commit, a checkout or `git fetch --unshallow` changes, for `helpsite serve` to
    /// watch: the worktree's HEAD, the branch it points at (loose and packed) and `shallow`. Empty
    /// outside a checkout.
    public static func watchedFiles(content: String) -> [String] {
        guard let result = try? ChildProcess.run(["git", "-C", content, "rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir"],
                                                 input: [], environment: environment, outputLimit: 64 * 1024),
              result.status == 0 else { return [] }
        let folders = result.outputText.split(separator: "\n").map(String.init)
        guard folders.count == 2 else { return [] }
        let (gitDirectory, common) = (folders[0], folders[1])
        var files = [gitDirectory + "/HEAD", common + "/packed-refs", common + "/shallow"]
        if let head = try? readUTF8File(gitDirectory + "/HEAD", display: "HEAD"), head.hasPrefix("ref: ") {
            let reference = head.dropFirst(5).prefix { $0 != "\n" && $0 != "\r" }
            if !reference.isEmpty, !reference.contains("..") { files.append(common + "/" + reference) }
        }
        return files
    }
}
