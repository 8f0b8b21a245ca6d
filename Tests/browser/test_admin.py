"""Admin > People in a real browser (issue 15), over TLS like test_webmail_click.py (conftest.TLSSite).

lighttpd asks for HTTP Basic auth on /cgi-bin/resetlink/admin (mod_auth, htpasswd), and resetlink
only reads the REMOTE_USER and AUTH_TYPE it sets. alice is a people administrator, bob is signed in
but is not one, and the same CGI is also reachable unprotected under /unprotected-cgi/. Chromium gets
the credentials in the first navigation (https://alice:…@intranet.test/…) and keeps them for the
realm, as it does after a sign-in prompt.

Each case works as an administrator does, then checks the outcome outside the browser: the Maildir,
`resetlink accounts check-password`, `resetlink audit`, the web server's error log. The guide's
screenshots (content/images/admin-*.png) are taken here from the real pages; the guide's steps may
only name controls these pages have."""
import base64
import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import (DEFAULT_LANGUAGE, LANGUAGES, LIGHTTPD, ROOT, SUMMARY, UNPROTECTED, TLSSite, enter_new_password, heading,
                      language_folder, tls_browser, ui, wait, without_query)

# Fixed, fictional people, so that the guide's screenshots are the same on every run. A search for
# "an" finds one of each kind of row: a local account (Ana Lopez), an SSO one and a disabled one.
PEOPLE = (
    "alopez,ana.lopez@example.org,Ana Lopez,local,,active",
    "anabel.ruiz,anabel.ruiz@example.org,Anabel Ruiz,sso,Okta,active",
    "asilva,andre.silva@example.org,André Silva,local,,disabled",
    "dkim,dana.kim@example.org,Dana Kim,local,,active",
    "jpark,jo.park@example.org,Jo Park,local,,active",
    "jpark.lab,jo.park@example.org,Jo Park (lab),local,,active",
    "lwong,lee.wong@example.org,Lee Wong,local,,active",
    "mnovak,marta.novak@example.org,Marta Novak,local,,active",
)
GUIDE_PAGE = "content/admin/reset-a-users-password.md"
GUIDE_IMAGES = os.path.join(ROOT, "content", "images")
# The guide's pictures: 1024 px wide, light scheme.
GUIDE_WIDTH, GUIDE_HEIGHT = 1024, 768


@pytest.fixture(scope="module")
def admin_site():
    if LIGHTTPD is None or not os.path.exists("/usr/lib/lighttpd/mod_openssl.so"):
        pytest.exit("lighttpd with mod_openssl is needed (scripts/test-browser installs lighttpd-mod-openssl)", returncode=2)
    folder = tempfile.mkdtemp(prefix="resetkit-admin-")
    site = TLSSite(folder, PEOPLE, extra_reset="  contacts: {Okta: the Identity team (identity@example.org)}\n")
    try:
        site.start()
        yield site
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browsers(tmp_path_factory):
    """Opens browsers on fresh profiles (each another person's device); all quit at the end."""
    opened = []
    folder = tmp_path_factory.mktemp("admin-profiles")

    def open_browser():
        driver = tls_browser(str(folder / ("profile-%d" % len(opened))))
        opened.append(driver)
        return driver

    yield open_browser
    for driver in opened:
        driver.quit()


@pytest.fixture(scope="module")
def alice(admin_site, browsers):
    """alice's browser, signed in: the first navigation carries her credentials, and Chromium sends
    them again for every admin page, as after answering the sign-in prompt."""
    driver = browsers()
    sign_in(driver, admin_site, "alice")
    wait(driver, lambda d: heading(d) == "People", "alice is not on Admin > People: %r" % driver.page_source[:800])
    return driver


# MARK: helpers

def sign_in(driver, site, user, path="/cgi-bin/resetlink/admin/people"):
    driver.get(site.signed_in_url(user, path))


def open_people(driver, site, lang=DEFAULT_LANGUAGE):
    """Admin > People, expected in `lang` (the browser's Accept-Language: see speaking())."""
    driver.get(site.endpoint + "/admin/people")
    wait(driver, lambda d: heading(d) == ui(lang, "admin.people"), "not on Admin > People: %r" % driver.page_source[:800])


