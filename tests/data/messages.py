#!/usr/bin/env python3
"""Write the test messages of posta's mshow tests into a directory.

Each message is built here byte by byte, so the tests do not depend on
any other program's idea of MIME: python3 messages.py OUTDIR
"""
import base64
import os
import sys


def b64(data, width=76):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def ew(text, charset, enc="B"):
    raw = text.encode(charset)
    if enc == "B":
        return "=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode())
    q = "".join(chr(c) if (48 <= c < 58 or 65 <= c < 91 or 97 <= c < 123)
                else ("_" if c == 32 else "=%02X" % c) for c in raw)
    return "=?%s?Q?%s?=" % (charset, q)


MESSAGES = {}

MESSAGES["plain.eml"] = b"""From: Alice Example <alice@example.org>
To: Bob <bob@example.org>
Cc: carol@example.org
Date: Sat, 21 Nov 2026 10:00:00 +0100
Subject: Plain hello
Message-ID: <plain@example.org>
X-Hidden: not shown by default

Hello Bob,

this is a plain message.
"""

# Headers and bodies in the charsets people meet.
SAMPLES = [
    ("utf-8", "Grüße, Ελληνικά, 日本語"),
    ("iso-8859-1", "Größe café naïve"),
    ("iso-8859-2", "Zażółć gęślą jaźń ŁÓDŹ"),
    ("koi8-r", "Привет, мир"),
    ("shift_jis", "こんにちは世界"),
    ("gb2312", "你好，世界"),
]
parts = []
for cs, text in SAMPLES:
    parts.append(("--CS\nContent-Type: text/plain; charset=%s\n"
                  "Content-Transfer-Encoding: base64\n\n%s\n" %
                  (cs, b64(text.encode(cs)))).encode())
MESSAGES["charsets.eml"] = (
    "From: %s <sender@example.org>\n"
    "To: %s <ru@example.org>, %s <jp@example.org>\n"
    "Subject: %s %s\n"
    " %s\n"
    "Date: Sat, 21 Nov 2026 10:00:00 +0000\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=CS\n\n" % (
        ew("Zoë Čapek", "iso-8859-2", "Q"), ew("Привет", "koi8-r"),
        ew("世界", "shift_jis"), ew("Größe", "iso-8859-1", "Q"),
        ew("你好", "gb2312"), ew("日本語", "utf-8"))).encode() + \
    b"".join(parts) + b"--CS--\n"

MESSAGES["invalid.eml"] = (
    b"From: x@example.org\nSubject: bad bytes\nMIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=utf-8\n"
    b"Content-Transfer-Encoding: 8bit\n\n"
    b"before \xff\xfe bad \xc3 middle \xe2\x82 end\nafter the bad bytes\n")

MESSAGES["qp.eml"] = (
    b"From: x@example.org\nSubject: soft breaks\nMIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=iso-8859-1\n"
    b"Content-Transfer-Encoding: quoted-printable\n\n"
    b"This line is long and is broken with a soft break right her=\n"
    b"e, and caf=E9 is written with =3D escapes=3d.\n"
    b"Two soft=\n breaks=\n in a row.\n")

MESSAGES["badpad.eml"] = (
    "From: x@example.org\nSubject: bad padding\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=B\n\n"
    "--B\nContent-Type: text/plain\n\nsee attachment\n"
    "--B\nContent-Type: application/octet-stream; name=data.bin\n"
    "Content-Transfer-Encoding: base64\n\n"
    "AAECAwQF\nBgcICQoL*\nDA0ODxAR!\nEhMUFRYX\nGBka\n"
    "--B\nContent-Type: text/plain; name=nopad.txt\n"
    "Content-Disposition: attachment; filename=nopad.txt\n"
    "Content-Transfer-Encoding: base64\n\n"
    "SGVsbG8sIHdvcmxk\nIQ\n"
    "--B--\n").encode()

INNER = (
    "From: Inner Sender <inner@example.org>\n"
    "Subject: the forwarded one\n"
    "Date: Fri, 20 Nov 2026 09:00:00 +0000\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"inner\"\n\n"
    "--inner\nContent-Type: text/plain\n\ninner text\n"
    "--inner\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
    "Content-Disposition: attachment; filename=\"dot.png\"\n\n%s\n"
    "--inner--\n" % b64(bytes(range(256)) * 3))
