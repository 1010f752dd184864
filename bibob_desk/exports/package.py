"""The LBB request package: a ZIP with the documents, attachments under safe, flat, unique names,
and manifest.json (versions, hashes, sizes, the audit-chain head). Optionally AES-256 encrypted."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, BinaryIO

import pyzipper

FOLDER = "lbb-pakket"
MAX_NAME = 120
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(original: str, used: set[str]) -> str:
    """A flat, unique, ASCII-safe name of at most 120 characters (T36). `used` is updated."""
    base = re.split(r"[\\/]", original.replace("\x00", ""))[-1]
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", ascii_only).strip("._- ")
    stem, dot, ext = cleaned.rpartition(".")
    if not dot:
        stem, ext = cleaned, ""
    stem = stem.strip("._-") or "bijlage"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    ext = ext[:10]
    stem = stem[: MAX_NAME - len(ext) - 6]
    candidate = f"{stem}.{ext}" if ext else stem
    number = 2
    while candidate.lower() in used:
        candidate = f"{stem}-{number}.{ext}" if ext else f"{stem}-{number}"
        number += 1
    used.add(candidate.lower())
    return candidate


@dataclass
class PackageFile:
    name: str  # within the package
    original: str
    data: bytes


# formats that are compressed already: stored as they are (deflating them again costs time and
# gains nothing); everything else is deflated
COMPRESSED = frozenset(
    ".pdf .jpg .jpeg .png .gif .webp .heic .tif .tiff .zip .7z .gz .rar .docx .xlsx .pptx .odt .ods "
    ".odp .mp3 .mp4 .m4a .mov .avi".split()
)


def compression_for(name: str) -> int:
    return zipfile.ZIP_STORED if PurePath(name).suffix.lower() in COMPRESSED else zipfile.ZIP_DEFLATED


def build_package(
    documents: list[PackageFile],
    attachments: Iterable[tuple[str, bytes]],
    manifest: dict[str, Any],
    password: str | None = None,
) -> bytes:
    """The package as bytes (small packages, tests); write_package streams it into a file."""
    buffer = io.BytesIO()
    write_package(buffer, documents, attachments, manifest, password)
    return buffer.getvalue()


def write_package(
    out: BinaryIO,
    documents: list[PackageFile],
    attachments: Iterable[tuple[str, bytes]],
    manifest: dict[str, Any],
    password: str | None = None,
) -> None:
    """Write the package into `out` one file at a time (issue 18): an attachment is read, written and
    let go before the next; the manifest, with every hash computed on the way, comes last."""
    used: set[str] = {d.name.lower() for d in documents}
    listed: list[dict[str, Any]] = []
    if password:
        archive: zipfile.ZipFile = pyzipper.AESZipFile(
            out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
        )
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
    else:
        archive = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)

    def add(name: str, original: str, data: bytes) -> None:
        archive.writestr(f"{FOLDER}/{name}", data, compress_type=compression_for(name))
        listed.append(
            {
                "name": name,
                "original_name": original,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        )

    with archive:
        for document in documents:
            add(document.name, document.original, document.data)
        for original, data in attachments:
            add(f"bijlagen/{safe_name(original, used)}", original, data)
        body = json.dumps({**manifest, "files": listed}, ensure_ascii=False, indent=2).encode("utf-8")
        archive.writestr(f"{FOLDER}/manifest.json", body)
