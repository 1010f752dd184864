"""A picture of a PDF's first page for on-screen preview (pdfium; nothing is written to disk)."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    stride: int
    rgb: bytes  # 3 bytes per pixel, rows of `stride` bytes


def first_page_image(pdf: bytes, width: int = 700) -> PageImage:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width / page.get_width()
        bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB order
        return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    finally:
        document.close()
