#!/usr/bin/env python3
"""demo-files.py OUTDIR: the two attachments of make demo (tests/demo.sh):
report.pdf, the one-page PDF the tests attach (files.py makes it), and
scan.pdf, a 3,000,000-byte "PDF", over mkmsg's 2 MiB attachment limit.
Seeded: the same bytes every run."""
import os
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ left in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import files  # noqa: E402  (after the path is set)

SCAN_SIZE = 3000000


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: demo-files.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "report.pdf"), "wb") as f:
        f.write(files.pdf())
    rnd = random.Random(6)
    with open(os.path.join(out, "scan.pdf"), "wb") as f:
        f.write((b"%PDF-1.4\n" + rnd.randbytes(SCAN_SIZE))[:SCAN_SIZE])


if __name__ == "__main__":
    main()
