"""Projections (issue 18): tables derived from the case documents, written in the same transaction
as every change of a case, so the cross-case views read an index instead of decoding every case.

- case_terms: per open case its open terms (due dates, how they were counted). What a deadline
  depends on besides the case — the term settings and the LBB reading — is the fingerprint stored
  per case (cases.terms_fp); a term that moves with the calendar (open LBB questions, an open
  herstel request) is valid until cases.terms_until. The overview recomputes just the cases whose
  fingerprint differs or whose date has passed, and writes them back.
- match_keys: per party (and the location) the match keys of network/keys.py: BSN, KvK, RSIN and
  postcode + house number as keyed hashes, the normalised surname or company name, the birth date.
- doorstart_hits: (case, watched case) for every pair the doorstart watch alerts on. A save
  refreshes the case's own hits and, when it is watched, the hits on it; a judgement refreshes the
  two cases it judges.

All of it lives in the same encrypted file as the cases. `projection_check.verify` recomputes
everything and names what differs; `projection_check.rebuild` writes it again (migration 14 and
`check --herstel`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, String, TextClause, bindparam, text
from sqlalchemy import column as typed_column

from bibob_desk.content.safe_yaml import ContentError
from bibob_desk.domain.enums import Stage
from bibob_desk.domain.model import Case
from bibob_desk.network.doorstart import links, watch_of
from bibob_desk.network.keys import MatchKey, keyed_hasher, keys_of, lengths_within, similar
from bibob_desk.network.matching import PartyRef
from bibob_desk.store import dialect, sealing
from bibob_desk.store.sealing import Equal
from bibob_desk.workflow.deadlines import Deadline, compute, stable_until
from bibob_desk.workflow.terms import READINGS, TermSettings, default_terms_path, fingerprint, load_terms

FOREVER = "9999-12-31"
HASH_KEY_META = "projectie.sleutel"
READING_SETTING = "setting.lbb_opschorting"
DEFAULT_READING = "UNTIL_ADVICE"  # the setting's default (services/settings.py)

KEY_COLUMNS = (
    "case_id, reference, party_key, kind, name, birth_date, bsn, kvk, rsin, address, surname, company, "
    "received, watched_since"
)
# on a team database the names in the keys are ciphertext (sealing.py), deterministic so that the
# server answers `IN` and the watched cases' copy compares equal; the identifiers are HMACs already
_KEY_TYPES = {
    column_name: Equal(f"match_keys.{column_name}")
    for column_name in ("name", "birth_date", "surname", "company")
}
_KEY_BINDS = {  # the parameter names of the statements below -> the column they stand for
    "name": "name",
    "birth": "birth_date",
    "surname": "surname",
    "company": "company",
    "bd": "birth_date",
    "sn": "surname",
    "cn": "company",
}
_INSERT_BINDS = ("name", "birth", "surname", "company")
_POOLED = Equal("match_names.name")


def key_select(sql: str, **expanding: bool) -> Any:
    """A SELECT of KEY_COLUMNS whose names come back opened, its parameters typed alike."""
    binds = [
        bindparam(name, type_=_KEY_TYPES.get(_KEY_BINDS.get(name, ""), String()), expanding=many)
        for name, many in expanding.items()
    ]
    stmt = text(sql).bindparams(*binds) if binds else text(sql)
    names = [n.strip() for n in KEY_COLUMNS.split(",")]
    return stmt.columns(*(typed_column(n, _KEY_TYPES.get(n, String())) for n in names))


TERM_COLUMNS = (
    "case_id, reference, key, label, raw, adjusted, atw, explanation, basis, projected, effective, id"
)


@dataclass(frozen=True)
class Terms:
    """The term settings the projection is computed with, and their fingerprint ('' = none usable)."""

    settings: TermSettings | None
    fingerprint: str


@lru_cache(maxsize=8)
def _terms_file(path: Path, mtime: float) -> TermSettings | None:
    try:
        return load_terms(path)
    except (ContentError, OSError):
        return None  # the views say the term settings are unusable; saving a case still works


def default_terms(conn: Connection) -> Terms:
    """The term settings file with the reading stored in the settings: what the workflow service
    uses, for saves made without it (migrations, the bench generator, the store's own tests)."""
    path = default_terms_path()
    try:
        settings = _terms_file(path, path.stat().st_mtime)
    except OSError:
        settings = None
    if settings is None:
        return Terms(None, "")
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": READING_SETTING}).first()
    reading = str(row[0]) if row is not None and row[0] in READINGS else DEFAULT_READING
    settings = settings.with_reading(reading)
    return Terms(settings, fingerprint(settings))


def terms_of(settings: TermSettings | None) -> Terms:
    return Terms(None, "") if settings is None else Terms(settings, fingerprint(settings))


def secret(conn: Connection) -> bytes:
    """The key of the hashed match keys, made once per database (it never leaves the file). A team
    database derives it from the team key instead: the server never holds it (sealing.py)."""
    cipher = sealing.cipher_of(conn)
    if cipher is not None:
        return cipher.match_secret
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": HASH_KEY_META}).first()
    if row is not None:
        return bytes.fromhex(str(row[0]))
    value = secrets.token_bytes(32)
    conn.execute(
        text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": HASH_KEY_META, "v": value.hex()}
    )
    return value


def _key_from_row(row: tuple) -> MatchKey:
    case_id, reference, party_key, kind, name, birth, bsn, kvk, rsin, address, surname, company = row[:12]
    ref = PartyRef(
        case_id,
        reference,
        party_key,
        name,
        kind,
        birth_date=date.fromisoformat(birth) if birth else None,
        bsn=bsn or None,
        kvk=kvk or None,
        rsin=rsin or None,
        address=address,
    )
    return MatchKey(ref, surname, company, row[12], row[13])


def _term_rows(case: Case, terms: Terms, today: date) -> tuple[list[Deadline], str]:
    assert terms.settings is not None
    if case.stage is Stage.GESLOTEN:  # a closed case has no open term (as the overview always had)
        return [], FOREVER
    timeline = compute(case, terms.settings, today)
    until = stable_until(case, terms.settings, today)
    return [d for d in timeline.deadlines if d.done is None], until.isoformat() if until else FOREVER


def _deadline(row: tuple) -> Deadline:
    _c, _r, key, label, raw, adjusted, atw, explanation, basis, projected = row[:10]
    return Deadline(
        key=key,
        label=label,
        raw=date.fromisoformat(raw),
        adjusted=date.fromisoformat(adjusted),
        atw_applies=bool(atw),
        explanation=explanation,
        basis=basis,
        projected=bool(projected),
    )


def watches(cases: Iterable[Case]) -> dict[str, str]:
    """The day each case's doorstart watch began ('' when it is not watched), by case id."""
    return {c.id: (w.since.isoformat() if (w := watch_of(c)) else "") for c in cases}


class NamePools:
    """The surnames and company names of match_names, held in memory for the session by length
    (read once, then grown by every save of this process; only this process writes the file:
    instance lock; on a team database they are read again once colleagues saved, Store.colleagues_saved).
    A name added by a transaction that rolled back stays: one empty lookup, never a
    missed one."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, str], dict[int, list[str]]] = {}
        self._known: dict[tuple[str, str], set[str]] = {}

    def _loaded(self, conn: Connection, scope: str, kind: str) -> dict[int, list[str]]:
        key = (scope, kind)
        if key not in self._names:
            by_length: dict[int, list[str]] = {}
            rows = conn.execute(
                text("SELECT name FROM match_names WHERE scope = :s AND kind = :k").columns(
                    typed_column("name", _POOLED)
                ),
                {"s": scope, "k": kind},
            )
            for (name,) in rows:
                by_length.setdefault(len(name), []).append(str(name))
            self._names[key] = by_length
            self._known[key] = {n for names in by_length.values() for n in names}
        return self._names[key]

    def near(self, conn: Connection, scope: str, kind: str, query: str, *, strict: bool = False) -> list[str]:
        """The pooled names close enough to `query` to pass the rule (network/keys.similar), looked
        for only among the lengths that can reach the cutoff."""
        companies = kind == "company"
        by_length = self._loaded(conn, scope, kind)
        found: list[str] = []
        for size in lengths_within(len(query), companies=companies):
            names = by_length.get(size)
            if names:
                found += similar(query, names, companies=companies, strict=strict)
        return found

    def add(self, scope: str, kind: str, name: str) -> None:
        key = (scope, kind)
        if key in self._names and name not in self._known[key]:
            self._known[key].add(name)
            self._names[key].setdefault(len(name), []).append(name)


class Projections:
    """The projections on one connection (the unit of work's, or a migration's)."""

    def __init__(
        self, conn: Connection, today: date, terms: Terms | None = None, pools: NamePools | None = None
    ) -> None:
        self.conn, self.today = conn, today
        self._terms = terms
        self._digest: Callable[[str, str], str] | None = None
        self.pools = pools or NamePools()

    def _sql(self, statement: str) -> TextClause:
        """A statement in SQLite's spelling, as this connection's dialect takes it (store/dialect.py)."""
        return text(dialect.portable(statement, dialect.name(self.conn)))

    @property
    def terms(self) -> Terms:
        if self._terms is None:
            self._terms = default_terms(self.conn)
        return self._terms

    @property
    def digest(self) -> Callable[[str, str], str]:
        if self._digest is None:
            self._digest = keyed_hasher(secret(self.conn))
        return self._digest

    def keys_for(self, case: Case) -> list[MatchKey]:
        """The match keys of a case as they are (or would be) stored."""
        return keys_of(case, self.digest)

    # -- writing ---------------------------------------------------------------------------

    def put(self, case: Case, *, new: bool = False) -> None:
        """Everything derived from this case, in the caller's transaction (`new`: just added, so
        there is nothing of it to delete and no judgement about it yet)."""
        self.put_many([case], new=new)

    def put_many(self, cases: list[Case], *, new: bool = False) -> None:
        """The same for several cases: one statement per table for the lot (a bulk import writes
        200 at a time), then the doorstart hits of each, with every case's keys already stored."""
        since = watches(cases)
        self.put_terms(cases, new=new, watched_since=since)
        self.put_sources(cases, new=new)
        keys = self.put_keys(cases, new=new)
        found: list[tuple[str, str]] = []
        for case in cases:
            found += self._hits(case.id, keys[case.id], case.received_date.isoformat(), since[case.id], new)
        self._insert_hits(found)

    def put_terms(
        self,
        cases: Iterable[Case],
        terms: Terms | None = None,
        *,
        new: bool = False,
        watched_since: dict[str, str] | None = None,
    ) -> None:
        """The open terms of these cases, with the settings and the day they were computed for
        (`watched_since`: the cases' watch as well, by case id)."""
        terms = terms or self.terms
        cases = list(cases)
        if not new:
            self._delete("case_terms", [c.id for c in cases])
        inserts: list[dict[str, object]] = []
        updates: list[dict[str, object]] = []
        for case in cases:
            rows, until = ([], "") if terms.settings is None else _term_rows(case, terms, self.today)
            inserts += [
                {
                    "c": case.id,
                    "r": case.reference,
                    "k": d.key,
                    "l": d.label,
                    "raw": d.raw.isoformat(),
                    "adj": d.adjusted.isoformat(),
                    "atw": d.atw_applies,
                    "eff": d.effective.isoformat(),
                    "e": d.explanation,
                    "b": d.basis,
                    "p": d.projected,
                }
                for d in rows
            ]
            update: dict[str, object] = {"f": terms.fingerprint, "u": until, "i": case.id}
            if watched_since is not None:
                update["s"] = watched_since[case.id]
            updates.append(update)
        if inserts:
            self.conn.execute(
                text(
                    "INSERT INTO case_terms (case_id, reference, key, label, raw, adjusted, atw, "
                    "effective, explanation, basis, projected) VALUES (:c, :r, :k, :l, :raw, :adj, "
                    ":atw, :eff, :e, :b, :p)"
                ),
                inserts,
            )
        if updates:
            watched = ", watched_since = :s" if watched_since is not None else ""
            self.conn.execute(
                text(f"UPDATE cases SET terms_fp = :f, terms_until = :u{watched} WHERE id = :i"), updates
            )

    def put_sources(self, cases: list[Case], *, new: bool = False) -> None:
        """The sources of the cases' own signals (intimidation of an official: the start screen)."""
        if not new:
            self._delete("case_signal_sources", [c.id for c in cases])
        rows = [
            {"c": case.id, "s": source}
            for case in cases
            for source in sorted({signal.source.value for signal in case.signals})
        ]
        if rows:
            self.conn.execute(text("INSERT INTO case_signal_sources (case_id, source) VALUES (:c, :s)"), rows)

    def put_keys(self, cases: list[Case], *, new: bool = False) -> dict[str, list[MatchKey]]:
        """The match keys of these cases and their names in the pools; returns the keys by case id."""
        keys = {case.id: keys_of(case, self.digest) for case in cases}
        if not new:
            self._delete("match_keys", list(keys))
            self._delete("watch_keys", list(keys))
        every = [k for of_case in keys.values() for k in of_case]
        if every:
            values = (
                f"({KEY_COLUMNS}) VALUES (:case_id, :reference, :party_key, :kind, :name, :birth, :bsn, "
                ":kvk, :rsin, :address, :surname, :company, :received, :watched_since)"
            )
            typed = [bindparam(n, type_=_KEY_TYPES[_KEY_BINDS[n]]) for n in _INSERT_BINDS]
            insert_keys = text(f"INSERT INTO match_keys {values}").bindparams(*typed)
            self.conn.execute(insert_keys, [_key_params(k) for k in every])
            watched = [_key_params(k) for k in every if k.watched_since]
            if watched:
                self.conn.execute(text(f"INSERT INTO watch_keys {values}").bindparams(*typed), watched)
            names = {(scope, kind, name) for k in every for scope, kind, name in _pooled(k)}
            if names:
                self.conn.execute(
                    self._sql(
                        "INSERT OR IGNORE INTO match_names (scope, kind, name) VALUES (:s, :k, :n)"
                    ).bindparams(bindparam("n", type_=_POOLED)),
                    [{"s": s, "k": k, "n": n} for s, k, n in sorted(names)],
                )
                for scope, kind, name in names:
                    self.pools.add(scope, kind, name)
        return keys

    def _delete(self, table: str, case_ids: list[str]) -> None:
        if case_ids:
            self.conn.execute(text(f"DELETE FROM {table} WHERE case_id = :c"), [{"c": c} for c in case_ids])

    def _near(self, scope: str, kind: str, query: str, *, strict: bool = False) -> list[str]:
        return self.pools.near(self.conn, scope, kind, query, strict=strict)

    def refresh_hits(
        self,
        case_id: str,
        *,
        keys: list[MatchKey] | None = None,
        received: str | None = None,
        since: str | None = None,
        new: bool = False,
    ) -> None:
        """The doorstart hits of this case (as a new case) and on it (when it is watched)."""
        if keys is None or received is None or since is None:
            row = self.conn.execute(
                text("SELECT received_date, watched_since FROM cases WHERE id = :i"), {"i": case_id}
            ).first()
            if row is None:
                return
            received, since = str(row[0]), str(row[1])
            keys = self.keys_of_cases([case_id]).get(case_id, [])
        self._insert_hits(self._hits(case_id, keys, received, since, new))

    def _hits(
        self, case_id: str, keys: list[MatchKey], received: str, since: str, new: bool
    ) -> list[tuple[str, str]]:
        """(case, watched case) pairs of this case as a new case and, when it is watched, on it;
        its old pairs are deleted first (unless `new`)."""
        same, not_same = self.judgements(case_id)  # also for a new case: an id can come back
        if not new:
            self.conn.execute(
                text("DELETE FROM doorstart_hits WHERE case_id = :c OR watched_id = :c"), {"c": case_id}
            )
        linked = self.linked(keys, same, not_same, exclude=case_id, watched_until=received)
        found = [(case_id, w) for w in sorted(linked)]
        if since:
            linked = self.linked(keys, same, not_same, exclude=case_id, received_from=since)
            found += [(other, case_id) for other in sorted(linked)]
        return found

    def _insert_hits(self, found: list[tuple[str, str]]) -> None:
        if found:
            self.conn.execute(
                self._sql("INSERT OR IGNORE INTO doorstart_hits (case_id, watched_id) VALUES (:c, :w)"),
                [{"c": c, "w": w} for c, w in found],
            )

    def remove(self, case_id: str) -> None:
        """Before a case is purged (the foreign keys cascade too; this says it)."""
        for table, column in (
            ("case_signal_sources", "case_id"),
            ("case_terms", "case_id"),
            ("match_keys", "case_id"),
            ("watch_keys", "case_id"),
            ("doorstart_hits", "case_id"),
            ("doorstart_hits", "watched_id"),
        ):
            self.conn.execute(text(f"DELETE FROM {table} WHERE {column} = :c"), {"c": case_id})

    # -- reading ---------------------------------------------------------------------------

    def stale_terms(self, fingerprint: str, limit: int) -> list[str]:
        """Cases whose stored terms were computed with other settings, or on a day that no longer
        holds for them (open LBB questions move every day)."""
        found: dict[str, None] = {}
        for where in ("terms_fp < :f", "terms_fp > :f", "terms_until < :t"):  # each one index range
            rows = self.conn.execute(
                text(f"SELECT id FROM cases WHERE {where} LIMIT :n"),
                {"f": fingerprint, "t": self.today.isoformat(), "n": limit},
            )
            found.update((str(r[0]), None) for r in rows)
        return list(found)[:limit]

    def open_terms(
        self, until: date | None, after: tuple[str, str, int] | None, limit: int
    ) -> list[tuple[str, str, Deadline, tuple[str, str, int]]]:
        """Open terms by due date (then reference), from the index: (case id, reference, deadline,
        where the next page starts)."""
        where, params = ["1 = 1"], {"n": limit}
        if until is not None:
            where.append("effective <= :u")
            params["u"] = until.isoformat()
        if after is not None:
            where.append("(effective, reference, id) > (:ae, :ar, :ai)")
            params.update(ae=after[0], ar=after[1], ai=after[2])
        rows = self.conn.execute(
            text(
                f"SELECT {TERM_COLUMNS} FROM case_terms WHERE {' AND '.join(where)} "
                "ORDER BY effective, reference, id LIMIT :n"
            ),
            params,
        )
        return [(str(r[0]), str(r[1]), _deadline(tuple(r)), (r[10], r[1], r[11])) for r in rows]

    def due(self, until: date) -> list[tuple[str, date]]:
        """(case id, due date) of every open term due by `until`: the start screen's buckets."""
        rows = self.conn.execute(
            text("SELECT case_id, effective FROM case_terms WHERE effective <= :u"), {"u": until.isoformat()}
        )
        return [(str(c), date.fromisoformat(e)) for c, e in rows]

    def count_due(self, until: date | None) -> tuple[int, int]:
        """(overdue, all) open terms due by `until` (None: every open term), one indexed count."""
        where, params = "", {"t": self.today.isoformat()}
        if until is not None:
            where, params["u"] = " WHERE effective <= :u", until.isoformat()
        row = self.conn.execute(
            text(
                "SELECT coalesce(sum(CASE WHEN effective < :t THEN 1 ELSE 0 END), 0), count(*) "
                f"FROM case_terms{where}"
            ),
            params,
        ).one()
        return int(row[0]), int(row[1])

    def with_signal(self, source: str) -> list[str]:
        rows = self.conn.execute(
            text("SELECT case_id FROM case_signal_sources WHERE source = :s ORDER BY case_id"), {"s": source}
        )
        return [str(r[0]) for r in rows]

    def keys_of_cases(self, case_ids: Iterable[str]) -> dict[str, list[MatchKey]]:
        ids = list(case_ids)
        out: dict[str, list[MatchKey]] = {}
        for start in range(0, len(ids), 500):
            stmt = key_select(
                f"SELECT {KEY_COLUMNS} FROM match_keys WHERE case_id IN :ids ORDER BY id", ids=True
            )
            for row in self.conn.execute(stmt, {"ids": ids[start : start + 500]}):
                key = _key_from_row(tuple(row))
                out.setdefault(key.ref.case_id, []).append(key)
        return out

    def matching_cases(self, keys: list[MatchKey], exclude: str) -> set[str]:
        """The other cases with at least one real candidate for these keys (compare() on the keys)."""
        return self.linked(keys, frozenset(), frozenset(), exclude=exclude)

    def hits_of(self, case_id: str) -> list[str]:
        rows = self.conn.execute(
            text("SELECT watched_id FROM doorstart_hits WHERE case_id = :c"), {"c": case_id}
        )
        return [str(r[0]) for r in rows]

    def hits_for(self, case_ids: list[str]) -> dict[str, list[str]]:
        """The watched cases each of these cases alerts on (one query per 500 cases)."""
        out: dict[str, list[str]] = {case_id: [] for case_id in case_ids}
        stmt = text(
            "SELECT case_id, watched_id FROM doorstart_hits WHERE case_id IN :ids ORDER BY watched_id"
        )
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
        for start in range(0, len(case_ids), 500):
            for case_id, watched_id in self.conn.execute(stmt, {"ids": case_ids[start : start + 500]}):
                out[str(case_id)].append(str(watched_id))
        return out

    def judged_among(self, case_ids: list[str]) -> set[str]:
        """Which of these cases have a match judgement at all (most have none)."""
        found: set[str] = set()
        for column in ("case_a", "case_b"):
            stmt = text(f"SELECT DISTINCT {column} FROM match_judgements WHERE {column} IN :ids")
            stmt = stmt.bindparams(bindparam("ids", expanding=True))
            for start in range(0, len(case_ids), 500):
                found |= {str(r[0]) for r in self.conn.execute(stmt, {"ids": case_ids[start : start + 500]})}
        return found

    def hits_per_watch(self) -> dict[tuple[str, str], list[str]]:
        """Per watched case (id, reference) the cases that alert on it, not themselves watched."""
        rows = self.conn.execute(
            text(
                "SELECT h.watched_id, w.reference, h.case_id FROM doorstart_hits h "
                "JOIN cases c ON c.id = h.case_id JOIN cases w ON w.id = h.watched_id "
                "WHERE c.watched = '' ORDER BY w.reference, h.case_id"
            )
        )
        out: dict[tuple[str, str], list[str]] = {}
        for watched_id, reference, case_id in rows:
            out.setdefault((str(watched_id), str(reference)), []).append(str(case_id))
        return out

    def judgements(self, case_id: str) -> tuple[frozenset, frozenset]:
        """The latest judgement per pair touching the case: (judged the same, judged not the same)."""
        rows = self.conn.execute(
            text(
                "SELECT case_a, party_a, case_b, party_b, verdict FROM match_judgements "
                "WHERE case_a = :c OR case_b = :c ORDER BY id"
            ),
            {"c": case_id},
        )
        latest = {(a, pa, b, pb): verdict for a, pa, b, pb, verdict in rows}
        same = frozenset(k for k, v in latest.items() if v == "zelfde")
        not_same = frozenset(k for k, v in latest.items() if v == "niet_zelfde")
        return same, not_same

    # -- the candidate queries ---------------------------------------------------------------

    def linked(
        self,
        keys: list[MatchKey],
        same: frozenset,
        not_same: frozenset,
        *,
        exclude: str,
        watched_until: str | None = None,
        received_from: str | None = None,
    ) -> set[str]:
        """The cases linked to one of these keys by the matching rules and the officers' judgements
        (`links`), found through the indexes: equal hashed identifiers, close surnames with a
        fitting birth date, close company names. `watched_until`: only cases watched since that
        day or before; `received_from`: only cases received on or after that day."""
        scope, params = " AND case_id != :self", {"self": exclude}
        watched = watched_until is not None
        if watched:
            scope += " AND watched_since != '' AND watched_since <= :until"
            params["until"] = watched_until
        elif received_from is not None:
            scope += " AND received >= :from"
            params["from"] = received_from
        # one query: equal hashed identifiers, or a close surname (with a fitting birth date), or
        # a close company name; every row is then put to the rule itself (compare via links)
        terms, values = [], {}
        for column in ("bsn", "kvk", "rsin", "address"):
            found = sorted({getattr(k.ref, column) for k in keys} - {None, ""})
            if found:
                terms.append(f"{column} IN :{column}")
                values[column] = found
        scope_name = "wacht" if watched else "alle"
        persons = [k for k in keys if k.surname]
        surnames = {
            name
            for k in persons
            for name in self._near(scope_name, "surname", k.surname, strict=k.ref.birth_date is None)
        }
        if surnames:
            values["sn"] = sorted(surnames)
            if all(k.ref.birth_date for k in persons):  # a different birth date never matches
                terms.append("(surname IN :sn AND birth_date IN :bd)")
                values["bd"] = sorted(
                    {k.ref.birth_date.isoformat() for k in persons if k.ref.birth_date} | {""}
                )
            else:
                terms.append("surname IN :sn")
        companies = {
            name
            for k in keys
            if k.company
            for name in self._near(
                f"{scope_name}-zonder-kvk" if k.ref.kvk else scope_name, "company", k.company
            )
        }
        if companies:
            terms.append("company IN :cn")
            values["cn"] = sorted(companies)
        linked: set[str] = set()
        if terms:
            table = "watch_keys" if watched else "match_keys"  # the watched cases' keys on their own
            stmt = key_select(
                f"SELECT {KEY_COLUMNS} FROM {table} WHERE ({' OR '.join(terms)}){scope}",
                **dict.fromkeys(values, True),
            )
            for row in self.conn.execute(stmt, {**params, **values}):
                other = _key_from_row(tuple(row))
                if other.ref.case_id not in linked and _links(keys, [other], same, not_same):
                    linked.add(other.ref.case_id)
        partners = {c for pair in same for c in (pair[0], pair[2])} - {exclude} - linked
        if partners:  # judged the same as one of our parties: linked whatever the names
            wanted = self._select(f"case_id IN :v{scope}", params, v=sorted(partners))
            linked |= {k.ref.case_id for k in wanted if _links(keys, [k], same, not_same)}
        return linked

    def _select(self, where: str, params: dict, *, v: list[str]) -> list[MatchKey]:
        found: list[MatchKey] = []
        stmt = key_select(f"SELECT {KEY_COLUMNS} FROM match_keys WHERE {where}", v=True)
        for start in range(0, len(v), 500):
            found += [
                _key_from_row(tuple(r))
                for r in self.conn.execute(stmt, {**params, "v": v[start : start + 500]})
            ]
        return found


