"""Printing the guide: `chromium --headless --print-to-pdf` of the print views and of a normal page
(the print stylesheet), read back with `pdftotext` (poppler-utils). The whole guide's print view must
hold every page's title in reading order (the order of the pages' own "Next" links) and none of the
navigation around the pages; two of its printed pages are kept as PNGs (pdftoppm) in
test-artifacts/screenshots/."""
import html
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import CHROMIUM, SUMMARY

# Text of the navigation around a page, which a printed page must not show.
NAVIGATION = ("Skip to the content", "Search the guide", "On this page", "Print this guide", "Print this section", "All tags")


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def reading_order(site):
    """Titles of the pages from the home page on, following each page's rel="next" link."""
    titles, url, seen = [], site.help + "index.html", set()
    while url and url not in seen:
        seen.add(url)
        page = fetch(url)
        titles.append(html.unescape(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip())
        following = re.search(r'<a class="pager-next" rel="next" href="([^"]+)"', page)
        url = urllib.parse.urljoin(url, html.unescape(following.group(1))) if following else None
    return titles


def print_to_pdf(url, pdf):
    """Chromium's own print to PDF (print media, A4/Letter pages, no header or footer)."""
    profile = tempfile.mkdtemp(prefix="resetkit-print-")
    try:
        result = subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                                 "--no-pdf-header-footer", "--print-to-pdf=" + pdf, url],
                                capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0 and os.path.getsize(pdf) > 0, result.stderr[-2000:]


def pdf_text(pdf):
    """The PDF's text, one string per printed page."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True)
    return result.stdout.split("\f")


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pdfs(site):
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.exit("pdftotext and pdftoppm are needed (scripts/test-browser installs poppler-utils)", returncode=2)
    folder = tempfile.mkdtemp(prefix="resetkit-pdf-")
    made = {}
    for name, path in (("guide", "print.html"), ("admin", "admin/print.html"), ("page", "reset-password.html")):
        made[name] = os.path.join(folder, name + ".pdf")
        print_to_pdf(site.help + path, made[name])
    yield made
    shutil.rmtree(folder, ignore_errors=True)


def test_the_printed_guide_has_every_title_in_reading_order(site, pdfs):
    titles = reading_order(site)
    assert len(titles) >= 6, titles
    pages = pdf_text(pdfs["guide"])
    # The contents fill the first printed page; then each page of the guide starts a printed page with its title.
    openings = [lines(page)[0] for page in pages[1:] if lines(page)]
    assert [line for line in openings if line in titles] == titles, openings
    contents = lines(pages[0])
    assert contents[:2] == [titles[0], "Contents"], contents[:4]
    assert [re.sub(r"^\d+\.\s*", "", line) for line in contents[2:2 + len(titles)]] == titles, contents


def test_the_printed_guide_has_no_navigation(site, pdfs):
    text = "\n".join(pdf_text(pdfs["guide"]))
    for words in NAVIGATION:
        assert words not in text, "the printed guide shows %r" % words
    every = [line for page in pdf_text(pdfs["guide"]) for line in lines(page)]
    # The search box's label and the pager's labels are lines of their own.
    assert "Search" not in every
    assert not [line for line in every if re.match(r"^(Previous|Next) ", line)], "the pager is printed"
    # The site header and the sidebar's entries would come before the view's title and contents.
    assert every[:2] == [reading_order(site)[0], "Contents"], every[:6]


def test_a_printed_section_holds_only_its_pages(site, pdfs):
    titles = reading_order(site)
    admin = [title for title in titles if "administrator" in title.lower() or "user's password" in title.lower()]
    pages = pdf_text(pdfs["admin"])
    assert lines(pages[0])[:2] == [admin[0], "Contents"], lines(pages[0])
    openings = [lines(page)[0] for page in pages[1:] if lines(page)]
    assert [line for line in openings if line in titles] == admin, openings


def test_the_print_stylesheet_on_a_normal_page(site, pdfs):
    pages = pdf_text(pdfs["page"])
    every = [line for page in pages for line in lines(page)]
    text = "\n".join(every)
    assert every[0] == "Reset your password", every[:5]
    for words in NAVIGATION:
        assert words not in text, "the printed page shows %r" % words
    assert not [line for line in every if re.match(r"^(Previous|Next) ", line)], "the pager is printed"
    # External links show where they lead; the callout and the figures are kept.
    assert "(https://" in text.replace("\n", "")
    assert "Tip" in every or "Note" in every or "Important" in every or "Warning" in every, every


def test_print_media_rules_in_the_browser(site, desktop_print):
    driver = desktop_print
    driver.get(site.help + "reset-password.html")
    style = lambda selector, prop: driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : null;",
        selector, prop)
    for hidden in (".sidebar", ".site-header", ".skip-link", ".pager", ".toc", ".print-links"):
        assert style(hidden, "display") in ("none", None), "%s is printed" % hidden
    assert style("pre", "white-space") in ("pre-wrap", None)
    assert style("h2", "break-after") == "avoid"
    assert style("img", "max-width") == "100%"
    driver.get(site.help + "print.html")
    # Every in-page link of the print view has its target in the same document.
    missing = driver.execute_script("""
        return [...document.querySelectorAll('a[href^="#"]')].map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
            .filter(id => id && !document.getElementById(id));""")
    assert missing == []
    articles = driver.execute_script("return [...document.querySelectorAll('article.print-page')].map(a => getComputedStyle(a).breakBefore)")
    assert articles and set(articles) == {"page"}


@pytest.fixture
def desktop_print(driver):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": []})
    yield driver
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_two_printed_pages_are_kept_as_pictures(pdfs, screenshots):
    prefix = os.path.join(screenshots, "print-guide")
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "3", pdfs["guide"], prefix], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", pdfs["page"], os.path.join(screenshots, "print-page")], check=True)
    made = sorted(name for name in os.listdir(screenshots) if name.startswith("print-"))
    assert len(made) >= 3, made
    SUMMARY.append("printed pages: %s in %s" % (", ".join(made), screenshots))
