"""Checks PNG files as a person would glance at them: decodes each (zlib and the PNG filters, no
imaging library), and fails if it is blank (one colour) or, with --fits, if anything is drawn in
the rightmost or bottom 4 pixel columns/rows (the content was cut off by the window).
Usage: python3 scripts/png_check.py [--fits] [--size WxH] FILE.png...
Prints per file: size, distinct colours, share of non-background pixels."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"{path}: expected 8-bit RGB(A), not interlaced")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def main(args):
    fits = "--fits" in args
    size = None
    if "--size" in args:
        size = args[args.index("--size") + 1]
        args = [a for a in args if a != size]
    failed = 0
    for path in [a for a in args if not a.startswith("--")]:
        width, height, rows = decode(path)
        background = rows[0][0]
        colours = {p for row in rows for p in row}
        ink = sum(p != background for row in rows for p in row) / (width * height)
        problem = ""
        if len(colours) < 2 or ink < 0.01:
            problem = "blank"
        elif size and f"{width}x{height}" != size:
            problem = f"size {width}x{height}, expected {size}"
        elif fits and any(p != background for row in rows for p in row[-4:]):
            problem = "content reaches the right edge (cut off)"
        print(f"{path}: {width}x{height}, {len(colours)} colours, {100 * ink:.1f}% drawn{': ' + problem if problem else ''}")
        failed += bool(problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
