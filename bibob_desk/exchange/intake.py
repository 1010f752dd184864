"""Attachment intake: decide, from the bytes and the name alone, whether a received file may be
stored (accepted), must be kept aside (quarantine: stored encrypted but never exported or opened),
or is refused. Nothing here opens, renders or executes a file; XML is parsed with defusedxml only;
every archive read is bounded in bytes, ratio, entries and depth (T35)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

ACCEPTED, QUARANTINE, REFUSED = "geaccepteerd", "quarantaine", "geweigerd"

EXECUTABLE_EXTENSIONS = frozenset(
    "exe scr bat cmd com pif js jse vbs vbe wsf wsh ps1 psm1 msi msp dll cpl jar lnk hta reg sh "
    "app apk deb rpm bin run iso img vhd".split()
)
MACRO_EXTENSIONS = frozenset("docm dotm xlsm xltm xlam pptm potm ppsm doc dot xls xlt ppt".split())
KNOWN_EXTENSIONS = frozenset("pdf jpg jpeg png tif tiff docx xlsx odt ods txt csv zip".split())
ZIP_CONTAINERS = frozenset("docx xlsx odt ods zip".split())
PDF_ACTIVE = ("JavaScript", "JS", "OpenAction", "AA", "Launch", "EmbeddedFile", "RichMedia", "XFA")
_PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


@dataclass(frozen=True)
class IntakeLimits:
    max_bytes: int = 25 * 1024 * 1024
    max_unpacked: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_entries: int = 2_000
    max_depth: int = 2


@dataclass(frozen=True)
class IntakeResult:
    status: str  # geaccepteerd | quarantaine | geweigerd
    reason: str  # Dutch, for the officer; never contains file content
    file_type: str
    sha256: str
    size: int


class _Verdict(Exception):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def extension(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def inspect(name: str, data: bytes, limits: IntakeLimits | None = None) -> IntakeResult:
    """The verdict on one received file."""
    limits = limits or IntakeLimits()
    ext = extension(name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        _check(name, ext, data, limits)
    except _Verdict as verdict:
        return IntakeResult(verdict.status, verdict.reason, ext, digest, len(data))
    return IntakeResult(ACCEPTED, "", ext, digest, len(data))


def _check(name: str, ext: str, data: bytes, limits: IntakeLimits) -> None:
    if not data:
        raise _Verdict(REFUSED, "het bestand is leeg")
    if len(data) > limits.max_bytes:
        raise _Verdict(REFUSED, f"het bestand is groter dan {limits.max_bytes // (1024 * 1024)} MB")
    if data.startswith(b"PK\x03\x04"):
        _check_zip_ratio(data, limits)  # a zip bomb is refused by its ratio before any type check
    if _BIDI.search(name) or "\x00" in name:
        raise _Verdict(REFUSED, "de bestandsnaam bevat verborgen tekens die de extensie verhullen")
    parts = [p.lower() for p in name.strip().rstrip(". ").split(".")[1:]]
    if any(p in EXECUTABLE_EXTENSIONS for p in parts):
        raise _Verdict(REFUSED, "uitvoerbaar bestand of dubbele extensie (bijv. .pdf.exe)")
    if _is_executable(data):
        raise _Verdict(REFUSED, "het bestand is een programma, geen document")
    if ext in MACRO_EXTENSIONS:
        raise _Verdict(QUARANTINE, "document met mogelijke macro's; vraag een PDF of macrovrije versie")
    if ext not in KNOWN_EXTENSIONS:
        raise _Verdict(REFUSED, f"bestandstype '.{ext}' wordt niet aangenomen" if ext else "geen extensie")
    _check_magic(ext, data)
    if ext == "pdf":
        _check_pdf(data, limits)
    elif ext in ZIP_CONTAINERS:
        _check_zip(data, limits, depth=0, office=ext != "zip")


def _is_executable(data: bytes) -> bool:
    head = data[:4]
    return (
        head[:2] == b"MZ"
        or head == b"\x7fELF"
        or head in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
        or head[:2] == b"#!"
    )


def _check_magic(ext: str, data: bytes) -> None:
    ok = {
        "pdf": data[:1024].find(b"%PDF-") != -1,
        "png": data.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpg": data.startswith(b"\xff\xd8\xff"),
        "jpeg": data.startswith(b"\xff\xd8\xff"),
        "tif": data[:4] in (b"II*\x00", b"MM\x00*"),
        "tiff": data[:4] in (b"II*\x00", b"MM\x00*"),
    }.get(ext)
    if ext in ZIP_CONTAINERS:
        ok = data.startswith(b"PK\x03\x04")
    if ext in ("txt", "csv"):
        ok = b"\x00" not in data[:65536]
    if not ok:
        raise _Verdict(REFUSED, f"de inhoud is geen echt .{ext}-bestand")


def _pdf_names(chunk: bytes) -> set[str]:
    out = set()
    for raw in _PDF_NAME.findall(chunk):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        out.add(name.decode("latin-1"))
    return out


def _check_pdf(data: bytes, limits: IntakeLimits) -> None:
    names = _pdf_names(data)
    budget = limits.max_unpacked
    for match in _STREAM.finditer(data):  # object streams can hide names: inflate them, bounded
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue
        budget -= len(chunk)
        if budget < 0:
            raise _Verdict(REFUSED, "de PDF pakt uit tot meer dan toegestaan (decompressiebom)")
        if len(chunk) > limits.max_ratio * max(len(match.group(1)), 1) and len(chunk) > 1024 * 1024:
            raise _Verdict(REFUSED, "de PDF bevat een verdacht sterk gecomprimeerde stroom")
        names |= _pdf_names(chunk)
    active = sorted(n for n in PDF_ACTIVE if n in names)
    if active:
        raise _Verdict(QUARANTINE, "PDF met actieve inhoud (" + ", ".join(f"/{n}" for n in active) + ")")


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, allowed: int) -> bytes:
    out = bytearray()
    with archive.open(info) as handle:
        while chunk := handle.read(65536):
            out += chunk
            if len(out) > allowed:
                raise _Verdict(REFUSED, "het archief pakt uit tot meer dan toegestaan (zip-bom)")
    return bytes(out)


def _check_zip_ratio(data: bytes, limits: IntakeLimits) -> None:
    """What the archive's directory declares it unpacks to, against its size (nothing is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the type checks say so
    if declared > limits.max_unpacked:
        raise _Verdict(REFUSED, "het archief pakt uit tot meer dan is toegestaan (zip-bom)")
    if declared > 1024 * 1024 and declared > limits.max_ratio * len(data):
        raise _Verdict(REFUSED, "het archief is verdacht sterk gecomprimeerd (zip-bom)")


