"""The reset link as people actually open it (issue 14): clicked in webmail on another site, over TLS.

One lighttpd with TLS (a self-signed certificate made here, mod_openssl; conftest.TLSSite) serves
three host names, all mapped to 127.0.0.1 inside Chromium with --host-resolver-rules:
- intranet.test      the guide and the reset endpoint (resetlink as CGI);
- www.intranet.test  another origin of the same site (an intranet portal);
- webmail.test       another site: the "webmail" whose pages hold the link.
Each case opens a real reset link the way a person would, completes the reset in the browser, then
checks with `resetlink accounts check-password` that the new password is the stored one, and reads
the audit log."""
import os
import shutil
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import LIGHTTPD, TLSSite, enter_new_password, heading, tls_browser as browser, wait, without_query

PEOPLE = ("pasted", "clicked", "blank", "device", "portal", "victim", "blocked")


@pytest.fixture(scope="module")
def tls_site():
    if LIGHTTPD is None or not os.path.exists("/usr/lib/lighttpd/mod_openssl.so"):
        pytest.exit("lighttpd with mod_openssl is needed (scripts/test-browser installs lighttpd-mod-openssl)", returncode=2)
    folder = tempfile.mkdtemp(prefix="resetkit-webmail-")
    site = TLSSite(folder, ["%s,%s@example.org,,local,,active" % (name, name) for name in PEOPLE])
    try:
        site.start()
        yield site
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)


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


def choose_password(driver, site, person, password, audited=None):
    """On the new-password form: type the password twice and send it; then the stored password is it.
    `audited`: the number of audit lines before the case began; no refusal may follow them."""
    enter_new_password(driver, site, person, password)
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
    wait(driver, lambda d: without_query(d.current_url) == tls_site.endpoint + "/forgot" and heading(d) == "Request not accepted",
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
    wait(driver, lambda d: without_query(d.current_url) == tls_site.endpoint + "/new-password" and heading(d) == "Request not accepted",
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
    assert tls_site.endpoint + "/forgot" in [without_query(step) for step in steps], steps
    assert tls_site.origin + "/help/link-problems.html#the-page-asks-you-to-open-your-reset-link-first" in steps, steps
    assert "/new-password: no token cookie" in tls_site.audit(), tls_site.audit()
    # And the web server's error log (the CGI's standard error) has the line an administrator greps for.
    with open(tls_site.breakage) as f:
        assert "resetlink: refused /new-password: no token cookie" in f.read()
