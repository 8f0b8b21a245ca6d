#!/usr/bin/env python3
"""Turn a corpus from make-corpus.py into a git repository with a history, for bench/git-dates.sh.

Usage: make-history.py DIR     (DIR holds content/ from make-corpus.py)

The pages' created/modified/author lines are removed (so every date comes from git), then: one
commit importing every page; a folder renamed as a whole; one commit per ten pages, each editing
five pages (1,000 commits at 10,000 pages); twenty pages renamed with an edit (similarity < 100 %).
Written with `git fast-import` (one process, not one per commit), then checked out. Authors and
dates are fixed, so the same corpus always gives the same history.
"""
import os, random, re, subprocess, sys

root = sys.argv[1]
content = os.path.join(root, "content")
env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
subprocess.run(["git", "-C", root, "init", "-q", "-b", "main"], check=True, env=env)

files = {}
for folder, _, names in os.walk(content):
    for name in names:
        path = os.path.join(folder, name)
        text = open(path, encoding="utf-8").read()
        files[os.path.relpath(path, root)] = re.sub(r"^(created|modified|author): .*\n", "", text, count=3, flags=re.M)

stream = []
seconds = 1767225600  # 2026-01-01T00:00:00Z
mark = 0

def data(text):
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"

def commit(message, author, changes):
    """changes: lines (bytes) of fast-import file commands."""
    global seconds, mark
    seconds += 3600
    mark += 1
    stream.append(b"commit refs/heads/main\nmark :%d\n" % mark)
    stream.append(b"author %s <a@example.com> %d +0000\n" % (author.encode(), seconds))
    stream.append(b"committer Bench <bench@example.com> %d +0000\n" % seconds)
    stream.append(data(message))
    if mark > 1:
        stream.append(b"from :%d\n" % (mark - 1))
    stream.extend(changes)

def modify(path):
    return b"M 100644 inline " + path.encode("utf-8") + b"\n" + data(files[path])

r = random.Random(1)
commit("import", "Author 1", [modify(path) for path in sorted(files)])
commit("rename a folder", "Author 2", [b"R content/reference content/reference-guide\n"])
files = {p.replace("content/reference/", "content/reference-guide/"): t for p, t in files.items()}
pages = sorted(files)
for index in range(len(pages) // 10):
    changes = []
    for page in r.sample(pages, 5):
        files[page] += f"\nEdit {index}.\n"
        changes.append(modify(page))
    commit(f"edit {index}", f"Author {index % 40 + 1}", changes)
changes = []
for page in r.sample(pages, 20):
    moved = page[:-3] + "-moved.md"
    files[moved] = files.pop(page) + "\nMoved.\n"
    changes += [b"D " + page.encode("utf-8") + b"\n", modify(moved)]
commit("move and edit twenty pages", "Author 3", changes)

subprocess.run(["git", "-C", root, "fast-import", "--quiet"], input=b"".join(stream), check=True, env=env)
subprocess.run(["git", "-C", root, "reset", "-q", "--hard", "main"], check=True, env=env)
subprocess.run(["git", "-C", root, "clean", "-q", "-fdx"], check=True, env=env)
