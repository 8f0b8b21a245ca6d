extension AccountStore {
    /// The schema version this program migrates databases to: what `resetlink check` compares a
    /// deployed database's `user_version` with, without opening (and so migrating) it.
    public static var currentSchemaVersion: Int { Schema.migrations.map(\.version).max() ?? 0 }
}
