#!/usr/bin/env python3
"""Turn a corpus from make-corpus.py into a git repository with a history, for bench/git-dates.sh.

Usage: make-history.py DIR     (DIR holds content/ from make-corpus.py)

The pages' created/modified/author lines are removed (so every date comes from git), then: one
commit importing every page; a folder renamed as a whole; one commit per ten pages, each editing
five pages (1,000 commits at 10,000 pages); a few pages renamed with an edit (similarity < 100 %).
Authors and dates are fixed, so the same corpus always gives the same history.
"""
import os, random, re, subprocess, sys

root = sys.argv[1]
content = os.path.join(root, "content")
env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
seconds = 1767225600  # 2026-01-01T00:00:00Z

def git(*args, author="Author 1"):
    global seconds
    seconds += 3600
    date = f"@{seconds} +0000"
    subprocess.run(["git", "-C", root, *args], check=True, stdout=subprocess.DEVNULL,
                   env=dict(env, GIT_AUTHOR_NAME=author, GIT_AUTHOR_EMAIL="a@example.com",
                            GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date))

pages = []
for folder, _, files in os.walk(content):
    for name in files:
        path = os.path.join(folder, name)
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"^(created|modified|author): .*\n", "", text, count=3, flags=re.M)
        open(path, "w", encoding="utf-8").write(text)
        pages.append(os.path.relpath(path, root))
pages.sort()
r = random.Random(1)
git("init", "-q", "-b", "main")
git("add", "-A")
git("commit", "-q", "-m", "import")
git("mv", "content/reference", "content/reference-guide")
git("commit", "-q", "-m", "rename a folder")
pages = [p.replace("content/reference/", "content/reference-guide/") for p in pages]
for index in range(len(pages) // 10):
    for page in r.sample(pages, 5):
        with open(os.path.join(root, page), "a", encoding="utf-8") as f:
            f.write(f"\nEdit {index}.\n")
    git("commit", "-q", "-a", "-m", f"edit {index}", author=f"Author {index % 40 + 1}")
for page in r.sample(pages, 20):
    moved = page[:-3] + "-moved.md"
    git("mv", page, moved)
    with open(os.path.join(root, moved), "a", encoding="utf-8") as f:
        f.write("\nMoved.\n")
git("add", "-A")
git("commit", "-q", "-m", "move and edit twenty pages")
