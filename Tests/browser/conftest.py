"""Fixtures for the real-validator and real-browser checks (run by scripts/test-browser).

One lighttpd on 127.0.0.1 (a free port) serves the guide, built with helpsite, under /help/ and
resetlink as a CGI program under /cgi-bin/resetlink, with its own configuration, keyring, account
database and Maildir in a temporary folder — the same set-up as Tests/EndpointTests/WebSite.swift.
The guide and the forms share one origin, as in production. The executables come from
$RESETKIT_BIN (default .build/debug).

The administrator pages (/cgi-bin/resetlink/admin...) are protected by lighttpd itself (mod_auth,
HTTP Basic, an htpasswd file of apr1 hashes made with `openssl passwd -apr1`), as docs/deploy-cgi.md
tells administrators to do: resetlink only reads the REMOTE_USER and AUTH_TYPE the server sets.
alice is a people administrator (reset.admins), bob signs in but is not one; their passwords are
made for each run. The same CGI is also reachable without authentication under UNPROTECTED, the
misconfiguration resetlink must notice."""
import base64
import contextlib
import email
import email.policy
import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import pytest
import yaml  # PyYAML; scripts/test-browser installs Debian's python3-yaml when it is missing

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("RESETKIT_BIN") or os.path.join(ROOT, ".build", "debug"))
SCREENSHOTS = os.path.join(ROOT, "test-artifacts", "screenshots")
LIGHTTPD = next((p for p in ("/usr/sbin/lighttpd", "/usr/bin/lighttpd") if os.access(p, os.X_OK)), None)
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.access(p, os.X_OK)), None)
CHROMEDRIVER = next((p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.access(p, os.X_OK)), None)


# A second alias of the same CGI that lighttpd does not protect: a deployment mistake.
UNPROTECTED = "/unprotected-cgi/"


# MARK: languages

def _repository_site_settings():
    with open(os.path.join(ROOT, "resetkit.yaml"), encoding="utf-8") as f:
        return (yaml.safe_load(f) or {}).get("site") or {}


# The languages the repository's guide is published in (site.language, site.languages): the tests
# run for each, so a second language gets every check the first one gets.
DEFAULT_LANGUAGE = _repository_site_settings().get("language") or "en"
LANGUAGES = list(_repository_site_settings().get("languages") or [DEFAULT_LANGUAGE])


def language_folder(lang):
    """Where a language's guide pages are, under the guide's root: "" for the default, "de/"."""
    return "" if lang == DEFAULT_LANGUAGE else lang + "/"


_STRINGS = {}


def strings(lang):
    """Templates/strings/<lang>.yaml flattened to dotted keys, as the templates use them."""
    if lang not in _STRINGS:
        with open(os.path.join(ROOT, "Templates", "strings", lang + ".yaml"), encoding="utf-8") as f:
            tree = yaml.safe_load(f) or {}
        flat = {}

        def walk(prefix, node):
            if isinstance(node, dict) and not set(node) <= {"one", "other"}:
                for key, value in node.items():
                    walk(prefix + str(key) + ".", value)
            else:
                flat[prefix[:-1]] = node
        walk("", tree)
        _STRINGS[lang] = flat
    return _STRINGS[lang]


def ui(lang, key, count=None, markup=False, **values):
    """What the pages say in `lang` for template string `key`, with its {{names}} (and {count})
    filled in and tags dropped (an `_html` string as the browser shows its text; `markup`: as the
    page's source has it). The tests read
    the expected words here rather than repeating them, so each language is checked the same way;
    `distinct_ui` makes sure a check in another language would notice the default language's words."""
    text = strings(lang)[key]
    if isinstance(text, dict):
        text = text["one" if count == 1 else "other"]
    values = dict(values, **({} if count is None else {"count": count}))
    for name, value in values.items():
        text = text.replace("{{%s}}" % name, str(value)).replace("{%s}" % name, str(value))
    return text if markup else re.sub(r"<[^>]+>", "", text)


def distinct_ui(lang, key, **values):
    """ui(), asserting that `lang` does not say it as the default language does: a page that fell
    back to the default language must not pass a check meant for `lang`."""
    text = ui(lang, key, **values)
    if lang != DEFAULT_LANGUAGE:
        assert text != ui(DEFAULT_LANGUAGE, key, **values), "%s: %s is not translated" % (lang, key)
    return text


