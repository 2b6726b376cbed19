#!/usr/bin/env python3
"""Seed a server-side Maildir with realistic messages, for mfetch's tests and
bench/run: the files go straight into MAILDIR/cur (or new/), named the way
Dovecot names its own, owned by whoever owns MAILDIR.

usage: seed.py [-n COUNT] [-s SEED] [--new] [-v] MAILDIR

The mix, like a real inbox: 55% text/plain (us-ascii 7bit, or UTF-8 in
quoted-printable or 8bit; a third are replies quoting their thread), 25%
multipart/alternative (text and HTML), both mostly 2-20 KB; 15% with a 50-500
KB base64 attachment (PDF, JPEG, PNG, ZIP: random bytes behind the format's
magic, as compressed data looks); 5% larger, 0.5-2 MB of attachments.  Every
header block has Received lines, most a DKIM-Signature, some mailing-list
fields.  A few bodies hold what protocols must escape: lines starting with
"From ", ">From ", "." or a lone ".".

Deterministic: message I of seed S is the same bytes whatever COUNT is,
except its Date, which spreads the COUNT messages over the year 2025 in
order (the file's mtime, Dovecot's INTERNALDATE, is the same instant); so
seeding 100 gives the first 100 of seeding 10,000.  Message-IDs are unique
across seeds and indexes.  Files are written in MAILDIR/tmp and renamed, so
a running Dovecot never sees half a message; their names carry S= (the
size) and W= (the size with CRLF line ends), which Dovecot uses for
RFC822.SIZE and POP3 LIST without reading the file.  Flags: most seen, some
also replied or flagged, 8% unseen; --new puts the messages in new/ instead
(just arrived, no flags).
"""

import argparse
import base64
import binascii
import os
import random
import sys
import time

YEAR_START = 1735689600         # 2025-01-01 00:00:00 UTC
YEAR = 365 * 86400
HOST = "posta-seed"

DOMAINS = ["example.com", "example.org", "example.net", "mail.example.de",
           "example.fr", "lists.example.org", "news.example.io", "example.jp"]
RELAYS = ["mx1.example.net", "mail.example.org", "smtp.example.com",
          "out.mailer.example.io", "mx.mail.example.de", "relay.example.jp"]
NAMES = ["Alice Johnson", "Bob Smith", "Carol White", "Dave Brown",
         "Erin Davis", "Frank Miller", "Grace Wilson", "Heidi Moore",
         "Ivan Taylor", "Judy Anderson", "Oscar Jackson", "Peggy Martin"]
NAMES_UTF8 = ["José García", "Zoë Müller", "Łukasz Wójcik", "Jürgen Groß",
              "François Lefèvre", "Čestmír Dvořák", "Дмитрий Петров",
              "田中 太郎"]
LISTS = ["dev", "users", "announce", "security"]
WORDS = """the be to of and a in that have it for not on with he as you do at
this but his by from they we say her she or an will my one all would there
their what so up out if about who get which go me when make can like time no
just him know take people into year your good some could them see other than
then now look only come its over think also back after use two how our work
first well way even new want because any these give day most us build release
patch kernel server client mailbox message header parser buffer memory test
review merge branch commit fix bug report issue queue deploy config option
default value meeting tomorrow agenda budget quarter invoice schedule draft
update thanks regards please attached document version change support list
network packet latency throughput benchmark cache disk storage backup restore
certificate password account login session token timeout retry error warning
""".split()
UTF8_BITS = ["naïve café", "résumé", "Grüße", "smörgåsbord", "déjà vu",
             "“quoted”", "it’s", "— dash —", "…", "€100", "½ price", "→ next",
             "✓ done", "日本語", "Ελληνικά", "Привет", "Zażółć gęślą jaźń"]
# Lines a POP3 server must dot-stuff and an mboxrd writer must quote.
ESCAPES = ["From what I saw, the release is fine.", ">From the archive:",
           ".", ".hidden files are skipped", "..", "From here on, use v2."]
