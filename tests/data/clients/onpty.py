#!/usr/bin/env python3
"""onpty.py SECONDS SCREEN COMMAND [ARG...]: runs COMMAND on a fresh
pseudo-terminal of 24 lines by 80 columns (TERM=xterm), as a full-screen
program such as neomutt needs, with nothing typed: the command must drive
itself (neomutt -e 'push ...') and exit. What it draws goes to the file
SCREEN. Exits with the command's status, or 124 when it is still running
after SECONDS (then it and its process group are killed)."""
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    limit, screen_file, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm", LINES="24", COLUMNS="80")
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, env=env)
    os.close(slave)
    deadline = time.monotonic() + limit
    screen = bytearray()
    status = None
    while status is None:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            status = 124
            print("onpty.py: %s still running after %g s: killed"
                  % (cmd[0], limit), file=sys.stderr)
            break
        ready, _, _ = select.select([master], [], [], min(left, 0.2))
        data = b""
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's last user has gone
                data = b""
            screen += data
        if not data and proc.poll() is not None:
            status = proc.returncode
        elif ready and not data:
            time.sleep(0.05)
    os.close(master)
    with open(screen_file, "wb") as f:
        f.write(screen)
    sys.exit(status if status >= 0 else 128 - status)


if __name__ == "__main__":
    main()
