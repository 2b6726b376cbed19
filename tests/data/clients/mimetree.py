#!/usr/bin/env python3
"""mimetree.py: the MIME structure of one message, as Dovecot sees it over
IMAP and as Python's email package sees the file, in one form, so that a
test can compare the two line by line (tests/clients.t).

  python3 mimetree.py imap PORT USER PASSWORD MESSAGE-ID OUTDIR
      logs in on 127.0.0.1:PORT, finds the message in INBOX by its
      Message-ID, prints its BODYSTRUCTURE and writes the body of each leaf
      part, fetched with BODY.PEEK[section] and decoded by the encoding the
      server reports, to OUTDIR/section.
  python3 mimetree.py file MESSAGE OUTDIR
      the same from the file, parsed by Python's email package; each leaf's
      get_payload(decode=True) goes to OUTDIR/section.

One line per part, in IMAP section order ("0" is the top multipart):
  SECTION type/subtype params={...} id=... desc=... enc=... size=N
      lines=N disp=... dparams={...}
(multiparts: SECTION multipart/subtype params={...} disp=... dparams=...).
Parameter names are lower-cased, RFC 2231 values decoded (Dovecot joins
continuations and gives "name*" "UTF-8''..."), sizes are octets of the
encoded body with CRLF line ends, as IMAP counts them, lines are given for
text/* only. Decoded text parts are written with LF line ends.
"""
import base64
import email
import email.utils
import imaplib
import os
import quopri
import re
import sys
import urllib.parse


def fmt_params(pairs):
    out = {}
    for k, v in pairs:
        out[k.lower().rstrip("*")] = v
    return "{" + ", ".join("%s=%r" % kv for kv in sorted(out.items())) + "}"


def line_leaf(sec, typ, params, cid, desc, enc, size, lines, disp, dparams):
    return ("%s %s params=%s id=%s desc=%s enc=%s size=%d lines=%s disp=%s "
            "dparams=%s" % (sec, typ, fmt_params(params), cid, desc, enc,
                            size, "-" if lines is None else lines,
                            disp, fmt_params(dparams)))


def line_multi(sec, typ, params, disp, dparams):
    return "%s %s params=%s disp=%s dparams=%s" % (
        sec, typ, fmt_params(params), disp, fmt_params(dparams))


# --- IMAP ------------------------------------------------------------------

def tokens(s):
    """Parses an IMAP parenthesised list from bytes s: lists, strings
    (quoted or literal, as str), NIL as None, other atoms as str."""
    pos = 0

    def value():
        nonlocal pos
        while s[pos:pos + 1] == b" ":
            pos += 1
        c = s[pos:pos + 1]
        if c == b"(":
            pos += 1
            items = []
            while True:
                while s[pos:pos + 1] == b" ":
                    pos += 1
                if s[pos:pos + 1] == b")":
                    pos += 1
                    return items
                items.append(value())
        if c == b'"':
            pos += 1
            out = bytearray()
            while s[pos:pos + 1] != b'"':
                if s[pos:pos + 1] == b"\\":
                    pos += 1
                out += s[pos:pos + 1]
                pos += 1
            pos += 1
            return out.decode("utf-8", "surrogateescape")
        if c == b"{":
            end = s.index(b"}", pos)
            n = int(s[pos + 1:end])
            pos = end + 3  # "}\r\n"
            lit = s[pos:pos + n]
            pos += n
            return lit.decode("utf-8", "surrogateescape")
        m = re.compile(rb"[^ ()]+").match(s, pos)
        pos = m.end()
        atom = m.group().decode()
        return None if atom.upper() == "NIL" else atom

    return value()


def rfc2231(k, v):
    if v is not None and k.endswith("*"):
        charset, _, rest = v.split("'", 2)
        return urllib.parse.unquote_to_bytes(rest).decode(charset or "ascii")
    return v


def pairs(lst):
    if not lst:
        return []
    return [(lst[i], rfc2231(lst[i], lst[i + 1]))
            for i in range(0, len(lst), 2)]


def disposition(ext):
    if not ext:
        return "-", []
    return ext[0].lower(), pairs(ext[1])


