"""Correcting a case: a change is a set of field edits (RFC 6902 operations on the case as in the
exchange format), checked like an import, stored as a new version with who, when, why and the
field-level diff. History per case; "terugzetten naar versie N" is a new version, never a rewrite.
The audit log gets the case id and the field paths, never the values."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import jsonpatch
import jsonpointer

from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import Role, Stage
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case
from bibob_desk.domain.revisions import Revision
from bibob_desk.domain.text import clean_text
from bibob_desk.exchange.case_format import validate_document
from bibob_desk.exchange.schema_gen import FORMAT_ID
from bibob_desk.presentation.recipients import OFFICER_FIELDS
from bibob_desk.services.changes import Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.services.shielding import HIDDEN, hides_names, user_of
from bibob_desk.store.store import Store

FIXED = (
    "/id",
    "/answers",
    "/overrides",
    "/events",
    "/stage",
    "/behandelaar",
    "/jurist",
    "/closure",
    "/shielded",
)  # changed by their own actions, not by edits
MIN_REASON = 5


def pointer(path: str) -> str:
    """'parties.0.name' or '/parties/0/name' -> '/parties/0/name'."""
    path = path.strip()
    if path.startswith("/"):
        return path
    return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in path.split("."))


@dataclass(frozen=True)
class FieldConflict:
    """One field of a refused save: as it was in the version the edit started from, as typed, and
    as it is now. `clash`: a colleague changed this field (or the part holding it) too."""

    path: str
    base: Any
    mine: Any  # None for a removal
    theirs: Any
    clash: bool


@dataclass(frozen=True)
class Conflict:
    """Both versions of a save refused as stale (issue 19): what the colleague changed since (his
    versions, who, when, why) and, per field of this edit, the three values."""

    case_id: str
    expected: int
    current: int
    theirs: tuple[Revision, ...]
    fields: tuple[FieldConflict, ...]


class RevisionService(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store

    def version(self, case_id: str) -> int:
        with self.store.transaction() as tx:
            return tx.cases.version(case_id)

    def history(self, case_id: str) -> tuple[str, list[Revision]]:
        """(when the case was created, its changes oldest first). Audited as a read."""
        with self.store.transaction() as tx:
            tx.audit("dossier.geschiedenis.ingezien", f"case:{case_id}")
            created, revisions = tx.cases.created(case_id), tx.revisions.revisions(case_id)
            case = tx.cases.get(case_id)
        if hides_names(case, *user_of(self.store)):
            revisions = [
                replace(
                    r,
                    actor=HIDDEN,
                    changes=tuple(
                        replace(c, old=HIDDEN, new=HIDDEN)
                        if c.path.rsplit("/", 1)[-1] in OFFICER_FIELDS
                        else c
                        for c in r.changes
                    ),
                )
                for r in revisions
            ]
        return created, revisions

    def edit(
        self, case_id: str, operations: list[dict[str, Any]], reason: str, *, expected: int | None = None
    ) -> int:
        """Apply field edits (RFC 6902: replace, add, remove) and store them as a new version.
        A reason is required once the case has left intake; `expected` refuses a stale save."""
        require(self.store, Role.VERGUNNINGVERLENER)
        try:
            operations = [{**op, "path": pointer(str(op["path"]))} for op in operations]
        except (KeyError, TypeError):
            raise UserError("Elke wijziging noemt een veld (path).") from None
        for op in operations:
            path = op["path"]
            if any(path == f or path.startswith(f + "/") for f in FIXED):
                raise UserError(f"Het veld {path} wordt niet hier gewijzigd maar met zijn eigen handeling.")
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            why = self._reason(case, reason)
            changed = _patched(case, operations)
            version = tx.save_case(changed, reason=why, expected=expected)
            if version is None:
                raise UserError("Er is niets gewijzigd.")
            paths = ",".join(sorted({str(op["path"]) for op in operations}))
            tx.audit("dossier.gewijzigd", f"case:{case_id};versie:{version};velden:{paths}")
        self.report(case_id, topics=(Topic.CASES, Topic.EVENTS))
        return version

    def conflict(self, case_id: str, expected: int, operations: list[dict[str, Any]]) -> Conflict:
        """What a conflict dialog shows when `edit(..., expected=expected)` was refused: read like
        the history (audited, officers hidden where the case shields them)."""
        _created, revisions = self.history(case_id)
        with self.store.transaction() as tx:
            now = to_primitive(tx.cases.get(case_id))
            current = tx.cases.version(case_id)
        later = tuple(r for r in revisions if r.number > expected)
        fields = []
        for op in operations:
            path = pointer(str(op.get("path", "")))
            theirs = jsonpointer.resolve_pointer(now, path, None)
            touched = [
                c
                for r in later
                for c in r.changes
                if c.path == path or path.startswith(c.path + "/") or c.path.startswith(path + "/")
            ]
            exact = next((c for c in touched if c.path == path), None)
            base = exact.old if exact is not None else theirs
            mine = None if op.get("op") == "remove" else op.get("value")
            fields.append(FieldConflict(path, base, mine, theirs, clash=bool(touched)))
        return Conflict(case_id, expected, current, later, tuple(fields))

    def revert(self, case_id: str, to: int, reason: str) -> int:
        """The case as it was at version `to`, saved as a new version (history stays)."""
        require(self.store, Role.VERGUNNINGVERLENER)
        with self.store.transaction() as tx:
            case = tx.cases.get(case_id)
            current = tx.cases.version(case_id)
            known = {r.number for r in tx.revisions.revisions(case_id)}
            if not 1 <= to < current:
                raise UserError(f"Kies een eerdere versie, van 1 tot en met {current - 1}.")
            if any(n not in known for n in range(to + 1, current + 1)):
                raise UserError(
                    f"Van versie {to} zijn niet alle latere wijzigingen bewaard; terugzetten kan niet."
                )
            why = self._reason(case, reason, required=True)
            data = to_primitive(case)
            for inverse in tx.revisions.inverse_patches(case_id, to):
                data = jsonpatch.apply_patch(data, inverse)
            restored = _validated(data)
            version = tx.save_case(restored, reason=f"teruggezet naar versie {to}: {why}", expected=current)
            tx.audit("dossier.teruggezet", f"case:{case_id};versie:{version};naar:{to}")
        self.report(case_id, topics=(Topic.CASES, Topic.EVENTS))
        assert version is not None
        return version

    @staticmethod
    def _reason(case: Case, reason: str, *, required: bool = False) -> str:
        text = clean_text((reason or "").strip(), max_length=2000)
        if text.problem:
            raise UserError(f"De motivering {text.problem}.")
        if (required or case.stage is not Stage.AANVRAAG_ONTVANGEN) and len(text.text) < MIN_REASON:
            raise UserError(
                "Geef een motivering bij deze correctie (het dossier is voorbij de intake); "
                f"minstens {MIN_REASON} tekens."
            )
        return text.text


def _patched(case: Case, operations: list[dict[str, Any]]) -> Case:
    try:
        data = jsonpatch.apply_patch(to_primitive(case), operations)
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException, KeyError, TypeError):
        raise UserError("Die wijziging past niet op het dossier (onbekend veld of nummer).") from None
    return _validated(data)


def case_from_document(data: dict[str, Any]) -> Case:
    """A case as in the exchange format, checked exactly like an import (the check-in's merge)."""
    return _validated(data)


def _validated(data: dict[str, Any]) -> Case:
    """Checked exactly like an import (schema, identifiers, references); unknown fields refused."""
    result = validate_document(json.loads(json.dumps({"format": FORMAT_ID, "case": data}, default=str)))
    problems = result.errors + result.warnings
    if problems or result.case is None:
        first = problems[0] if problems else None
        where = (first.path.replace("$.case", "").lstrip(".") if first else "") or "dossier"
        message = (first.message if first else "ongeldig").rstrip(".")
        raise UserError(f"De wijziging is niet opgeslagen: {where}: {message}.")
    return result.case
