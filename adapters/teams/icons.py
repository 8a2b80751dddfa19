"""The app package's two icons, drawn as PNGs here: no image files, no imaging library."""

from __future__ import annotations

import struct
import zlib

NAVY = (31, 58, 95, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(width: int, height: int, pixel) -> bytes:  # noqa: ANN001 - pixel(x, y) -> RGBA
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))  # fmt: skip


def _gate(x: int, y: int, size: int) -> bool:
    """A gate: two posts and a bar, the product's mark."""
    u, v = x / size, y / size
    post = 0.25 <= v <= 0.8 and (0.22 <= u <= 0.32 or 0.68 <= u <= 0.78)
    bar = 0.25 <= v <= 0.35 and 0.22 <= u <= 0.78
    return post or bar


def color_icon() -> bytes:
    return png(192, 192, lambda x, y: WHITE if _gate(x, y, 192) else NAVY)


def outline_icon() -> bytes:
    return png(32, 32, lambda x, y: WHITE if _gate(x, y, 32) else CLEAR)
