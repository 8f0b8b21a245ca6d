import Foundation
import TestServers

#if canImport(Glibc)
import Glibc
#endif

/// A real web server on 127.0.0.1 (a free port) serving the built guide under /help/ and resetlink
/// as a CGI program under /cgi-bin/resetlink, with its own configuration, keyring, account
/// database and Maildir in a temporary folder: lighttpd or Apache httpd (mod_cgi), or nginx with
/// an fcgiwrap the site starts itself. The endpoint's part of each server's configuration, access
/// and error log settings and the protected Admin > People location included, is read from
/// docs/deploy-cgi.md; the admin location's password file holds `administrator` and
/// `nonAdministrator`. Stopped by PID.
final class WebSite {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let lighttpd = executable(["/usr/sbin/lighttpd", "/usr/bin/lighttpd"])
    static let apache = executable(["/usr/sbin/apache2", "/usr/sbin/httpd"])
    static let nginx = executable(["/usr/sbin/nginx", "/usr/bin/nginx"])
    static let fcgiwrap = executable(["/usr/sbin/fcgiwrap", "/usr/bin/fcgiwrap"])

    static func executable(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    enum Server: String, CaseIterable, CustomStringConvertible, Sendable {
        case lighttpd, apache, nginx

        var description: String { rawValue }

        var isInstalled: Bool {
            switch self {
            case .lighttpd: WebSite.lighttpd != nil
            case .apache: WebSite.apache != nil
            case .nginx: WebSite.nginx != nil && WebSite.fcgiwrap != nil
            }
        }

        /// The heading of the server's section in docs/deploy-cgi.md, and its code blocks' language.
        var section: (heading: String, language: String) {
            switch self {
            case .lighttpd: ("## lighttpd", "lighttpd")
            case .apache: ("## Apache", "apache")
            case .nginx: ("## nginx", "nginx")
            }
        }
    }

    /// The servers installed here (scripts/test installs all three).
    static let servers = Server.allCases.filter(\.isInstalled)

    static func product(_ name: String) -> String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    let folder: String
    let port: Int
    let kind: Server
    /// lighttpd started without -D: it forks, and the site stops it by the PID in its pid file.
    let daemonised: Bool
    private let server = Process()
    private var fcgiwrapProcess: Process?
    private var stopped = false

    var origin: String { "http://127.0.0.1:\(port)" }
    var endpoint: String { origin + "/cgi-bin/resetlink" }
    var config: String { folder + "/resetkit.yaml" }
    /// The server's logs, at the paths docs/deploy-cgi.md gives (under /var/log/<server>/ there).
    var logs: String { folder + "/log" }
    var accessLog: String { logs + "/access.log" }
    /// Where resetlink's standard error ends up: lighttpd's breakagelog, Apache's ErrorLog, nginx's
    /// error_log (through fcgiwrap -f).
    var programLog: String { logs + (kind == .lighttpd ? "/breakage.log" : "/error.log") }
    /// Requests sent with `X-Log-Control: 1` are also logged here in the server's default format
    /// (the request line, query string included): the control for the access log tests.
    var controlLog: String { logs + "/control.log" }
    /// The admin location's password file (/etc/resetkit/admins.htpasswd in the document).
    var passwordFile: String { folder + "/admins.htpasswd" }

    /// A user name and password for HTTP Basic authentication.
    struct Credentials: Sendable {
        var user: String
        var password: String

        var authorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
    }

    /// In the password file and in reset.admins.
    static let administrator = Credentials(user: "alice", password: "alice's admin password 1")
    /// In the password file only: the server lets bob in, resetlink does not.
    static let nonAdministrator = Credentials(user: "bob", password: "bob's password 2")

    /// Which templates resetlink renders.
    enum Templates {
        /// `site.templates` names the repository's `Templates/` (every file overrides its built-in twin).
        case repository
        /// No `site.templates`: the templates compiled into resetlink, as a deployment has them.
        case builtIn
        /// `site.templates` names the site's own `templates/` folder, holding only these files
        /// (path under the folder → text); the others come from the built-in templates.
        case overrides([String: String])
    }

    /// The site's own override folder (`Templates.overrides`).
    var overrideFolder: String { folder + "/templates" }

    /// `protectAdmin: false` leaves the document's Admin > People blocks out of the server's
    /// configuration, as a deployment that forgot them would be. `resetSettings` are more lines of
    /// the `reset:` section (indented by two spaces); `serverSettings` more of the server's
    /// configuration, with the document's paths moved into the site's folder like its own blocks.
    /// `siteSettings` are more lines of the `site:` section (`  languages: [en, de]`).
    init(disclosure: String = "private", server kind: Server = .lighttpd, daemonised: Bool = false, protectAdmin: Bool = true,
         templates: Templates = .repository, siteSettings: String = "", resetSettings: String = "", serverSettings: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("endpoint-\(UUID().uuidString)").path
        self.kind = kind
        self.daemonised = daemonised && kind == .lighttpd
        for sub in ["/cgi-bin", "/log", "/tmp"] {
            try FileManager.default.createDirectory(atPath: folder + sub, withIntermediateDirectories: true)
        }
        port = try freePort()

        // The guide, built as it is published, so the pages' stylesheet and links resolve.
        let build = try Self.run(Self.product("helpsite"), ["build", "--config", Self.packageRoot.appendingPathComponent("resetkit.yaml").path,
                                                           "--output", folder + "/www/help", "--base-url", origin + "/help/"])
        guard build.status == 0 else { throw SiteError.setup("helpsite: \(build.err)") }
        try FileManager.default.copyItem(atPath: Self.product("resetlink"), toPath: folder + "/cgi-bin/resetlink")

        let templatesLine: String
        switch templates {
        case .repository:
            templatesLine = "  templates: " + Self.packageRoot.appendingPathComponent("Templates").path + "\n"
        case .builtIn:
            templatesLine = ""
        case .overrides(let files):
            for (path, text) in files {
                let file = overrideFolder + "/" + path
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
            }
            templatesLine = "  templates: templates\n"
        }
        try ("""
            site:
              title: Password help
              base_url: \(origin)/help/

            """ + siteSettings + templatesLine + """
            reset:
              endpoint_url: \(endpoint)
              login_url: \(origin)/login
              keyring: \(folder)/private/keyring.json
              database: \(folder)/private/accounts.sqlite
              disclosure: \(disclosure)
              password: {scrypt_log_n: 10}
              mail: {from: "Password help <no-reply@example.org>", delivery: maildir, maildir: \(folder)/private/maildir}
              contacts: {Okta: the Identity team (identity@example.org)}
              admins: [\(Self.administrator.user)]

            """ + resetSettings).write(toFile: config, atomically: true, encoding: .utf8)
        try """
            username,email,name,source,provider,status
            ana,ana@example.org,Ana Lima,local,,active
            okta.user,sso@example.org,Okta User,sso,Okta,active
            shared.one,shared@example.org,,local,,active
            shared.two,shared@example.org,,local,,active

            """.write(toFile: folder + "/people.csv", atomically: true, encoding: .utf8)
        for arguments in [["keys", "new"], ["accounts", "import", folder + "/people.csv"]] {
            let result = try resetlink(arguments)
            guard result.status == 0 else { throw SiteError.setup("resetlink \(arguments): \(result.err)") }
        }
        try writePasswordFile([Self.administrator, Self.nonAdministrator])

        let documented = try Self.documentedConfiguration(kind).filter { protectAdmin || !$0.isAdmin }.map { localise($0.text) }
            + (serverSettings.isEmpty ? [] : [localise(serverSettings)])
        switch kind {
        case .lighttpd:
            try ("""
                server.document-root = "\(folder)/www"
                server.bind = "127.0.0.1"
                server.port = \(port)
                server.errorlog = "\(logs)/server.log"
                server.pid-file = "\(folder)/server.pid"
                mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8", ".svg" => "image/svg+xml" )

                """ + documented.joined(separator: "\n") + """

                $REQUEST_HEADER["X-Log-Control"] == "1" {
                    accesslog.filename = "\(controlLog)"
                    accesslog.format = "%h %V %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\""
                }

                """).write(toFile: folder + "/server.conf", atomically: true, encoding: .utf8)
            server.executableURL = URL(fileURLWithPath: Self.lighttpd ?? "/usr/sbin/lighttpd")
            server.arguments = (self.daemonised ? [] : ["-D"]) + ["-f", folder + "/server.conf"]
        case .apache:
            // ServerRoot is where the packaged modules are, so the document's modules/mod_cgi.so resolves.
            let modules = "/usr/lib/apache2/modules"
            try ("""
                ServerRoot "/usr/lib/apache2"
                DefaultRuntimeDir \(folder)/tmp
                ServerName 127.0.0.1
                Listen 127.0.0.1:\(port)
                PidFile \(folder)/server.pid
                LoadModule mpm_prefork_module \(modules)/mod_mpm_prefork.so
                LoadModule authz_core_module \(modules)/mod_authz_core.so
                LoadModule alias_module \(modules)/mod_alias.so
                LoadModule mime_module \(modules)/mod_mime.so
                LoadModule setenvif_module \(modules)/mod_setenvif.so
                TypesConfig /etc/mime.types
                DocumentRoot "\(folder)/www"
                <Directory "\(folder)/www">
                    Require all granted
                </Directory>
                LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
                SetEnvIf X-Log-Control "^1$" log_control
                CustomLog \(controlLog) combined env=log_control

                """ + documented.joined(separator: "\n")).write(toFile: folder + "/server.conf", atomically: true, encoding: .utf8)
            server.executableURL = URL(fileURLWithPath: Self.apache ?? "/usr/sbin/apache2")
            server.arguments = ["-X", "-f", folder + "/server.conf"]
        case .nginx:
            // The document's blocks say where they go: the first line names http { } or server { }.
            let http = documented.filter { $0.hasPrefix("# In http") }
            // Into each of the endpoint's locations (each server block of the document is one
            // location: the public one, the admin one), a control log in nginx's default format.
            let server = try documented.filter { $0.hasPrefix("# In the server") }.map { block in
                guard let close = block.range(of: "}", options: .backwards) else { throw SiteError.setup("no location block in the nginx section") }
                return block.replacingCharacters(in: close, with: "    access_log \(controlLog) combined if=$http_x_log_control;\n}")
            }
            guard http.count == 1, !server.isEmpty, http.count + server.count == documented.count else {
                throw SiteError.setup("the nginx section has \(documented.count) blocks, not one http block and server ones")
            }
            try FileManager.default.copyItem(atPath: "/etc/nginx/fastcgi_params", toPath: folder + "/fastcgi_params")
            // One process (master_process off), in the foreground, so that SIGKILL by PID stops it all.
            try """
                daemon off;
                master_process off;
                pid \(folder)/server.pid;
                error_log \(logs)/error.log;
                events { worker_connections 64; }
                http {
                    include /etc/nginx/mime.types;
                    access_log \(logs)/site.log;
                    client_body_temp_path \(folder)/tmp/body;
                    fastcgi_temp_path \(folder)/tmp/fastcgi;
                    proxy_temp_path \(folder)/tmp/proxy;
                    scgi_temp_path \(folder)/tmp/scgi;
                    uwsgi_temp_path \(folder)/tmp/uwsgi;
                \(Self.indent(http[0], by: 4))
                    server {
                        listen 127.0.0.1:\(port);
                        root \(folder)/www;
                \(server.map { Self.indent($0, by: 8) }.joined(separator: "\n"))
                    }
                }

                """.write(toFile: folder + "/server.conf", atomically: true, encoding: .utf8)
            // fcgiwrap as the document starts it (-f: the program's standard error to nginx's error_log),
            // on a socket in the site's folder.
            let wrapper = Process()
            wrapper.executableURL = URL(fileURLWithPath: Self.fcgiwrap ?? "/usr/sbin/fcgiwrap")
            wrapper.arguments = ["-f", "-s", "unix:" + folder + "/fcgiwrap.sock"]
            wrapper.standardOutput = FileHandle.nullDevice
            wrapper.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: try Self.create(logs + "/fcgiwrap.log")))
            try wrapper.run()
            fcgiwrapProcess = wrapper
            self.server.executableURL = URL(fileURLWithPath: Self.nginx ?? "/usr/sbin/nginx")
            self.server.arguments = ["-p", folder, "-c", folder + "/server.conf"]
        }
        // Started through python3 with SIGTERM unblocked and at its default action: test runners
        // hand their children a blocked or ignored SIGTERM, which would hide that web servers
        // SIGTERM a CGI program once its answer is complete (resetlink must survive that to mail).
        if let program = server.executableURL?.path {
            server.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM]); "
                + "signal.signal(signal.SIGTERM, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])", program] + (server.arguments ?? [])
            server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        }
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // A daemonised lighttpd: the process started forks the daemon and exits, but Foundation
        // reaps it only once the daemon has exited too (the daemon keeps a descriptor it watches).
        do {
            try waitUntilListening()
        } catch {
            stop()
            throw error
        }
    }

    /// The PID of the process the site started (for a daemonised lighttpd, not the server's).
    var launcherPID: pid_t { server.processIdentifier }

    /// Stops the server, and fcgiwrap, by PID (SIGKILL: a test runner may hand children an ignored
    /// SIGTERM); a daemonised lighttpd by the PID in its pid file.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if daemonised {
            if let pid = daemonPID {
                kill(pid, SIGKILL)
                // Not our child: wait until it is gone (or a zombie for its new parent to reap).
                for _ in 0..<100 where Self.isRunning(pid) { usleep(20_000) }
            }
        } else {
            kill(server.processIdentifier, SIGKILL)
        }
        server.waitUntilExit()
        if let fcgiwrapProcess {
            kill(fcgiwrapProcess.processIdentifier, SIGKILL)
            fcgiwrapProcess.waitUntilExit()
        }
    }

    /// The PID in the server's pid file.
    var daemonPID: pid_t? {
        (try? String(contentsOfFile: folder + "/server.pid", encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.range(of: ") ", options: .backwards) else { return false }
        return stat[close.upperBound...].first != "Z"
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            if (try? http("GET", "/help/index.html").status) == 200 { return }
            usleep(50_000)
        }
        throw SiteError.setup("the web server did not start: \(logText())")
    }

    /// Everything in the site's log folder, for failure messages.
    func logText() -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []).sorted()
        return names.map { "\($0):\n" + ((try? String(contentsOfFile: logs + "/" + $0, encoding: .utf8)) ?? "") }.joined(separator: "\n")
    }

    /// The lines of one of the site's logs, once one contains `text` (servers may write their logs
    /// a little later: lighttpd flushes its access log once a second); all its lines after 5 s.
    func logLines(_ path: String, waitingFor text: String) -> [String] {
        var lines: [String] = []
        for _ in 0..<100 {
            lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.contains(where: { $0.contains(text) }) { break }
            usleep(50_000)
        }
        return lines
    }

    // MARK: The documented configuration

    static let deployDocument = packageRoot.appendingPathComponent("docs/deploy-cgi.md").path

    /// One code block of the document, and whether it is under a `### Admin > People` heading.
    struct DocumentedBlock {
        var text: String
        var isAdmin: Bool
    }

    /// The code blocks in the server's language in its section of docs/deploy-cgi.md, in order.
    static func documentedConfiguration(_ server: Server) throws -> [DocumentedBlock] {
        let text = try String(contentsOfFile: deployDocument, encoding: .utf8)
        let (heading, language) = server.section
        var blocks: [DocumentedBlock] = [], block: [Substring]?, inSection = false, inAdmin = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if block == nil, line.hasPrefix("## ") { inSection = line.hasPrefix(heading) }
            if block == nil, line.hasPrefix("## ") || line.hasPrefix("### ") { inAdmin = line.hasPrefix("### Admin > People") }
            guard inSection else { continue }
            if var lines = block {
                if line == "```" {
                    blocks.append(DocumentedBlock(text: lines.joined(separator: "\n") + "\n", isAdmin: inAdmin))
                    block = nil
                } else {
                    lines.append(line)
                    block = lines
                }
            } else if line == "```" + language {
                block = []
            }
        }
        guard !blocks.isEmpty else { throw SiteError.setup("no ```\(language) blocks under \(heading) in docs/deploy-cgi.md") }
        return blocks
    }

    /// The document's paths, moved into the site's folder.
    func localise(_ text: String) -> String {
        var text = text
        for (documented, here) in [("/usr/lib/cgi-bin", folder + "/cgi-bin"), ("/etc/resetkit/resetkit.yaml", config),
                                   ("/etc/resetkit/admins.htpasswd", passwordFile),
                                   ("/var/log/lighttpd", logs), ("/var/log/apache2", logs), ("/var/log/nginx", logs),
                                   ("/run/fcgiwrap.socket", folder + "/fcgiwrap.sock")] {
            text = text.replacingOccurrences(of: documented, with: here)
        }
        return text
    }

    /// The admin location's password file with these users, as docs/deploy-cgi.md makes it with
    /// OpenSSL (apr1 hashes, which all three servers check); each password goes on standard input.
    func writePasswordFile(_ users: [Credentials]) throws {
        var lines = ""
        for user in users {
            let hash = try Self.run("/usr/bin/openssl", ["passwd", "-apr1", "-stdin"], input: Data((user.password + "\n").utf8))
            let text = String(decoding: hash.outData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard hash.status == 0, text.hasPrefix("$apr1$") else { throw SiteError.setup("openssl passwd -apr1 failed: \(hash.err)") }
            lines += "\(user.user):\(text)\n"
        }
        try lines.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: passwordFile)
    }

    static func indent(_ text: String, by count: Int) -> String {
        let spaces = String(repeating: " ", count: count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : spaces + $0 }.joined(separator: "\n")
    }

    static func create(_ path: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw SiteError.setup("cannot create \(path)") }
        return path
    }

    // MARK: Clients

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }

        /// `name=value` of each Set-Cookie.
        var cookies: [String: String] {
            var cookies: [String: String] = [:]
            for value in headers("Set-Cookie") {
                let pair = value.split(separator: ";").first ?? ""
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { cookies[String(parts[0])] = String(parts[1]) }
            }
            return cookies
        }

        /// The value of the hidden field `name` in the page.
        func hiddenField(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// One request with curl (a real HTTP client); cookies are sent as given, and `credentials` as
    /// an `Authorization: Basic` header (sent whatever the location: a forged one too).
    func http(_ method: String, _ path: String, headers: [String: String] = [:], cookies: [String: String] = [:],
              credentials: Credentials? = nil, form: [(String, String)]? = nil, body: Data? = nil) throws -> Response {
        var arguments = ["-s", "-i", "--path-as-is", "--max-time", "20"]
        arguments += method == "HEAD" ? ["--head"] : ["-X", method]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        if let credentials { arguments += ["-H", "Authorization: " + credentials.authorization] }
        if !cookies.isEmpty { arguments += ["-H", "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")] }
        var input: Data?
        if let form {
            input = Data(form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&").utf8)
        } else if let body {
            input = body
        }
        if input != nil {
            arguments += ["--data-binary", "@-"]
            if headers["Content-Type"] == nil { arguments += ["-H", "Content-Type: application/x-www-form-urlencoded"] }
        }
        arguments.append(path.hasPrefix("http") ? path : origin + path)
        let result = try Self.run("/usr/bin/curl", arguments, input: input)
        return try Self.parseResponse(result.outData)
    }

    static func parseResponse(_ data: Data) throws -> Response {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw SiteError.http("no header end in: \(text.prefix(200))") }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw SiteError.http("no status line")
        }
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    @discardableResult
    func resetlink(_ arguments: [String], input: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let result = try Self.run(Self.product("resetlink"), arguments + ["--config", config], input: input.map { Data($0.utf8) })
        return (result.status, String(decoding: result.outData, as: UTF8.self), result.err)
    }

    // MARK: Mail

    struct Mail: Decodable {
        var to: String
        var subject: String
        var text: String?
        var html: String?

        var link: String? {
            guard let text, let start = text.range(of: "/cgi-bin/resetlink/link?token=") else { return nil }
            let before = text[..<start.lowerBound].split(whereSeparator: { $0.isWhitespace }).last ?? ""
            return String(before) + String(text[start.lowerBound...].prefix { !$0.isWhitespace })
        }
    }

    /// Mail delivered so far, oldest first, parsed by Python's email package. The CGI sends mail
    /// after its answer is complete, so wait (up to 10 s) until at least `count` have arrived.
    func mails(atLeast count: Int = 1) throws -> [Mail] {
        let new = folder + "/private/maildir/new"
        var names: [String] = []
        for _ in 0..<200 {
            names = ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).sorted()
            if names.count >= count { break }
            usleep(50_000)
        }
        let parser = Self.tests.deletingLastPathComponent().appendingPathComponent("ResetFlowTests/Support/parse-message.py").path
        return try names.map { name in
            let result = try Self.run("/usr/bin/env", ["python3", parser], input: try Data(contentsOf: URL(fileURLWithPath: new + "/" + name)))
            return try JSONDecoder().decode(Mail.self, from: result.outData)
        }
    }

    func auditCount() throws -> Int {
        try resetlink(["audit"]).out.split(separator: "\n").count
    }

    // MARK: Processes

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                    environment: [String: String]? = nil) throws -> (status: Int32, outData: Data, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outData, String(decoding: errData, as: UTF8.self))
    }

    /// resetlink run as the web server runs it, without the server: one CGI request with exactly
    /// these meta-variables (and `extra` ones) and this body; its answer, and what it wrote to
    /// standard error. Returns when the process has exited, after any mail it sends.
    func cgi(_ method: String, _ path: String, cookie: String = "", body: String = "", config: String? = nil,
             extra: [String: String] = [:]) throws -> (answer: String, log: String) {
        var environment = extra
        environment.merge(["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "PATH_INFO": path,
                           "RESETLINK_CONFIG": config ?? self.config, "HTTP_COOKIE": cookie,
                           "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "\(body.utf8.count)"]) { _, new in new }
        let result = try Self.run(folder + "/cgi-bin/resetlink", [], input: Data(body.utf8), environment: environment)
        return (String(decoding: result.outData, as: UTF8.self), result.err)
    }

    static func checkHTML(_ html: String) throws -> [String] {
        let result = try run("/usr/bin/env", ["python3", tests.appendingPathComponent("Support/html-check.py").path], input: Data(html.utf8))
        return String(decoding: result.outData, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

enum SiteError: Error {
    case setup(String)
    case http(String)
}
