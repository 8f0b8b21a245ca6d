#if canImport(Glibc)
import Glibc
#endif

/// resetlink runs this program with a minimal environment (PATH and LANG only). Installed beside
/// resetlink in a CGI folder, it can also be run by a web server that serves every program there
/// (Debian's Apache enables `ScriptAlias /cgi-bin/ /usr/lib/cgi-bin/`; the lighttpd configuration in
/// docs/deploy-cgi.md assigns the whole folder), and Apache's mod_cgi turns a query string without
/// "=" into command-line arguments (RFC 3875 §4.4): a stranger would choose the options, the username
/// and, in the request's body, the password. A run with CGI's meta-variables therefore does nothing.
func refuseWhenRunByAWebServer() {
    guard getenv("GATEWAY_INTERFACE") != nil || getenv("REQUEST_METHOD") != nil else { return }
    usageError("started by a web server (GATEWAY_INTERFACE or REQUEST_METHOD is set); only resetlink runs this program")
}
