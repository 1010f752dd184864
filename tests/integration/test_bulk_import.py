"""Bulk import (issue 18): many files in one session, in batches; each file judged on its own; one
audit row per imported case and none that names a file."""

from __future__ import annotations

import json

from bibob_desk.paths import demo_case_files
from bibob_desk.services import importing


def _files(tmp_path, count: int) -> list:
    doc = json.loads(demo_case_files()[0].read_text(encoding="utf-8"))
    out = []
    for n in range(count):
        doc["case"]["reference"], doc["case"]["id"] = f"BULK-{n}", f"5a1e0001-0000-4000-8000-0000000b{n:04d}"
        path = tmp_path / f"Jansen-{n}.json"  # a file name that names someone
        path.write_text(json.dumps(doc), encoding="utf-8")
        out.append(path)
    return out


def test_batches_refusals_and_audit(app, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 3)
    files = _files(tmp_path, 7)
    files.insert(2, files[1])  # the same file twice: the second is refused
    broken = tmp_path / "kapot.json"
    broken.write_text("{", encoding="utf-8")
    files.insert(5, broken)
    steps = []
    outcome = app.cases.import_files(files, lambda done, total: steps.append((done, total)))
    assert [i.reference for i in outcome.imported] == [f"BULK-{n}" for n in range(7)]
    assert [name for name, _ in outcome.refused] == ["Jansen-1.json", "kapot.json"]
    assert "kenmerk BULK-1 bestaat al" in outcome.refused[0][1]
    assert steps == [(3, 9), (6, 9), (9, 9)]
    again = app.cases.import_files(files[:2])  # already there: refused, nothing written twice
    assert not again.imported and len(again.refused) == 2
    rows = app.audit.entries(action="dossier.import")
    assert sum(1 for r in rows if r.result.startswith("ok")) == 7
    assert not any("Jansen" in f"{r.object} {r.result}" for r in rows)
    assert {s.reference for s in app.cases.summaries(limit=100)} >= {f"BULK-{n}" for n in range(7)}
    assert app.maintenance.check().projections == []
