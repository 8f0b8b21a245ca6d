"""`helpsite serve` with a real browser: an open page reloads itself after an edit, shows a build
error with its file:line in place of the page, and comes back once the error is fixed."""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BIN, ROOT


@pytest.fixture
def served():
    """A copy of the repository's site served by `helpsite serve --port 0`; yields (folder, url)."""
    folder = tempfile.mkdtemp(prefix="resetkit-serve-")
    for item in ("content", "Templates", "resetkit.yaml"):
        source = os.path.join(ROOT, item)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(folder, item))
    process = subprocess.Popen([os.path.join(BIN, "helpsite"), "serve", "--port", "0"], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("Serving at "), line
        yield folder, line.split()[2]
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        shutil.rmtree(folder, ignore_errors=True)


def until(driver, condition, seconds=5):
    # While the page reloads, elements of the old one go stale: look again.
    return WebDriverWait(driver, seconds, poll_frequency=0.05,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)


def edit(path, change):
    with open(path, encoding="utf-8") as file:
        text = file.read()
    with open(path, "w", encoding="utf-8") as file:
        file.write(change(text))
    return text


def test_open_page_reloads_after_edits_and_shows_build_errors(served, driver):
    folder, url = served
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.get(url + "several-accounts.html")
    until(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Several accounts share one email address")
    # A marker that only survives as long as the page is not reloaded.
    driver.execute_script("window.helpsiteTestMarker = 1")

    page = os.path.join(folder, "content", "several-accounts.md")
    edit(page, lambda text: text + "\nA sentence added while the page was open.\n")
    started = time.monotonic()
    until(driver, lambda d: "A sentence added while the page was open." in d.find_element(By.TAG_NAME, "main").text)
    reloaded_after = time.monotonic() - started
    assert driver.execute_script("return window.helpsiteTestMarker") is None, "the text changed without a reload?"
    assert reloaded_after < 2, "the open page showed the edit after %.2f s" % reloaded_after

    index = os.path.join(folder, "content", "several-accounts.md")
    original = edit(index, lambda text: text.replace("weight: 20", "weight: heavy"))
    until(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Build failed")
    errors = driver.find_element(By.CSS_SELECTOR, "ol.diagnostics").text
    assert "content/several-accounts.md:8:" in errors and "error:" in errors, errors

    edit(index, lambda _: original)
    until(driver, lambda d: d.find_element(By.TAG_NAME, "h1").text == "Several accounts share one email address")
