"""T36: every hostile attachment name becomes a flat, unique, ASCII-safe name of at most 120 characters."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from bibob_desk.exports.package import FOLDER, PackageFile, build_package, safe_name

HOSTILE = [
    "../../evil.txt",
    "/abs",
    "C:\\x",
    "sub/../../y",
    "CON.txt",
    "aux",
    "trailing. ",
    "nul\x00byte.pdf",
    "factuur\u202efdp.exe",
    "a" * 300 + ".pdf",
    "dubbel.pdf",
    "dubbel.pdf",
    "DUBBEL.pdf",
    "",
    "...",
    "Ĳssel é.pdf",
]


def check(name: str) -> None:
    assert name and len(name) <= 120
    assert name.isascii() and "/" not in name and "\\" not in name and ".." not in name
    assert not any(ord(c) < 32 for c in name)
    assert name.split(".", maxsplit=1)[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert not name.endswith((".", " "))


def test_hostile_names_come_out_safe_and_unique():
    used: set[str] = set()
    names = [safe_name(n, used) for n in HOSTILE]
    for name in names:
        check(name)
    assert len({n.lower() for n in names}) == len(names)
    assert names[-1] == "IJssel_e.pdf"


@given(st.lists(st.text(max_size=200), max_size=20))
def test_any_names_come_out_safe_and_unique(originals):
    used: set[str] = set()
    names = [safe_name(n, used) for n in originals]
    for name in names:
        check(name)
    assert len({n.lower() for n in names}) == len(names)


def test_the_zip_has_one_folder_a_manifest_and_verifiable_hashes():
    data = build_package(
        [PackageFile("01-brief.pdf", "brief", b"%PDF-1.4 x")],
        [(n, n.encode("utf-8", "replace") or b"x") for n in HOSTILE],
        {"format": "test"},
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert all(n.startswith(f"{FOLDER}/") and ".." not in n and "\\" not in n for n in names)
    manifest = json.loads(archive.read(f"{FOLDER}/manifest.json"))
    import hashlib

    for entry in manifest["files"]:
        body = archive.read(f"{FOLDER}/{entry['name']}")
        assert hashlib.sha256(body).hexdigest() == entry["sha256"] and len(body) == entry["size"]
    assert {e["original_name"] for e in manifest["files"]} >= {"../../evil.txt", "CON.txt"}
