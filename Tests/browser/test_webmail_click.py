"""The reset link as people actually open it (issue 14): clicked in webmail on another site, over TLS.

One lighttpd with TLS (a self-signed certificate made here, mod_openssl) serves three host names,
all mapped to 127.0.0.1 inside Chromium with --host-resolver-rules:
- intranet.test      the guide and the reset endpoint (resetlink as CGI);
- www.intranet.test  another origin of the same site (an intranet portal);
- webmail.test       another site: the "webmail" whose pages hold the link.
Each case opens a real reset link the way a person would, completes the reset in the browser, then
checks with `resetlink accounts check-password` that the new password is the stored one, and reads
the audit log."""
import email
import email.policy
import glob
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BIN, CHROMEDRIVER, CHROMIUM, LIGHTTPD, ROOT, Site, free_port

HOSTS = ("intranet.test", "www.intranet.test", "webmail.test")
PEOPLE = ("pasted", "clicked", "blank", "device", "portal", "victim", "blocked")


class TLSSite(Site):
    """conftest's Site (stop, resetlink) with its own TLS server, three hosts and accounts."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.origin = "https://intranet.test:%d" % self.port
        self.portal = "https://www.intranet.test:%d" % self.port
        self.webmail = "https://webmail.test:%d" % self.port
        self.endpoint = self.origin + "/cgi-bin/resetlink"
        self.config = os.path.join(folder, "resetkit.yaml")
        self.maildir = os.path.join(folder, "private", "maildir")
        self.breakage = os.path.join(folder, "cgi-stderr.log")
        self.process = None

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
reset:
  endpoint_url: {self.endpoint}
  login_url: {self.origin}/login
  keyring: {self.folder}/private/keyring.json
  database: {self.folder}/private/accounts.sqlite
  throttle_per_hour: 100
  password: {{scrypt_log_n: 10}}
  mail: {{from: "Password help <no-reply@example.org>", delivery: maildir, maildir: {self.maildir}}}
""")
        people = os.path.join(self.folder, "people.csv")
        with open(people, "w") as f:
            f.write("username,email,name,source,provider,status\n")
            for name in PEOPLE:
                f.write("%s,%s@example.org,,local,,active\n" % (name, name))
        for arguments in (["keys", "new"], ["accounts", "import", people]):
            result = self.resetlink(*arguments)
            assert result.returncode == 0, result.stderr
        conf = os.path.join(self.folder, "server.conf")
        with open(conf, "w") as f:
            f.write(f"""server.bind = "127.0.0.1"
server.port = {self.port}
server.document-root = "{self.folder}/www"
server.errorlog = "{self.folder}/error.log"
server.breakagelog = "{self.breakage}"
server.modules = ( "mod_openssl", "mod_alias", "mod_setenv", "mod_cgi" )
ssl.engine = "enable"
ssl.pemfile = "{pem}"
ssl.privkey = "{key}"
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8",
                    ".js" => "text/javascript; charset=utf-8", ".svg" => "image/svg+xml" )
$HTTP["host"] =~ "^www\\.intranet\\.test" {{
    server.document-root = "{self.folder}/portal"
}}
$HTTP["host"] =~ "^webmail\\.test" {{
    server.document-root = "{self.folder}/webmail"
}}
$HTTP["host"] =~ "^intranet\\.test" {{
    alias.url = ( "/cgi-bin/" => "{self.folder}/cgi-bin/" )
    $HTTP["url"] =~ "^/cgi-bin/" {{
        cgi.assign = ( "" => "" )
    }}
}}
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

    def page(self, host_folder, name, html):
        """Writes a page on the portal or webmail host and returns its URL."""
        with open(os.path.join(self.folder, host_folder, name), "w") as f:
            f.write("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>%s</title></head><body>%s</body></html>"
                    % (name, html))
        return (self.portal if host_folder == "portal" else self.webmail) + "/" + name

    def mails(self):
        return sorted(glob.glob(os.path.join(self.maildir, "new", "*")))

    def link_for(self, person, before):
        """The reset link in the first mail to `person` after the first `before` mails."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for name in self.mails():
                with open(name, "rb") as f:
                    message = email.message_from_binary_file(f, policy=email.policy.default)
                if person + "@example.org" in str(message["To"]) and "Reset" in str(message["Subject"]):
                    text = message.get_body(preferencelist=("plain",)).get_content()
                    found = re.search(r"\S*/cgi-bin/resetlink/link\?token=\S+", text)
                    if found and name not in before:
                        return found.group(0)
            time.sleep(0.05)
        raise AssertionError("no reset mail for %s" % person)

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


@pytest.fixture(scope="module")
def tls_site():
    if LIGHTTPD is None or not os.path.exists("/usr/lib/lighttpd/mod_openssl.so"):
        pytest.exit("lighttpd with mod_openssl is needed (scripts/test-browser installs lighttpd-mod-openssl)", returncode=2)
    folder = tempfile.mkdtemp(prefix="resetkit-webmail-")
    site = TLSSite(folder)
    try:
        site.start()
        yield site
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)


