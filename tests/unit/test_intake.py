"""T35: attachment intake on real hostile files built in the test (no fixtures that could go stale)."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from openpyxl import Workbook
from reportlab.pdfgen import canvas

from bibob_desk.exchange.intake import ACCEPTED, QUARANTINE, REFUSED, IntakeLimits, inspect


def clean_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Huurovereenkomst € 4.500")
    pdf.save()
    return buffer.getvalue()


def clean_xlsx() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "omzet"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pdf_with(body: bytes) -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog " + body + b" >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def test_clean_documents_are_accepted():
    for name, data in [
        ("huurovereenkomst.pdf", clean_pdf()),
        ("omzet.xlsx", clean_xlsx()),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        ("notitie.txt", "Café De Zwaan".encode()),
    ]:
        result = inspect(name, data)
        assert result.status == ACCEPTED, (name, result.reason)
        assert len(result.sha256) == 64 and result.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "status", "word"),
    [
        ("besluit.pdf", b"MZ\x90\x00" + b"\0" * 200, REFUSED, "programma"),
        ("besluit.pdf.exe", clean_pdf(), REFUSED, "dubbele extensie"),
        ("jaarrekening.exe.pdf", clean_pdf(), REFUSED, "uitvoerbaar"),
        ("factuur\u202efdp.exe", b"MZ", REFUSED, "verborgen"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n", REFUSED, "uitvoerbaar"),
        ("leeg.pdf", b"", REFUSED, "leeg"),
        ("nep.pdf", b"<html>geen pdf</html>", REFUSED, "geen echt"),
        ("nep.docx", clean_pdf(), REFUSED, "geen echt"),
        ("begroting.xlsm", clean_xlsx(), QUARANTINE, "macro"),
        ("brief.docm", zipped({"word/document.xml": b"<w/>"}), QUARANTINE, "macro"),
        ("oud.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, QUARANTINE, "macro"),
        ("plaatje.svg", b"<svg/>", REFUSED, "niet aangenomen"),
    ],
)
def test_hostile_names_and_disguises(name, data, status, word):
    result = inspect(name, data)
    assert result.status == status and word in result.reason, result


@pytest.mark.parametrize("key", ["JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFile"])
def test_pdf_active_content_is_quarantined(key):
    result = inspect("formulier.pdf", pdf_with(f"/{key} 2 0 R".encode()))
    assert result.status == QUARANTINE and f"/{key}" in result.reason


def test_pdf_active_content_hidden_in_a_compressed_stream_or_hex_escaped_name():
    stream = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    hidden = pdf_with(b"") + b"2 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
    hidden += stream + b"\nendstream\nendobj\n"
    assert inspect("a.pdf", hidden).status == QUARANTINE
    assert inspect("b.pdf", pdf_with(b"/OpenAction << /S /J#61vaScript >>")).status == QUARANTINE


def test_zip_bombs_flat_and_nested_are_refused():
    flat = zipped({"nullen.txt": b"\0" * (20 * 1024 * 1024)})
    assert len(flat) < 100_000
    result = inspect("stukken.zip", flat)
    assert result.status == REFUSED and "zip-bom" in result.reason
    inner = zipped({"a.txt": b"x" * 1000})
    nested = zipped({"1.zip": zipped({"2.zip": zipped({"3.zip": inner})})})
    result = inspect("stukken.zip", nested)
    assert result.status == REFUSED and "genest" in result.reason
    many = zipped({f"f{i}.txt": b"x" for i in range(30)})
    assert inspect("veel.zip", many, IntakeLimits(max_entries=20)).status == REFUSED


def test_a_zip_bomb_is_refused_by_its_ratio_before_any_type_check():
    bomb = zipped({"nullen.txt": b"\0" * (20 * 1024 * 1024)})
    for name in ("foto.png", "brief.docx", "geen-extensie", "programma.exe"):
        result = inspect(name, bomb)  # the name would be refused for other reasons; the ratio comes first
        assert result.status == REFUSED and "zip-bom" in result.reason, name
    declared = zipped({f"f{i}.txt": b"x" * (1024 * 1024) for i in range(3)})
    result = inspect("a.zip", declared, IntakeLimits(max_unpacked=2 * 1024 * 1024))
    assert result.status == REFUSED and "meer dan is toegestaan" in result.reason  # from the directory


def test_total_unpacked_size_is_bounded_even_at_a_modest_ratio():
    data = zipped({f"f{i}.txt": bytes(range(256)) * 4096 for i in range(5)})  # 5 MiB, compresses well
    result = inspect("a.zip", data, IntakeLimits(max_unpacked=2 * 1024 * 1024))
    assert result.status == REFUSED


def test_xlsx_with_billion_laughs_xml_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<worksheet>&lol2;</worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(clean_xlsx()))
    entries = {n: source.read(n) for n in source.namelist()}
    entries["xl/worksheets/sheet1.xml"] = laughs
    result = inspect("omzet.xlsx", zipped(entries))
    assert result.status == REFUSED and "XML" in result.reason


def test_office_files_with_macros_inside_are_quarantined():
    source = zipfile.ZipFile(io.BytesIO(clean_xlsx()))
    entries = {n: source.read(n) for n in source.namelist()}
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    assert inspect("omzet.xlsx", zipped(entries)).status == QUARANTINE


def test_archive_with_a_program_inside_is_quarantined_and_oversize_refused():
    assert inspect("stukken.zip", zipped({"setup.exe": b"MZ" + b"\0" * 10})).status == QUARANTINE
    assert inspect("stukken.zip", zipped({"leesmij": b"MZ" + b"\0" * 10})).status == QUARANTINE
    big = inspect("groot.pdf", clean_pdf(), IntakeLimits(max_bytes=100))
    assert big.status == REFUSED and "groter dan" in big.reason
