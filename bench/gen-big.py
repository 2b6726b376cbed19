#!/usr/bin/env python3
"""Write one large message, for bench/run's memory measure.

usage: gen-big.py [-m MIB] [-s SEED] FILE

A multipart/mixed message of MIB MiB (100 by default): a short text/plain
note and one base64 attachment filling the rest.  The same seed always
gives the same bytes.
"""

import argparse
import base64
import random

HEAD = """\
Received: from mx1.example.net (mx1.example.net [192.0.2.25])
\tby mail.example.org (Postfix) with ESMTPS id 4B2C1D3E5F
\tfor <me@example.org>; Mon, 15 Jan 2024 09:30:12 +0000
Date: Mon, 15 Jan 2024 09:30:00 +0000
From: Alice Johnson <alice@example.com>
To: Bob Smith <bob@example.org>
Subject: The disk image you asked for
Message-ID: <big.1705311000@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=-=big-boundary-4711=-="

This is a multi-part message in MIME format.

--=-=big-boundary-4711=-=
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hi Bob,

here is the disk image from last week's backup, as promised.  It is
large; better save it than view it.

Cheers,
Alice

--=-=big-boundary-4711=-=
Content-Type: application/octet-stream; name="backup-2024-01-08.img"
Content-Disposition: attachment; filename="backup-2024-01-08.img"
Content-Transfer-Encoding: base64

"""
TAIL = "--=-=big-boundary-4711=-=--\n"

LINE_RAW = 57           # bytes per 76-character base64 line
LINE_ENC = 77           # the line with its newline


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-m", "--mib", type=float, default=100.0,
                    help="message size in MiB (100)")
    ap.add_argument("-s", "--seed", type=int, default=1, help="seed (1)")
    ap.add_argument("file")
    a = ap.parse_args()

    r = random.Random(a.seed)
    target = int(a.mib * 1048576)
    room = target - len(HEAD) - len(TAIL)
    lines, rest = divmod(room, LINE_ENC)
    # The last line is shorter: whole 4-character groups, with padding.
    last_raw = max(0, (rest - 1) // 4 * 3)
    chunk_lines = 4096
    with open(a.file, "wb") as f:
        f.write(HEAD.encode("ascii"))
        while lines > 0:
            n = min(lines, chunk_lines)
            f.write(base64.encodebytes(r.randbytes(n * LINE_RAW)))
            lines -= n
        if last_raw > 0:
            f.write(base64.encodebytes(r.randbytes(last_raw)))
        f.write(TAIL.encode("ascii"))


if __name__ == "__main__":
    main()
