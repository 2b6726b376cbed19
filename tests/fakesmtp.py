#!/usr/bin/env python3
"""fakesmtp.py PORTFILE LOG [options]: a scripted SMTP server on 127.0.0.1
for the faults a real server will not produce. It binds a free port, writes
it to PORTFILE, serves connections one after another until killed, and
appends to LOG what the client sent: each command line, then the DATA as
received (CRLF and dot-stuffing kept), between "DATA<<" and ">>DATA".

  --ext LIST        EHLO keywords, comma-separated (default
                    PIPELINING,SIZE 10000000,8BITMIME,DSN,SMTPUTF8)
  --greet CODE      the greeting's code (default 220)
  --refuse ADDR=CODE  answer RCPT TO:<ADDR> with CODE (repeatable)
  --mail CODE       answer MAIL FROM with CODE (default 250)
  --final CODE      answer the final dot with CODE (default 250)
  --drop-after-data close the connection after the final dot, no reply
  --garbage         answer EHLO with a line that is not SMTP
  --nonsense VERB   answer the command VERB (MAIL, RCPT, DATA) with a line
                    that is not SMTP
"""
import argparse
import sys

from fakeserver import listen


def serve(conn, a, log):
    f = conn.makefile("rwb", buffering=0)

    def say(line):
        f.write(line.encode() + b"\r\n")

    def reply(code, text):
        say("%d %s" % (code, text))

    reply(a.greet, "fake ESMTP" if a.greet < 400 else "go away")
    if a.greet >= 400:
        return
    refuse = dict(r.split("=", 1) for r in a.refuse)
    while True:
        line = f.readline()
        if not line:
            return
        log.write(line)
        log.flush()
        cmd = line.decode("utf-8", "replace").strip()
        verb = cmd.split(" ", 1)[0].upper()
        if verb == a.nonsense:
            say("what?")
            continue
        if verb in ("EHLO", "HELO"):
            if a.garbage:
                say("hello there, this is not SMTP")
                continue
            exts = [e for e in a.ext.split(",") if e]
            say("250%sfake" % ("-" if exts else " "))
            for i, e in enumerate(exts):
                say("250%s%s" % (" " if i == len(exts) - 1 else "-", e))
        elif verb == "MAIL":
            reply(a.mail, "sender ok" if a.mail < 400 else "sender refused")
        elif verb == "RCPT":
            addr = cmd[cmd.find("<") + 1:cmd.find(">")]
            code = int(refuse.get(addr, "250"))
            reply(code, "ok" if code < 400 else "<%s>: no such user" % addr)
        elif verb == "DATA":
            reply(354, "go ahead")
            log.write(b"DATA<<")
            while True:
                dl = f.readline()
                if not dl:
                    return
                if dl == b".\r\n":
                    break
                log.write(dl)
            log.write(b">>DATA\n")
            log.flush()
            if a.drop_after_data:
                return
            reply(a.final, "queued" if a.final < 400 else "refused")
        elif verb == "RSET":
            reply(250, "reset")
        elif verb == "QUIT":
            reply(221, "bye")
            return
        else:
            reply(502, "not implemented")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("portfile")
    ap.add_argument("log")
    ap.add_argument("--ext", default="PIPELINING,SIZE 10000000,8BITMIME,DSN,SMTPUTF8")
    ap.add_argument("--greet", type=int, default=220)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--mail", type=int, default=250)
    ap.add_argument("--final", type=int, default=250)
    ap.add_argument("--drop-after-data", action="store_true")
    ap.add_argument("--garbage", action="store_true")
    ap.add_argument("--nonsense")
    a = ap.parse_args()
    s = listen(0, a.portfile)
    with open(a.log, "ab") as log:
        while True:
            conn, _ = s.accept()
            try:
                serve(conn, a, log)
            except OSError:
                pass
            finally:
                conn.close()


if __name__ == "__main__":
    sys.exit(main())
