"""Text contrast (issue 20, WCAG 2.1 AA: at least 4.5:1 for normal text): the relative luminance of
sRGB colours, their ratio, and the text colour to put on a coloured background (the band badges)."""

from __future__ import annotations

AA = 4.5
DARK, LIGHT = "#000000", "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb' (or '#rgb')."""
    hex_ = colour.lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(c * 2 for c in hex_)
    r, g, b = (int(hex_[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(foreground: str, background: str) -> float:
    """The contrast ratio, 1 to 21."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(background: str) -> str:
    """White where it reads well enough (AA), else black: whichever contrasts more."""
    return LIGHT if ratio(LIGHT, background) >= max(AA, ratio(DARK, background)) else DARK
