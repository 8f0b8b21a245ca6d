#!/usr/bin/env python3
"""The adaptations bench/real-docs.sh applies to cert-manager.io's docs before helpsite builds them.

Each is what a team moving those docs to helpsite would have to do by hand once; each is counted and
printed so the migration note (docs/authoring.md) can quote it. Nothing else in the pages changes.

Usage: real-docs-adapt.py DOCS-DIR SITE-URL
DOCS-DIR is the site's content/docs (with its manifest.json and variables.json), published at
SITE-URL/docs/ and beside SITE-URL/images/.
"""
import json
import pathlib
import re
import sys

# Docusaurus admonition kinds (the site's Markdown renderer) to GitHub callout markers.
CALLOUTS = {"note": "NOTE", "info": "NOTE", "tip": "TIP", "important": "IMPORTANT",
            "warning": "WARNING", "caution": "CAUTION", "danger": "CAUTION"}
ADMONITION_START = re.compile(r"^(\s*):::(\w+)\s*$")
ADMONITION_END = re.compile(r"^\s*:::\s*$")
VARIABLE = re.compile(r"\[\[VAR::(\w+)\]\]")
# MDX (JSX) inline styles, which are neither HTML nor text: style={{float: "right", marginBottom: "20px"}}.
JSX_STYLE = re.compile(r"style=\{\{([^{}]*)\}\}")
JSX_STYLE_PROPERTY = re.compile(r"(\w+)\s*:\s*\"([^\"]*)\"")
# Site-absolute links into parts of the site other than the docs (its blog): the migrated docs hold
# only docs/ and images/, so these become links to the live site.
OTHER_SECTION = re.compile(r"(\]\(|href=\")/(?!docs/|images/)")


def split_front_matter(text):
    """(front-matter lines, body) or (None, text) when the page has none."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return None, text
    return text[4:end + 1].splitlines(keepends=True), text[end + 5:]



def title_for(path, body):
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.M)
    if heading:
        return heading.group(1)
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


def callouts(body):
    """`:::info` … `:::` (at any indentation, e.g. inside a list item) as `> [!NOTE]` quotes."""
    out, indent, count = [], None, 0
    for line in body.splitlines(keepends=True):
        start = ADMONITION_START.match(line)
        if indent is None and start and start.group(2).lower() in CALLOUTS:
            indent = start.group(1)
            out.append(f"{indent}> [!{CALLOUTS[start.group(2).lower()]}]\n")
            count += 1
        elif indent is not None and ADMONITION_END.match(line):
            indent = None
        elif indent is not None:
            inner = line[len(indent):] if line.startswith(indent) else line.lstrip(" ")
            out.append(f"{indent}> {inner}" if inner.strip() else f"{indent}>\n")
        else:
            out.append(line)
    return "".join(out), count


def jsx_style(match):
    properties = JSX_STYLE_PROPERTY.findall(match.group(1))
    css = "; ".join(re.sub(r"([A-Z])", lambda c: "-" + c.group(1).lower(), name) + ": " + value
                    for name, value in properties)
    return f'style="{css}"'


def manifest_paths(docs):
    """The pages the site's manifest.json publishes, as paths under DOCS-DIR."""
    paths, routes = set(), json.loads((docs / "manifest.json").read_text())["routes"]
    while routes:
        route = routes.pop()
        if "path" in route:
            paths.add(route["path"].removeprefix("/docs/"))
        routes += route.get("routes", [])
    return paths


def main():
    docs, site_url = pathlib.Path(sys.argv[1]), sys.argv[2].rstrip("/")
    variables = json.loads((docs / "variables.json").read_text())
    published = manifest_paths(docs)
    counts = {"pages": 0, "not in manifest.json, made drafts": 0, "front matter added": 0,
              "[[VAR::…]] replaced": 0, "admonitions to callouts": 0,
              "JSX style={{…}} to HTML style=\"…\"": 0, "links to the site outside docs/ made absolute": 0}
    for path in sorted(docs.rglob("*.md")):
        name = str(path.relative_to(docs))
        counts["pages"] += 1
        text = path.read_text(encoding="utf-8")
        front, body = split_front_matter(text)
        if front is None:
            title = title_for(path, body).replace('"', '\\"')
            front = [f'title: "{title}"\n']
            counts["front matter added"] += 1
            print(f"  front matter added: {name} (title: {title})")
        if name not in published:
            front.append("draft: true\n")
            counts["not in manifest.json, made drafts"] += 1
            print(f"  not in manifest.json, made a draft: {name}")
        body, replaced = VARIABLE.subn(lambda m: variables.get(m.group(1), m.group(0)), body)
        counts["[[VAR::…]] replaced"] += replaced
        body, converted = callouts(body)
        counts["admonitions to callouts"] += converted
        body, styles = JSX_STYLE.subn(jsx_style, body)
        counts["JSX style={{…}} to HTML style=\"…\""] += styles
        body, absolute = OTHER_SECTION.subn(lambda m: m.group(1) + site_url + "/", body)
        counts["links to the site outside docs/ made absolute"] += absolute
        path.write_text("---\n" + "".join(front) + "---\n" + body, encoding="utf-8")
    # The Next.js site's own data files, not pages or media: not published.
    for data in ("manifest.json", "variables.json"):
        (docs / data).unlink()
    for name, count in counts.items():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    main()
