"""Fixtures for the real-validator and real-browser checks (run by scripts/test-browser).

One lighttpd on 127.0.0.1 (a free port) serves the guide, built with helpsite, under /help/ and
resetlink as a CGI program under /cgi-bin/resetlink, with its own configuration, keyring, account
database and Maildir in a temporary folder — the same set-up as Tests/EndpointTests/WebSite.swift.
The guide and the forms share one origin, as in production. The executables come from
$RESETKIT_BIN (default .build/debug)."""
import email
import email.policy
import glob
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("RESETKIT_BIN") or os.path.join(ROOT, ".build", "debug"))
SCREENSHOTS = os.path.join(ROOT, "test-artifacts", "screenshots")
LIGHTTPD = next((p for p in ("/usr/sbin/lighttpd", "/usr/bin/lighttpd") if os.access(p, os.X_OK)), None)
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.access(p, os.X_OK)), None)
CHROMEDRIVER = next((p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.access(p, os.X_OK)), None)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
""")
        people = os.path.join(self.folder, "people.csv")
        with open(people, "w") as f:
            f.write("username,email,name,source,provider,status\n"
                    "ana,ana@example.org,Ana Lima,local,,active\n"
                    "bruno,bruno@example.org,Bruno Costa,local,,active\n"
                    "okta.user,sso@example.org,Okta User,sso,Okta,active\n")
        for arguments in (["keys", "new"], ["accounts", "import", people]):
            result = self.resetlink(*arguments)
            assert result.returncode == 0, "resetlink %s: %s" % (arguments, result.stderr)
        conf = os.path.join(self.folder, "server.conf")
        with open(conf, "w") as f:
            f.write(f"""server.document-root = "{self.folder}/www"
server.bind = "127.0.0.1"
server.port = {self.port}
server.errorlog = "{self.folder}/error.log"
server.breakagelog = "{self.folder}/cgi-stderr.log"
server.modules = ( "mod_alias", "mod_setenv", "mod_cgi" )
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8",
                    ".js" => "text/javascript; charset=utf-8", ".svg" => "image/svg+xml", ".mp4" => "video/mp4",
                    ".xml" => "application/xml" )
alias.url = ( "/cgi-bin/" => "{self.folder}/cgi-bin/" )
$HTTP["url"] =~ "^/cgi-bin/" {{
    cgi.assign = ( "" => "" )
}}
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

    # HTTP without redirects or a cookie jar: the tests decide what is sent.
    def request(self, method, path, cookies=None, form=None):
        url = urllib.parse.urlsplit(path if path.startswith("http") else self.origin + path)
        headers = {}
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

    def get(self, path, cookies=None):
        return self.request("GET", path, cookies=cookies)

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


def guide_pages(site):
    """Every page of the built guide, as paths relative to /help/ (the 404 page too)."""
    pages = []
    for path in sorted(glob.glob(os.path.join(site.guide, "**", "*.html"), recursive=True)):
        pages.append(os.path.relpath(path, site.guide))
    return pages


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
