"""What the scripted servers (fakesmtp.py, fakeimap.py, fakepop3.py) share:
a listening socket on loopback whose port is published in a file, and a
connection with a read buffer."""
import os
import select
import socket
import time


class Hangup(Exception):
    """End the connection now."""


class Conn:
    """A socket with a read buffer: lines, counted bytes, orderly close."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise Hangup()
        self.buf += data

    def readline(self):
        while b"\n" not in self.buf:
            if len(self.buf) > 1 << 20:
                raise Hangup()
            self.fill()
        i = self.buf.index(b"\n") + 1
        line, self.buf = self.buf[:i], self.buf[i:]
        return line

    def readn(self, n):
        while len(self.buf) < n:
            self.fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def more_waiting(self, wait):
        """Whether the client sent more before being answered."""
        if self.buf:
            return True
        r, _, _ = select.select([self.sock], [], [], wait)
        return bool(r)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        self.sock.sendall(data)

    def hangup(self):
        """Close so that what was sent reaches the client: shut our side,
        read until the client closes (a close with unread input would send
        a reset, which may discard data still in flight)."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
            end = time.time() + 3
            while time.time() < end:
                r, _, _ = select.select([self.sock], [], [], 0.2)
                if r and not self.sock.recv(65536):
                    break
        except OSError:
            pass


def listen(port, portfile):
    """A listening socket on 127.0.0.1:port (0: any free port; a port
    still held by a server just stopped is tried again for 5 s), its port
    written to portfile (whole or not at all)."""
    end = time.time() + 5
    while True:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen(8)
            break
        except OSError:
            s.close()
            if time.time() > end:
                raise
            time.sleep(0.1)
    with open(portfile + ".tmp", "w") as pf:
        pf.write("%d\n" % s.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)
    return s
