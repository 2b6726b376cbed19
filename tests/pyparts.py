#!/usr/bin/env python3
"""The independent parser of posta's tests: Python's email package.

python3 pyparts.py MESSAGE OUTDIR prints the number of MIME parts (in
depth-first order, the message itself first, as mshow numbers them) and
writes the decoded bytes of each leaf part N, get_payload(decode=True),
to OUTDIR/N.
"""
import email
import os
import sys


def main():
    with open(sys.argv[1], "rb") as f:
        msg = email.message_from_bytes(f.read())
    parts = list(msg.walk())
    print(len(parts))
    for num, part in enumerate(parts, 1):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if payload is None:
            continue
        with open(os.path.join(sys.argv[2], str(num)), "wb") as f:
            f.write(payload)


if __name__ == "__main__":
    main()
