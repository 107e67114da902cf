#!/usr/bin/env python3
"""png_stats.py FILE -- what a PNG screenshot shows, for the browser check.

Prints "width height pixels nonwhite_percent colours dark_rows": the image's
size, the share of pixels that are not (near) white, how many distinct
colours it holds (quantised to 4 bits a channel) and how many rows hold dark
(text-like) pixels.  Pure Python (zlib), no imaging library: decodes 8-bit
RGB/RGBA/grey PNGs, non-interlaced, with every scanline filter.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG file')
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = hdr
    if depth != 8 or interlace != 0 or ctype not in (0, 2, 4, 6):
        raise ValueError('unsupported PNG (depth %d, colour type %d, interlace %d)' % (depth, ctype, interlace))
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b''.join(idat))
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = read_png(sys.argv[1])
    nonwhite, colours, dark_rows = 0, set(), 0
    for line in rows:
        dark = False
        for x in range(0, width * bpp, bpp):
            px = line[x:x + 3] if bpp >= 3 else bytes([line[x]] * 3)
            r, g, b = px[0], px[1], px[2]
            if r < 240 or g < 240 or b < 240:
                nonwhite += 1
            if r < 80 and g < 80 and b < 80:
                dark = True
            colours.add((r >> 4, g >> 4, b >> 4))
        dark_rows += dark
    print(width, height, width * height, round(100.0 * nonwhite / (width * height), 2), len(colours), dark_rows)


if __name__ == '__main__':
    main()
