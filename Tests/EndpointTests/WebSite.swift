import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real lighttpd on 127.0.0.1 (a free port) serving the built guide under /help/ and resetlink
/// as a CGI program under /cgi-bin/resetlink, with its own configuration, keyring, account
/// database and Maildir in a temporary folder. Stopped by PID.
final class WebSite {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let lighttpd = ["/usr/sbin/lighttpd", "/usr/bin/lighttpd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let apache = ["/usr/sbin/apache2", "/usr/sbin/httpd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    enum Server { case lighttpd, apache }

    static func product(_ name: String) -> String {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    let folder: String
    let port: Int
    private let server = Process()

    var origin: String { "http://127.0.0.1:\(port)" }
    var endpoint: String { origin + "/cgi-bin/resetlink" }
    var config: String { folder + "/resetkit.yaml" }

    init(disclosure: String = "private", server kind: Server = .lighttpd) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("endpoint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/cgi-bin", withIntermediateDirectories: true)
        port = try Self.freePort()

        // The guide, built as it is published, so the pages' stylesheet and links resolve.
        let build = try Self.run(Self.product("helpsite"), ["build", "--config", Self.packageRoot.appendingPathComponent("resetkit.yaml").path,
                                                           "--output", folder + "/www/help", "--base-url", origin + "/help/"])
        guard build.status == 0 else { throw SiteError.setup("helpsite: \(build.err)") }
        try FileManager.default.copyItem(atPath: Self.product("resetlink"), toPath: folder + "/cgi-bin/resetlink")

        try """
            site:
              title: Password help
              base_url: \(origin)/help/
              templates: \(Self.packageRoot.appendingPathComponent("Templates").path)
            reset:
              endpoint_url: \(endpoint)
              login_url: \(origin)/login
              keyring: \(folder)/private/keyring.json
              database: \(folder)/private/accounts.sqlite
              disclosure: \(disclosure)
              password: {scrypt_log_n: 10}
              mail: {from: "Password help <no-reply@example.org>", delivery: maildir, maildir: \(folder)/private/maildir}
              contacts: {Okta: the Identity team (identity@example.org)}
            """.write(toFile: config, atomically: true, encoding: .utf8)
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

        switch kind {
        case .lighttpd:
            try """
                server.document-root = "\(folder)/www"
                server.bind = "127.0.0.1"
                server.port = \(port)
                server.errorlog = "\(folder)/error.log"
                server.modules = ( "mod_alias", "mod_setenv", "mod_cgi" )
                mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8", ".svg" => "image/svg+xml" )
                alias.url = ( "/cgi-bin/" => "\(folder)/cgi-bin/" )
                $HTTP["url"] =~ "^/cgi-bin/" {
                    cgi.assign = ( "" => "" )
                }
                setenv.set-environment = ( "RESETLINK_CONFIG" => "\(config)" )
                # httpoxy: no client-sent Proxy header reaches the CGI as HTTP_PROXY.
                setenv.set-request-header = ( "Proxy" => "" )
                """.write(toFile: folder + "/server.conf", atomically: true, encoding: .utf8)
            server.executableURL = URL(fileURLWithPath: Self.lighttpd ?? "/usr/sbin/lighttpd")
            server.arguments = ["-D", "-f", folder + "/server.conf"]
        case .apache:
            let modules = "/usr/lib/apache2/modules"
            try """
                ServerRoot "/etc/apache2"
                ServerName 127.0.0.1
                Listen 127.0.0.1:\(port)
                PidFile \(folder)/httpd.pid
                ErrorLog \(folder)/error.log
                LoadModule mpm_prefork_module \(modules)/mod_mpm_prefork.so
                LoadModule authz_core_module \(modules)/mod_authz_core.so
                LoadModule alias_module \(modules)/mod_alias.so
                LoadModule mime_module \(modules)/mod_mime.so
                LoadModule env_module \(modules)/mod_env.so
                LoadModule headers_module \(modules)/mod_headers.so
                LoadModule cgi_module \(modules)/mod_cgi.so
                TypesConfig /etc/mime.types
                DocumentRoot "\(folder)/www"
                <Directory "\(folder)/www">
                    Require all granted
                </Directory>
                ScriptAlias /cgi-bin/resetlink \(folder)/cgi-bin/resetlink
                <Directory "\(folder)/cgi-bin">
                    Options None
                    Require all granted
                </Directory>
                <Location "/cgi-bin/resetlink">
                    SetEnv RESETLINK_CONFIG \(config)
                    RequestHeader unset Proxy early
                </Location>
                """.write(toFile: folder + "/server.conf", atomically: true, encoding: .utf8)
            server.executableURL = URL(fileURLWithPath: Self.apache ?? "/usr/sbin/apache2")
            server.arguments = ["-X", "-f", folder + "/server.conf"]
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
        try waitUntilListening()
    }

    /// Stops the server by its PID (SIGKILL: a test runner may hand children an ignored SIGTERM).
    func stop() {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            if (try? http("GET", "/help/index.html").status) == 200 { return }
            usleep(50_000)
        }
        throw SiteError.setup("the web server did not start: \((try? String(contentsOfFile: folder + "/error.log", encoding: .utf8)) ?? "")")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SiteError.setup("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
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

    /// One request with curl (a real HTTP client); cookies are sent as given.
    func http(_ method: String, _ path: String, headers: [String: String] = [:], cookies: [String: String] = [:],
              form: [(String, String)]? = nil, body: Data? = nil) throws -> Response {
        var arguments = ["-s", "-i", "--path-as-is", "--max-time", "20"]
        arguments += method == "HEAD" ? ["--head"] : ["-X", method]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
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
    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, outData: Data, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
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

    static func checkHTML(_ html: String) throws -> [String] {
        let result = try run("/usr/bin/env", ["python3", tests.appendingPathComponent("Support/html-check.py").path], input: Data(html.utf8))
        return String(decoding: result.outData, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

enum SiteError: Error {
    case setup(String)
    case http(String)
}