def language_of(site, url):
    """The language of a guide page, from the folder its URL is in."""
    for other in LANGUAGES:
        if language_folder(other) and url.startswith(site.guide_url(other, "")):
            return other
    return DEFAULT_LANGUAGE


@pytest.fixture(params=LANGUAGES)
def lang(request):
    """Each configured language in turn."""
    return request.param


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_admin_users(folder):
    """An htpasswd file (apr1 hashes from `openssl passwd -apr1`) with alice and bob, each with a
    password made for this run; returns (path, {user: password})."""
    users = {name: secrets.token_urlsafe(12) for name in ("alice", "bob")}
    path = os.path.join(folder, "htpasswd")
    with open(path, "w") as f:
        for name, password in users.items():
            hashed = subprocess.run(["openssl", "passwd", "-apr1", "-stdin"], input=password + "\n",
                                    capture_output=True, text=True)
            assert hashed.returncode == 0 and hashed.stdout.startswith("$apr1$"), hashed.stderr
            f.write("%s:%s\n" % (name, hashed.stdout.strip()))
    return path, users


def admin_auth_conf(htpasswd):
    """lighttpd lines that make the server ask for a password on the admin pages (and only there)."""
    return f"""auth.backend = "htpasswd"
auth.backend.htpasswd.userfile = "{htpasswd}"
$HTTP["url"] =~ "^/cgi-bin/resetlink/admin(/|$)" {{
    auth.require = ( "" => ( "method" => "basic", "realm" => "People administration", "require" => "valid-user" ) )
}}
"""


def basic_auth(user, password):
    return "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def cookies(self):
        jar = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, value = v.split(";", 1)[0].partition("=")
                jar[name] = value
        return jar

    def hidden_field(self, name):
        m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), self.body)
        return m.group(1) if m else None


class Site:
    """The running web server and helpers to talk to it."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.origin = "http://127.0.0.1:%d" % self.port
        self.endpoint = self.origin + "/cgi-bin/resetlink"
        self.help = self.origin + "/help/"
        self.guide = os.path.join(folder, "www", "help")
        self.config = os.path.join(folder, "resetkit.yaml")
        self.maildir = os.path.join(folder, "private", "maildir")
        self.process = None
        self.browser_form_mail = None
        self.users = {}
        # Sent as Accept-Language with every request of request() while set (see speaking()).
        self.accept_language = None

    def guide_url(self, lang, page="index.html"):
        """The URL of a guide page in `lang` (a path as under the default language)."""
        return self.help + language_folder(lang) + page

    @contextlib.contextmanager
    def speaking(self, lang):
        """request() and get() ask for `lang` (Accept-Language) inside the block."""
        before, self.accept_language = self.accept_language, lang
        try:
            yield self
        finally:
            self.accept_language = before

    def start(self):
        os.makedirs(os.path.join(self.folder, "cgi-bin"))
        build = subprocess.run([os.path.join(BIN, "helpsite"), "build", "--config", os.path.join(ROOT, "resetkit.yaml"),
                                "--output", self.guide, "--base-url", self.help], capture_output=True, text=True)
        assert build.returncode == 0, "helpsite build failed:\n" + build.stdout + build.stderr
        shutil.copy(os.path.join(BIN, "resetlink"), os.path.join(self.folder, "cgi-bin", "resetlink"))
        with open(self.config, "w") as f:
            f.write(f"""site:
  title: Password help
  base_url: {self.help}
  templates: {ROOT}/Templates
  language: {DEFAULT_LANGUAGE}
  languages: [{", ".join(LANGUAGES)}]
reset:
  endpoint_url: {self.endpoint}
  login_url: {self.origin}/login
  keyring: {self.folder}/private/keyring.json
  database: {self.folder}/private/accounts.sqlite
  disclosure: private
  throttle_per_hour: 100
  password: {{scrypt_log_n: 10}}
  mail: {{from: "Password help <no-reply@example.org>", delivery: maildir, maildir: {self.maildir}}}
  contacts: {{Okta: the Identity team (identity@example.org)}}
  admins: [alice]
