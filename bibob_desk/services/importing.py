"""Bulk import (issue 18): many case files in one session and one unlock, written in batches of short
transactions. Every file is checked on its own: a refused file is named with its reason and the
others go on; a written case has its own audit row, as with a single import."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bibob_desk.domain.enums import Role
from bibob_desk.domain.model import Case
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store

BATCH = 200  # cases per transaction: the writer lock is held per batch, not for the whole import


@dataclass
class Imported:
    case_id: str
    reference: str
    unknown_fields: int


@dataclass
class BulkImport:
    imported: list[Imported] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason in Dutch)


def case_files(arguments: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the .json files directly in it (sorted)."""
    out: list[Path] = []
    for path in arguments:
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
        else:
            out.append(path)
    return out


def import_files(
    store: Store, paths: list[Path], progress: Callable[[int, int], None] | None = None
) -> BulkImport:
    require(store, Role.VERGUNNINGVERLENER)
    outcome, total = BulkImport(), len(paths)
    seen_references: set[str] = set()
    seen_ids: set[str] = set()
    for start in range(0, total, BATCH):
        chunk = paths[start : start + BATCH]
        refused_before = len(outcome.refused)
        ready: list[tuple[Path, Case, int]] = []
        for path in chunk:
            result = read_case_file(path)
            if not result.ok or result.case is None:
                errors = result.errors
                reason = (
                    f"{len(errors)} fouten, o.a. {errors[0]}"
                    if len(errors) > 1
                    else str(errors[0])
                    if errors
                    else "onleesbaar"
                )
                outcome.refused.append((path.name, reason))
                continue
            ready.append((path, result.case, len(result.warnings)))
        imported: list[Imported] = []  # counted once the batch has committed
        duplicates: list[tuple[str, str]] = []
        with store.transaction() as tx:
            references = tx.cases.existing_references([c.reference for _, c, _ in ready]) | seen_references
            ids = tx.cases.existing_ids([c.id for _, c, _ in ready]) | seen_ids
            fresh: list[Case] = []
            for path, case, unknown in ready:
                if case.reference in references:
                    duplicates.append((path.name, f"kenmerk {case.reference} bestaat al"))
                    continue
                if case.id in ids:
                    duplicates.append((path.name, "dit dossier (zelfde id) bestaat al"))
                    continue
                fresh.append(case)
                tx.audit("dossier.import", f"case:{case.id}", result=f"ok;onbekende_velden={unknown}")
                references.add(case.reference)
                ids.add(case.id)
                imported.append(Imported(case.id, case.reference, unknown))
            if fresh:
                tx.cases.add_many(fresh)  # one statement per table for the batch
            refused = len(outcome.refused) - refused_before + len(duplicates)
            if refused:  # without file names: those can name people
                tx.audit("dossier.import", "bestanden", result=f"geweigerd:{refused}")
        seen_references, seen_ids = references, ids
        outcome.imported += imported
        outcome.refused += duplicates
        if progress is not None:
            progress(min(start + BATCH, total), total)
    return outcome
