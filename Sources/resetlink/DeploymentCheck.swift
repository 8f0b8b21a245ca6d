import AccountStore
import Diagnostics
import Keyring
import ResetFlow
import ResetTemplates
import Settings
import Translations
import SQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `resetlink check` looks at once the configuration has loaded: each part returns its
/// problems (all of them, never only the first) and, when it has none, a few words for the summary.
struct DeploymentCheck {
    let configuration: Configuration
    let keyringPath: String
    let databasePath: String

    struct Part {
        var problems: [Diagnostic] = []
        var summary = ""
    }

    var parts: [Part] { [templates(), keyring(), database(), mail()] + [hooks(), directory()].compactMap { $0 } }

    /// Every language's strings (each key in every language, at file:line), and every template
    /// resetlink renders, built in or overridden, parsed with each language's strings and checked
    /// against its type.
    func templates() -> Part {
        let overrides = configuration.templateOverrides
        let names = Set(TemplateGroup.allCases.flatMap(\.files))
        var problems = overrides.map { Self.unusedOverrides(in: $0, names: names) } ?? []
        let languages = configuration.endpointLanguages
        do {
            let translations = try ResetStrings.checkAll(languages: languages, defaultLanguage: configuration.site.language, overrides: overrides)
            for language in languages {
                do {
                    _ = try ResetTemplateLoader.load(TemplateGroup.allCases, overrides: overrides,
                                                     strings: translations[language].templateStrings, checkBuiltIn: true)
                } catch {
                    problems += error.problems
                }
            }
        } catch {
            problems += error.problems
        }
        if !problems.isEmpty { return Part(problems: Array(Set(problems)).sorted()) }
        let inLanguages = languages.count > 1 ? "; languages: " + languages.joined(separator: ", ") : ""
        guard let overrides else { return Part(summary: "templates: \(names.count) built in" + inLanguages) }
        let overridden = names.filter { FileStatus(overrides + "/" + $0 + ".mustache") != nil }.count
        return Part(summary: "templates: \(names.count), \(overridden) of them from \(overrides)" + inLanguages)
    }

    /// A file in the override folder's `endpoint/`, `admin/` or `mail/` that resetlink never reads
    /// (a misspelt name would otherwise be ignored silently). Other folders may hold the guide's
    /// templates when site.templates is the repository's `Templates/`.
    static func unusedOverrides(in folder: String, names: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for sub in ["endpoint", "admin", "mail"] {
            for file in directoryEntries(folder + "/" + sub) where file.hasSuffix(".mustache") {
                let name = sub + "/" + file.dropLast(".mustache".count)
                guard !names.contains(name) else { continue }
                let known = names.filter { $0.hasPrefix(sub + "/") }.sorted().map { $0.dropFirst(sub.count + 1) + ".mustache" }
                problems.append(.error("resetlink does not use this template: the files it reads in \(sub)/ are \(known.joined(separator: ", "))",
                                       at: SourceLocation(file: folder + "/" + name + ".mustache")))
            }
        }
        return problems
    }

    /// The names in a folder (none if it cannot be read).
    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The keyring: present, owned by the user running resetlink, mode 0600, readable, with a key
    /// to sign new links with.
    func keyring() -> Part {
        let path = keyringPath
        guard let status = FileStatus(path) else {
            return Part(problems: [.error("the keyring does not exist (create it with resetlink keys new)", at: SourceLocation(file: path))])
        }
        // Its mode (0600, nothing for group or others) is Keyring.load's own rule, reported below.
        var problems: [Diagnostic] = []
        if status.owner != geteuid() {
            problems.append(.error("the keyring belongs to uid \(status.owner), not to the user running this check (uid \(geteuid())); "
                                   + "run resetlink check as the user the web server runs resetlink as, and give that user the keyring",
                                   at: SourceLocation(file: path)))
        }
        do {
            let keyring = try Keyring.load(path: path)
            if keyring.signingKey == nil {
                problems.append(.error("the keyring has no active key to sign links with (resetlink keys rotate)", at: SourceLocation(file: path)))
            }
            return Part(problems: problems, summary: "keyring: \(keyring.keys.count) \(keyring.keys.count == 1 ? "key" : "keys")")
        } catch {
            problems.append(.error("\(error)", at: SourceLocation(file: path)))
            return Part(problems: problems)
        }
    }

    /// The account database: present, readable, and at the schema version this program expects.
    /// Opened read-only: checking never creates or migrates it.
    func database() -> Part {
        let path = databasePath
        let location = SourceLocation(file: path)
        guard FileStatus(path) != nil else {
            return Part(problems: [.error("the account database does not exist; create it by importing the accounts (resetlink accounts import)", at: location)])
        }
        let version: Int
        do {
            let database = try Database(path: path, readOnly: true)
            version = try database.schemaVersion
        } catch {
            return Part(problems: [.error("cannot read the account database: \(error)", at: location)])
        }
        let current = AccountStore.currentSchemaVersion
        if version < current {
            return Part(problems: [.error("the account database is at schema version \(version), this resetlink migrates it to \(current): "
                                          + "run resetlink accounts list once as the database's owner to migrate it", at: location)])
        }
        if version > current {
            return Part(problems: [.error("the account database is at schema version \(version), newer than this resetlink knows (\(current)); upgrade resetlink", at: location)])
        }
        return Part(summary: "database: schema version \(version)")
    }

    /// The mail command exists and can be run, or the Maildir can be written.
    func mail() -> Part {
        let mail = configuration.reset.mail
        switch mail.delivery {
        case .sendmail:
            let program = mail.sendmail.first ?? ""
            guard let status = FileStatus(program), status.isRegularFile else {
                return Part(problems: [.error("the mail command \(program) does not exist (reset.mail.sendmail); install a sendmail-compatible program or change the setting",
                                              at: configurationLocation)])
            }
            guard access(program, X_OK) == 0 else {
                return Part(problems: [.error("the mail command \(program) cannot be run by this user (reset.mail.sendmail)", at: configurationLocation)])
            }
            return Part(summary: "mail: \(mail.sendmail.joined(separator: " "))")
        case .maildir:
            let path = configuration.resolve(mail.maildir)
            // The Maildir itself, or the nearest folder above it that resetlink would create it in.
            var folder = path
            while FileStatus(folder) == nil, let slash = folder.lastIndex(of: "/"), slash != folder.startIndex {
                folder = String(folder[..<slash])
            }
            guard access(folder, W_OK | X_OK) == 0 else {
                return Part(problems: [.error("the Maildir cannot be written by this user (reset.mail.maildir): \(folder) is not writable", at: SourceLocation(file: path))])
            }
            return Part(summary: "mail: Maildir \(path)")
        }
    }

    var configurationLocation: SourceLocation { SourceLocation(file: configuration.file ?? "resetkit.yaml") }
}

/// `stat(2)`'s answers that the check needs.
struct FileStatus {
    let mode: UInt32
    let owner: UInt32

    init?(_ path: String) {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else { return nil }
        mode = UInt32(info.st_mode)
        owner = UInt32(info.st_uid)
    }

    var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
}