""")
        people = os.path.join(self.folder, "people.csv")
        with open(people, "w") as f:
            f.write("username,email,name,source,provider,status\n"
                    "ana,ana@example.org,Ana Lima,local,,active\n"
                    "bruno,bruno@example.org,Bruno Costa,local,,active\n"
                    "okta.user,sso@example.org,Okta User,sso,Okta,active\n"
                    "dora,dora@example.org,Dora Disabled,local,,disabled\n"
                    "shared.one,shared@example.org,Shared One,local,,active\n"
                    "shared.two,shared@example.org,Shared Two,local,,active\n")
            # One reader per language, who asks for a reset in it (test_languages.py).
            for lang in LANGUAGES:
                f.write("reader.%s,reader.%s@example.org,Reader %s,local,,active\n" % (lang, lang, lang.upper()))
        for arguments in (["keys", "new"], ["accounts", "import", people]):
            result = self.resetlink(*arguments)
            assert result.returncode == 0, "resetlink %s: %s" % (arguments, result.stderr)
        htpasswd, self.users = make_admin_users(self.folder)
        conf = os.path.join(self.folder, "server.conf")
        with open(conf, "w") as f:
            f.write(f"""server.document-root = "{self.folder}/www"
server.bind = "127.0.0.1"
server.port = {self.port}
server.errorlog = "{self.folder}/error.log"
server.breakagelog = "{self.folder}/cgi-stderr.log"
server.modules = ( "mod_auth", "mod_authn_file", "mod_alias", "mod_setenv", "mod_cgi" )
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8",
                    ".js" => "text/javascript; charset=utf-8", ".svg" => "image/svg+xml", ".mp4" => "video/mp4",
                    ".xml" => "application/xml", ".png" => "image/png" )
alias.url = ( "/cgi-bin/" => "{self.folder}/cgi-bin/", "{UNPROTECTED}" => "{self.folder}/cgi-bin/" )
$HTTP["url"] =~ "^(/cgi-bin/|{UNPROTECTED})" {{
    cgi.assign = ( "" => "" )
}}
{admin_auth_conf(htpasswd)}
setenv.set-environment = ( "RESETLINK_CONFIG" => "{self.config}" )
setenv.set-request-header = ( "Proxy" => "" )
""")
        self.process = subprocess.Popen([LIGHTTPD, "-D", "-f", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                if self.get("/help/index.html").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("lighttpd did not start: " + open(os.path.join(self.folder, "error.log")).read())

    def stop(self):
        if self.process:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def resetlink(self, *arguments, input=None):
        return subprocess.run([os.path.join(BIN, "resetlink"), *arguments, "--config", self.config],
                              input=input, capture_output=True, text=True)

    # HTTP without redirects or a cookie jar: the tests decide what is sent. `user`: sign in as
    # that user (HTTP Basic, with the password from the htpasswd file).
    def request(self, method, path, cookies=None, form=None, user=None, headers=None):
        url = urllib.parse.urlsplit(path if path.startswith("http") else self.origin + path)
        headers = dict(headers or {})
        if self.accept_language and "Accept-Language" not in headers:
            headers["Accept-Language"] = self.accept_language
        if user:
            headers["Authorization"] = basic_auth(user, self.users[user])
        if cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in sorted(cookies.items()))
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, url.path + ("?" + url.query if url.query else ""), body=body, headers=headers)
            answer = connection.getresponse()
            return Response(answer.status, answer.getheaders(), answer.read().decode("utf-8", "replace"))
        finally:
            connection.close()

    def get(self, path, cookies=None, user=None):
        return self.request("GET", path, cookies=cookies, user=user)

    def signed_in_url(self, user, path):
        """`path` on this server with the user's credentials in the URL: a browser's first navigation
        with it signs in, and the browser keeps the credentials for the realm, as after a prompt."""
        return self.origin.replace("://", "://%s:%s@" % (user, self.users[user]), 1) + path

    def mail_count(self):
        return len(glob.glob(os.path.join(self.maildir, "new", "*")))

    def wait_for_mail(self, after, to, seconds=10.0):
        """The reset link in the first message to `to` that arrived after `after` messages (the CGI
        sends mail after answering, so wait), or None."""
        deadline = time.monotonic() + seconds
        while True:
            names = sorted(glob.glob(os.path.join(self.maildir, "new", "*")), key=os.path.getmtime)
            for name in names[after:]:
                with open(name, "rb") as f:
                    message = email.message_from_binary_file(f, policy=email.policy.default)
                if to in str(message["To"]):
                    text = message.get_body(preferencelist=("plain",)).get_content()
                    m = re.search(r"\S*/cgi-bin/resetlink/link\?token=\S+", text)
                    assert m, "no reset link in the mail:\n" + text
                    return m.group(0)
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)

    def post_forgot(self, email_address):
        """GET the forgot form and POST it with its CSRF cookie and field, as a browser does."""
        form = self.get("/cgi-bin/resetlink/forgot")
        csrf = form.hidden_field("csrf")
        cookie = form.cookies.get("resetlink_form")
        assert csrf and cookie and csrf != cookie
        return self.request("POST", "/cgi-bin/resetlink/forgot", cookies={"resetlink_form": cookie},
                            form=[("csrf", csrf), ("email", email_address), ("username", "")])

    def issued_link(self, email_address):
        """A real reset link for the account on `email_address`, asked for through the forgot form
        and read from the Maildir message."""
        before = self.mail_count()
        sent = self.post_forgot(email_address)
        assert sent.status == 200, sent.body
        link = self.wait_for_mail(before, email_address, seconds=5)
        assert link and link.startswith(self.endpoint + "/link?token="), link
        return sent, link


@pytest.fixture(scope="session")
def site():
    for name in ("helpsite", "resetlink"):
        if not os.access(os.path.join(BIN, name), os.X_OK):
            pytest.exit("%s/%s is missing: build first (swift build) or set RESETKIT_BIN" % (BIN, name), returncode=2)
    if LIGHTTPD is None:
        pytest.exit("lighttpd is not installed (scripts/test-browser installs it)", returncode=2)
    folder = tempfile.mkdtemp(prefix="resetkit-browser-")
    server = Site(folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def guide_pages(site, lang=None):
    """Every page of the built guide, as paths relative to /help/ (the 404 page too); with `lang`,
    only that language's pages (the default language's are those outside the others' folders)."""
    pages = []
    for path in sorted(glob.glob(os.path.join(site.guide, "**", "*.html"), recursive=True)):
        pages.append(os.path.relpath(path, site.guide))
    if lang is None:
        return pages
    if lang != DEFAULT_LANGUAGE:
        return [page for page in pages if page.startswith(language_folder(lang))]
    others = tuple(language_folder(other) for other in LANGUAGES if other != DEFAULT_LANGUAGE)
    return [page for page in pages if not others or not page.startswith(others)]


