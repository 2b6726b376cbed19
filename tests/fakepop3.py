#!/usr/bin/env python3
"""fakepop3.py PORTFILE LOG --messages DIR [options]: a scripted POP3
server on 127.0.0.1, plain TCP, for the faults a real server will not
produce. It binds a port (a free one, or --port), writes it to PORTFILE,
serves connections one after another until killed, and appends to LOG each
command line received (CRLF taken off; PASS as "PASS <redacted>") and, on
lines starting with "# ", what it did:

  # connect                 a client connected
  # retr N UIDL             message N was sent whole
  # dropped N UIDL          the connection was cut in message N
  # deleted UIDL            QUIT removed the message's file
  # pipelined CMD           the next command was there before CMD was
                            answered (with --no-pipelining the server
                            waits 50 ms for it before each reply)
  # quit-failed, # garbage, # no-dot   the faults below

The maildrop is the files in DIR, one message each (LF line ends on disk,
sent with CRLF and dot-stuffed), numbered in the order of their names
(numerically when the names are numbers); a message's UIDL is its file
name. No login is needed (none is wanted: with "tls off" no credential may
cross); USER and PASS are logged and accepted. DELE marks, RSET unmarks,
QUIT commits (RFC 1939: a connection lost before QUIT deletes nothing).

Commands: CAPA, USER, PASS, STAT, LIST [n], UIDL [n], RETR n, TOP n k,
DELE n, RSET, NOOP, QUIT; anything else is answered -ERR. Commands may be
pipelined (CAPA offers PIPELINING); they are answered in order.

  --messages DIR          the maildrop (required)
  --port N                bind this port (retried for 5 s while in use)
  --drop-in-retr N        in the N-th RETR (counted over the server's life),
                          send half the message, close
  --garbage-retr [N]      answer the N-th RETR (default: every one) with a
                          line that is not POP3
  --no-dot                send the first RETR's message without the final
                          "." line, then close
  --quit-fails            answer QUIT with -ERR, delete nothing, close
  --no-pipelining         CAPA without PIPELINING; log pipelined commands
  --slow [SECS]           wait SECS (default 0.2) before each RETR's reply
"""
import argparse
import os
import sys
import time

from fakeserver import Conn, Hangup, listen


def load(d):
    """The maildrop: [(uidl, path, wire bytes)] in name order."""
    names = [n for n in os.listdir(d)
             if not n.startswith(".") and os.path.isfile(os.path.join(d, n))]
    names.sort(key=lambda n: (0, int(n), "") if n.isdigit() else (1, 0, n))
    out = []
    for n in names:
        p = os.path.join(d, n)
        with open(p, "rb") as f:
            raw = f.read().replace(b"\r\n", b"\n")
        if raw and not raw.endswith(b"\n"):
            raw += b"\n"
        out.append((n, p, raw.replace(b"\n", b"\r\n")))
    return out


def stuff(data):
    """Dot-stuffed: a line starting with "." gets another."""
    lines = data.split(b"\r\n")
    return b"\r\n".join(b"." + l if l.startswith(b".") else l for l in lines)