def _pooled(key: MatchKey) -> Iterator[tuple[str, str, str]]:
    """The pools a key's name belongs to: every case ('alle'), the watched cases ('wacht'), and for a
    company without a KvK number also the '-zonder-kvk' pools — a company with a KvK number is only
    ever a name candidate of one without (two different KvK numbers are two companies), so its
    lookup runs over that much smaller pool."""
    scopes = ("alle", "wacht") if key.watched_since else ("alle",)
    if key.surname:
        for scope in scopes:
            yield scope, "surname", key.surname
    if key.company:
        for scope in scopes:
            yield scope, "company", key.company
            if not key.ref.kvk:
                yield f"{scope}-zonder-kvk", "company", key.company


def _links(mine: list[MatchKey], theirs: list[MatchKey], same: frozenset, not_same: frozenset) -> bool:
    return (
        next(links([k.ref for k in mine], [k.ref for k in theirs], same=same, not_same=not_same), None)
        is not None
    )


def _key_params(key: MatchKey) -> dict[str, str]:
    ref = key.ref
    return {
        "case_id": ref.case_id,
        "reference": ref.reference,
        "party_key": ref.party_key,
        "kind": ref.kind,
        "name": ref.name,
        "birth": ref.birth_date.isoformat() if ref.birth_date else "",
        "bsn": ref.bsn or "",
        "kvk": ref.kvk or "",
        "rsin": ref.rsin or "",
        "address": ref.address,
        "surname": key.surname,
        "company": key.company,
        "received": key.received,
        "watched_since": key.watched_since,
    }