# Lines printed in pytest's summary at the end (counts, where the screenshots are).
SUMMARY = []


def pytest_terminal_summary(terminalreporter):
    for line in SUMMARY:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    os.makedirs(SCREENSHOTS)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def driver():
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.exit("chromium and chromedriver are needed (scripts/test-browser installs them)", returncode=2)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--hide-scrollbars", "--window-size=1280,900", "--force-device-scale-factor=1",
                     "--autoplay-policy=user-gesture-required", "--lang=en-US"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


# MARK: the TLS site with three host names (test_webmail_click.py, test_admin.py)

HOSTS = ("intranet.test", "www.intranet.test", "webmail.test")


class TLSSite(Site):
    """One lighttpd with TLS (a self-signed certificate made here, mod_openssl) serving three host
    names that Chromium maps to 127.0.0.1 (tls_browser): intranet.test (the guide and the endpoint,
    with the admin pages behind HTTP Basic auth as in Site), www.intranet.test (another origin of the
    same site, pages in portal/) and webmail.test (another site, pages in webmail/). Site's stop,
    resetlink and users work as there. `people`: the CSV rows of the accounts to import."""

    def __init__(self, folder, people, extra_reset=""):
        self.folder = folder
        self.people = people
        self.extra_reset = extra_reset
        self.port = free_port()
        self.origin = "https://intranet.test:%d" % self.port
        self.portal = "https://www.intranet.test:%d" % self.port
        self.webmail = "https://webmail.test:%d" % self.port
        self.endpoint = self.origin + "/cgi-bin/resetlink"
        self.config = os.path.join(folder, "resetkit.yaml")
        self.maildir = os.path.join(folder, "private", "maildir")
        self.breakage = os.path.join(folder, "cgi-stderr.log")
        self.process = None
        self.users = {}

    def start(self):
        for sub in ("cgi-bin", "www/help", "portal", "webmail"):
            os.makedirs(os.path.join(self.folder, sub), exist_ok=True)
        pem = os.path.join(self.folder, "server.pem")
        key = os.path.join(self.folder, "server.key")
        made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=intranet.test",
                               "-addext", "subjectAltName=" + ",".join("DNS:" + h for h in HOSTS), "-keyout", key, "-out", pem],
                              capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
        build = subprocess.run([os.path.join(BIN, "helpsite"), "build", "--config", os.path.join(ROOT, "resetkit.yaml"),
                                "--output", os.path.join(self.folder, "www", "help"), "--base-url", self.origin + "/help/"],
                               capture_output=True, text=True)
        assert build.returncode == 0, build.stdout + build.stderr
        shutil.copy(os.path.join(BIN, "resetlink"), os.path.join(self.folder, "cgi-bin", "resetlink"))
        with open(self.config, "w") as f:
            f.write(f"""site:
  title: Password help
  base_url: {self.origin}/help/
  templates: {ROOT}/Templates
  language: {DEFAULT_LANGUAGE}
  languages: [{", ".join(LANGUAGES)}]
reset:
  endpoint_url: {self.endpoint}
  login_url: {self.origin}/login
  keyring: {self.folder}/private/keyring.json
  database: {self.folder}/private/accounts.sqlite
  throttle_per_hour: 100
  password: {{scrypt_log_n: 10}}
  mail: {{from: "Password help <no-reply@example.org>", delivery: maildir, maildir: {self.maildir}}}
  admins: [alice]
{self.extra_reset}""")
        people = os.path.join(self.folder, "people.csv")
        with open(people, "w") as f:
            f.write("username,email,name,source,provider,status\n")
            for row in self.people:
                f.write(row + "\n")
        for arguments in (["keys", "new"], ["accounts", "import", people]):
            result = self.resetlink(*arguments)
            assert result.returncode == 0, result.stderr
        htpasswd, self.users = make_admin_users(self.folder)
        conf = os.path.join(self.folder, "server.conf")
        with open(conf, "w") as f:
            f.write(f"""server.bind = "127.0.0.1"
server.port = {self.port}
server.document-root = "{self.folder}/www"
server.errorlog = "{self.folder}/error.log"
server.breakagelog = "{self.breakage}"
server.modules = ( "mod_openssl", "mod_auth", "mod_authn_file", "mod_alias", "mod_setenv", "mod_cgi" )
ssl.engine = "enable"
ssl.pemfile = "{pem}"
ssl.privkey = "{key}"
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8",
                    ".js" => "text/javascript; charset=utf-8", ".svg" => "image/svg+xml", ".png" => "image/png" )
$HTTP["host"] =~ "^www\\.intranet\\.test" {{
    server.document-root = "{self.folder}/portal"
}}
$HTTP["host"] =~ "^webmail\\.test" {{
    server.document-root = "{self.folder}/webmail"
}}
$HTTP["host"] =~ "^intranet\\.test" {{
    alias.url = ( "/cgi-bin/" => "{self.folder}/cgi-bin/", "{UNPROTECTED}" => "{self.folder}/cgi-bin/" )
    $HTTP["url"] =~ "^(/cgi-bin/|{UNPROTECTED})" {{
        cgi.assign = ( "" => "" )
    }}
}}
{admin_auth_conf(htpasswd)}
setenv.set-environment = ( "RESETLINK_CONFIG" => "{self.config}" )
setenv.set-request-header = ( "Proxy" => "" )
""")
        self.process = subprocess.Popen([LIGHTTPD, "-D", "-f", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            probe = subprocess.run(["curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "--resolve",
                                    "intranet.test:%d:127.0.0.1" % self.port, self.origin + "/help/index.html"],
                                   capture_output=True, text=True)
            if probe.stdout == "200":
                return
            time.sleep(0.05)
        raise RuntimeError("lighttpd (TLS) did not start: " + open(os.path.join(self.folder, "error.log")).read())

    def curl(self, path, user=None, method="GET", host=None, data=None):
        """(status, body) of a request over TLS to this server, without a browser."""
        base = self.origin if host is None else "https://%s:%d" % (host, self.port)
        arguments = ["curl", "-sk", "-X", method, "-w", "\n%{http_code}", "--resolve", "intranet.test:%d:127.0.0.1" % self.port]
        if user:
            arguments += ["-u", "%s:%s" % (user, self.users[user])]
        if data is not None:
            arguments += ["--data", data]
        result = subprocess.run(arguments + [base + path], capture_output=True, text=True)
        body, _, status = result.stdout.rpartition("\n")
        return int(status), body

    def page(self, host_folder, name, html):
        """Writes a page on the portal or webmail host and returns its URL."""
        with open(os.path.join(self.folder, host_folder, name), "w") as f:
            f.write("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>"
                    % (name, html))
        return (self.portal if host_folder == "portal" else self.webmail) + "/" + name

    def mails(self):
        return sorted(glob.glob(os.path.join(self.maildir, "new", "*")))

    def link_for(self, person, before, address=None):
        """The reset link in the first mail to `person` (at `address`, default person@example.org)
        that is not one of the mails in `before`."""
        address = address or person + "@example.org"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for name in self.mails():
                with open(name, "rb") as f:
                    message = email.message_from_binary_file(f, policy=email.policy.default)
                # The user's own request ("Reset your password") or an administrator's ("… password reset for you").
                if address in str(message["To"]) and "reset" in str(message["Subject"]).lower():
                    text = message.get_body(preferencelist=("plain",)).get_content()
                    found = re.search(r"\S*/cgi-bin/resetlink/link\?token=\S+", text)
                    if found and name not in before:
                        return found.group(0)
            time.sleep(0.05)
        seen = []
        for name in self.mails():
            with open(name, "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            seen.append("%s: %s" % (message["To"], message["Subject"]))
        raise AssertionError("no reset mail for %s; the Maildir holds: %r" % (person, seen))

    def request_link(self, person):
        before = set(self.mails())
        result = self.resetlink("request", "--email", person + "@example.org")
        assert result.returncode == 0, result.stderr
        return self.link_for(person, before)

    def audit(self, person=None):
        arguments = ["audit"] + (["--account", person] if person else [])
        return self.resetlink(*arguments).stdout

    def password_is(self, person, password):
        return self.resetlink("accounts", "check-password", person, input=password + "\n").returncode == 0


def tls_browser(profile, block_cookies=False):
    """A headless Chromium with its own profile folder (a fresh one is another device), resolving
    the three test hosts to 127.0.0.1 and accepting the test's self-signed certificate."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                     "--ignore-certificate-errors", "--user-data-dir=" + profile, "--lang=en-US", "--hide-scrollbars",
                     "--force-device-scale-factor=1",
                     "--host-resolver-rules=" + ", ".join("MAP %s 127.0.0.1" % h for h in HOSTS)):
        options.add_argument(argument)
    if block_cookies:
        options.add_experimental_option("prefs", {"profile.default_content_setting_values.cookies": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


# MARK: browser helpers shared by the browser tests

def wait(driver, condition, message="", seconds=15):
    """Waits until `condition(driver)` holds, polling every 50 ms; a page still loading is not a failure."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, seconds, poll_frequency=0.05,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException, WebDriverException)
                         ).until(lambda d: condition(d), message)


def without_query(url):
    """`url` without its query: with several languages, the endpoint's redirects carry ?lang= on."""
    return urllib.parse.urlsplit(url)._replace(query="").geturl()


def heading(driver):
    from selenium.webdriver.common.by import By
    return driver.find_element(By.TAG_NAME, "h1").text


def enter_new_password(driver, site, person, password):
    """On the new-password form a link opened: type the password twice and send it, as the person
    does; then the success page, and the stored password is the one typed."""
    from selenium.webdriver.common.by import By
    wait(driver, lambda d: without_query(d.current_url) == site.endpoint + "/new-password" and heading(d) == "Choose a new password",
         "not on the new-password form: %s %r" % (driver.current_url, driver.page_source[:600]))
    assert "Choose a new password for the account %s." % person in driver.find_element(By.CSS_SELECTOR, ".lead").text
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "confirm").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".reset-form button[type=submit]").click()
    wait(driver, lambda d: heading(d) == "Your password was changed", "no success page: %r" % driver.page_source[:600])
    assert site.password_is(person, password), "the stored password of %s is not the one chosen in the browser" % person
