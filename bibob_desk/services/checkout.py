"""Check-out and check-in (issue 19, deliverable 5): a laptop takes selected cases of the team
database into a new encrypted file of its own, works on them offline as on any file database, and
brings the changes back later.

Check-out copies the cases with their versions, assessments and attachments (store/transfer.py) and
records in the file where each case came from and at which version. Nothing is locked on the server:
colleagues go on working. Check-in is a three-way merge per field, from the version the case left
at: what only the laptop changed is taken over, what only the team changed stays, an item added to a
list on both sides (an event, a note) is kept twice over; a field changed on both sides to different
values is a conflict, shown with the three values. A case with an unresolved conflict is not checked
in at all (nothing of it is written); a choice per field (`eigen` or `team`) resolves it. What the
laptop changed in the case's team (behandelaar, jurist, afscherming, afsluiting) is not taken over:
that is decided in the team database. The merge is saved as one new version on the server with the
laptop's reasons, through the same checks as an import; the file keeps everything, so nothing is lost
either way.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonpatch
import jsonpointer

from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.changes import Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.services.revisions import FieldConflict, case_from_document
from bibob_desk.store.keyslots import PRODUCT_KDF, KdfParams
from bibob_desk.store.store import Store
from bibob_desk.store.transfer import (
    add_attachments,
    attachment_ids,
    attachments_since,
    checked_out,
    copy_cases,
    mark_checked_out,
    remove_new_file,
)

TEAM_ONLY = ("/id", "/reference", "/behandelaar", "/jurist", "/shielded", "/closure")
"""Decided in the team database: who is on the case's team (and so who may see it), its shielding
and its closure. A check-in leaves them as the server has them."""
KEEP_MINE, KEEP_THEIRS = "eigen", "team"
APPEND = "-"  # RFC 6901: the end of a list


@dataclass(frozen=True)
class CheckedOut:
    reference: str
    case_id: str
    version: int


@dataclass(frozen=True)
class CheckIn:
    """One case of a check-in. `status`: ingecheckt, ongewijzigd, conflict, al_ingecheckt."""

    reference: str
    case_id: str
    status: str
    version: int | None = None  # the new version on the server
    taken: tuple[str, ...] = ()  # the fields taken over from the laptop
    conflicts: tuple[FieldConflict, ...] = ()
    not_taken: tuple[str, ...] = ()  # the laptop's changes to TEAM_ONLY fields
    attachments: int = 0  # attachments added on the laptop, now on the server


@dataclass
class _Merge:
    result: dict[str, Any]
    taken: list[str] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    not_taken: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CheckOutResult:
    cases: list[CheckedOut]
    recovery_key: str  # of the new file: shown once
    fingerprint: str


class CheckoutService(Reports):
    """The team database's side, for the window and the command line: the file is made or opened
    here with the signed-in person's name and the password given."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def shared(self) -> bool:
        """A team database: the only place to check out from."""
        return self.store.shared

    def check_out(
        self, path: Path, references: list[str], password: str, kdf: KdfParams = PRODUCT_KDF
    ) -> CheckOutResult:
        """These cases into a new file at `path`. A check-out that fails leaves no file behind."""
        from bibob_desk.services.users import create_store

        require(self.store, Role.VERGUNNINGVERLENER)
        user = self.store.user
        local = create_store(
            path, username=user.username, display_name=user.display_name, password=password, kdf=kdf
        )
        try:
            taken = check_out(self.store, local, references)
            result = CheckOutResult(taken, local.recovery_key or "", local.org_fingerprint)
        except BaseException:
            local.close(anchor=False)
            remove_new_file(path)
            raise
        local.close()
        return result

    def check_in(self, path: Path, password: str, choices: dict[str, str] | None = None) -> list[CheckIn]:
        """The checked-out cases of the file at `path` back into this team database; the file keeps
        everything."""
        local = Store.open(path, username=self.store.user.username, password=password)
        try:
            results = check_in(local, self.store, choices)
        finally:
            local.close()
        saved = [r.case_id for r in results if r.status == "ingecheckt"]
        if saved:
            self.report(*saved, topics=(Topic.CASES, Topic.EVENTS))
        return results


