import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real OpenLDAP server on 127.0.0.1 for the tests: a temporary mdb database made with slapadd,
/// ldap:// (StartTLS) and ldaps:// on free ports with a certificate from a test CA made with
/// openssl, the ppolicy overlay with a default policy (pwdMinLength 12 under pwdCheckQuality 2,
/// pwdInHistory 3, pwdMustChange TRUE), the service account `cn=resetkit` with `write` on
/// userPassword and `cn=manager` with `manage` (a password administrator, to show what that does).
/// Stopped by PID, and started again on the same ports and database (`restart`). Shared by the
/// DirectoryTests and EndpointTests targets, hence `package`.
package final class Slapd {
    package static let slapd = "/usr/sbin/slapd"
    package static let slapadd = "/usr/sbin/slapadd"
    package static var isInstalled: Bool {
        [slapd, slapadd, "/usr/bin/ldapwhoami", "/usr/bin/ldapsearch", "/usr/bin/openssl"].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    }

    package static let suffix = "dc=example,dc=org"
    package static let people = "ou=people,\(suffix)"
    package static let rootDN = "cn=admin,\(suffix)"
    package static let rootPassword = "root password for tests"
    /// The least-privilege service account: write access to userPassword.
    package static let serviceDN = "cn=resetkit,ou=services,\(suffix)"
    /// A service account with manage access, which ppolicy treats as a password administrator.
    package static let managerDN = "cn=manager,ou=services,\(suffix)"
    package static let servicePassword = "service account secret 1"

    package let folder: String
    package let ldapPort: Int
    package let ldapsPort: Int
    private var server = Process()
    private var stopped = false

    package var ldapURL: String { "ldap://127.0.0.1:\(ldapPort)" }
    package var ldapsURL: String { "ldaps://127.0.0.1:\(ldapsPort)" }
    package var caFile: String { folder + "/ca.pem" }
    /// The service account's password in a 0600 file, as resetlink-directory reads it.
    package var secretFile: String { folder + "/bind-secret" }

    package static func dn(_ uid: String) -> String { "uid=\(uid),\(people)" }

    /// `users`: uid → initial password.
    package init(users: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("slapd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/db", withIntermediateDirectories: true)
        ldapPort = try freePort()
        ldapsPort = try freePort()
        try makeCertificates()
        try configuration().write(toFile: folder + "/slapd.conf", atomically: true, encoding: .utf8)
        try entries(users: users).write(toFile: folder + "/data.ldif", atomically: true, encoding: .utf8)
        try Self.writePrivate(Self.servicePassword + "\n", to: secretFile)
        let added = try Self.run(Self.slapadd, ["-f", folder + "/slapd.conf", "-l", folder + "/data.ldif"])
        guard added.status == 0 else { throw SlapdError.setup("slapadd: \(added.err)") }
        try start()
    }

    /// Runs slapd on the folder's configuration and database, and waits until it answers.
    private func start() throws {
        guard FileManager.default.createFile(atPath: folder + "/slapd.log", contents: nil) else { throw SlapdError.setup("cannot create slapd.log") }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/slapd.log"))
        server.executableURL = URL(fileURLWithPath: Self.slapd)
        // -d 0: in the foreground, so the PID is the server's; -h: only these listeners.
        server.arguments = ["-f", folder + "/slapd.conf", "-h", "\(ldapURL)/ \(ldapsURL)/", "-d", "0"]
        server.standardOutput = log
        server.standardError = log
        try server.run()
        try waitUntilListening()
    }

    /// The database, keys and logs go with the server (nothing is left for scripts/test's folder).
    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Stops the server by its PID (SIGKILL: a test runner may hand children an ignored SIGTERM).
    package func stop() {
        guard !stopped else { return }
        stopped = true
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
        server.waitUntilExit()
    }

    /// Starts the server again after `stop`: same ports, same database (mdb survives SIGKILL).
    package func restart() throws {
        stop()
        server = Process()
        stopped = false
        try start()
    }

    package var log: String { (try? String(contentsOfFile: folder + "/slapd.log", encoding: .utf8)) ?? "" }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            guard server.isRunning else { break }
            if let result = try? ldap("ldapsearch", ["-x", "-H", ldapsURL, "-b", "", "-s", "base", "-LLL", "1.1"]), result.status == 0 { return }
            usleep(50_000)
        }
        stop()
        throw SlapdError.setup("slapd did not start: \(log)")
    }

    /// Whether `password` binds as `dn` (ldapwhoami over ldaps://; the password from a file, not argv).
    package func accepts(_ dn: String, _ password: String) throws -> Bool {
        let file = folder + "/whoami-\(UUID().uuidString)"
        try Self.writePrivate(password, to: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try ldap("ldapwhoami", ["-x", "-H", ldapsURL, "-D", dn, "-y", file]).status == 0
    }

    /// The values of `attributes` of `dn`, read as the rootdn (operational attributes included), as text.
    package func attributes(_ dn: String, _ attributes: [String]) throws -> [String: [String]] {
        let file = folder + "/root-\(UUID().uuidString)"
        try Self.writePrivate(Self.rootPassword, to: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try ldap("ldapsearch", ["-x", "-o", "ldif-wrap=no", "-H", ldapsURL, "-D", Self.rootDN, "-y", file, "-b", dn,
                                             "-s", "base", "-LLL"] + attributes)
        guard result.status == 0 else { throw SlapdError.setup("ldapsearch \(dn): \(result.err)") }
        var values: [String: [String]] = [:]
        for line in result.out.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            var value = line[line.index(after: colon)...]
            // "name:: base64" holds a value that is not plain text (userPassword always is written so).
            let isBase64 = value.first == ":"
            if isBase64 { value = value.dropFirst() }
            let text = value.trimmingCharacters(in: .whitespaces)
            values[name, default: []].append(isBase64 ? Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) } ?? text : text)
        }
        return values
    }

    /// An ldap-utils command with the test CA trusted and nothing else of the machine's LDAP set-up
    /// (LDAPNOINIT would also ignore these variables: no ldap.conf, and a HOME without .ldaprc instead).
    private func ldap(_ tool: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        try Self.run("/usr/bin/" + tool, arguments,
                     environment: ["LDAPCONF": "/dev/null", "HOME": folder, "LDAPTLS_CACERT": caFile, "LDAPTLS_REQCERT": "demand"])
    }

    private func makeCertificates() throws {
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=ResetKit test CA"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
             "-days", "2", "-extfile", "san.cnf"],
        ]
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: folder + "/san.cnf", atomically: true, encoding: .utf8)
        for arguments in steps {
            let result = try Self.run("/usr/bin/openssl", arguments, directory: folder)
            guard result.status == 0 else { throw SlapdError.setup("openssl \(arguments[0]): \(result.err)") }
        }
    }

    private func configuration() -> String {
        """
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload ppolicy
        pidfile \(folder)/slapd.pid
        argsfile \(folder)/slapd.args
        TLSCACertificateFile \(folder)/ca.pem
        TLSCertificateFile \(folder)/server.pem
        TLSCertificateKeyFile \(folder)/server.key
        database mdb
        suffix "\(Self.suffix)"
        rootdn "\(Self.rootDN)"
        rootpw "\(Self.rootPassword)"
        directory \(folder)/db
        maxsize 10485760
        overlay ppolicy
        ppolicy_default "cn=default,ou=policies,\(Self.suffix)"
        access to attrs=userPassword
          by dn.exact="\(Self.serviceDN)" write
          by dn.exact="\(Self.managerDN)" manage
          by anonymous auth
          by * none
        access to *
          by * read

        """
    }

    private func entries(users: [String: String]) -> String {
        var ldif = """
            dn: \(Self.suffix)
            objectClass: dcObject
            objectClass: organization
            o: Example
            dc: example

            dn: \(Self.people)
            objectClass: organizationalUnit
            ou: people

            dn: ou=services,\(Self.suffix)
            objectClass: organizationalUnit
            ou: services

            dn: ou=policies,\(Self.suffix)
            objectClass: organizationalUnit
            ou: policies

            dn: cn=default,ou=policies,\(Self.suffix)
            objectClass: pwdPolicy
            objectClass: device
            cn: default
            pwdAttribute: userPassword
            pwdMinLength: 12
            pwdCheckQuality: 2
            pwdInHistory: 3
            pwdMustChange: TRUE


            """
        for dn in [Self.serviceDN, Self.managerDN] {
            ldif += "dn: \(dn)\nobjectClass: person\nsn: service\nuserPassword: \(Self.servicePassword)\n\n"
        }
        for (uid, password) in users.sorted(by: { $0.key < $1.key }) {
            ldif += "dn: \(Self.dn(uid))\nobjectClass: inetOrgPerson\nuid: \(uid)\ncn: \(uid)\nsn: \(uid)\nuserPassword: \(password)\n\n"
        }
        return ldif
    }

    package static func writePrivate(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SlapdError.setup("cannot write \(path)")
        }
    }

    package static func run(_ executable: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
                    directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
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
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

package enum SlapdError: Error, CustomStringConvertible {
    case setup(String)
    package var description: String {
        switch self { case .setup(let text): text }
    }
}
