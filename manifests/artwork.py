"""The Teams app icons, drawn from code so they can be remade exactly: `python -m manifests.artwork`.

The motif is a patch-panel switchboard: six jacks and two patch cords. Shapes are drawn 4× larger as
an alpha mask and scaled down (anti-aliased edges), then white is laid through that mask, so the
outline icon is pure white on transparent, as Teams requires.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (0x1F, 0x4E, 0x79)  # the manifest's accentColor
SUPERSAMPLE = 4
DATA = Path(__file__).resolve().parent / "data"


def glyph_mask(size: int, *, margin: float) -> Image.Image:
    """An 'L' mask of the motif on a square canvas; `margin` is the empty border as a share of size."""
    big = size * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    inner = big * (1 - 2 * margin)
    origin = big * margin

    def at(x: float, y: float) -> tuple[float, float]:
        return (origin + x * inner, origin + y * inner)

    radius = inner * 0.12
    ring = max(SUPERSAMPLE, round(inner * 0.055))
    jacks = [at(x, y) for y in (0.2, 0.8) for x in (0.15, 0.5, 0.85)]
    cord = max(SUPERSAMPLE, round(inner * 0.07))
    for start, end in ((jacks[0], jacks[4]), (jacks[2], jacks[3])):
        draw.line([start, end], fill=255, width=cord)
    for cx, cy in jacks:
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=255)
        hole = radius - ring
        draw.ellipse([cx - hole, cy - hole, cx + hole, cy + hole], fill=0)
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def color_icon() -> Image.Image:
    """192×192, full bleed accent background with the white motif."""
    image = Image.new("RGB", (192, 192), ACCENT)
    image.paste((255, 255, 255), (0, 0, 192, 192), glyph_mask(192, margin=0.2))
    return image


def outline_icon() -> Image.Image:
    """32×32, white motif on a transparent background (every pixel's colour is white; alpha varies)."""
    image = Image.new("RGBA", (32, 32), (255, 255, 255, 0))
    image.putalpha(glyph_mask(32, margin=0.06))
    return image


def write_icons(directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    color, outline = directory / "color.png", directory / "outline.png"
    color_icon().save(color, optimize=True)
    outline_icon().save(outline, optimize=True)
    return color, outline


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    for path in write_icons(target):
        print(path)