MESSAGES["nested.eml"] = (
    "From: Outer <outer@example.org>\nTo: you@example.org\n"
    "Subject: nested parts\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
    "This is the preamble; nobody reads it.\n"
    "--outer\n"
    "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
    "--alt\nContent-Type: text/plain; charset=us-ascii\n\nthe plain text\n"
    "--alt\nContent-Type: text/html; charset=us-ascii\n\n"
    "<p>the <b>html</b> text</p>\n"
    "--alt--\n"
    "--outer\nContent-Type: application/pdf; name=\"report.pdf\"\n"
    "Content-Disposition: attachment; filename=\"report.pdf\"\n"
    "Content-Transfer-Encoding: base64\n\n%s\n"
    "--outer\nContent-Type: message/rfc822\n\n%s"
    "--outer--\nepilogue, also unread\n" % (
        b64(b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"%%EOF\n"),
        INNER)).encode()

MESSAGES["crlf.eml"] = MESSAGES["nested.eml"].replace(b"\n", b"\r\n")

MESSAGES["noend.eml"] = (
    b"From: x@example.org\nSubject: no final boundary\nMIME-Version: 1.0\n"
    b"Content-Type: multipart/mixed; boundary=NE\n\n"
    b"--NE\nContent-Type: text/plain\n\nfirst part\n"
    b"--NE\nContent-Type: text/plain\n\nlast part, cut short\n")

MESSAGES["escape.eml"] = (
    b"From: \x1b[31mRed\x1b[0m <evil@example.org>\n"
    b"Subject: =?utf-8?q?=1B]0;pwned=07title?= and \x1b[2J raw\n"
    b"MIME-Version: 1.0\n"
    b"Content-Type: multipart/mixed; boundary=E\n\n"
    b"--E\nContent-Type: text/plain; charset=utf-8\n\n"
    b"body \x1b[5mblink\x1b[0m, C1 \xc2\x9b31m, bell \x07, "
    b"bidi \xe2\x80\xaetxt.exe\n"
    b"--E\nContent-Type: application/octet-stream\n"
    b"Content-Disposition: attachment; filename=\"\x1b[1mbold\x1b[0m.bin\"\n\n"
    b"x\n--E--\n")

MESSAGES["evilname.eml"] = (
    "From: x@example.org\nSubject: traversal\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=T\n\n"
    "--T\nContent-Type: text/plain\n\nsee attached\n"
    "--T\nContent-Type: text/plain; name=\"passwd\"\n"
    "Content-Disposition: attachment; filename=\"../../etc/passwd\"\n\n"
    "root:x:0:0::/root:/bin/sh\n"
    "--T\nContent-Type: application/octet-stream\n"
    "Content-Disposition: attachment; filename=\".profile\"\n\n"
    "echo hidden\n"
    "--T--\n").encode()

MESSAGES["html.eml"] = (
    "From: News <news@example.org>\nSubject: newsletter\nMIME-Version: 1.0\n"
    "Content-Type: text/html; charset=utf-8\n\n"
    "<html><head><title>Ignored title</title>"
    "<style>p { color: red }</style>"
    "<script>alert('no')</script></head><body>"
    "<h1>Big &amp; news</h1><p>First paragraph with a "
    "<a href=\"https://example.org/one\">link</a>.</p>"
    "<ul><li>apples</li><li>pears &euro; 3</li></ul>"
    "<p>Caf&eacute; &#x263A; &lt;tag&gt;</p></body></html>\n").encode()

MESSAGES["flowed.eml"] = (
    b"From: x@example.org\nSubject: flowed\nMIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=utf-8; format=flowed\n\n"
    b"This paragraph was written as several \nshort lines that a flowed \n"
    b"reader joins into one.\n"
    b"\n"
    b"> quoted and \n> flowed too\n")

MESSAGES["unknown-charset.eml"] = (
    b"From: x@example.org\nSubject: strange charset\nMIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=x-no-such-charset\n\n"
    b"still readable text\n")

MESSAGES["rfc2231.eml"] = (
    "From: x@example.org\nSubject: long name\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=P\n\n"
    "--P\nContent-Type: text/plain\n\nfile follows\n"
    "--P\nContent-Type: application/octet-stream\n"
    "Content-Disposition: attachment;\n"
    " filename*0*=UTF-8''%%D0%%BE%%D1%%82%%D1%%87%%D1%%91%%D1%%82;\n"
    " filename*1=\"-2026.txt\"\n"
    "Content-Transfer-Encoding: base64\n\n%s\n"
    "--P--\n" % b64("отчёт\n".encode())).encode()

MESSAGES["box.mbox"] = (
    b"From alice@example.org Sat Nov 21 10:00:00 2026\n"
    b"From: alice@example.org\nSubject: first\n\nfirst body\n"
    b">From the start of a line\n>>From twice quoted\n\n"
    b"From bob@example.org Sat Nov 21 10:01:00 2026\n"
    b"From: bob@example.org\nSubject: second\n\nsecond body\n\n"
    b"From carol@example.org Sat Nov 21 10:02:00 2026\n"
    b"From: carol@example.org\nSubject: third\n\nthird body\n\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in MESSAGES.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
