#!/usr/bin/env python3
"""A minimal SMTP server for tests: accepts every message on 127.0.0.1 and writes each one to
OUTDIR/<n>.eml (dot-unstuffed, as received). Prints the port it listens on, then serves until
killed. Usage: smtp-sink.py OUTDIR"""
import os, socketserver, sys

outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
counter = [0]

class Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 localhost test sink")
        recipients = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 OK\r\n")
                self.wfile.flush()
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    if line.startswith(b".."):
                        line = line[1:]
                    lines.append(line)
                counter[0] += 1
                path = os.path.join(outdir, "%03d.eml" % counter[0])
                with open(path + ".tmp", "wb") as f:
                    f.write(b"X-Sink-Recipients: " + ",".join(recipients).encode() + b"\r\n" + b"".join(lines))
                os.rename(path + ".tmp", path)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")

class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

with Server(("127.0.0.1", 0), Handler) as server:
    print(server.server_address[1], flush=True)
    server.serve_forever()