def imap_walk(body, sec, out, leaves):
    if isinstance(body[0], list):
        i = 0
        while isinstance(body[i], list):
            i += 1
        sub = body[i].lower()
        ext = body[i + 1:]
        disp, dparams = disposition(ext[1] if len(ext) > 1 else None)
        out.append(line_multi(sec or "0", "multipart/" + sub,
                              pairs(ext[0] if ext else None), disp, dparams))
        for n, child in enumerate(body[:i], 1):
            imap_walk(child, (sec + "." if sec else "") + str(n), out, leaves)
        return
    sec = sec or "1"
    typ = (body[0] + "/" + body[1]).lower()
    if typ.startswith("message/"):
        out.append("%s %s (not compared)" % (sec, typ))
        return
    lines = None
    rest = body[7:]
    if typ.startswith("text/"):
        lines, rest = int(body[7]), body[8:]
    # rest: md5, disposition, language, location
    disp, dparams = disposition(rest[1] if len(rest) > 1 else None)
    out.append(line_leaf(sec, typ, pairs(body[2]), body[3], body[4],
                         body[5].lower(), int(body[6]), lines, disp, dparams))
    leaves.append((sec, typ, body[5].lower()))


def joined(data):
    s = b""
    for item in data:
        if isinstance(item, tuple):
            s += item[0] + b"\r\n" + item[1]
        else:
            s += item
    return s


def from_imap(port, user, password, msgid, outdir):
    c = imaplib.IMAP4("127.0.0.1", int(port))
    c.login(user, password)
    c.select("INBOX", readonly=True)
    typ, data = c.uid("SEARCH", None, "HEADER", "Message-ID", msgid)
    uids = data[0].split()
    if len(uids) != 1:
        sys.exit("mimetree.py: %d messages with Message-ID %s" %
                 (len(uids), msgid))
    uid = uids[0].decode()
    typ, data = c.uid("FETCH", uid, "(BODYSTRUCTURE)")
    s = joined(data)
    at = s.index(b"BODYSTRUCTURE ") + len(b"BODYSTRUCTURE ")
    out, leaves = [], []
    imap_walk(tokens(s[at:]), "", out, leaves)
    for sec, typ, enc in leaves:
        t, data = c.uid("FETCH", uid, "(BODY.PEEK[%s])" % sec)
        raw = [x for x in data if isinstance(x, tuple)][0][1]
        if enc == "base64":
            dec = base64.b64decode(raw)
        elif enc == "quoted-printable":
            dec = quopri.decodestring(raw)
        else:
            dec = raw
        if typ.startswith("text/"):
            dec = dec.replace(b"\r\n", b"\n")
        with open(os.path.join(outdir, sec), "wb") as f:
            f.write(dec)
    c.logout()
    return out


# --- Python's email package ------------------------------------------------

def py_params(part, header):
    ps = part.get_params(header=header) or []
    return [(k, email.utils.collapse_rfc2231_value(v)) for k, v in ps[1:]]


def py_disp(part):
    d = part.get("Content-Disposition")
    if d is None:
        return "-", []
    return d.split(";")[0].strip().lower(), py_params(part,
                                                        "content-disposition")


def py_walk(part, sec, out, outdir):
    typ = part.get_content_type()
    disp, dparams = py_disp(part)
    if part.is_multipart() and not typ.startswith("message/"):
        out.append(line_multi(sec or "0", typ, py_params(part, "content-type"),
                              disp, dparams))
        for n, child in enumerate(part.get_payload(), 1):
            py_walk(child, (sec + "." if sec else "") + str(n), out, outdir)
        return
    sec = sec or "1"
    if typ.startswith("message/"):
        out.append("%s %s (not compared)" % (sec, typ))
        return
    raw = part.get_payload().encode("ascii", "surrogateescape")
    raw = raw.replace(b"\r\n", b"\n")
    lines = None
    if typ.startswith("text/"):
        lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") or not raw else 1)
    enc = part.get("Content-Transfer-Encoding", "7bit").strip().lower()
    out.append(line_leaf(sec, typ, py_params(part, "content-type"),
                         part.get("Content-ID"), part.get("Content-Description"),
                         enc, len(raw.replace(b"\n", b"\r\n")), lines,
                         disp, dparams))
    with open(os.path.join(outdir, sec), "wb") as f:
        f.write(part.get_payload(decode=True))


def from_file(path, outdir):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f)
    out = []
    py_walk(msg, "", out, outdir)
    return out


def main():
    if sys.argv[1:2] == ["imap"] and len(sys.argv) == 7:
        out = from_imap(*sys.argv[2:])
    elif sys.argv[1:2] == ["file"] and len(sys.argv) == 4:
        out = from_file(*sys.argv[2:])
    else:
        sys.exit(__doc__)
    for line in out:
        print(line)


if __name__ == "__main__":
    main()