def search_people(driver, site, text, lang=DEFAULT_LANGUAGE):
    """Types `text` into Search people and presses Search, as a person does."""
    open_people(driver, site, lang)
    field = driver.find_element(By.ID, "q")
    assert driver.find_element(By.CSS_SELECTOR, "label[for=q]").text == ui(lang, "admin.people_page.search_label")
    field.send_keys(text)
    button = driver.find_element(By.CSS_SELECTOR, "form.admin-search button[type=submit]")
    assert button.text == ui(lang, "admin.people_page.search")
    button.click()
    wait(driver, lambda d: "q=" in d.current_url and d.find_element(By.CSS_SELECTOR, ".result-count").text,
         "the search for %r did not run" % text)


def rows(driver):
    """The results table as {username: {column: text}} (the column names from its header)."""
    columns = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "table.people thead th")]
    found = {}
    for tr in driver.find_elements(By.CSS_SELECTOR, "table.people tbody tr"):
        cells = [c.text for c in tr.find_elements(By.CSS_SELECTOR, "th, td")]
        found[cells[0]] = dict(zip(columns, cells))
    return found


def open_person(driver, site, username, lang=DEFAULT_LANGUAGE):
    """Finds the person by username and opens their page through the link in the results."""
    search_people(driver, site, username, lang)
    driver.find_element(By.XPATH, "//table[contains(@class,'people')]//th[@scope='row']/a[normalize-space()='%s']" % username).click()
    wait(driver, lambda d: re.search(r"/admin/people/\d+$", without_query(d.current_url)), "the person's page did not open")
    return driver.current_url


def reset(driver, delivery, lang=DEFAULT_LANGUAGE):
    """On a person's page: choose how the link reaches the person, then Reset password."""
    section = driver.find_element(By.ID, "reset")
    assert section.find_element(By.TAG_NAME, "legend").text == ui(lang, "admin.person.delivery")
    label = ui(lang, {"email": "admin.person.by_email", "link": "admin.person.by_hand"}[delivery])
    section.find_element(By.XPATH, ".//label[normalize-space()='%s']" % label).click()
    assert section.find_element(By.CSS_SELECTOR, "input[name=delivery][value=%s]" % delivery).is_selected()
    button = section.find_element(By.CSS_SELECTOR, "button[type=submit]")
    assert button.text == ui(lang, "admin.reset_password")
    button.click()


@contextlib.contextmanager
def speaking(driver, lang):
    """The browser asks for `lang` (Accept-Language) inside the block, as an administrator's browser
    set to that language does; Admin > People follows it."""
    agent = driver.execute_script("return navigator.userAgent")
    driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": lang})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": "en-US"})


def user_completes(site, browsers, link, person, password):
    """The user opens the link in their own browser, chooses a new password there, and it is stored."""
    driver = browsers()
    driver.get(link)
    enter_new_password(driver, site, person, password)


def audit_since(site, lines):
    return "\n".join(site.audit().splitlines()[lines:])


def activity(driver):
    """The Activity table of a person's page, newest first: [(when, who, what, details)]."""
    return [tuple(td.text for td in tr.find_elements(By.TAG_NAME, "td"))
            for tr in driver.find_elements(By.CSS_SELECTOR, "#activity table tbody tr")]


def viewport(driver, width, height):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def scheme(driver, name):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": name}]})


def capture(driver, path, bottom=None):
    """A PNG of the page from the top, the full viewport width, down to `bottom` (CSS pixels)."""
    width, height = driver.execute_script(
        "return [window.innerWidth, Math.min(4000, Math.max(document.documentElement.scrollHeight, window.innerHeight))]")
    if bottom is not None:
        height = min(height, int(bottom))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return path


# What changes from run to run on the pages the guide shows: times, and a link's token and port.
STEADY_VALUES = """
    var time = /\\b\\d{1,2} [A-Z][a-z]+ \\d{4} at \\d{2}:\\d{2} UTC\\b/g;
    var shortTime = /\\b\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\b/g;
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
        if (time.test(node.textContent)) node.textContent = node.textContent.replace(time, '4 December 2026 at 09:30 UTC');
        time.lastIndex = 0;
        if (shortTime.test(node.textContent)) node.textContent = node.textContent.replace(shortTime, '2026-12-04 09:30 UTC');
        shortTime.lastIndex = 0;
    }
    var link = document.getElementById('handover-link');
    if (link) link.value = 'https://intranet.example.com/cgi-bin/resetlink/link?token=AQAAAGdQ3wAAAAAAAAAAAQAAAAAAAAAAAQ7mRk1bGvJ2c0XyW5nqkP8tZ3hLr4uD9aYc6E1sV0oQ';
"""