def browser(profile, block_cookies=False):
    """A headless Chromium with its own profile folder (a fresh one is another device), resolving
    the three test hosts to 127.0.0.1 and accepting the test's self-signed certificate."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                     "--ignore-certificate-errors", "--user-data-dir=" + profile, "--lang=en-US",
                     "--host-resolver-rules=" + ", ".join("MAP %s 127.0.0.1" % h for h in HOSTS)):
        options.add_argument(argument)
    if block_cookies:
        options.add_experimental_option("prefs", {"profile.default_content_setting_values.cookies": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def profiles(tmp_path):
    """Opens browsers on fresh profiles and quits them all at the end of the test."""
    opened = []

    def open_browser(block_cookies=False):
        driver = browser(str(tmp_path / ("profile-%d" % len(opened))), block_cookies)
        opened.append(driver)
        return driver

    yield open_browser
    for driver in opened:
        driver.quit()


def wait(driver, condition, message="", seconds=15):
    return WebDriverWait(driver, seconds, poll_frequency=0.05,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException, WebDriverException)
                         ).until(lambda d: condition(d), message)


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def choose_password(driver, site, person, password, audited=None):
    """On the new-password form: type the password twice and send it; then the stored password is it.
    `audited`: the number of audit lines before the case began; no refusal may follow them."""
    wait(driver, lambda d: d.current_url == site.endpoint + "/new-password" and heading(d) == "Choose a new password",
         "not on the new-password form: %s %r" % (driver.current_url, driver.page_source[:600]))
    assert "Choose a new password for the account %s." % person in driver.find_element(By.CSS_SELECTOR, ".lead").text
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "confirm").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".reset-form button[type=submit]").click()
    wait(driver, lambda d: heading(d) == "Your password was changed", "no success page: %r" % driver.page_source[:600])
    assert site.password_is(person, password), "the stored password of %s is not the one chosen in the browser" % person
    log = site.audit(person)
    assert "link-sent" in log and "password-changed" in log, log
    if audited is not None:
        # Refusals without an account (a missing cookie, a refused form) are only in the whole log.
        since = "\n".join(site.audit().splitlines()[audited:])
        assert "verify-failed" not in since and "page-refused" not in since, since


def ask_in_browser(driver, site, person):
    """Asks for a link through the forgot form over TLS, as a person does; returns the mailed link."""
    driver.get(site.endpoint + "/forgot")
    before = set(site.mails())
    driver.find_element(By.ID, "email").send_keys(person + "@example.org")
    driver.find_element(By.CSS_SELECTOR, ".reset-form button[type=submit]").click()
    wait(driver, lambda d: heading(d) == "Check your email")
    return site.link_for(person, before)


def webmail_message(site, name, link, target=""):
    """A webmail page on another site showing the mail, the link as webmail shows it."""
    return site.page("webmail", name, "<h1>Inbox</h1><article><p>Reset your password</p>"
                     "<p><a id='reset-link' href='%s'%s>%s</a></p></article>" % (link, target, link))


def test_link_pasted_into_the_address_bar(tls_site, profiles):
    audited = len(tls_site.audit().splitlines())
    driver = profiles()
    # Asked for in the browser, as a person does: the forgot form over TLS.
    link = ask_in_browser(driver, tls_site, "pasted")
    driver.get(link)
    choose_password(driver, tls_site, "pasted", "amber kettle sings twice", audited)


def test_link_clicked_in_webmail_same_tab_after_visiting_the_intranet(tls_site, profiles):
    audited = len(tls_site.audit().splitlines())
    driver = profiles()
    driver.get(tls_site.origin + "/help/index.html")  # an earlier visit: the site's cookies exist
    driver.get(tls_site.endpoint + "/forgot")
    link = tls_site.request_link("clicked")
    driver.get(webmail_message(tls_site, "clicked.html", link))
    driver.find_element(By.ID, "reset-link").click()
    choose_password(driver, tls_site, "clicked", "violet tram quietly hums", audited)


def test_link_clicked_in_webmail_opening_a_new_tab(tls_site, profiles):
    audited = len(tls_site.audit().splitlines())
    driver = profiles()
    link = tls_site.request_link("blank")
    driver.get(webmail_message(tls_site, "blank.html", link, " target='_blank' rel='noopener'"))
    inbox = driver.current_window_handle
    driver.find_element(By.ID, "reset-link").click()
    wait(driver, lambda d: len(d.window_handles) == 2, "no new tab opened")
    driver.switch_to.window(next(h for h in driver.window_handles if h != inbox))
    choose_password(driver, tls_site, "blank", "copper lantern drifts east", audited)


def test_link_clicked_in_webmail_on_another_device(tls_site, profiles):
    audited = len(tls_site.audit().splitlines())
    # Asked for on one device, clicked on a second one (a fresh profile that never saw the intranet).
    first = profiles()
    link = ask_in_browser(first, tls_site, "device")
    phone = profiles()
    phone.get(webmail_message(tls_site, "device.html", link))
    phone.find_element(By.ID, "reset-link").click()
    choose_password(phone, tls_site, "device", "silver harbour wakes slowly", audited)


def test_link_clicked_on_another_origin_of_the_same_site(tls_site, profiles):
    audited = len(tls_site.audit().splitlines())
    driver = profiles()
    link = tls_site.request_link("portal")
    driver.get(tls_site.page("portal", "portal.html", "<h1>Portal</h1><p><a id='reset-link' href='%s'>Reset</a></p>" % link))
    driver.find_element(By.ID, "reset-link").click()
    choose_password(driver, tls_site, "portal", "granite owl counts stars", audited)


def test_cross_site_posts_and_framing_are_refused(tls_site, profiles):
    driver = profiles()
    mails = len(tls_site.mails())
    # The victim has the real forgot form open (its Strict cookie is set); the attacker copied the
    # form's values, the proof included, into a page on webmail.test that posts itself.
    driver.get(tls_site.endpoint + "/forgot")
    proof = driver.find_element(By.NAME, "csrf").get_attribute("value")
    attack = tls_site.page("webmail", "attack-forgot.html",
                           "<form id='f' method='post' action='%s/forgot'>"
                           "<input name='csrf' value='%s'><input name='email' value='victim@example.org'>"
                           "<input name='username' value=''></form><script>document.getElementById('f').submit()</script>"
                           % (tls_site.endpoint, proof))
    driver.get(attack)
    wait(driver, lambda d: d.current_url == tls_site.endpoint + "/forgot" and heading(d) == "Request not accepted",
         "the cross-site forgot post was not refused: %r" % driver.page_source[:600])
    assert "sent from another site" in driver.page_source
    time.sleep(0.5)
    assert len(tls_site.mails()) == mails, "a cross-site post sent mail"

    # The victim opened their link (the token cookie is set, the form is open); the attacker's page
    # posts a password of its choosing with the form's proof copied from the victim's page.
    link = tls_site.request_link("victim")
    driver.get(link)
    wait(driver, lambda d: heading(d) == "Choose a new password")
    tag = driver.find_element(By.NAME, "csrf").get_attribute("value")
    attack = tls_site.page("webmail", "attack-password.html",
                           "<form id='f' method='post' action='%s/new-password'>"
                           "<input name='csrf' value='%s'><input name='password' value='attacker chosen words'>"
                           "<input name='confirm' value='attacker chosen words'></form>"
                           "<script>document.getElementById('f').submit()</script>" % (tls_site.endpoint, tag))
    driver.get(attack)
    wait(driver, lambda d: d.current_url == tls_site.endpoint + "/new-password" and heading(d) == "Request not accepted",
         "the cross-site password post was not refused: %r" % driver.page_source[:600])
    assert not tls_site.password_is("victim", "attacker chosen words")
    refusals = tls_site.audit()
    assert "/forgot: cross-site post" in refusals and "/new-password: cross-site post" in refusals, refusals

    # Framing from webmail: the browser shows nothing of the endpoint inside the frame, while a
    # guide page (which may be framed) renders in the frame beside it: the control.
    driver.get(tls_site.page("webmail", "frame.html", "<iframe id='x' src='%s/forgot' width='600' height='400'></iframe>"
                             "<iframe id='control' src='%s/help/index.html' width='600' height='400'></iframe>"
                             % (tls_site.endpoint, tls_site.origin)))
    time.sleep(1)
    driver.switch_to.frame(driver.find_element(By.ID, "control"))
    assert driver.find_elements(By.CSS_SELECTOR, ".site-header"), "the control frame did not render"
    driver.switch_to.default_content()
    driver.switch_to.frame(driver.find_element(By.ID, "x"))
    assert driver.find_elements(By.CSS_SELECTOR, "form.reset-form") == [], "the endpoint rendered inside another site's frame"
    driver.switch_to.default_content()

    # The victim's link still works afterwards, in the victim's own browser.
    driver.get(link)
    choose_password(driver, tls_site, "victim", "meadow quartz hums along")


def test_a_browser_that_keeps_no_cookies_gets_a_way_out_and_the_audit_log_says_why(tls_site, profiles):
    driver = profiles(block_cookies=True)
    link = tls_site.request_link("blocked")
    driver.get(webmail_message(tls_site, "blocked.html", link))
    driver.find_element(By.ID, "reset-link").click()
    wait(driver, lambda d: heading(d) == "Open your reset link first", "%r" % driver.page_source[:600])
    assert "not keeping cookies for this site" in driver.page_source
    # The way out does not loop back here: a new link from the form, and the guide's help page.
    steps = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".next-steps a")]
    assert tls_site.endpoint + "/forgot" in steps, steps
    assert tls_site.origin + "/help/link-problems.html#the-page-asks-you-to-open-your-reset-link-first" in steps, steps
    assert "/new-password: no token cookie" in tls_site.audit(), tls_site.audit()
    # And the web server's error log (the CGI's standard error) has the line an administrator greps for.
    with open(tls_site.breakage) as f:
        assert "resetlink: refused /new-password: no token cookie" in f.read()