ATTACH_KINDS = [("application/pdf", "report-%d.pdf", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"),
                ("image/jpeg", "IMG_%04d.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
                ("image/png", "screenshot-%d.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                ("application/zip", "logs-%d.zip", b"PK\x03\x04\x14\x00")]


class Message:
    """One message's generator: every choice comes from its own random
    stream, seeded by the seed and the message's index only."""

    def __init__(self, seed, index, when):
        self.r = random.Random("posta-seed:%d:%d" % (seed, index))
        self.seed, self.index, self.t = seed, index, when

    # ---- text -------------------------------------------------------------

    def sentence(self, utf8=False):
        r = self.r
        words = r.choices(WORDS, k=r.randint(5, 18))
        if utf8 and r.random() < 0.4:
            words.insert(r.randrange(len(words)), r.choice(UTF8_BITS))
        s = " ".join(words)
        return s[0].upper() + s[1:] + r.choice(".....?!")

    def lines(self, size, utf8=False, quote=""):
        """Paragraphs wrapped at 72 columns, about size bytes, as lines."""
        r = self.r
        out, n = [], 0
        while n < size:
            line = quote
            for _ in range(r.randint(2, 7)):
                for w in self.sentence(utf8).split(" "):
                    if len(line) > len(quote) and len(line) + 1 + len(w) > 72:
                        out.append(line)
                        n += len(line) + 1
                        line = quote
                    line = line + " " + w if len(line) > len(quote) else line + w
            out.append(line)
            out.append(quote.rstrip())
            n += len(line) + len(quote) + 2
        if r.random() < 0.08:
            out.insert(r.randrange(len(out) + 1), r.choice(ESCAPES))
        return out

    def signature(self):
        return ["-- ", self.r.choice(NAMES), " ".join(self.r.choices(WORDS, k=5))]

    def subject(self):
        s = " ".join(self.r.choices(WORDS, k=self.r.randint(2, 8)))
        return s[0].upper() + s[1:]

    # ---- header -----------------------------------------------------------

    @staticmethod
    def date(t):
        return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t))

    @staticmethod
    def encoded_word(text):
        raw = text.encode()
        out, i = [], 0
        while i < len(raw):
            j = min(len(raw), i + 42)
            while j < len(raw) and (raw[j] & 0xC0) == 0x80:
                j -= 1          # never cut a UTF-8 sequence in two
            out.append("=?UTF-8?B?%s?=" % base64.b64encode(raw[i:j]).decode())
            i = j
        return "\n ".join(out)

    def mailbox(self, utf8=False):
        r = self.r
        name = r.choice(NAMES_UTF8 if utf8 else NAMES)
        local = name.split()[0].lower()
        if not local.isascii():
            local = "user%d" % r.randint(1, 999)
        addr = "%s@%s" % (local, r.choice(DOMAINS))
        shown = self.encoded_word(name) if utf8 else name
        return "%s <%s>" % (shown, addr)

    def message_id(self):
        return "<%s.%d.%d.%06x@%s>" % (
            time.strftime("%Y%m%d%H%M%S", time.gmtime(self.t)), self.seed,
            self.index, self.r.getrandbits(24), self.r.choice(DOMAINS))

    def header(self, subject, ctype, cte=None, reply=False):
        r, t = self.r, self.t
        h = ["Return-Path: <bounce-%x@%s>" % (r.getrandbits(32), r.choice(DOMAINS)),
             "Delivered-To: alice@localhost"]
        hops = r.randint(2, 4)
        for k in range(hops):
            relay = r.choice(RELAYS)
            h.append("Received: from %s (%s [192.0.2.%d])\n\tby %s (Postfix) "
                     "with ESMTPS id %X\n\tfor <alice@localhost>; %s"
                     % (relay, relay, r.randint(1, 254), r.choice(RELAYS),
                        r.getrandbits(40), self.date(t - 3 * (hops - k))))
        if r.random() < 0.7:
            sig = base64.b64encode(r.randbytes(256)).decode()
            h.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"
                     "\n\td=%s; s=s1; t=%d;\n\th=from:to:subject:date:message-id;"
                     "\n\tbh=%s;\n\tb=%s"
                     % (r.choice(DOMAINS), t,
                        base64.b64encode(r.randbytes(32)).decode(),
                        "\n\t ".join(sig[k:k + 70] for k in range(0, len(sig), 70))))
        if r.random() < 0.3:
            name = r.choice(LISTS)
            h += ["List-Id: <%s.lists.example.org>" % name,
                  "List-Unsubscribe: <mailto:%s-request@lists.example.org>" % name,
                  "Precedence: list"]
        h.append("Date: " + self.date(t))
        h.append("From: " + self.mailbox(r.random() < 0.2))
        h.append("To: Alice <alice@localhost>")
        if r.random() < 0.2:
            h.append("Cc: " + self.mailbox(r.random() < 0.3))
        if not subject.isascii():
            subject = self.encoded_word(subject)
        h.append("Subject: " + ("Re: " if reply else "") + subject)
        h.append("Message-ID: " + self.message_id())
        if reply:
            ref = "<%x.%d@%s>" % (r.getrandbits(48), self.seed, r.choice(DOMAINS))
            h += ["In-Reply-To: " + ref, "References: " + ref]
        h.append("MIME-Version: 1.0")
        h.append("Content-Type: " + ctype)
        if cte:
            h.append("Content-Transfer-Encoding: " + cte)
        return "\n".join(h) + "\n\n"

    # ---- the kinds ----------------------------------------------------------

    def size(self, lo, hi):
        """Log-uniform between lo and hi: many small, a few big."""
        return int(lo * (hi / lo) ** self.r.random())

    def plain(self):
        r = self.r
        size = self.size(1500, 19000)
        utf8 = r.random() < 0.3
        reply = r.random() < 0.33
        if reply:
            lines = self.lines(size // 3, utf8) + ["", "On %s, %s wrote:" % (
                self.date(self.t - 86400), r.choice(NAMES))]
            lines += self.lines(size * 2 // 3, utf8, quote="> ")
        else:
            lines = self.lines(size, utf8)
        text = "\n".join(lines + self.signature()) + "\n"
        subject = self.subject() + (" " + r.choice(UTF8_BITS) if utf8 else "")
        if not utf8:
            return self.header(subject, "text/plain; charset=us-ascii", "7bit",
                               reply) + text
        if r.random() < 0.6:
            body = binascii.b2a_qp(text.encode(), istext=True).decode()
            return self.header(subject, "text/plain; charset=utf-8",
                               "quoted-printable", reply) + body
        return self.header(subject, "text/plain; charset=utf-8", "8bit",
                           reply) + text

    def html(self, size):
        r = self.r
        out = ["<html><head><meta charset=\"utf-8\"><style>p { margin: 0 0 "
               "12px; } td { font-family: Helvetica, Arial; }</style></head>",
               "<body><table width=\"600\" cellpadding=\"0\">"]
        n = 0
        while n < size:
            row = ("<tr><td style=\"padding:20px\"><h2>%s</h2>\n<p>%s</p>\n"
                   "<p><a href=\"https://news.example.io/c/%x\">Read more"
                   "&nbsp;&rarr;</a></p></td></tr>"
                   % (self.subject(), "\n".join(self.lines(r.randint(200, 900), True)),
                      r.getrandbits(64)))
            out.append(row)
            n += len(row)
        out.append("</table></body></html>")
        return "\n".join(out) + "\n"

    def alternative(self):
        size = self.size(2000, 19000)
        b = "=_alt_%016x" % self.r.getrandbits(64)
        text = "\n".join(self.lines(size // 3, True)) + "\n"
        qp = binascii.b2a_qp
        body = ("--%s\nContent-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n%s\n"
                "--%s\nContent-Type: text/html; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n%s\n--%s--\n"
                % (b, qp(text.encode(), istext=True).decode(), b,
                   qp(self.html(size * 2 // 3).encode(), istext=True).decode(), b))
        return self.header(self.subject(), "multipart/alternative;\n\tboundary=\"%s\"" % b) + \
            "This is a multi-part message in MIME format.\n\n" + body

    def attachment(self, size):
        r = self.r
        ctype, name, magic = r.choice(ATTACH_KINDS)
        name = name % r.randint(1, 9999)
        data = magic + r.randbytes(max(0, size * 3 // 4 - len(magic)))
        return ("Content-Type: %s; name=\"%s\"\nContent-Disposition: attachment; "
                "filename=\"%s\"\nContent-Transfer-Encoding: base64\n\n%s"
                % (ctype, name, name, base64.encodebytes(data).decode()))

    def mixed(self, lo, hi):
        r = self.r
        b = "=_mix_%016x" % r.getrandbits(64)
        parts = ["Content-Type: text/plain; charset=us-ascii\n\n" +
                 "\n".join(self.lines(self.size(300, 3000)) + self.signature()) + "\n"]
        total = self.size(lo, hi)
        count = r.choice([1, 1, 1, 2, 3])
        for _ in range(count):
            parts.append(self.attachment(total // count))
        body = "".join("--%s\n%s\n" % (b, p) for p in parts) + "--%s--\n" % b
        return self.header(self.subject(), "multipart/mixed; boundary=\"%s\"" % b) + body

    def text(self):
        """The message, LF line ends; returns (kind, text)."""
        x = self.r.random()
        if x < 0.55:
            return "plain", self.plain()
        if x < 0.80:
            return "alternative", self.alternative()
        if x < 0.95:
            return "attachment", self.mixed(50 * 1024, 500 * 1024)
        return "large", self.mixed(512 * 1024, 2048 * 1024)

    def flags(self):
        x = self.r.random()
        return "" if x < 0.08 else "RS" if x < 0.15 else "FS" if x < 0.18 else "S"


def write(maildir, seed, index, when, new, owner):
    m = Message(seed, index, when)
    kind, text = m.text()
    data = text.encode("utf-8")
    base = "%d.M%dP%d.%s,S=%d,W=%d" % (when, index, seed, HOST, len(data),
                                      len(data) + data.count(b"\n"))
    name = os.path.join("new", base) if new else \
        os.path.join("cur", base + ":2," + m.flags())
    tmp = os.path.join(maildir, "tmp", base)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if owner:
            os.fchown(fd, *owner)
    finally:
        os.close(fd)
    os.utime(tmp, (when, when))
    os.rename(tmp, os.path.join(maildir, name))
    return kind, len(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10000, help="messages (10000)")
    ap.add_argument("-s", "--seed", type=int, default=1, help="seed (1)")
    ap.add_argument("--new", action="store_true",
                    help="into new/, unseen, instead of cur/")
    ap.add_argument("-v", action="store_true", help="a summary on stderr")
    ap.add_argument("maildir")
    a = ap.parse_args()
    if a.n < 0:
        ap.error("-n: not a count")

    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(a.maildir, sub), mode=0o700, exist_ok=True)
    # The servers read the Maildir as its owner: so must own what is added.
    st = os.stat(a.maildir)
    owner = (st.st_uid, st.st_gid) if os.geteuid() == 0 else None
    if owner:
        for sub in ("tmp", "new", "cur"):
            os.chown(os.path.join(a.maildir, sub), *owner)

    counts, total = {}, 0
    gap = max(1, YEAR // max(1, a.n))
    for i in range(a.n):
        when = YEAR_START + i * YEAR // max(1, a.n) + \
            random.Random("posta-seed-date:%d:%d" % (a.seed, i)).randrange(gap)
        kind, size = write(a.maildir, a.seed, i, when, a.new, owner)
        counts[kind] = counts.get(kind, 0) + 1
        total += size
    if a.v:
        sys.stderr.write("seed.py: %d messages, %.1f MiB (%s) in %s\n" % (
            a.n, total / 1048576.0,
            ", ".join("%s %d" % kv for kv in sorted(counts.items())), a.maildir))


if __name__ == "__main__":
    main()