def guide_picture(driver, screenshots, name, bottom_selector):
    """The guide's picture `name` of the page as it is: 1024 px wide, light, from the top of the page
    to the bottom of `bottom_selector` (plus a margin). The artifact in test-artifacts/screenshots/
    is the page as served; with RESETKIT_UPDATE_SCREENSHOTS=1 the guide's copy in content/images/
    is written too, with the times and the link's token replaced by fixed example values, so that
    the committed picture only changes when the page does."""
    viewport(driver, GUIDE_WIDTH, GUIDE_HEIGHT)
    scheme(driver, "light")
    bottom = lambda: driver.execute_script(
        "var r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.bottom + window.scrollY + 24;", bottom_selector)
    capture(driver, os.path.join(screenshots, name + ".png"), bottom())
    if os.environ.get("RESETKIT_UPDATE_SCREENSHOTS") == "1":
        driver.execute_script(STEADY_VALUES)
        path = capture(driver, os.path.join(GUIDE_IMAGES, name + ".png"), bottom())
        if shutil.which("optipng"):
            subprocess.run(["optipng", "-quiet", "-o2", "-strip", "all", path], check=True)
        SUMMARY.append("guide picture written: %s (%d bytes)" % (os.path.relpath(path, ROOT), os.path.getsize(path)))


# MARK: the administrator's work

def test_administrator_searches_opens_a_row_and_resets_by_email(admin_site, alice, browsers, screenshots):
    site, driver = admin_site, alice
    # Signed in by the web server: the page says as whom.
    open_people(driver, site)
    assert driver.find_element(By.CSS_SELECTOR, ".signed-in").text == "Signed in as alice"
    crumbs = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "nav.breadcrumbs li")]
    assert crumbs == ["Admin", "People"], crumbs

    search_people(driver, site, "an")
    found = rows(driver)
    assert sorted(found) == ["alopez", "anabel.ruiz", "asilva"], found
    assert driver.find_element(By.CSS_SELECTOR, ".result-count").text == "3 people found"
    assert found["alopez"]["Name"] == "Ana Lopez" and found["alopez"]["Action"] == "Reset password"
    assert found["alopez"]["Reset link"] == "None" and found["alopez"]["Password changed"] == "Never"
    assert found["anabel.ruiz"]["Action"] == "Managed by Okta", found["anabel.ruiz"]
    assert found["asilva"]["Action"] == "Disabled", found["asilva"]
    guide_picture(driver, screenshots, "admin-people-search", "table.people")

    # The row's Reset password leads to the person's page, at its Reset password section.
    before_mails = set(site.mails())
    audited = len(site.audit().splitlines())
    driver.find_element(By.CSS_SELECTOR, "a.row-action[aria-label='Reset password for alopez']").click()
    wait(driver, lambda d: d.current_url.endswith("#reset") and heading(d) == "Ana Lopez", "the row did not open Ana Lopez's page")
    crumbs = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "nav.breadcrumbs li")]
    assert crumbs == ["Admin", "People", "Ana Lopez"], crumbs
    assert driver.find_element(By.CSS_SELECTOR, "input[name=delivery][value=email]").is_selected(), "email is not the default"
    guide_picture(driver, screenshots, "admin-person-reset", "#reset")

    reset(driver, "email")
    wait(driver, lambda d: heading(d) == "Reset link sent", "no 'Reset link sent' page: %r" % driver.page_source[:800])
    assert "ana.lopez@example.org" in driver.find_element(By.CSS_SELECTOR, ".lead").text
    # The mail is sent before the page answers: it is in the Maildir already, without waiting.
    assert len(set(site.mails()) - before_mails) == 1, "the page answered before the mail was delivered"
    link = site.link_for("alopez", before_mails, address="ana.lopez@example.org")
    assert link.startswith(site.endpoint + "/link?token="), link
    log = audit_since(site, audited)
    assert re.search(r"admin:alice\s+admin-reset\s.*mailed", log), log

    # The user completes the reset in their own browser with the mailed link.
    user_completes(site, browsers, link, "alopez", "paper lantern over the bay")

    # alice sees it in the Activity section, with her name on the reset.
    open_person(driver, site, "alopez")
    entries = activity(driver)
    what = [entry[2] for entry in entries]
    by_alice = [i for i, (_, who, w, _) in enumerate(entries) if who == "alice (administrator)" and w == "Reset started by an administrator"]
    assert by_alice, entries
    assert "Password changed" in what and what.index("Password changed") < by_alice[0], "not newest first: %r" % entries
    details = {dt.text: dd.text for dt, dd in zip(driver.find_elements(By.CSS_SELECTOR, ".account-details dt"),
                                                   driver.find_elements(By.CSS_SELECTOR, ".account-details dd"))}
    assert details["Password changed"] != "Never" and details["Reset link"] == "None", details


