import SQLite

/// The database's schema, one migration per version. Never edit a released migration: add one.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, sql: """
            CREATE TABLE accounts (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL,
                -- NFKC + case folding (IdentityKey): usernames are unique ignoring case.
                username_key TEXT NOT NULL UNIQUE,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL,
                display_name TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL CHECK (source IN ('local', 'sso', 'ldap', 'usersync')),
                provider TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
                password_hash TEXT NOT NULL DEFAULT '',
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                password_changed_at INTEGER
            );
            CREATE INDEX accounts_by_email ON accounts (email_key);

            -- One row per reset-related email sent for an account, for the hourly throttle.
            CREATE TABLE reset_emails (
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts (id),
                sent_at INTEGER NOT NULL
            );
            CREATE INDEX reset_emails_by_account ON reset_emails (account_id, sent_at);

            -- What happened, when, and who did it. Never holds a token or a password.
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                event TEXT NOT NULL,
                account_id INTEGER,
                detail TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX audit_by_account ON audit (account_id, at);
            CREATE INDEX audit_by_time ON audit (at);
            """),
        // Search by name, username or email prefix (Admin > People): one row per word, folded like
        // usernames (IdentityKey), so a prefix is a range on one index.
        Migration(version: 2, sql: """
            CREATE TABLE account_words (
                word TEXT NOT NULL,
                account_id INTEGER NOT NULL REFERENCES accounts (id)
            );
            CREATE INDEX account_words_by_word ON account_words (word, account_id);
            CREATE INDEX account_words_by_account ON account_words (account_id);
            """, after: { database throws(SQLiteError) in try AccountSearch.rebuild(database) }),
        // A completion in progress (CompletionClaim): held while hooks and directory writes run
        // between the link check and the stored change, so one link completes exactly once.
        Migration(version: 3, sql: """
            CREATE TABLE completion_claims (
                account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
                claimed_at INTEGER NOT NULL,
                nonce TEXT NOT NULL
            );
            """),
        // The language the person last used the reset pages in (AccountStore.setLanguage): the
        // password-changed notice and administrators' resets are written in it. Empty: unknown.
        Migration(version: 4, sql: """
            ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT '';
            """),
    ]
}
