import Diagnostics
import ResetTokens
import SQLite
import SwiftCSV

/// `resetlink accounts import FILE.csv`: a people export (username, email, name, source, provider,
/// status) applied as an upsert keyed by username. Every row is checked first; a file with any
/// bad row changes nothing. Importing the same file twice changes nothing the second time.
public struct AccountImport {
    public static let columns = ["username", "email", "name", "source", "provider", "status"]

    public struct Row: Sendable, Equatable {
        public var line: Int
        public var details: AccountDetails
    }

    public struct Report: Sendable, Equatable {
        public var added: [String] = []
        /// Username and the fields that changed.
        public var updated: [(username: String, fields: [String])] = []
        public var unchanged = 0

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.added == rhs.added && lhs.unchanged == rhs.unchanged
                && lhs.updated.map { $0.username + ":" + $0.fields.joined(separator: ",") }
                == rhs.updated.map { $0.username + ":" + $0.fields.joined(separator: ",") }
        }

        public var summary: String {
            "\(added.count) added, \(updated.count) updated, \(unchanged) unchanged"
        }
    }

    /// Reads and checks every row. Errors are `file:line: error: …`, one per bad row.
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> [Row] {
        func diagnostic(_ line: Int, _ message: String) -> Diagnostic { .error(message, at: SourceLocation(file: file, line: line)) }
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // Spreadsheet exports often start with a BOM.
        var records: [(line: Int, fields: [String])] = []
        var nextLine = 1
        do {
            // The initialiser parses only the header here (rowLimit 1); the rows come one by one below, so
            // a quoting error is reported on the line of the row that has it.
            try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false, rowLimit: 1).enumerateAsArray(startAt: 0, rowLimit: nil) { fields in
                records.append((nextLine, fields))
                // A quoted field may span lines; the next record starts after all of them.
                nextLine += 1 + fields.reduce(0) { $0 + $1.reduce(0) { $1 == "\n" || $1 == "\r\n" || $1 == "\r" ? $0 + 1 : $0 } }
            }
        } catch {
            throw DiagnosticsError([diagnostic(nextLine, "malformed CSV: \(Self.describe(error))")])
        }
        // Blank lines are not rows.
        records.removeAll { $0.fields.allSatisfy(\.isEmpty) }
        guard let header = records.first else { throw DiagnosticsError([diagnostic(1, "the file is empty: expected a header row \(columns.joined(separator: ","))")]) }

        let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
        var problems: [Diagnostic] = []
        let unknown = names.filter { !columns.contains($0) }
        let missing = columns.filter { !names.contains($0) }
        if !unknown.isEmpty || !missing.isEmpty || Set(names).count != names.count {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing column \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { parts.append("unknown column \(unknown.joined(separator: ", "))") }
            if Set(names).count != names.count { parts.append("a column appears twice") }
            throw DiagnosticsError([diagnostic(header.line, "header row: \(parts.joined(separator: "; ")) (expected \(columns.joined(separator: ",")))")])
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var rows: [Row] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                problems.append(diagnostic(record.line, "expected \(names.count) fields, found \(record.fields.count)"))
                continue
            }
            func field(_ name: String) -> String {
                record.fields[index[name] ?? 0].trimmingWhitespace()
            }
            var rowProblems: [String] = []
            let source = AccountSource(rawValue: field("source").lowercased())
            if source == nil { rowProblems.append("source must be local, sso, ldap or usersync, not '\(field("source"))'") }
            let status = AccountStatus(rawValue: field("status").lowercased())
            if status == nil { rowProblems.append("status must be active or disabled, not '\(field("status"))'") }
            let details = AccountDetails(username: field("username"), email: field("email"), displayName: field("name"),
                                         source: source ?? .local, provider: field("provider"), status: status ?? .active)
            rowProblems += details.problems
            let key = IdentityKey.make(details.username)
            if let first = firstLine[key], !details.username.isEmpty {
                rowProblems.append("username '\(details.username)' already appears on line \(first)")
            } else {
                firstLine[key] = record.line
            }
            if rowProblems.isEmpty {
                rows.append(Row(line: record.line, details: details))
            } else {
                problems.append(diagnostic(record.line, rowProblems.joined(separator: "; ")))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return rows
    }

    /// Applies checked rows in one transaction and reports what changed.
    public static func apply(_ rows: [Row], to store: AccountStore, file: String, now: UnixTime) throws -> Report {
        try store.database.transaction { () throws -> Report in
            var report = Report()
            for row in rows {
                let details = row.details
                guard let existing = try store.account(username: details.username) else {
                    let id = try store.insert(details, passwordHash: "", now: now)
                    try store.audit(AuditEntry(at: now, actor: "import", event: .accountAdded, accountID: id,
                                               detail: "\(details.username) from \(file)"))
                    report.added.append(details.username)
                    continue
                }
                let changed = Self.changes(from: existing, to: details)
                guard !changed.isEmpty else { report.unchanged += 1; continue }
                try store.update(existing.id, to: details, now: now)
                try store.audit(AuditEntry(at: now, actor: "import", event: .accountUpdated, accountID: existing.id,
                                           detail: "\(changed.joined(separator: ", ")) from \(file)"))
                report.updated.append((details.username, changed))
            }
            return report
        }
    }

    static func changes(from account: Account, to details: AccountDetails) -> [String] {
        var fields: [String] = []
        if account.username != details.username { fields.append("username") }
        if account.email != details.email { fields.append("email") }
        if account.displayName != details.displayName { fields.append("name") }
        if account.source != details.source { fields.append("source") }
        if account.provider != details.provider { fields.append("provider") }
        if account.status != details.status { fields.append("status") }
        return fields
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case CSVParseError.quotation(let message), CSVParseError.generic(let message): message
        default: "\(error)"
        }
    }
}
