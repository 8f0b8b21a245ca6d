import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// A thin wrapper over the system's SQLite (Debian libsqlite3-dev): open, prepare, bind, step,
/// transactions. Chosen over GRDB for start-up: `resetlink` runs once per CGI request, and opening
/// a database and running a query took 0.9 ms through the C API against 1.6 ms through GRDB
/// (static executables, hyperfine, docs/performance.md).
public final class Database {
    let handle: OpaquePointer
    public let path: String

    /// Opens (creating if needed) the database file, waits up to `busyTimeout` milliseconds for
    /// other writers, and switches to WAL so readers never block the one writer.
    public init(path: String, busyTimeout: Int32 = 5000, readOnly: Bool = false) throws(SQLiteError) {
        var pointer: OpaquePointer?
        let isNew = access(path, F_OK) != 0
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let code = sqlite3_open_v2(path, &pointer, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError(code: code, message: message, sql: nil, path: path)
        }
        handle = pointer
        self.path = path
        // Password hashes live here: a new database is private to its owner. SQLite gives the WAL
        // and shared-memory files the database file's mode.
        if isNew && !readOnly { chmod(path, 0o600) }
        sqlite3_busy_timeout(handle, busyTimeout)
        sqlite3_extended_result_codes(handle, 1)
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows we need.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: code, message: text, sql: sql, path: path)
        }
    }

    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, sql: sql) }
        return Statement(statement, database: self, sql: sql)
    }

    /// Prepares, binds and runs a statement; returns the rows as `map` reads them.
    public func query<T>(_ sql: String, _ values: [SQLValue] = [], map: (Row) throws(SQLiteError) -> T) throws(SQLiteError) -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [T] = []
        while let row = try statement.step() { rows.append(try map(row)) }
        return rows
    }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() != nil {}
        return Int(sqlite3_changes(handle))
    }

    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a transaction. `immediate` takes the write lock at the start, so two writers
    /// never both read and then fail to upgrade (SQLITE_BUSY in the middle of a transaction).
    /// Any error rolls everything back.
    public func transaction<T, E: Error>(immediate: Bool = true, _ body: () throws(E) -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }
}

/// A value to bind or read.
public enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code.
    public var code: Int32
    public var message: String
    public var sql: String?
    public var path: String

    public init(code: Int32, message: String, sql: String?, path: String) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    public var isConstraintViolation: Bool { code & 0xFF == SQLITE_CONSTRAINT }

    public var description: String {
        "database \(path): \(message)" + (sql.map { " (in: \($0.prefix(80)))" } ?? "")
    }
}
