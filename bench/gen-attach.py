#!/usr/bin/env python3
"""Write one PDF-like file, for bench/run's mkmsg measure.

usage: gen-attach.py [-b BYTES] [-s SEED] FILE

A file of exactly BYTES bytes (2 MiB, 2,097,152, by default: the largest
attachment mkmsg accepts unless told otherwise) laid out as a PDF is: the
"%PDF-1.4" header and its binary comment line, page and font objects, and
FlateDecode streams of random bytes (compressed data looks random), then a
cross-reference table, the trailer and "%%EOF".  libmagic types it
application/pdf.  The same seed always gives the same bytes.
"""

import argparse
import random

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
CATALOG = (b"<< /Type /Catalog /Pages 2 0 R >>",
           b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")


def obj(num, body):
    """One indirect object."""
    return b"%d 0 obj\n%s\nendobj\n" % (num, body)


def stream(num, data):
    """One indirect object holding a compressed-looking stream."""
    return obj(num, b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\n"
               b"endstream" % (len(data), data))


def tail(offsets, size_objs):
    """The cross-reference table, trailer and end marker."""
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)]
    xref += [b"%010d 00000 n \n" % o for o in offsets]
    start = size_objs
    return b"".join(xref) + (
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(offsets) + 1, start))


def build(size, r):
    """The file's bytes: exactly size of them."""
    out = bytearray(HEADER)
    offsets = []
    pages = []

    def add(piece):
        offsets.append(len(out))
        out.extend(piece)

    add(obj(1, CATALOG[0]))
    add(b"")            # the page tree (object 2), written once pages are known
    add(obj(3, CATALOG[1]))
    num = 4
    # Pages of 8-120 KiB of content each, until about 2/3 of the room is
    # used; the last stream is then sized to fill the file exactly.
    while len(out) < size * 2 // 3:
        pages.append(num)
        add(obj(num, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                % (num + 1)))
        add(stream(num + 1, r.randbytes(r.randint(8 * 1024, 120 * 1024))))
        num += 2
    kids = b" ".join(b"%d 0 R" % p for p in pages)
    tree = obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids,
                                                              len(pages)))
    # Put the page tree in its place and shift the offsets after it.
    at = offsets[1]
    out[at:at] = tree
    offsets = offsets[:2] + [o + len(tree) for o in offsets[2:]]

    # One embedded image stream takes the rest: its length has to count the
    # digits of its own /Length and of the offsets in the table after it.
    last = num
    fill = 0
    for _ in range(10):
        piece = stream(last, bytes(fill))
        end = tail(offsets + [len(out)], len(out) + len(piece))
        want = size - len(out) - len(piece) - len(end) + fill
        if want == fill:
            break
        if want < 0:
            raise SystemExit("gen-attach.py: %d bytes is too small" % size)
        fill = want
    offsets.append(len(out))
    out.extend(stream(last, r.randbytes(fill)))
    out.extend(tail(offsets, offsets[-1] + len(stream(last, bytes(fill)))))
    if len(out) != size:
        raise SystemExit("gen-attach.py: made %d bytes, not %d"
                         % (len(out), size))
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-b", "--bytes", type=int, default=2 * 1024 * 1024,
                    help="file size in bytes (2097152)")
    ap.add_argument("-s", "--seed", type=int, default=1, help="seed (1)")
    ap.add_argument("file")
    a = ap.parse_args()

    data = build(a.bytes, random.Random(a.seed))
    with open(a.file, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
