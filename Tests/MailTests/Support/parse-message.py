#!/usr/bin/python3
"""Reads one email on stdin and prints, as JSON, what Python's `email` package makes of it.

The Mail tests use this as an independent reader: if the standard library parses our messages into
the same subject, addresses and bodies we put in, with no defects, real mail programs will too.
The message is decoded as UTF-8 first (it may hold SMTPUTF8 addresses; bodies are ASCII)."""
import json
import sys
from email import message_from_string, policy

raw = sys.stdin.buffer.read().decode("utf-8")
message = message_from_string(raw, policy=policy.default)


def mailboxes(name):
    header = message[name]
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def part_info(part):
    return {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
        "body": part.get_content() if part.get_content_maintype() == "text" else None,
        "defects": [type(d).__name__ for d in part.defects],
    }


leaves = [part_info(p) for p in message.walk() if not p.is_multipart()]
header_defects = [f"{k}: {type(d).__name__}" for k, v in message.items() for d in getattr(v, "defects", [])]
result = {
    "header_names": list(message.keys()),
    "from": mailboxes("From"),
    "to": mailboxes("To"),
    "subject": str(message["Subject"]),
    "date": message["Date"].datetime.isoformat() if message["Date"] else None,
    "message_id": message["Message-ID"],
    "content_type": message.get_content_type(),
    "boundary": message.get_boundary(),
    "parts": leaves,
    "text": next((p["body"] for p in leaves if p["content_type"] == "text/plain"), None),
    "html": next((p["body"] for p in leaves if p["content_type"] == "text/html"), None),
    "defects": [type(d).__name__ for d in message.defects] + header_defects,
    "extra": {k: str(v) for k, v in message.items() if k.lower() not in
              {"from", "to", "subject", "date", "message-id", "mime-version", "content-type",
               "content-transfer-encoding"}},
}
json.dump(result, sys.stdout, ensure_ascii=False)
