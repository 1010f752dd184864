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


class UnreadablePdf(ValueError):
    """pdfium cannot open or render the file (damaged, or not what it says it is)."""


def page_images(pdf: bytes, width: int = 800, max_pages: int = 30) -> tuple[list[PageImage], int]:
    """The first `max_pages` pages as pictures, and how many pages there are (for an attachment
    shown inside the app; nothing is written to disk). UnreadablePdf when pdfium refuses it."""
    try:
        return _page_images(pdf, width, max_pages)
    except pdfium.PdfiumError:  # its message may quote the file: not passed on
        raise UnreadablePdf() from None


def _page_images(pdf: bytes, width: int, max_pages: int) -> tuple[list[PageImage], int]:
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(min(len(document), max_pages)):
            page = document[index]
            bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True)
            pages.append(PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)))
        return pages, len(document)
    finally:
        document.close()


def first_page_image(pdf: bytes, width: int = 700) -> PageImage:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width / page.get_width()
        bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB order
        return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    finally:
        document.close()