def check_out(team: Store, local: Store, references: list[str]) -> list[CheckedOut]:
    """Copy these cases of the team database into `local`, a new file of the same person."""
    require(team, Role.VERGUNNINGVERLENER)
    require(local, Role.VERGUNNINGVERLENER)
    if not team.shared or local.shared:
        raise UserError("Uitchecken gaat van een teamdatabase naar een databasebestand op deze computer.")
    if not references:
        raise UserError("Noem de dossiers die u wilt uitchecken (kenmerken).")
    with team.transaction() as tx:
        cases = [tx.cases.get_by_reference(r.strip()) for r in dict.fromkeys(references)]
        taken = [CheckedOut(c.reference, c.id, tx.cases.version(c.id)) for c in cases]
    copy_cases(team, local, [c.case_id for c in taken])
    with local.transaction() as tx:
        attachments = attachment_ids(tx, [c.case_id for c in taken])
        mark_checked_out(
            tx,
            {"bron": team.db_uuid}
            | {
                f"dossier.{c.case_id}": json.dumps(
                    {"versie": c.version, "bijlagen": attachments.get(c.case_id, [])}
                )
                for c in taken
            },
        )
        tx.audit("dossiers.uitgecheckt_uit_team", f"bron:{team.db_uuid};dossiers:{len(taken)}")
    with team.transaction() as tx:
        for c in taken:
            tx.audit("dossier.uitgecheckt", f"case:{c.case_id};versie:{c.version};bestand:{local.db_uuid}")
    return taken


def check_in(local: Store, team: Store, choices: dict[str, str] | None = None) -> list[CheckIn]:
    """Bring the checked-out cases of `local` back into the team database they came from.
    `choices`: per conflicting field ('/location/street', or a reference and field 'H1:/location/street')
    KEEP_MINE or KEEP_THEIRS; '*' for every field."""
    require(team, Role.VERGUNNINGVERLENER)
    require(local, Role.VERGUNNINGVERLENER)
    choices = dict(choices or {})
    bad = sorted({v for v in choices.values() if v not in (KEEP_MINE, KEEP_THEIRS)})
    if bad:
        raise UserError(f"Kies per veld '{KEEP_MINE}' of '{KEEP_THEIRS}', niet '{bad[0]}'.")
    with local.transaction() as tx:
        marks = checked_out(tx)
    if not marks:
        raise UserError("Dit bestand is niet uitgecheckt uit een teamdatabase; er valt niets in te checken.")
    if marks.get("bron") != team.db_uuid:
        raise UserError(
            "Dit bestand is uit een andere teamdatabase uitgecheckt; check het in bij de database waar het "
            "vandaan komt."
        )
    results = []
    for key, value in sorted(marks.items()):
        if key.startswith("dossier."):
            results.append(
                _check_in_case(local, team, key.removeprefix("dossier."), json.loads(value), choices)
            )
    return results


def _check_in_case(
    local: Store, team: Store, case_id: str, mark: dict[str, Any], choices: dict[str, str]
) -> CheckIn:
    base_version = int(mark["versie"])
    with local.transaction() as tx:
        mine_case = tx.cases.get(case_id)
        mine_version = tx.cases.version(case_id)
        reference = mine_case.reference
        if "ingecheckt" in mark:
            return CheckIn(reference, case_id, "al_ingecheckt", int(mark["ingecheckt"]))
        added = attachments_since(tx, case_id, mark.get("bijlagen", []))
        if mine_version == base_version and not added:
            return CheckIn(reference, case_id, "ongewijzigd")
        mine = to_primitive(mine_case)
        base = copy.deepcopy(mine)
        for inverse in tx.revisions.inverse_patches(case_id, base_version):
            base = jsonpatch.apply_patch(base, inverse)
        reasons = [r.reason for r in tx.revisions.revisions(case_id) if r.number > base_version and r.reason]
    with team.transaction() as tx:
        theirs_version = tx.cases.version(case_id)
        theirs = to_primitive(tx.cases.get(case_id))
    mine_choices = {name: how for name, how in choices.items() if ":" not in name}  # every case
    for name, how in choices.items():
        named, sep, path = name.partition(":")
        if sep and named == reference:  # this case's own choice wins
            mine_choices[path] = how
    merge = merge_three_way(base, mine, theirs, mine_choices)
    if merge.conflicts:
        return CheckIn(
            reference, case_id, "conflict", conflicts=tuple(merge.conflicts), not_taken=tuple(merge.not_taken)
        )
    why = f"ingecheckt vanaf de laptop (uitgecheckt op versie {base_version})"
    if reasons:
        why += ": " + "; ".join(dict.fromkeys(reasons))
    try:
        merged = case_from_document(merge.result)
    except UserError as error:  # e.g. a party removed on one side and named in a relation on the other
        raise UserError(
            f"Dossier {reference} is niet ingecheckt: samengevoegd klopt het niet ({error}) Neem de "
            "wijziging van de laptop over met Bewerken in de teamdatabase; het bestand houdt alles."
        ) from None
    with team.transaction() as tx:
        version = tx.save_case(merged, reason=why[:2000], expected=theirs_version)
        add_attachments(tx, added)
        paths = ",".join(merge.taken)
        tx.audit(
            "dossier.ingecheckt",
            f"case:{case_id};versie:{version or theirs_version};velden:{paths};bijlagen:{len(added)};"
            f"bestand:{local.db_uuid}",
        )
    done = version or theirs_version
    with local.transaction() as tx:
        state = {**mark, "ingecheckt": done, "lokaal": mine_version}
        mark_checked_out(tx, {f"dossier.{case_id}": json.dumps(state)})
        tx.audit("dossier.ingecheckt_in_team", f"case:{case_id};versie:{done}")
    return CheckIn(
        reference,
        case_id,
        "ingecheckt",
        done,
        taken=tuple(merge.taken),
        not_taken=tuple(merge.not_taken),
        attachments=len(added),
    )


