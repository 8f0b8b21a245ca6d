// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ResetKit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "helpsite", targets: ["helpsite"]),
        .executable(name: "resetlink", targets: ["resetlink"]),
        .executable(name: "resetlink-directory", targets: ["resetlink-directory"]),
        .library(name: "HelpSite", targets: ["HelpSite"]),
        .library(name: "ResetTokens", targets: ["ResetTokens"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // libcmark from Debian's libcmark-dev, reached through a shim header (see Sources/CCmark/shim.h).
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // A small Swift face on libcmark: parse, walk, edit, render. Knows nothing about sites.
        .target(name: "CommonMark", dependencies: ["CCmark"]),
        // Linux renameat2(RENAME_EXCHANGE), which Glibc's Swift overlay does not expose.
        .target(name: "CDirectorySwap"),
        // statfs's file-system type, for serve to poll folders on network file systems.
        .target(name: "CFileSystemType"),
        // The guide pages resetlink links to; helpsite checks they exist.
        .target(name: "GuideLinks"),
        // file:line:column diagnostics shared by both tools.
        .target(name: "Diagnostics"),
        // libyaml (Debian libyaml-dev), for the YAML of front matter and the configuration.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // Typed reading of YAML with positions, for front matter and the config file.
        .target(name: "TypedYAML", dependencies: ["Diagnostics", "CYAML"]),
        // The configuration file both tools read (resetkit.yaml).
        .target(name: "Settings", dependencies: ["Diagnostics", "TypedYAML"]),
        // The project's own Mustache engine (issue 17): standard library only, no Foundation.
        .target(name: "TemplateEngine"),
        // The typed values each template of both tools receives, checked against Templates/ at load time.
        .target(name: "SiteTemplates", dependencies: ["TemplateEngine"]),
        // resetlink's templates from the repository's Templates/, compiled in as string literals by the
        // EmbedTemplates plugin (not SwiftPM resources, which would break the single static executable).
        .target(name: "DefaultTemplates", plugins: ["EmbedTemplates"]),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["embed-templates"]),
        // The plugin's host tool: files in, a Swift source of string literals out.
        .executableTarget(name: "embed-templates"),
        // Template strings per language (Templates/strings/<lang>.yaml): the check across languages,
        // `{{t.key}}` strings for the template engine, and text, plurals and dates built in code.
        .target(name: "Translations", dependencies: ["TypedYAML", "Diagnostics", "TemplateEngine", "DefaultTemplates", "Settings"]),
        // resetlink's templates loaded: built-in, overridden file by file by site.templates, checked.
        .target(name: "ResetTemplates", dependencies: ["TemplateEngine", "SiteTemplates", "DefaultTemplates", "Diagnostics", "Translations"]),
        // The static-site generator behind `helpsite`.
        .target(
            name: "HelpSite",
            dependencies: [
                "CommonMark", "Diagnostics", "TypedYAML", "Settings", "CDirectorySwap", "GuideLinks",
                "TemplateEngine", "SiteTemplates", "Translations",
                // SHA-256 of copied files, for serve's comparison without keeping their bytes.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `helpsite serve`: the live preview (FlyingFox on 127.0.0.1, rebuild on change, reload).
        .target(
            name: "HelpSiteServer",
            dependencies: ["HelpSite", "Settings", "Diagnostics", "CFileSystemType", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        .executableTarget(
            name: "helpsite",
            dependencies: [
                "HelpSite", "HelpSiteServer", "Diagnostics", "Settings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Stateless, single-use reset tokens: format, keys derivation, issue and check.
        .target(name: "ResetTokens", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The keyring file: several keys, written atomically with mode 0600.
        .target(name: "Keyring", dependencies: ["ResetTokens"]),
        // The system's SQLite (Debian libsqlite3-dev) and a thin Swift wrapper over it.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // scrypt password hashes in a self-describing string.
        .target(name: "PasswordHashing", dependencies: [.product(name: "CryptoExtras", package: "swift-crypto")]),
        // The rules a new password must meet, with the shipped list of common passwords.
        .target(name: "PasswordPolicy", exclude: ["COMMON-PASSWORDS-LICENSE"]),
        // Accounts, reset-email throttle and audit log in one SQLite database.
        .target(name: "AccountStore", dependencies: ["SQLite", "ResetTokens", "Diagnostics", .product(name: "SwiftCSV", package: "SwiftCSV")]),
        // Child programs through posix_spawn: input on stdin, bounded output, a minimal environment,
        // a timeout that kills the process group. Used by mail's sendmail command and the password hooks.
        .target(name: "ChildProcess"),
        // Email: RFC 5322 / MIME messages and their delivery (sendmail-compatible command or Maildir).
        .target(name: "Mail", dependencies: ["ChildProcess"]),
        // CGI (RFC 3875) glue: the request, strict form decoding, cookies, the response.
        .target(name: "CGI"),
        // The reset endpoint's pages and routes: a thin web layer over ResetFlow.
        .target(
            name: "ResetEndpoint",
            dependencies: [
                "CGI", "ResetFlow", "ResetTokens", "Settings", "AccountStore", "Keyring", "Mail", "GuideLinks",
                "TemplateEngine", "SiteTemplates", "ResetTemplates", "Translations",
            ]
        ),
        // The reset behaviour the guide describes: requests, completion, admin resets, mail, audit.
        .target(
            name: "ResetFlow",
            dependencies: [
                "AccountStore", "ResetTokens", "Keyring", "PasswordHashing", "PasswordPolicy", "Mail", "Settings", "Diagnostics", "GuideLinks",
                "TemplateEngine", "SiteTemplates", "ResetTemplates", "ChildProcess", "Translations",
            ]
        ),
        .executableTarget(
            name: "resetlink",
            dependencies: [
                "ResetTokens", "Keyring", "Settings", "Diagnostics", "AccountStore", "ResetFlow", "Mail",
                "PasswordHashing", "PasswordPolicy", "CGI", "ResetEndpoint", "ResetTemplates", "SQLite", "Translations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // OpenLDAP's libldap (Debian libldap-dev), reached through a shim header. Only resetlink-directory
        // links it: its TLS stack (GnuTLS, p11-kit) has no static libraries in Debian, so it cannot go
        // into resetlink's -static-executable (docs/performance.md, "Directory write-back").
        .systemLibrary(name: "CLDAP", pkgConfig: "ldap", providers: [.apt(["libldap-dev"])]),
        // Writing a new password into an LDAP directory or Active Directory: connect over TLS, bind as
        // the service account, find the entry, change the password, read the result back.
        .target(name: "DirectoryWrite", dependencies: ["CLDAP"]),
        // The small executable that holds the bind secret and does one write per run (stdin: password).
        .executableTarget(
            name: "resetlink-directory",
            dependencies: ["DirectoryWrite", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmark: token verification throughput next to raw HMAC (bench/README.md).
        .executableTarget(
            name: "tokenbench",
            dependencies: ["ResetTokens", .product(name: "Crypto", package: "swift-crypto")],
            path: "bench/tokenbench"
        ),
        // Fuzz targets (fuzz/README.md): the shared target functions and the libFuzzer executable.
        .target(
            name: "FuzzTargets",
            dependencies: ["ResetTokens", "CGI", "HelpSite", "AccountStore", "Mail", "TemplateEngine"],
            path: "fuzz/FuzzTargets"
        ),
        .executableTarget(name: "fuzzer", dependencies: ["FuzzTargets"], path: "fuzz/Fuzzer"),
        // Reproducible random inputs for the test targets that generate them.
        .target(name: "SeededRandom", path: "Tests/SeededRandom"),
        // A real OpenLDAP (slapd with ppolicy, TLS with a test CA) the tests start and stop by PID:
        // shared by DirectoryTests and the web-form tests in EndpointTests.
        .target(name: "TestServers", path: "Tests/TestServers"),
        // The mail resetlink sends, made readable (quoted-printable undone) for tests that follow its links.
        .target(name: "MailReading", path: "Tests/MailReading"),
        .testTarget(name: "CommonMarkTests", dependencies: ["CommonMark"]),
        // The official Mustache spec suite (Fixtures/mustache-spec, read from the source tree) and more.
        .testTarget(
            name: "TemplateEngineTests",
            dependencies: ["TemplateEngine"],
            exclude: ["Fixtures"]
        ),
        // Templates/ checked against every template type; docs/templates.md's generated reference.
        .testTarget(name: "SiteTemplatesTests", dependencies: ["SiteTemplates", "TemplateEngine", "ResetTemplates", "Translations", "DefaultTemplates"]),
        .testTarget(name: "TranslationsTests", dependencies: ["Translations", "TemplateEngine", "Diagnostics", "DefaultTemplates", "Settings"]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "TypedYAML", "Diagnostics"]),
        .testTarget(
            name: "HelpSiteTests",
            dependencies: ["HelpSite", "SiteTemplates", "TemplateEngine", "Settings", "Diagnostics", "CommonMark", "SeededRandom"],
            // Small sites, one per behaviour, read from the source tree (see Support.swift).
            exclude: ["Fixtures"]
        ),
        // `helpsite serve` run as a process on a copy of the repository's site, plus its pieces.
        .testTarget(name: "HelpSiteServerTests", dependencies: ["HelpSiteServer", "HelpSite", "Diagnostics"]),
        .testTarget(
            name: "ResetTokensTests",
            // Keyring and Settings: docs/token-format.md's keyring example and link are checked too.
            dependencies: ["ResetTokens", "Keyring", "Settings", "SeededRandom", .product(name: "Crypto", package: "swift-crypto")],
            // The vectors and the Python reference implementation are read from the source tree.
            exclude: ["token-vectors.json", "reference"]
        ),
        .testTarget(name: "KeyringTests", dependencies: ["Keyring", "ResetTokens"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "SeededRandom", "MailReading"], exclude: ["Support"]),
        .testTarget(name: "CGITests", dependencies: ["CGI"]),
        .testTarget(name: "ChildProcessTests", dependencies: ["ChildProcess"]),
        .testTarget(
            name: "GuideTruthTests",
            dependencies: ["HelpSite", "ResetFlow", "Settings", "Keyring", "AccountStore", "Mail", "PasswordPolicy", "Diagnostics", "MailReading", "Translations"]
        ),
        .testTarget(
            name: "EndpointTests",
            dependencies: ["ResetTokens", "CGI", "TestServers"],
            // An HTML checker (Python) used on every page the endpoint renders.
            exclude: ["Support"]
        ),
        .testTarget(name: "AccountStoreTests", dependencies: ["AccountStore", "SQLite", "ResetTokens"]),
        .testTarget(name: "PasswordTests", dependencies: ["PasswordHashing", "PasswordPolicy"]),
        .testTarget(
            name: "ResetFlowTests",
            dependencies: ["ResetFlow", "AccountStore", "Keyring", "Mail", "Settings", "PasswordHashing", "PasswordPolicy", "ResetTokens", "SQLite"],
            // A small SMTP server and a message parser (Python), used by the end-to-end test.
            exclude: ["Support"]
        ),
        // Admin > People in-process: the endpoint with the CGI meta-variables a web server sets.
        .testTarget(
            name: "AdminPagesTests",
            dependencies: ["ResetEndpoint", "ResetFlow", "AccountStore", "Keyring", "Mail", "Settings", "ResetTokens", "CGI", "MailReading"]
        ),
        // The executable as scripts run it; links also checked in-process against ResetEndpoint.
        .testTarget(name: "ResetlinkCommandTests", dependencies: ["ResetTokens", "MailReading", "CGI", "ResetEndpoint", "ResetFlow", "Settings", "DefaultTemplates", "SiteTemplates"]),
        // resetlink-directory against a real slapd (ppolicy, TLS with a test CA) the tests start; AD encodings.
        .testTarget(name: "DirectoryTests", dependencies: ["DirectoryWrite", "CLDAP", "TestServers"]),
        // Every seed and every input that once crashed a fuzz target, replayed.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "SeededRandom"]),
    ],
    swiftLanguageModes: [.v6]
)
