"""PDF/A-2b for the documents a municipality sends and archives (pikepdf, i.e. qpdf): the reportlab
PDF gets an sRGB output intent, XMP metadata that declares PDF/A-2 level B (title, creator tool,
dates; never a person's name) and a document id. The fonts are already embedded (DejaVu subsets).
`problems` reports what stands in the way: structural damage found by qpdf, a font that is not
embedded, a missing declaration."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import cache

import pikepdf

PART, CONFORMANCE = "2", "B"


@cache
def _srgb() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def to_pdfa(pdf: bytes, title: str) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        icc = pikepdf.Stream(doc, _srgb())
        icc["/N"] = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
            Info=pikepdf.String("sRGB IEC61966-2.1"),
            DestOutputProfile=icc,
        )
        doc.Root.OutputIntents = pikepdf.Array([intent])
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = PART
            meta["pdfaid:conformance"] = CONFORMANCE
            meta["dc:title"] = title
            meta["dc:creator"] = ["bibob-desk"]  # the application, never a person (staff protection)
            meta["dc:description"] = "Vertrouwelijk"
            meta["xmp:CreatorTool"] = "bibob-desk"
            meta["pdf:Producer"] = "bibob-desk"
            meta["xmp:CreateDate"] = now
            meta["xmp:ModifyDate"] = now
        out = io.BytesIO()
        doc.save(out, fix_metadata_version=True, deterministic_id=True, linearize=False)
    return out.getvalue()


def problems(pdf: bytes) -> list[str]:
    """Why this is not (yet) an archivable PDF/A-2b; empty when nothing was found."""
    found: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found += [f"qpdf: {p}" for p in doc.check_pdf_syntax()]
        meta = doc.open_metadata()
        if meta.get("pdfaid:part") != PART or meta.get("pdfaid:conformance") != CONFORMANCE:
            found.append("geen verklaring PDF/A-2b in de XMP-metadata")
        if "/OutputIntents" not in doc.Root:
            found.append("geen output intent (kleurprofiel)")
        if doc.is_encrypted:
            found.append("versleuteld")
        for page in doc.pages:
            for name, font in (page.Resources.get("/Font") or {}).items():
                descriptor = font.get("/FontDescriptor")
                if font.get("/Subtype") == "/Type0":
                    descriptor = font.DescendantFonts[0].get("/FontDescriptor")
                if descriptor is None or not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    found.append(f"lettertype {name} niet ingebed")
    return sorted(set(found))
