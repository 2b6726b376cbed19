#!/usr/bin/env python3
"""fakeimap.py PORTFILE LOG --messages DIR [options]: a scripted IMAP server
on 127.0.0.1, plain TCP, for the faults a real server will not produce. It
binds a port (a free one, or --port), writes it to PORTFILE, serves
connections one after another until killed, and appends to LOG each command
line received (literals inline, CRLF taken off) and, on lines starting with
"# ", what it did:

  # connect                 a client connected
  # body UID                a whole message (BODY[], RFC822) was sent
  # seen UID                a fetch set \\Seen (BODY[] without .PEEK)
  # flags UID (FLAGS)       a STORE changed a message's flags
  # expunged UID by CMD     the message's file was removed (CMD: UID EXPUNGE,
                            EXPUNGE or CLOSE)
  # dropped UID             the connection was cut in that message's literal
  # bye, # garbage          the faults below

The mailbox INBOX is the files in DIR, one message each (LF line ends on
disk, sent with CRLF); a sub-directory of DIR is a folder of that name.
A file whose name is a decimal number has that UID; others get UIDs above
those, in sorted order, kept for the life of the server. Flags live in
memory. The greeting is PREAUTH: no login is needed (nor wanted: with
"tls off" no credential may cross); LOGIN and AUTHENTICATE are logged and
answered OK.

Commands: CAPABILITY, NOOP, CHECK, LOGOUT, LOGIN, SELECT, EXAMINE, STATUS,
LIST, LSUB, [UID] FETCH, [UID] SEARCH, [UID] STORE, UID EXPUNGE (with
UIDPLUS), EXPUNGE, CLOSE, UNSELECT; anything else is answered BAD.
Commands may be pipelined; they are answered in order. The replies read
like RFC 3501's examples, on purpose: "* CAPABILITY IMAP4rev1 LITERAL+
UIDPLUS" (the last word of a line right before its CRLF) and "A001 OK
CAPABILITY completed" (the word CAPABILITY in a tagged reply).

  --messages DIR          the mailbox (required)
  --port N                bind this port (retried for 5 s while in use)
  --uidvalidity V         UIDVALIDITY of every folder (default 1)
  --no-uidplus            no UIDPLUS capability; UID EXPUNGE is BAD
  --drop-in-literal N     in the N-th whole-message literal sent (counted
                          over the server's life), send half of it, close
  --long-literal N        the N-th whole-message literal is announced 10
                          bytes shorter than what is sent
  --garbage-fetch         answer every [UID] FETCH with a line that is not
                          IMAP (and no tagged reply)
  --garbage-after-login   answer the first command of a connection that is
                          not CAPABILITY with a line that is not IMAP
  --bye                   after answering SELECT or EXAMINE, send
                          "* BYE going away" and close
  --slow [SECS]           wait SECS (default 0.2) before each message sent
                          with its body
"""
import argparse
import os
import re
import sys
import time

from fakeserver import Conn, Hangup, listen


# --- parsing commands --------------------------------------------------------

class Quoted(str):
    """A quoted string or a literal, as opposed to an atom."""


class Bad(Exception):
    """A command the server cannot parse: answered BAD."""


def tokenize(s):
    """The arguments of a command line as atoms (str), strings (Quoted)
    and parenthesised lists (list). An atom may hold a [...] section with
    spaces and parentheses, and a <partial>."""
    pos = 0
    stack = [[]]
    n = len(s)
    while pos < n:
        c = s[pos]
        if c == " ":
            pos += 1
        elif c == "(":
            stack.append([])
            pos += 1
        elif c == ")":
            if len(stack) < 2:
                raise Bad("unbalanced )")
            done = stack.pop()
            stack[-1].append(done)
            pos += 1
        elif c == '"':
            pos += 1
            out = []
            while True:
                if pos >= n:
                    raise Bad("unterminated string")
                c = s[pos]
                if c == "\\" and pos + 1 < n:
                    out.append(s[pos + 1])
                    pos += 2
                elif c == '"':
                    pos += 1
                    break
                else:
                    out.append(c)
                    pos += 1
            stack[-1].append(Quoted("".join(out)))
        else:
            start = pos
            while pos < n and s[pos] not in ' ()"':
                if s[pos] == "[":
                    end = s.find("]", pos)
                    if end < 0:
                        raise Bad("unterminated [")
                    pos = end + 1
                else:
                    pos += 1
            stack[-1].append(s[start:pos])
    if len(stack) != 1:
        raise Bad("unbalanced (")
    return stack[0]


