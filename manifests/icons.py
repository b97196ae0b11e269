"""Teams app icons: sizes read from the PNG header, and the outline icon's transparent-white rule.

Teams wants a 192×192 full-colour icon and a 32×32 outline icon that is white on a transparent
background; the manifest schema checks neither, so the package builder does (bot.md §6).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOR_SIZE = (192, 192)
OUTLINE_SIZE = (32, 32)
# PNG colour types with an alpha channel: 4 = grey + alpha, 6 = RGB + alpha.
ALPHA_COLOR_TYPES = frozenset({4, 6})


class IconError(ValueError):
    """An icon file that Teams would reject; the message names the file and what is wrong."""


@dataclass(frozen=True)
class PngHeader:
    width: int
    height: int
    bit_depth: int
    color_type: int
    has_trns: bool  # a tRNS chunk gives palette/grey/RGB images transparency without an alpha channel

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def can_be_transparent(self) -> bool:
        return self.color_type in ALPHA_COLOR_TYPES or self.has_trns


def read_header(data: bytes, name: str) -> PngHeader:
    """Width, height and colour type from the IHDR chunk, which PNG requires to come first."""
    if not data.startswith(PNG_SIGNATURE):
        raise IconError(f"{name}: not a PNG file (no PNG signature)")
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise IconError(f"{name}: PNG header is truncated or has no IHDR chunk first")
    width, height, bit_depth, color_type = struct.unpack(">IIBB", data[16:26])
    return PngHeader(width, height, bit_depth, color_type, has_trns=_has_chunk(data, b"tRNS"))


def _has_chunk(data: bytes, kind: bytes) -> bool:
    """Walk the chunk list (length, type, data, CRC) until IDAT: tRNS must precede the image data."""
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunk = data[offset + 4 : offset + 8]
        if chunk == kind:
            return True
        if chunk in (b"IDAT", b"IEND"):
            return False
        offset += 12 + length
    return False


def check_size(header: PngHeader, expected: tuple[int, int], name: str) -> None:
    if header.size != expected:
        raise IconError(
            f"{name}: is {header.width}×{header.height} pixels; Teams needs {expected[0]}×{expected[1]}"
        )


def check_outline_pixels(path: Path, name: str) -> None:
    """Every pixel is either fully transparent or white (any alpha), as Teams renders outlines tinted."""
    with Image.open(path) as image:
        rgba = image.convert("RGBA")
    raw = rgba.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    if not any(alpha < 255 for *_, alpha in pixels):
        raise IconError(f"{name}: outline icon has no transparent pixels; the background must be transparent")
    for index, (red, green, blue, alpha) in enumerate(pixels):
        if alpha and (red, green, blue) != (255, 255, 255):
            x, y = index % rgba.width, index // rgba.width
            raise IconError(
                f"{name}: outline icon pixel ({x},{y}) is #{red:02X}{green:02X}{blue:02X}; "
                "only white on transparent is allowed"
            )


def check_icons(color: Path, outline: Path) -> None:
    """Raise IconError for the first problem; both files are read, never modified."""
    for path in (color, outline):
        if not path.is_file():
            raise IconError(f"{path}: icon file not found")
    check_size(read_header(color.read_bytes(), str(color)), COLOR_SIZE, str(color))
    header = read_header(outline.read_bytes(), str(outline))
    check_size(header, OUTLINE_SIZE, str(outline))
    if not header.can_be_transparent:
        raise IconError(
            f"{outline}: outline icon has no alpha channel or tRNS chunk, so it cannot be transparent"
        )
    check_outline_pixels(outline, str(outline))