class Session:
    def __init__(self, server, conn):
        self.s = server
        self.a = server.a
        self.conn = conn
        self.msgs = load(self.a.messages)
        self.dele = set()

    def say(self, line):
        self.conn.send(line + "\r\n")

    def multi(self, first, lines):
        self.conn.send(first + "\r\n" + "".join(l + "\r\n" for l in lines)
                       + ".\r\n")

    def msg(self, arg):
        """The message numbered arg (1-based index), or None after -ERR."""
        if not arg.isdigit() or not 1 <= int(arg) <= len(self.msgs):
            self.say("-ERR no such message")
            return None
        n = int(arg)
        if n in self.dele:
            self.say("-ERR message %d already deleted" % n)
            return None
        return n

    def live(self):
        return [(i + 1, m) for i, m in enumerate(self.msgs)
                if i + 1 not in self.dele]

    def run(self):
        self.say("+OK fake POP3 ready")
        while True:
            line = self.conn.readline()
            text = line.decode("utf-8", "surrogateescape").rstrip("\r\n")
            verb, _, arg = text.partition(" ")
            verb = verb.upper()
            self.s.log_line("PASS <redacted>" if verb == "PASS" else text)
            # a client that waits for each reply has sent nothing more
            # yet; give it a moment when PIPELINING was not offered
            if self.conn.more_waiting(0.05 if self.a.no_pipelining else 0):
                self.s.event("pipelined " + verb)
            self.command(verb, arg.strip())

    def command(self, verb, arg):
        if verb == "CAPA":
            caps = ["UIDL", "TOP", "USER"]
            if not self.a.no_pipelining:
                caps.insert(0, "PIPELINING")
            self.multi("+OK capabilities", caps)
        elif verb in ("USER", "PASS", "NOOP"):
            self.say("+OK")
        elif verb == "STAT":
            live = self.live()
            size = sum(len(m[2]) for _, m in live)
            self.say("+OK %d %d" % (len(live), size))
        elif verb in ("LIST", "UIDL"):
            def show(n, m):
                return "%d %s" % (n, len(m[2]) if verb == "LIST" else m[0])
            if arg:
                n = self.msg(arg)
                if n is not None:
                    self.say("+OK " + show(n, self.msgs[n - 1]))
            else:
                self.multi("+OK", [show(n, m) for n, m in self.live()])
        elif verb == "RETR":
            n = self.msg(arg)
            if n is not None:
                self.retr(n)
        elif verb == "TOP":
            parts = arg.split()
            if len(parts) != 2 or not parts[1].isdigit():
                self.say("-ERR TOP n lines")
                return
            n = self.msg(parts[0])
            if n is None:
                return
            data = self.msgs[n - 1][2]
            i = data.find(b"\r\n\r\n")
            head, body = (data, b"") if i < 0 else (data[:i + 4], data[i + 4:])
            lines = body[:-2].split(b"\r\n") if body else []
            keep = b"".join(l + b"\r\n" for l in lines[:int(parts[1])])
            self.conn.send(b"+OK\r\n" + stuff(head + keep) + b".\r\n")
        elif verb == "DELE":
            n = self.msg(arg)
            if n is not None:
                self.dele.add(n)
                self.say("+OK message %d deleted" % n)
        elif verb == "RSET":
            self.dele.clear()
            self.say("+OK")
        elif verb == "QUIT":
            self.quit()
        else:
            self.say("-ERR unknown command")

    def retr(self, n):
        uidl, _, data = self.msgs[n - 1]
        self.s.retrs += 1
        if self.a.slow:
            time.sleep(self.a.slow)
        if self.a.garbage_retr is not None and \
                self.a.garbage_retr in (0, self.s.retrs):
            self.s.event("garbage")
            self.say("Hello there, this line is not POP3")
            return
        wire = b"+OK %d octets\r\n" % len(data) + stuff(data)
        if self.s.retrs == self.a.drop_in_retr:
            self.conn.send(wire[:len(wire) // 2])
            self.s.event("dropped %d %s" % (n, uidl))
            raise Hangup()
        if self.a.no_dot:
            self.conn.send(wire)
            self.s.event("no-dot")
            raise Hangup()
        self.conn.send(wire + b".\r\n")
        self.s.event("retr %d %s" % (n, uidl))

    def quit(self):
        if self.a.quit_fails:
            self.s.event("quit-failed")
            self.say("-ERR cannot remove the messages now")
            raise Hangup()
        for n in sorted(self.dele):
            uidl, path, _ = self.msgs[n - 1]
            try:
                os.remove(path)
            except OSError:
                pass
            self.s.event("deleted %s" % uidl)
        self.say("+OK bye")
        raise Hangup()


class Server:
    def __init__(self, a, log):
        self.a = a
        self.log = log
        self.retrs = 0

    def log_line(self, text):
        self.log.write(text.encode("utf-8", "surrogateescape") + b"\n")
        self.log.flush()

    def event(self, text):
        self.log_line("# " + text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("portfile")
    ap.add_argument("log")
    ap.add_argument("--messages", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--drop-in-retr", type=int, default=0)
    ap.add_argument("--garbage-retr", type=int, nargs="?", const=0)
    ap.add_argument("--no-dot", action="store_true")
    ap.add_argument("--quit-fails", action="store_true")
    ap.add_argument("--no-pipelining", action="store_true")
    ap.add_argument("--slow", type=float, nargs="?", const=0.2, default=0)
    a = ap.parse_args()
    s = listen(a.port, a.portfile)
    with open(a.log, "ab") as log:
        server = Server(a, log)
        while True:
            sock, _ = s.accept()
            sock.settimeout(60)
            server.event("connect")
            conn = Conn(sock)
            try:
                Session(server, conn).run()
            except Hangup:
                conn.hangup()
            except OSError:
                pass
            finally:
                sock.close()


if __name__ == "__main__":
    sys.exit(main())
