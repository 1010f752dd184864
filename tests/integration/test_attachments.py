"""Attachments in a real encrypted store: intake verdicts, checklist, the LBB package (T35, T36)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import text

from bibob_desk.domain.errors import UserError
from bibob_desk.exchange.intake import ACCEPTED, QUARANTINE, REFUSED


def pdf(line: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, line)
    page.save()
    return buffer.getvalue()


def test_checklist_shows_what_is_missing_and_what_came_in(demo_app):
    case_id = demo_app.cases.id_of("V1")
    before = {i.type_id: i.received for i in demo_app.attachments.checklist(case_id)}
    assert before["koopovereenkomst"] == 0 and "svh" not in before  # vastgoed: no horeca items
    contract = pdf("Koopovereenkomst")
    outcome = demo_app.attachments.add(
        case_id,
        "koopovereenkomst.pdf",
        contract,
        type_id="koopovereenkomst",
        source="betrokkene",
    )
    assert outcome.result.status == ACCEPTED and outcome.attachment_id
    after = {i.type_id: i.received for i in demo_app.attachments.checklist(case_id)}
    assert after["koopovereenkomst"] == 1 and after["kadaster"] == 0
    with pytest.raises(UserError, match="al opgenomen"):
        demo_app.attachments.add(case_id, "kopie.pdf", contract, type_id="koopovereenkomst")
    refused = demo_app.attachments.add(case_id, "kopie.pdf.exe", contract, type_id="koopovereenkomst")
    assert (
        refused.result.status == REFUSED and refused.attachment_id is None
    )  # the verdict before "duplicate"
    with pytest.raises(UserError, match="hoort niet"):
        demo_app.attachments.add(case_id, "svh.pdf", pdf("SVH"), type_id="svh")


@pytest.mark.bestand
def test_bytes_live_encrypted_in_the_store_and_refusals_store_nothing(demo_app, tmp_path):
    case_id = demo_app.cases.id_of("H2")
    marker = "UNIEKE-MARKERING-7731"
    demo_app.attachments.add(case_id, "bank.pdf", pdf(marker), type_id="bankafschriften")
    refused = demo_app.attachments.add(case_id, "besluit.pdf.exe", b"MZ" + b"\0" * 100)
    assert refused.result.status == REFUSED and refused.attachment_id is None
    quarantined = demo_app.attachments.add(case_id, "actief.pdf", b"%PDF-1.4\n<< /OpenAction 3 0 R >>\n")
    assert quarantined.result.status == QUARANTINE and quarantined.attachment_id
    stored = demo_app.attachments.attachments(case_id)
    assert [a.status for a in stored] == [ACCEPTED, QUARANTINE]
    with demo_app._store.transaction() as tx:
        actions = [r[0] for r in tx.session.exec(text("SELECT action FROM audit_log ORDER BY seq"))]
    assert {"bijlage.opgenomen", "bijlage.quarantaine", "bijlage.geweigerd"} <= set(actions)
    path = demo_app._store.path
    raw = path.read_bytes() + b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p != path)
    assert marker.encode() not in raw and b"%PDF" not in raw
    assert not [p for p in path.parent.iterdir() if p.suffix.lower() in (".pdf", ".exe")]


HOSTILE = [
    "../../evil.txt",
    "/abs.pdf",
    "C:\\x.pdf",
    "sub/../../y.pdf",
    "CON.txt",
    "aux",
    "punt. ",
    "nul\x00.pdf",
    "x" * 300 + ".pdf",
    "dubbel.pdf",
    "dubbel.pdf",
]


def test_package_carries_accepted_attachments_under_safe_names_never_quarantined(demo_app, tmp_path):
    case_id = demo_app.cases.id_of("H2")
    demo_app.attachments.add(case_id, "actief.pdf", b"%PDF-1.4\n<< /JavaScript 3 0 R >>\n")
    for n, name in enumerate(HOSTILE):
        demo_app.attachments.add(case_id, name, pdf(f"bijlage {n}"), source="aanvrager")
    stored = demo_app.attachments.attachments(case_id)
    accepted = [a for a in stored if a.status == ACCEPTED]
    out = tmp_path / "h2.zip"
    demo_app.exports.lbb_package(case_id, out)
    archive = zipfile.ZipFile(out)
    manifest = json.loads(archive.read("lbb-pakket/manifest.json"))
    entries = [f for f in manifest["files"] if f["name"].startswith("bijlagen/")]
    assert sorted(e["original_name"] for e in entries) == sorted(a.original_name for a in accepted)
    assert "actief.pdf" not in {e["original_name"] for e in entries}
    names = archive.namelist()
    assert len(names) == len(set(names))
    for name in names:
        assert name.startswith("lbb-pakket/") and ".." not in name and "\\" not in name
        assert all(32 <= ord(ch) < 127 for ch in name) and len(name.rsplit("/", 1)[-1]) <= 120
    for entry in entries:
        assert archive.read(f"lbb-pakket/{entry['name']}")[:5] == b"%PDF-"


def test_an_attachment_is_viewed_in_memory_and_withdrawn_with_a_reason(demo_app, tmp_path):
    """Issue 14 part 4: PDF pages rendered from the store (never a file on disk), an image passed on
    for decoding, quarantined files stay closed; a withdrawn file stays listed but counts nowhere."""
    case_id = demo_app.cases.id_of("V1")
    contract = demo_app.attachments.add(
        case_id, "koop.pdf", pdf("Koopovereenkomst"), type_id="koopovereenkomst"
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    picture = demo_app.attachments.add(case_id, "foto.png", png)
    active = demo_app.attachments.add(case_id, "actief.pdf", b"%PDF-1.4\n<< /OpenAction 3 0 R >>\n")
    before = set(tmp_path.parent.rglob("*"))
    view = demo_app.attachments.view(case_id, contract.attachment_id)
    assert view.total_pages == 1 and len(view.pages) == 1 and view.pages[0].width == 800
    assert demo_app.attachments.view(case_id, picture.attachment_id).image == png
    with pytest.raises(UserError, match="quarantaine"):
        demo_app.attachments.view(case_id, active.attachment_id)
    assert set(tmp_path.parent.rglob("*")) == before  # nothing written next to the database
    with demo_app._store.transaction() as tx:
        seen = tx.session.exec(text("SELECT object FROM audit_log WHERE action = 'bijlage.ingezien'")).all()
    assert len(seen) == 2 and all("Koop" not in t[0] for t in seen)

    with pytest.raises(UserError, match="reden"):
        demo_app.attachments.withdraw(case_id, contract.attachment_id, "nee")
    demo_app.attachments.withdraw(case_id, contract.attachment_id, "verkeerd dossier, hoort bij V3")
    (info,) = [a for a in demo_app.attachments.attachments(case_id) if a.id == contract.attachment_id]
    assert info.withdrawn and info.withdrawn_by == "beheerder"
    checklist = {i.type_id: i.received for i in demo_app.attachments.checklist(case_id)}
    assert checklist["koopovereenkomst"] == 0  # no longer counts as received
    assert contract.attachment_id not in [a.id for a, _ in demo_app.attachments.accepted_files(case_id)]
    with pytest.raises(UserError, match="al ingetrokken"):
        demo_app.attachments.withdraw(case_id, contract.attachment_id, "nogmaals intrekken")
    with pytest.raises(UserError, match="bestaat niet"):
        demo_app.attachments.view(demo_app.cases.id_of("H2"), contract.attachment_id)  # another case's file


def test_a_damaged_pdf_gets_a_dutch_message_in_the_viewer(demo_app):
    case_id = demo_app.cases.id_of("V1")
    damaged = demo_app.attachments.add(case_id, "kapot.pdf", b"%PDF-1.4\n" + b"\x00 geen pdf " * 40)
    assert damaged.result.status == ACCEPTED  # the intake looks at the header only
    with pytest.raises(UserError, match="Deze PDF kan niet worden getoond"):
        demo_app.attachments.view(case_id, damaged.attachment_id)
