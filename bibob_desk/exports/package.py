"""The LBB request package: a ZIP with the documents, attachments under safe, flat, unique names,
and manifest.json (versions, hashes, sizes, the audit-chain head). Optionally AES-256 encrypted."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

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


def build_package(
    documents: list[PackageFile],
    attachments: list[tuple[str, bytes]],
    manifest: dict[str, Any],
    password: str | None = None,
) -> bytes:
    used: set[str] = {d.name.lower() for d in documents}
    files = list(documents)
    for original, data in attachments:
        files.append(PackageFile(name=f"bijlagen/{safe_name(original, used)}", original=original, data=data))
    manifest = {
        **manifest,
        "files": [
            {
                "name": f.name,
                "original_name": f.original,
                "sha256": hashlib.sha256(f.data).hexdigest(),
                "size": len(f.data),
            }
            for f in files
        ],
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    buffer = io.BytesIO()
    if password:
        archive: zipfile.ZipFile = pyzipper.AESZipFile(
            buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
        )
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
    else:
        archive = zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED)
    with archive:
        for f in files:
            archive.writestr(f"{FOLDER}/{f.name}", f.data)
        archive.writestr(f"{FOLDER}/manifest.json", body)
    return buffer.getvalue()
