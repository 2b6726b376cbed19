#!/usr/bin/env python3
"""files.py OUTDIR: the files mkmsg's tests attach, made here so nothing
binary is kept in the tree: a PDF, a PNG, UTF-8 and Latin-1 text, a file
named in Cyrillic, and files around the 2 MiB limit. Seeded: the same
bytes every run."""
import os
import random
import struct
import sys
import zlib

LIMIT = 2 * 1024 * 1024


def pdf():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] "
            b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    text = b"BT /F1 18 Tf 20 40 Td (Q3 report) Tj ET"
    objs[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return bytes(out)


def png(w=16, h=16):
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b"".join(b"\0" + b"".join(bytes((x * 16 % 256, y * 16 % 256, 128))
                                     for x in range(w)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


UTF8_TEXT = ("Raport trimestrial — ediția a 2-a\n"
             "Știință și învățământ în România: țări, râuri, păduri.\n"
             "Отчёт за третий квартал: всё в порядке.\n"
             "日本語のテキストも少し。\n") * 3
LATIN1_TEXT = ("Café, naïveté, Größe, façade, señor, smørrebrød.\n"
               "Ça coûte 12 EUR, « déjà vu », ½ prix.\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(3)

    def put(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    put("report.pdf", pdf())
    put("image.png", png())
    put("utf8.txt", UTF8_TEXT.encode("utf-8"))
    put("latin1.txt", LATIN1_TEXT.encode("latin-1"))
    put("Отчёт за третий квартал.pdf", pdf())
    body = rnd.randbytes(LIMIT + 1)
    big = b"%PDF-1.4\n" + body
    put("limit-1.bin", big[:LIMIT - 1])
    put("limit.bin", big[:LIMIT])
    put("limit+1.bin", big[:LIMIT + 1])
    put("3mb.pdf", (b"%PDF-1.4\n" + rnd.randbytes(3000000))[:3000000])


if __name__ == "__main__":
    main()