# -- the three-way merge -----------------------------------------------------------------------------
def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def changes(base: Any, new: Any, path: str = "") -> list[tuple[str, str, Any]]:
    """What changed from `base` to `new`, as (path, kind, value): kind 'set' (a new value at the path,
    a removal when absent), or 'append' (an item added at the end of a list that kept its items)."""
    if isinstance(base, dict) and isinstance(new, dict):
        found: list[tuple[str, str, Any]] = []
        for key in sorted(base.keys() | new.keys()):
            here = f"{path}/{_escape(key)}"
            if key not in new:
                found.append((here, "set", ABSENT))
            elif key not in base and isinstance(new[key], list):  # an empty list is left out
                found.extend(changes([], new[key], here))
            elif key not in base:
                found.append((here, "set", new[key]))
            else:
                found.extend(changes(base[key], new[key], here))
        return found
    if isinstance(base, list) and isinstance(new, list) and len(new) >= len(base):
        found = []
        for index, item in enumerate(base):
            found.extend(changes(item, new[index], f"{path}/{index}"))
        found.extend((f"{path}/{APPEND}", "append", item) for item in new[len(base) :])
        return found
    return [] if base == new else [(path, "set", new)]


class _Absent:
    def __repr__(self) -> str:
        return "(weggehaald)"


ABSENT: Any = _Absent()


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _value(doc: Any, path: str) -> Any:
    found = jsonpointer.resolve_pointer(doc, path, ABSENT)
    return None if found is ABSENT else found


def _put(doc: dict[str, Any], path: str, kind: str, value: Any) -> None:
    parent_path, _, last = path.rpartition("/")
    if kind == "append" and jsonpointer.resolve_pointer(doc, parent_path, ABSENT) is ABSENT:
        _put(doc, parent_path, "set", [])  # the list was empty, so left out of the document
    parent = jsonpointer.resolve_pointer(doc, parent_path) if parent_path else doc
    key = last.replace("~1", "/").replace("~0", "~")
    if kind == "append":
        parent.append(copy.deepcopy(value))
    elif value is ABSENT:
        if isinstance(parent, list):
            del parent[int(key)]
        else:
            parent.pop(key, None)
    elif isinstance(parent, list):
        parent[int(key)] = copy.deepcopy(value)
    else:
        parent[key] = copy.deepcopy(value)


def merge_three_way(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], choices: dict[str, str] | None = None
) -> _Merge:
    """`mine` merged into `theirs`, both grown from `base`. A field both sides set to different values
    (or a list one side replaced while the other added to it) is a conflict unless `choices` names
    it (or '*'): KEEP_MINE takes the laptop's value of that field, KEEP_THEIRS leaves the server's."""
    choices = choices or {}
    others = changes(base, theirs)
    merge = _Merge(copy.deepcopy(theirs))
    clashes: dict[str, str | None] = {}  # the conflicting field -> the choice made for it
    for path, kind, value in changes(base, mine):
        if any(path == f or path.startswith(f + "/") for f in TEAM_ONLY):
            merge.not_taken.append(path)
            continue
        # two items added to one list are both kept (the server's first)
        against = [(p, k, v) for p, k, v in others if _overlaps(path, p) and not (k == "append" == kind)]
        if not against:
            _put(merge.result, path, kind, value)
            merge.taken.append(path)
        elif against != [(path, kind, value)]:  # not the same change on both sides
            where = min([path, *(p for p, _k, _v in against)], key=len).removesuffix("/" + APPEND)
            clashes[where] = choices.get(where, choices.get("*"))
    for where, how in clashes.items():
        if how == KEEP_MINE:
            _put(merge.result, where, "set", jsonpointer.resolve_pointer(mine, where, ABSENT))
            merge.taken.append(where)
        elif how is None:
            values = (_value(base, where), _value(mine, where), _value(theirs, where))
            merge.conflicts.append(FieldConflict(where, *values, clash=True))
    return merge