def test_administrator_hands_over_a_link_and_the_user_completes_it(admin_site, alice, browsers, screenshots):
    site, driver = admin_site, alice
    mails = len(site.mails())
    audited = len(site.audit().splitlines())
    open_person(driver, site, "dkim")
    assert heading(driver) == "Dana Kim"
    reset(driver, "link")
    wait(driver, lambda d: heading(d) == "Reset link to hand over", "no handover page: %r" % driver.page_source[:800])
    link = driver.find_element(By.ID, "handover-link").get_attribute("value").strip()
    assert link.startswith(site.endpoint + "/link?token="), link
    assert "valid for 24 hours" in driver.page_source
    guide_picture(driver, screenshots, "admin-handover-link", "article.admin")
    # Handed over, not mailed.
    time.sleep(0.3)
    assert len(site.mails()) == mails, "a handed-over link was also mailed"
    assert re.search(r"admin:alice\s+admin-reset\s.*handed over", audit_since(site, audited)), audit_since(site, audited)

    user_completes(site, browsers, link, "dkim", "quiet orchard under snow")
    # The link works once.
    driver.get(link)
    wait(driver, lambda d: heading(d) == "This link does not work", "a used handed-over link still works: %r" % driver.page_source[:600])


def test_administrator_looks_up_the_usernames_of_a_shared_address(admin_site, alice, screenshots):
    site, driver = admin_site, alice
    audited = len(site.audit().splitlines())
    search_people(driver, site, "jo.park@example.org")
    section = driver.find_element(By.CSS_SELECTOR, "section.lookup")
    assert section.find_element(By.TAG_NAME, "h2").text == "Usernames on this address"
    listed = [li.text for li in section.find_elements(By.TAG_NAME, "li")]
    assert listed == ["jpark (Jo Park), Local", "jpark.lab (Jo Park (lab)), Local"], listed
    assert sorted(rows(driver)) == ["jpark", "jpark.lab"]
    guide_picture(driver, screenshots, "admin-usernames-on-address", "section.lookup")
    # Each account found gets an audit entry naming the administrator.
    lookups = [line for line in audit_since(site, audited).splitlines() if "admin-lookup" in line]
    assert len(lookups) == 2 and all("admin:alice" in line for line in lookups), lookups

    search_people(driver, site, "nobody@example.org")
    assert "No account uses this address." in driver.find_element(By.CSS_SELECTOR, "section.lookup").text


def test_a_rows_reset_password_link_is_in_view_without_scrolling_the_table(admin_site, alice):
    site, driver = admin_site, alice
    # The Action column is sticky: in view at a desktop width and on a phone, before any scrolling.
    for width in (1280, 320):
        viewport(driver, width, 900)
        search_people(driver, site, "an")
        link = driver.find_element(By.CSS_SELECTOR, "a.row-action[aria-label='Reset password for alopez']")
        inside = driver.execute_script("""
            var l = arguments[0].getBoundingClientRect(), box = arguments[0].closest('.table-scroll').getBoundingClientRect();
            return l.right <= box.right && l.left >= box.left && l.right <= window.innerWidth;""", link)
        assert inside, "at %d px the row's Reset password is outside the table's visible part until the table is scrolled" % width


# MARK: who may use it

def test_a_signed_in_non_administrator_gets_403(admin_site, browsers):
    site = admin_site
    audited = len(site.audit().splitlines())
    driver = browsers()
    sign_in(driver, site, "bob")
    wait(driver, lambda d: heading(d) == "Not a people administrator", "bob was not refused: %r" % driver.page_source[:800])
    assert "You are signed in as bob" in driver.page_source
    assert not driver.find_elements(By.CSS_SELECTOR, "table.people, #q"), "bob sees the people page"
    status, body = site.curl("/cgi-bin/resetlink/admin/people/1", user="bob")
    assert status == 403 and "ana.lopez" not in body and "Ana Lopez" not in body, (status, body[:400])
    assert re.search(r"admin:bob\s+page-refused", audit_since(site, audited)), audit_since(site, audited)
    with open(site.breakage) as f:
        assert "resetlink: refused /admin/people: 'bob' is not a people administrator (reset.admins)" in f.read()


