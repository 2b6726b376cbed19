#!/usr/bin/env python3
"""mkcheck.py MSG [expectations]: read a message mkmsg wrote with Python's
email package (policy default) and check it says what was meant. Prints one
line per problem and exits 1 when there is any.

  --subject S           the decoded Subject
  --from ADDR           a From address, "Name <a@b>" or "a@b" (repeatable)
  --to/--cc/--bcc ADDR  likewise
  --header NAME=VALUE   any other field, decoded
  --body FILE           the text part's content equals FILE (UTF-8, the
                        line ends as given, with one LF added if missing)
  --no-body             there is no text part
  --att NAME=TYPE=FILE  the next attachment: file name, content type and
                        decoded bytes equal to FILE's (in order)
  --charset NAME=CS     the charset of attachment NAME
"""
import argparse
import email
import email.policy
import sys

problems = []


def problem(msg):
    problems.append(msg)


def want_addresses(msg, field, wanted):
    if not wanted:
        return
    got = []
    for h in msg.get_all(field) or []:
        for a in h.addresses:
            got.append((a.display_name, a.addr_spec))
    want = []
    for w in wanted:
        parsed = email.message_from_string(
            "To: %s\n\n" % w, policy=email.policy.default)["To"].addresses
        want.extend((a.display_name, a.addr_spec) for a in parsed)
    if got != want:
        problem("%s: got %r, want %r" % (field, got, want))


def check_lines(raw):
    """Every line at most 998 octets, LF line ends, encoded lines <= 76,
    header lines <= 78."""
    if b"\r" in raw:
        problem("a CR in the output")
    head, _, _ = raw.partition(b"\n\n")
    for line in head.split(b"\n"):
        if len(line) > 78:
            problem("header line over 78 octets: %r" % line[:90])
    for line in raw.split(b"\n"):
        if len(line) > 998:
            problem("line over 998 octets")
    for part in email.message_from_bytes(raw, policy=email.policy.default).walk():
        cte = part.get("Content-Transfer-Encoding", "7bit").lower()
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=False)
        for line in payload.split("\n"):
            if cte in ("base64", "quoted-printable") and len(line) > 76:
                problem("%s line over 76: %r" % (cte, line[:90]))
            if cte == "7bit" and any(ord(c) > 127 for c in line):
                problem("8-bit data in a 7bit part")


def defects(msg):
    for part in msg.walk():
        for d in part.defects:
            problem("defect in %s: %r" % (part.get_content_type(), d))
        for name, value in part.items():
            for d in getattr(value, "defects", ()):
                problem("defect in %s: %r" % (name, d))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("msg")
    ap.add_argument("--subject")
    for f in ("from", "to", "cc", "bcc"):
        ap.add_argument("--" + f, action="append", default=[])
    ap.add_argument("--header", action="append", default=[])
    ap.add_argument("--body")
    ap.add_argument("--no-body", action="store_true")
    ap.add_argument("--att", action="append", default=[])
    ap.add_argument("--charset", action="append", default=[])
    a = ap.parse_args()

    raw = open(a.msg, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    check_lines(raw)
    defects(msg)
    for f in ("Date", "Message-ID", "MIME-Version", "From"):
        if msg[f] is None:
            problem("no %s" % f)
    if a.subject is not None and msg["Subject"] != a.subject:
        problem("Subject: got %r, want %r" % (msg["Subject"], a.subject))
    for f in ("from", "to", "cc", "bcc"):
        want_addresses(msg, f.capitalize(), getattr(a, f))
    for h in a.header:
        name, _, value = h.partition("=")
        if str(msg[name]) != value:
            problem("%s: got %r, want %r" % (name, msg[name], value))

    body = msg.get_body(preferencelist=("plain",))
    if msg.is_multipart() and body is not None and \
            body.get("Content-Disposition", "").startswith("attachment"):
        body = None
    if a.no_body and body is not None and body is not msg:
        problem("a text part where none was meant")
    if a.body is not None:
        want = open(a.body, "rb").read().decode("utf-8").replace("\r\n", "\n")
        if want and not want.endswith("\n"):
            want += "\n"
        got = body.get_content() if body is not None else None
        if got != want:
            problem("body: got %r, want %r" % ((got or "")[:200], want[:200]))

    atts = list(msg.iter_attachments()) if msg.is_multipart() else []
    if len(atts) != len(a.att):
        problem("%d attachments, want %d" % (len(atts), len(a.att)))
    for part, spec in zip(atts, a.att):
        name, ctype, path = spec.split("=", 2)
        if part.get_filename() != name:
            problem("file name: got %r, want %r" % (part.get_filename(), name))
        if part.get_content_type() != ctype:
            problem("%s: type %s, want %s" % (name, part.get_content_type(), ctype))
        data = open(path, "rb").read()
        if part.get_payload(decode=True) != data:
            problem("%s: decoded bytes differ from %s" % (name, path))
    for spec in a.charset:
        name, cs = spec.split("=", 1)
        for part in atts:
            if part.get_filename() == name and part.get_param("charset") != cs:
                problem("%s: charset %r, want %r" % (name, part.get_param("charset"), cs))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