def read_command(conn, log):
    """One command line, literals read and put inline as quoted strings."""
    parts = []
    while True:
        line = conn.readline()
        text = line.decode("utf-8", "surrogateescape").rstrip("\r\n")
        m = re.search(r"\{(\d+)(\+?)\}$", text)
        if not m:
            parts.append(text)
            break
        parts.append(text[:m.start()])
        if not m.group(2):
            conn.send("+ go ahead\r\n")
        lit = conn.readn(int(m.group(1))).decode("utf-8", "surrogateescape")
        parts.append('"' + lit.replace("\\", "\\\\").replace('"', '\\"') + '"')
    full = "".join(parts)
    log.write(full.encode("utf-8", "surrogateescape") + b"\n")
    log.flush()
    return full


def parse_set(text, top):
    """A sequence set ("1", "2:4", "*", "5:*", "1,3:4") as a list of
    (low, high) ranges; * is top. As RFC 3501 says, n:* holds top even
    when n is greater."""
    if not isinstance(text, str) or isinstance(text, Quoted) or not text:
        raise Bad("bad sequence set")
    out = []
    for part in text.split(","):
        ends = part.split(":")
        if len(ends) > 2:
            raise Bad("bad sequence set")
        nums = []
        for e in ends:
            if e == "*":
                nums.append(top)
            elif e.isdigit() and int(e) > 0:
                nums.append(int(e))
            else:
                raise Bad("bad sequence set")
        lo, hi = min(nums), max(nums)
        out.append((lo, hi))
    return out


def in_set(ranges, n):
    return any(lo <= n <= hi for lo, hi in ranges)


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]


def parse_date(text):
    """An IMAP date (1-Feb-2024 or 01-Feb-2024) as (year, month, day)."""
    m = re.match(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})$", text)
    if not m or m.group(2).capitalize() not in MONTHS:
        raise Bad("bad date %r" % text)
    return (int(m.group(3)), MONTHS.index(m.group(2).capitalize()) + 1,
            int(m.group(1)))


# --- the mailbox ------------------------------------------------------------

class Msg:
    def __init__(self, uid, path):
        self.uid = uid
        self.path = path
        self._data = None

    def data(self):
        """The message with CRLF line ends, as the wire carries it."""
        if self._data is None:
            with open(self.path, "rb") as f:
                raw = f.read()
            raw = raw.replace(b"\r\n", b"\n")
            if raw and not raw.endswith(b"\n"):
                raw += b"\n"
            self._data = raw.replace(b"\n", b"\r\n")
        return self._data

    def date(self):
        """The internal date: the file's mtime, UTC."""
        return time.gmtime(os.stat(self.path).st_mtime)


class Server:
    def __init__(self, a, log):
        self.a = a
        self.log = log
        self.uids = {}		# path -> uid
        self.flags = {}		# path -> set of flags
        self.bodies = 0		# whole-message literals sent so far

    def event(self, text):
        self.log.write(("# " + text + "\n").encode("utf-8", "surrogateescape"))
        self.log.flush()

    def folder_dir(self, name):
        """The directory of a folder, or None when there is none."""
        if name.upper() == "INBOX":
            return self.a.messages
        if name.startswith(".") or "/" in name or not name:
            return None
        d = os.path.join(self.a.messages, name)
        return d if os.path.isdir(d) else None

    def folders(self):
        out = ["INBOX"]
        for n in sorted(os.listdir(self.a.messages)):
            if not n.startswith(".") and os.path.isdir(
                    os.path.join(self.a.messages, n)):
                out.append(n)
        return out

    def scan(self, d):
        """The messages of directory d, by UID."""
        names = sorted(n for n in os.listdir(d)
                       if not n.startswith(".")
                       and os.path.isfile(os.path.join(d, n)))
        used = {self.uids[p] for p in self.uids if os.path.dirname(p) == d}
        for n in names:
            if n.isdigit() and int(n) > 0:
                self.uids.setdefault(os.path.join(d, n), int(n))
                used.add(int(n))
        for n in names:
            p = os.path.join(d, n)
            if p not in self.uids:
                u = max(used, default=0) + 1
                self.uids[p] = u
                used.add(u)
        msgs = [Msg(self.uids[os.path.join(d, n)], os.path.join(d, n))
                for n in names]
        msgs.sort(key=lambda m: m.uid)
        return msgs


