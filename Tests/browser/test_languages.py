"""The guide and the reset endpoint in every configured language (issue 19), in headless Chromium:
every guide page says its language (<html lang>, hreflang alternates that exist), the language
switcher is clicked both ways on every page, and the reset forms, their answers and the mail come
in the language of the guide page the form was opened from, or else of Accept-Language, with
`lang` winning over both. The other checks (axe-core, the Nu checker, links clicked, phones) run
for each language in test_browser.py and test_validator.py."""
import email
import email.policy
import glob
import os
import re
import time
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from conftest import DEFAULT_LANGUAGE, LANGUAGES, distinct_ui, guide_pages, language_folder, language_of
from test_browser import axe_run, describe, load, serious, wait

OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def html_lang(driver):
    return driver.execute_script("return document.documentElement.lang")


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def the_same_page_in(site, page, lang):
    """Where the switcher must lead from `page` (a path under /help/): the page in `lang`, or that
    language's home page when it has no such page."""
    path = page[len(language_folder(language_of(site, site.help + page))):]
    translated = language_folder(lang) + path
    return site.help + (translated if os.path.exists(os.path.join(site.guide, translated)) else language_folder(lang) + "index.html")


@pytest.fixture
def reader(driver):
    """The session's browser at desktop size, light, asking for no language in particular; any
    Accept-Language a test sets is undone afterwards."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    yield driver
    driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {
        "userAgent": driver.execute_script("return navigator.userAgent"), "acceptLanguage": "en-US"})


def accept_language(driver, value):
    driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {
        "userAgent": driver.execute_script("return navigator.userAgent"), "acceptLanguage": value})


# MARK: the guide

def test_there_is_a_second_language():
    """The repository publishes the guide in two languages (resetkit.yaml, site.languages); without
    that every test here would pass by checking one language only."""
    assert OTHERS, "site.languages in resetkit.yaml lists only %s" % LANGUAGES


def test_every_guide_page_says_its_language_and_names_existing_alternates(site):
    problems = []
    for page in guide_pages(site):
        with open(os.path.join(site.guide, page), encoding="utf-8") as f:
            html = f.read()
        lang = language_of(site, site.help + page)
        said = re.search(r'<html[^>]* lang="([^"]*)"', html)
        if not said or said.group(1) != lang:
            problems.append("%s: <html lang=%r>, it is in %s" % (page, said and said.group(1), lang))
        for tag in re.findall(r"<link [^>]*hreflang=[^>]*>", html):
            href = re.search(r'href="([^"]*)"', tag).group(1)
            path = urllib.parse.urlsplit(urllib.parse.urljoin(site.help + page, href)).path
            if not os.path.exists(os.path.join(site.guide, os.path.relpath(path, "/help/"))):
                problems.append("%s: alternate %s names no page" % (page, tag))
    assert not problems, "\n".join(problems)
    for lang in LANGUAGES:
        assert len(guide_pages(site, lang)) >= 8, "%s has only %r" % (lang, guide_pages(site, lang))


@pytest.mark.parametrize("other", OTHERS)
def test_the_language_switcher_leads_to_the_same_page_both_ways(site, reader, other):
    """From every page in one language to the same page in the other (or that language's home),
    by clicking the switcher, and back by clicking it again."""
    driver = reader
    checked = 0
    for start_lang, target_lang in ((DEFAULT_LANGUAGE, other), (other, DEFAULT_LANGUAGE)):
        for page in guide_pages(site, start_lang):
            start = site.help + page
            load(driver, start)
            links = driver.find_elements(By.CSS_SELECTOR, 'a[hreflang="%s"]' % target_lang)
            assert links, "%s: no link to the %s version" % (page, target_lang)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", links[0])
            links[0].click()
            expected = the_same_page_in(site, page, target_lang)
            wait(driver, lambda d: d.current_url == expected and d.execute_script("return document.readyState") == "complete",
                 message="%s: the %s switcher led to %s, not %s" % (page, target_lang, driver.current_url, expected))
            assert html_lang(driver) == target_lang
            if expected.endswith(page[len(language_folder(start_lang)):]):
                # And back: the switcher on that page leads to the page we started from.
                back = driver.find_elements(By.CSS_SELECTOR, 'a[hreflang="%s"]' % start_lang)
                assert back, "%s: no link back to %s" % (expected, start_lang)
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", back[0])
                back[0].click()
                wait(driver, lambda d: d.current_url == start and d.execute_script("return document.readyState") == "complete",
                     message="%s: the %s switcher did not lead back to %s" % (expected, start_lang, start))
                assert html_lang(driver) == start_lang
            checked += 1
    assert checked >= 16, "only %d pages switched" % checked


# MARK: the reset endpoint

def mail_to(site, address, before, seconds=10):
    """The first message to `address` after `before` messages in the Maildir (the CGI mails after
    answering, so wait for it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name in sorted(glob.glob(os.path.join(site.maildir, "new", "*")), key=os.path.getmtime)[before:]:
            with open(name, "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            if address in str(message["To"]):
                return message
        time.sleep(0.05)
    raise AssertionError("no mail to %s" % address)


def broken_guide_anchors(site, driver):
    """Links of the current page into the guide whose #fragment names no id on the page they open
    (resetlink builds them from GuideLinks, per language)."""
    broken = []
    for href in [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")]:
        parts = urllib.parse.urlsplit(href)
        if not href.startswith(site.help) or not parts.fragment:
            continue
        with open(os.path.join(site.guide, os.path.relpath(parts.path, "/help/")), encoding="utf-8") as f:
            if 'id="%s"' % urllib.parse.unquote(parts.fragment) not in f.read():
                broken.append(href)
    return broken


def endpoint_page_in(site, path, lang):
    """The h1 of an endpoint page asked for with ?lang=`lang`, read over HTTP."""
    separator = "&" if "?" in path else "?"
    body = site.get(path + separator + "lang=" + lang).body
    return re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1).strip()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reset_flow_speaks_the_language_of_the_guide_page(site, reader, lang):
    """A person reading the guide in `lang` follows its link to the form, asks for a link, gets the
    mail, opens its link and chooses a password: every page is in `lang`, in words different from
    the default language's (for the other languages), the mail too, and its pages' guide links
    lead to the guide in `lang`. axe-core finds nothing serious on any of them."""
    driver = reader
    # A browser set to the default language: the guide page's language must win. (The default
    # language's pages link to the form without ?lang=, so there the browser's language decides.)
    accept_language(driver, DEFAULT_LANGUAGE)
    load(driver, site.guide_url(lang, "reset-password.html"))
    # The guide is built with the repository's resetkit.yaml, so its link names that endpoint
    # (reset.forgot_url): the same path and query on this server is where it leads here.
    form_links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href]")
                  if urllib.parse.urlsplit(a.get_attribute("href")).path.endswith("/cgi-bin/resetlink/forgot")]
    assert form_links, "the %s guide page has no link to the form" % lang
    query = urllib.parse.urlsplit(form_links[0]).query
    if lang != DEFAULT_LANGUAGE:
        assert urllib.parse.parse_qs(query).get("lang") == [lang], form_links[0]
    load(driver, site.endpoint + "/forgot" + ("?" + query if query else ""))

    def page_is(name, path):
        wait(driver, lambda d: urllib.parse.urlsplit(d.current_url).path.endswith(path)
             and d.execute_script("return document.readyState") == "complete", message="not on %s: %s" % (name, driver.current_url))
        assert html_lang(driver) == lang, "%s: <html lang=%r>, not %s" % (name, html_lang(driver), lang)
        if lang != DEFAULT_LANGUAGE:
            default_title = endpoint_page_in(site, path, DEFAULT_LANGUAGE) if path == "/forgot" else None
            if default_title:
                assert h1(driver) != default_title, "%s: the title is the default language's: %r" % (name, h1(driver))
        found = serious(axe_run(driver))
        assert not found, "%s in %s:\n%s" % (name, lang, describe(found))
        broken = broken_guide_anchors(site, driver)
        assert not broken, "%s in %s links to anchors the guide does not have: %r" % (name, lang, broken)
        return h1(driver)

    forgot_title = page_is("the forgot form", "/forgot")
    address = "reader.%s@example.org" % lang
    driver.find_element(By.ID, "email").send_keys(address)
    before = len(glob.glob(os.path.join(site.maildir, "new", "*")))
    driver.find_element(By.CSS_SELECTOR, ".reset-form button[type=submit]").click()
    wait(driver, lambda d: h1(d) != forgot_title, message="the form was not sent")
    sent_title = page_is("the sent page", "/forgot")

    message = mail_to(site, address, before)
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"\S*/cgi-bin/resetlink/link\?token=\S+", text).group(0)
    assert str(message["Subject"]) == distinct_ui(lang, "mail.reset_link.subject"), message["Subject"]
    html = message.get_body(preferencelist=("html",)).get_content()
    said = re.search(r'<html[^>]* lang="([^"]*)"', html)
    assert said and said.group(1) == lang, "the mail's HTML part is in %r, not %s" % (said and said.group(1), lang)

    load(driver, link)
    new_title = page_is("the new-password form", "/new-password")
    driver.find_element(By.ID, "password").send_keys("correct horse battery staple")
    driver.find_element(By.ID, "confirm").send_keys("correct horse battery staple")
    driver.find_element(By.CSS_SELECTOR, ".reset-form button[type=submit]").click()
    wait(driver, lambda d: h1(d) != new_title, message="the new password was not accepted")
    page_is("the password-changed page", "/new-password")
    guide_links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")
                   if a.get_attribute("href").startswith(site.help)]
    strangers = [href for href in guide_links if language_of(site, href) != lang]
    assert not strangers, "the %s pages link to the guide in another language: %r" % (lang, strangers)
    assert len({forgot_title, sent_title, new_title}) == 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accept_language_chooses_the_language_and_lang_wins(site, reader, lang):
    """Without `lang`, Accept-Language picks the language (a regional variant matches its language:
    `de-CH` is `de`); one the site does not have gives the default; an explicit `lang` wins."""
    driver = reader
    for header, expected in ((lang + "-CH, " + lang + ";q=0.9", lang), ("xx, " + lang + ";q=0.5", lang),
                             ("xx-YY", DEFAULT_LANGUAGE)):
        accept_language(driver, header)
        load(driver, site.endpoint + "/forgot")
        assert html_lang(driver) == expected, "Accept-Language %r: the form is in %r, not %s" % (header, html_lang(driver), expected)
    other = next(code for code in LANGUAGES if code != lang)
    accept_language(driver, lang)
    load(driver, site.endpoint + "/forgot?lang=" + other)
    assert html_lang(driver) == other, "lang=%s with Accept-Language %s: the form is in %r" % (other, lang, html_lang(driver))