def test_the_unprotected_alias_shows_the_misconfiguration_page(admin_site, alice):
    site, driver = admin_site, alice
    audited = len(site.audit().splitlines())
    # The control: lighttpd asks for a password on the protected path.
    assert site.curl("/cgi-bin/resetlink/admin/people")[0] == 401
    driver.get(site.origin + UNPROTECTED + "resetlink/admin/people?q=an")
    wait(driver, lambda d: heading(d) == "The web server does not authenticate this page", "%r" % driver.page_source[:800])
    assert not driver.find_elements(By.CSS_SELECTOR, "table.people"), "the unprotected path shows people"
    status, body = site.curl(UNPROTECTED + "resetlink/admin/people?q=an")
    assert status == 500 and "alopez" not in body, (status, body[:400])
    # An Authorization header the server did not check signs no one in.
    status, body = site.curl(UNPROTECTED + "resetlink/admin/people?q=an", user="alice")
    assert status == 500 and "alopez" not in body, (status, body[:400])
    assert audit_since(site, audited) == "", "the misconfiguration page touched the audit log"
    with open(site.breakage) as f:
        assert "resetlink: error: /admin/people: the web server did not authenticate this request" in f.read()


# MARK: forged posts

def refused_post(site, driver, expected, audited, mails):
    wait(driver, lambda d: heading(d) == expected, "not refused with %r: %r" % (expected, driver.page_source[:800]))
    assert not driver.find_elements(By.ID, "handover-link"), "a refused post showed a link"
    time.sleep(0.3)
    assert len(site.mails()) == mails, "a refused post sent mail"
    since = audit_since(site, audited)
    assert "admin-reset" not in since and "link-sent" not in since, since
    assert re.search(r"admin:alice\s+page-refused", since), since


def test_a_post_without_the_form_proof_is_refused(admin_site, alice):
    site, driver = admin_site, alice
    for delivery in ("email", "link"):
        open_person(driver, site, "lwong")
        mails, audited = len(site.mails()), len(site.audit().splitlines())
        driver.execute_script("document.querySelector('#reset input[name=csrf]').remove()")
        reset(driver, delivery)
        refused_post(site, driver, "This form has expired", audited, mails)


def test_a_post_from_another_site_is_refused(admin_site, alice):
    site, driver = admin_site, alice
    for delivery in ("email", "link"):
        # alice has lwong's page open (its cookie is set); the other site copied the form's proof.
        person = open_person(driver, site, "lwong")
        proof = driver.find_element(By.CSS_SELECTOR, "#reset input[name=csrf]").get_attribute("value")
        mails, audited = len(site.mails()), len(site.audit().splitlines())
        attack = site.page("webmail", "attack-admin-%s.html" % delivery,
                           "<form id='f' method='post' action='%s/reset'><input name='csrf' value='%s'>"
                           "<input name='delivery' value='%s'></form><script>document.getElementById('f').submit()</script>"
                           % (person, proof, delivery))
        driver.get(attack)
        wait(driver, lambda d: without_query(d.current_url) == person + "/reset", "the other site's form was not sent: %s" % driver.current_url)
        refused_post(site, driver, "Request not accepted", audited, mails)
        assert "cross-site" in audit_since(site, audited)
    assert site.resetlink("accounts", "check-password", "lwong", input="x\n").returncode == 21  # no password was ever set


# MARK: the guide

def page_texts(driver):
    """What a step may name on the current page: breadcrumbs, and the text of buttons, labels,
    legends, links, headings and column headings."""
    return driver.execute_script("""
        function text(e) { return e.textContent.replace(/\\s+/g, ' ').trim(); }
        return {
            breadcrumbs: Array.from(document.querySelectorAll('nav.breadcrumbs li')).map(text),
            headings: Array.from(document.querySelectorAll('h1, h2, h3, h4')).map(text),
            controls: Array.from(document.querySelectorAll('button, label, legend, a, th')).map(text)
        };""")