class Session:
    def __init__(self, server, conn):
        self.s = server
        self.a = server.a
        self.conn = conn
        self.msgs = None	# the selected folder's messages
        self.folder = None
        self.readonly = True
        self.garbled = False

    def say(self, line):
        self.conn.send(line + "\r\n")

    def caps(self):
        c = "IMAP4rev1 LITERAL+"
        if not self.a.no_uidplus:
            c += " UIDPLUS"
        return c

    def run(self):
        self.say("* PREAUTH fake IMAP ready")
        while True:
            line = read_command(self.conn, self.s.log)
            tag, _, rest = line.partition(" ")
            try:
                if not tag or not rest:
                    raise Bad("no command")
                self.command(tag, rest)
            except Bad as e:
                self.say("%s BAD %s" % (tag or "*", e))
            except Done:
                pass

    def command(self, tag, rest):
        verb, _, args = rest.partition(" ")
        verb = verb.upper()
        if (self.a.garbage_after_login and not self.garbled
                and verb != "CAPABILITY"):
            self.garbled = True
            self.s.event("garbage")
            self.say("Hello there, this line is not IMAP")
            return
        uid = False
        if verb == "UID":
            uid = True
            verb, _, args = args.partition(" ")
            verb = verb.upper()
            if verb not in ("FETCH", "SEARCH", "STORE", "EXPUNGE"):
                raise Bad("UID what?")
        toks = tokenize(args)
        if verb == "CAPABILITY":
            self.say("* CAPABILITY " + self.caps())
        elif verb in ("NOOP", "CHECK"):
            pass
        elif verb == "LOGOUT":
            self.say("* BYE logging out")
            self.say(tag + " OK LOGOUT completed")
            raise Hangup()
        elif verb in ("LOGIN", "AUTHENTICATE"):
            pass
        elif verb in ("SELECT", "EXAMINE"):
            self.select(tag, verb, toks)
            return
        elif verb == "STATUS":
            self.status(toks)
        elif verb in ("LIST", "LSUB"):
            self.list(verb, toks)
        elif verb in ("FETCH", "SEARCH", "STORE", "EXPUNGE", "CLOSE",
                      "UNSELECT"):
            if self.msgs is None:
                raise Bad("no mailbox selected")
            if verb == "FETCH":
                self.fetch(uid, toks)
            elif verb == "SEARCH":
                self.search(uid, toks)
            elif verb == "STORE":
                if self.readonly:
                    self.say(tag + " NO [READ-ONLY] mailbox is read-only")
                    return
                self.store(uid, toks)
            elif verb == "EXPUNGE":
                if uid and self.a.no_uidplus:
                    raise Bad("unknown command")
                if self.readonly:
                    self.say(tag + " NO [READ-ONLY] mailbox is read-only")
                    return
                ranges = None
                if uid:
                    if len(toks) != 1:
                        raise Bad("UID EXPUNGE needs a set")
                    ranges = parse_set(toks[0], self.top_uid())
                self.expunge(ranges, "UID EXPUNGE" if uid else "EXPUNGE",
                             True)
            elif verb == "CLOSE":
                if not self.readonly:
                    self.expunge(None, "CLOSE", False)
                self.msgs = None
            else:
                self.msgs = None
        else:
            raise Bad("unknown command")
        self.say(tag + " OK %s%s completed" % ("UID " if uid else "", verb))

    # --- folders ---

    def select(self, tag, verb, toks):
        if len(toks) != 1 or isinstance(toks[0], list):
            raise Bad("%s needs a folder" % verb)
        d = self.s.folder_dir(toks[0])
        if d is None:
            self.msgs = None
            self.say(tag + " NO [NONEXISTENT] no such folder")
            return
        self.folder = d
        self.msgs = self.s.scan(d)
        self.readonly = verb == "EXAMINE"
        self.say(r"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)")
        if not self.readonly:
            self.say(r"* OK [PERMANENTFLAGS (\Answered \Flagged \Deleted "
                     r"\Seen \Draft)] flags")
        self.say("* %d EXISTS" % len(self.msgs))
        self.say("* 0 RECENT")
        self.say("* OK [UIDVALIDITY %d] UIDs valid" % self.a.uidvalidity)
        self.say("* OK [UIDNEXT %d] next UID" % (self.top_uid() + 1))
        self.say("%s OK [%s] %s completed" % (
            tag, "READ-ONLY" if self.readonly else "READ-WRITE", verb))
        if self.a.bye:
            self.s.event("bye")
            self.say("* BYE going away")
            raise Hangup()

    def status(self, toks):
        if len(toks) != 2 or not isinstance(toks[1], list):
            raise Bad("STATUS folder (items)")
        d = self.s.folder_dir(toks[0])
        if d is None:
            raise Bad("no such folder")
        msgs = self.s.scan(d)
        top = max((m.uid for m in msgs), default=0)
        vals = {"MESSAGES": len(msgs), "RECENT": 0, "UIDNEXT": top + 1,
                "UIDVALIDITY": self.a.uidvalidity,
                "UNSEEN": sum(1 for m in msgs
                              if "\\Seen" not in self.s.flags.get(m.path, ()))}
        out = []
        for it in toks[1]:
            if not isinstance(it, str) or it.upper() not in vals:
                raise Bad("bad STATUS item")
            out.append("%s %d" % (it.upper(), vals[it.upper()]))
        self.say('* STATUS %s (%s)' % (quote(toks[0]), " ".join(out)))

    def list(self, verb, toks):
        if len(toks) != 2:
            raise Bad("%s reference pattern" % verb)
        pat = str(toks[0]) + str(toks[1])
        if pat == "":
            self.say('* %s (\\Noselect) "/" ""' % verb)
            return
        rx = "".join(".*" if c == "*" else "[^/]*" if c == "%"
                     else re.escape(c) for c in pat)
        for f in self.s.folders():
            if re.fullmatch(rx, f, re.I if f == "INBOX" else 0):
                self.say('* %s (\\HasNoChildren) "/" %s' % (verb, quote(f)))

    # --- messages ---

    def top_uid(self):
        return self.msgs[-1].uid if self.msgs else 0

    def chosen(self, uid, ranges):
        """(seq, msg) for the messages in the set, in order."""
        out = []
        for i, m in enumerate(self.msgs):
            if in_set(ranges, m.uid if uid else i + 1):
                out.append((i + 1, m))
        return out

    def fetch(self, uid, toks):
        if self.a.garbage_fetch:
            self.s.event("garbage")
            self.say("Hello there, this line is not IMAP")
            raise Done()
        if len(toks) != 2:
            raise Bad("FETCH set items")
        top = self.top_uid() if uid else len(self.msgs)
        ranges = parse_set(toks[0], top)
        items = toks[1] if isinstance(toks[1], list) else [toks[1]]
        macros = {"FAST": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
                  "ALL": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
                  "FULL": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"]}
        if len(items) == 1 and isinstance(items[0], str) \
                and items[0].upper() in macros:
            items = macros[items[0].upper()]
        for it in items:
            check_item(it)
        if uid and not any(it.upper() == "UID" for it in items):
            items = ["UID"] + items
        for seq, m in self.chosen(uid, ranges):
            self.fetch_one(seq, m, items)

    def fetch_one(self, seq, m, items):
        out = [b"* %d FETCH (" % seq]
        first = True
        whole = any(is_whole(it) for it in items)
        if whole and self.a.slow:
            time.sleep(self.a.slow)
        for it in items:
            if not first:
                out.append(b" ")
            first = False
            up = it.upper()
            flags = self.s.flags.setdefault(m.path, set())
            if up == "UID":
                out.append(b"UID %d" % m.uid)
            elif up == "RFC822.SIZE":
                out.append(b"RFC822.SIZE %d" % len(m.data()))
            elif up == "FLAGS":
                out.append(("FLAGS (%s)" % " ".join(sorted(flags))).encode())
            elif up == "INTERNALDATE":
                out.append(time.strftime(
                    'INTERNALDATE "%d-%b-%Y %H:%M:%S +0000"',
                    m.date()).encode())
            else:
                name, data, seen = section(it, m.data())
                if seen and "\\Seen" not in flags:
                    flags.add("\\Seen")
                    self.s.event("seen %d" % m.uid)
                out.append(name.encode("utf-8", "surrogateescape"))
                if is_whole(it):
                    self.s.bodies += 1
                    if self.s.bodies == self.a.drop_in_literal:
                        out.append(b" {%d}\r\n" % len(data))
                        out.append(data[:len(data) // 2])
                        self.conn.send(b"".join(out))
                        self.s.event("dropped %d" % m.uid)
                        raise Hangup()
                    self.s.event("body %d" % m.uid)
                    if self.s.bodies == self.a.long_literal:
                        out.append(b" {%d}\r\n" % max(len(data) - 10, 0))
                        out.append(data)
                        continue
                out.append(b" {%d}\r\n" % len(data))
                out.append(data)
        out.append(b")\r\n")
        self.conn.send(b"".join(out))

    def search(self, uid, toks):
        keys = list(toks)
        if keys and isinstance(keys[0], str) and keys[0].upper() == "CHARSET":
            keys = keys[2:]
        found = []
        for i, m in enumerate(self.msgs):
            if self.matches(keys, i + 1, m):
                found.append(m.uid if uid else i + 1)
        self.say("* SEARCH" + "".join(" %d" % n for n in found))

    def matches(self, keys, seq, m):
        """Whether the message matches all of keys (consumed in order)."""
        keys = list(keys)
        while keys:
            if not self.match_one(keys, seq, m):
                return False
        return True

    def match_one(self, keys, seq, m):
        k = keys.pop(0)
        if isinstance(k, list):
            return self.matches(k, seq, m)
        up = k.upper()
        flags = self.s.flags.get(m.path, set())
        if up == "ALL":
            return True
        if up in ("SINCE", "BEFORE", "ON", "SENTSINCE", "SENTBEFORE",
                  "SENTON"):
            if not keys:
                raise Bad("%s needs a date" % up)
            want = parse_date(keys.pop(0))
            have = m.date()[:3]
            if up.endswith("SINCE"):
                return have >= want
            if up.endswith("BEFORE"):
                return have < want
            return have == want
        if up == "UID":
            if not keys:
                raise Bad("UID needs a set")
            return in_set(parse_set(keys.pop(0), self.top_uid()), m.uid)
        if up == "NOT":
            if not keys:
                raise Bad("NOT what?")
            return not self.match_one(keys, seq, m)
        if up == "OR":
            a = self.match_one(keys, seq, m)
            b = self.match_one(keys, seq, m)
            return a or b
        named = {"DELETED": "\\Deleted", "SEEN": "\\Seen",
                 "FLAGGED": "\\Flagged", "ANSWERED": "\\Answered"}
        if up in named:
            return named[up] in flags
        if up.startswith("UN") and up[2:] in named:
            return named[up[2:]] not in flags
        if up[:1].isdigit() or up[:1] == "*":
            return in_set(parse_set(k, len(self.msgs)), seq)
        raise Bad("unknown search key %s" % k)

    def store(self, uid, toks):
        if len(toks) != 3:
            raise Bad("STORE set item flags")
        top = self.top_uid() if uid else len(self.msgs)
        ranges = parse_set(toks[0], top)
        item = toks[1].upper() if isinstance(toks[1], str) else ""
        m = re.fullmatch(r"([+-]?)FLAGS(\.SILENT)?", item)
        if not m:
            raise Bad("bad STORE item")
        given = toks[2] if isinstance(toks[2], list) else [toks[2]]
        if not all(isinstance(f, str) and not isinstance(f, Quoted)
                   for f in given):
            raise Bad("bad flag")
        # system flags are case-insensitive: keep one spelling
        given = {("\\" + f[1:].capitalize()) if f.startswith("\\") else f
                 for f in given}
        for seq, msg in self.chosen(uid, ranges):
            flags = self.s.flags.setdefault(msg.path, set())
            if m.group(1) == "+":
                flags |= given
            elif m.group(1) == "-":
                flags -= given
            else:
                flags.clear()
                flags |= given
            self.s.event("flags %d (%s)" % (msg.uid, " ".join(sorted(flags))))
            if not m.group(2):
                self.say("* %d FETCH (%sFLAGS (%s))" % (
                    seq, "UID %d " % msg.uid if uid else "",
                    " ".join(sorted(flags))))

    def expunge(self, ranges, how, tell):
        """Remove the \\Deleted messages (those in ranges when given)."""
        for i in range(len(self.msgs) - 1, -1, -1):
            m = self.msgs[i]
            if "\\Deleted" not in self.s.flags.get(m.path, ()):
                continue
            if ranges is not None and not in_set(ranges, m.uid):
                continue
            try:
                os.remove(m.path)
            except OSError:
                pass
            self.s.flags.pop(m.path, None)
            del self.msgs[i]
            self.s.event("expunged %d by %s" % (m.uid, how))
            if tell:
                self.say("* %d EXPUNGE" % (i + 1))


class Done(Exception):
    """The command was answered (with garbage): no tagged reply."""


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


SECTION = re.compile(r"^(BODY(?:\.PEEK)?)\[([^\]]*)\](?:<(\d+)\.(\d+)>)?$",
                     re.I)


def check_item(it):
    if not isinstance(it, str) or isinstance(it, Quoted):
        raise Bad("bad fetch item")
    up = it.upper()
    if up in ("UID", "RFC822.SIZE", "FLAGS", "INTERNALDATE", "RFC822",
              "RFC822.HEADER", "RFC822.TEXT"):
        return
    m = SECTION.match(it)
    if not m:
        raise Bad("unknown fetch item %s" % it)
    sec = m.group(2).upper()
    if sec in ("", "HEADER", "TEXT"):
        return
    if re.fullmatch(r"HEADER\.FIELDS(\.NOT)? \([^()]*\)", sec):
        return
    raise Bad("unknown section %s" % m.group(2))


def is_whole(it):
    """Whether the item is the whole message (what the faults count)."""
    if it.upper() == "RFC822":
        return True
    m = SECTION.match(it)
    return m is not None and m.group(2) == "" and m.group(3) is None


def header_of(data):
    i = data.find(b"\r\n\r\n")
    return data if i < 0 else data[:i + 4]


def fields(data, names, keep):
    """The header lines (with their continuations) whose field name is in
    names (keep) or is not (not keep), then the blank line."""
    out = []
    take = False
    for line in header_of(data).split(b"\r\n"):
        if line == b"":
            break
        if line[:1] in (b" ", b"\t"):
            if take:
                out.append(line + b"\r\n")
            continue
        name = line.split(b":", 1)[0].strip().upper().decode("latin-1")
        take = (name in names) == keep
        if take:
            out.append(line + b"\r\n")
    return b"".join(out) + b"\r\n"


def section(it, data):
    """(the item's name in the reply, its bytes, whether it sets \\Seen)."""
    up = it.upper()
    if up == "RFC822":
        return "RFC822", data, True
    if up == "RFC822.HEADER":
        return "RFC822.HEADER", header_of(data), False
    if up == "RFC822.TEXT":
        return "RFC822.TEXT", data[len(header_of(data)):], True
    m = SECTION.match(it)
    sec = m.group(2)
    seen = m.group(1).upper() == "BODY"
    su = sec.upper()
    if su == "":
        part = data
    elif su == "HEADER":
        part = header_of(data)
    elif su == "TEXT":
        part = data[len(header_of(data)):]
    else:
        names = {n.upper() for n in tokenize(sec[sec.index("("):])[0]}
        part = fields(data, names, ".NOT" not in su)
    name = "BODY[%s]" % sec
    if m.group(3) is not None:
        off, cnt = int(m.group(3)), int(m.group(4))
        part = part[off:off + cnt]
        name += "<%d>" % off
    return name, part, seen


def serve(server, sock):
    conn = Conn(sock)
    sess = Session(server, conn)
    try:
        sess.run()
    except Hangup:
        conn.hangup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("portfile")
    ap.add_argument("log")
    ap.add_argument("--messages", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--uidvalidity", type=int, default=1)
    ap.add_argument("--no-uidplus", action="store_true")
    ap.add_argument("--drop-in-literal", type=int, default=0)
    ap.add_argument("--long-literal", type=int, default=0)
    ap.add_argument("--garbage-fetch", action="store_true")
    ap.add_argument("--garbage-after-login", action="store_true")
    ap.add_argument("--bye", action="store_true")
    ap.add_argument("--slow", type=float, nargs="?", const=0.2, default=0)
    a = ap.parse_args()
    s = listen(a.port, a.portfile)
    with open(a.log, "ab") as log:
        server = Server(a, log)
        while True:
            conn, _ = s.accept()
            conn.settimeout(60)
            server.event("connect")
            try:
                serve(server, conn)
            except OSError:
                pass
            finally:
                conn.close()


if __name__ == "__main__":
    sys.exit(main())