def _check_zip(data: bytes, limits: IntakeLimits, *, depth: int, office: bool) -> int:
    if depth > limits.max_depth:
        raise _Verdict(REFUSED, "archief in archief in archief: te diep genest")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _Verdict(REFUSED, "het archief is beschadigd of geen zip-bestand") from None
    if len(infos) > limits.max_entries:
        raise _Verdict(REFUSED, f"het archief bevat meer dan {limits.max_entries} bestanden")
    unpacked = 0
    with archive:
        for info in infos:
            if info.flag_bits & 0x1:
                raise _Verdict(QUARANTINE, "versleuteld archief; de inhoud is niet te controleren")
            lowered = info.filename.lower()
            if office and (lowered.endswith("vbaproject.bin") or "macros/" in lowered):
                raise _Verdict(QUARANTINE, "document met macro's; vraag een macrovrije versie")
            if not office and extension(lowered) in EXECUTABLE_EXTENSIONS | MACRO_EXTENSIONS:
                raise _Verdict(QUARANTINE, "het archief bevat een programma of macro-document")
            if info.is_dir():
                continue
            content = _read_bounded(archive, info, limits.max_unpacked - unpacked)
            unpacked += len(content)
            if len(content) > 1024 * 1024 and len(content) > limits.max_ratio * max(info.compress_size, 1):
                raise _Verdict(REFUSED, "het archief is verdacht sterk gecomprimeerd (zip-bom)")
            if content.startswith(b"PK\x03\x04"):
                unpacked += _check_zip(content, limits, depth=depth + 1, office=False)
            elif office and lowered.endswith((".xml", ".rels")):
                _check_xml(content, lowered)
            elif not office and _is_executable(content):
                raise _Verdict(QUARANTINE, "het archief bevat een programma")
    return unpacked


def _check_xml(content: bytes, part: str) -> None:
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise _Verdict(REFUSED, "het document bevat XML met entiteiten of een DTD (XML-bom)") from None
    except SafeET.ParseError:
        raise _Verdict(REFUSED, "het document bevat onleesbare XML") from None
    if part == "[content_types].xml" and any(
        "macroenabled" in (e.get("ContentType") or "").lower() for e in root.iter()
    ):
        raise _Verdict(QUARANTINE, "document met macro's (macro-enabled inhoudstype)")
