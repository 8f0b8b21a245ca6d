import CSQLite

/// A prepared statement. Finalised when released.
public final class Statement {
    let handle: OpaquePointer
    let database: Database
    let sql: String

    init(_ handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    // SQLITE_TRANSIENT: SQLite copies the bytes, so Swift's temporary buffers may go away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, Self.transient)
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
        }
    }

    /// The next row, or nil when there are no more.
    public func step() throws(SQLiteError) -> Row? {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return Row(statement: self)
        case SQLITE_DONE: return nil
        case let code: throw database.error(code, sql: sql)
        }
    }
}

/// The current row of a statement; valid until the next `step()`.
public struct Row {
    let statement: Statement

    public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement.handle, column) }

    public func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement.handle, column) else { return "" }
        return String(cString: pointer)
    }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement.handle, column) == SQLITE_NULL }

    public func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }
}
