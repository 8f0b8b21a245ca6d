#!/usr/bin/env python3
"""Checks an HTML page read from stdin: well-formed (every non-void element closed, in order),
<html lang>, one <title>, exactly one <h1>, unique ids, and every visible form control labelled
(a <label for=id>, aria-label or aria-labelledby). Prints one problem per line; exits 1 if any."""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets a page leave out; we write them out anyway, so require them.
problems = []

class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.labels, self.controls = [], set(), set(), []
        self.titles = self.h1 = 0
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self.titles += 1
        if tag == "h1":
            self.h1 += 1
        if "id" in a:
            if a["id"] in self.ids:
                problems.append(f"duplicate id {a['id']!r} at line {self.getpos()[0]}")
            self.ids.add(a["id"])
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button") and "hidden" not in a:
            self.controls.append((a, self.getpos()[0]))
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            problems.append(f"end tag for void element <{tag}> at line {self.getpos()[0]}")
            return
        if not self.stack or self.stack[-1][0] != tag:
            expected = self.stack[-1] if self.stack else ("nothing", 0)
            problems.append(f"</{tag}> at line {self.getpos()[0]} does not close <{expected[0]}> from line {expected[1]}")
            return
        self.stack.pop()

checker = Checker()
checker.feed(sys.stdin.read())
checker.close()
for tag, line in checker.stack:
    problems.append(f"<{tag}> from line {line} is never closed")
if not checker.lang:
    problems.append("<html> has no lang")
if checker.titles != 1:
    problems.append(f"{checker.titles} <title> elements")
if checker.h1 != 1:
    problems.append(f"{checker.h1} <h1> elements")
for attrs, line in checker.controls:
    if not (attrs.get("id") in checker.labels or "aria-label" in attrs or "aria-labelledby" in attrs):
        problems.append(f"unlabelled <input name={attrs.get('name')!r}> at line {line}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
