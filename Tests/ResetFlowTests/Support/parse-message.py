#!/usr/bin/env python3
"""Parses one RFC 5322 message from stdin with Python's email package and prints JSON: from, to,
subject (decoded), date, message_id, content type, and the decoded text and html bodies."""
import email, email.policy, json, sys

message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
text = message.get_body(preferencelist=("plain",))
html = message.get_body(preferencelist=("html",))
print(json.dumps({
    "from": str(message["From"]),
    "to": str(message["To"]),
    "subject": str(message["Subject"]),
    "date": str(message["Date"]),
    "message_id": str(message["Message-ID"]),
    "content_type": message.get_content_type(),
    "parts": [part.get_content_type() for part in message.iter_parts()] if message.is_multipart() else [],
    "text": text.get_content() if text else None,
    "html": html.get_content() if html else None,
    "defects": [str(d) for d in message.defects],
}))