def missing_labels(labels, seen):
    """The labels no admin page has. "Admin > People" is the breadcrumb trail Admin, then the
    heading People."""
    missing = []
    for label in labels:
        parts = [p.strip() for p in re.split(r"\s*(?:>|›)\s*", label)]
        if len(parts) > 1:
            ok = all(p in seen["breadcrumbs"] for p in parts[:-1]) and parts[-1] in seen["headings"]
        else:
            ok = label in seen["controls"] or label in seen["headings"] or label in seen["breadcrumbs"]
        if not ok:
            missing.append(label)
    return missing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_names_only_controls_the_admin_pages_have(admin_site, alice, lang):
    """In each language: the guide's page in that language against Admin > People in it."""
    site, driver = admin_site, alice
    source = GUIDE_PAGE if lang == DEFAULT_LANGUAGE else GUIDE_PAGE[:-len(".md")] + "." + lang + ".md"
    # The bold labels in the steps (numbered lists) of the guide's page, as built.
    driver.get(site.origin + "/help/" + language_folder(lang) + "admin/reset-a-users-password.html")
    labels = [s.text.strip() for s in driver.find_elements(By.CSS_SELECTOR, ".page-body ol li strong")]
    labels = list(dict.fromkeys(label.replace("\u2019", "'") for label in labels))
    assert len(labels) >= 6, "the guide's steps name only %r" % labels

    seen = {"breadcrumbs": set(), "headings": set(), "controls": set()}

    def look():
        for kind, texts in page_texts(driver).items():
            seen[kind].update(texts)

    with speaking(driver, lang):
        search_people(driver, site, "an", lang)
        look()
        search_people(driver, site, "jo.park@example.org", lang)
        look()
        for delivery in ("email", "link"):
            open_person(driver, site, "mnovak", lang)
            look()
            reset(driver, delivery, lang)
            wait(driver, lambda d: heading(d) in (ui(lang, "admin.reset.sent_title"), ui(lang, "admin.reset.handover_title")))
            look()
    # The check itself: a control no page has is reported.
    assert missing_labels(["Delete account"], seen) == ["Delete account"]
    missing = missing_labels(labels, seen)
    assert not missing, ("%s: a step names %s, which no Admin > People page has (as a button, label, legend, link, "
                         "heading or breadcrumb)" % (source, ", ".join("'%s'" % m for m in missing)))
    SUMMARY.append("guide labels: %d bold labels in %s's steps found on the admin pages" % (len(labels), source))


# MARK: accessibility of the pages only a POST or another sign-in reaches

def axe_serious(driver):
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    return [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]


def test_admin_answers_pass_axe_at_320_px_and_in_dark_mode(admin_site, alice, browsers):
    """The pages after a POST (sent, handed over, refused) and the refusals: axe-core without serious
    or critical violations, no horizontal scrolling at 320 px, in both schemes. Each page is checked
    as it arrived (a POST is not sent again): the width and the scheme change under it."""
    site, driver = admin_site, alice
    failures = []

    def check(name, d):
        for width, height in ((1280, 900), (320, 740)):
            viewport(d, width, height)
            for colours in ("light", "dark"):
                scheme(d, colours)
                found = axe_serious(d)
                if found:
                    failures.append("%s at %d px, %s: %s" % (name, width, colours, "; ".join(
                        "%s: %s" % (v["id"], " | ".join(n["html"][:120] for n in v["nodes"][:3])) for v in found)))
                scroll, inner = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    failures.append("%s at %d px: scrollWidth %d > %d" % (name, width, scroll, inner))
        viewport(d, 1280, 900)
        scheme(d, "light")

    for delivery, title in (("email", "Reset link sent"), ("link", "Reset link to hand over")):
        open_person(driver, site, "mnovak")
        reset(driver, delivery)
        wait(driver, lambda d: heading(d) == title)
        check(title, driver)
    # A reset refused for an SSO account (409): the form of a local account sent for anabel.ruiz.
    person = open_person(driver, site, "mnovak")
    sso = open_person(driver, site, "anabel.ruiz")
    assert "managed by Okta" in driver.find_element(By.ID, "reset").text and not driver.find_elements(By.CSS_SELECTOR, "#reset form")
    driver.get(person)
    driver.execute_script("document.querySelector('#reset form').action = arguments[0] + '/reset'", sso)
    reset(driver, "email")
    wait(driver, lambda d: heading(d) == "This password cannot be reset here", "%r" % driver.page_source[:600])
    assert "the Identity team (identity@example.org)" in driver.page_source
    check("409 managed by Okta", driver)
    driver.get(person)
    driver.execute_script("document.querySelector('#reset input[name=csrf]').remove()")
    reset(driver, "email")
    wait(driver, lambda d: heading(d) == "This form has expired")
    check("403 form expired", driver)
    driver.get(site.origin + UNPROTECTED + "resetlink/admin/people")
    wait(driver, lambda d: heading(d) == "The web server does not authenticate this page")
    check("500 not authenticated", driver)
    bob = browsers()
    sign_in(bob, site, "bob")
    wait(bob, lambda d: heading(d) == "Not a people administrator")
    check("403 not an administrator", bob)
    assert not failures, "\n".join(failures)
