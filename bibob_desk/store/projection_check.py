"""The projections recomputed in full (issue 18): `verify` for `check`, `rebuild` for migration 14
and `rebuild_in` for `check --herstel`. The watched cases' keys are held in memory (network/keys.py
KeyIndex); every case's keys come from its document, never from the projection being checked."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, String, bindparam, column, text

from bibob_desk.domain.codec import from_primitive
from bibob_desk.domain.model import Case
from bibob_desk.network.doorstart import watch_of
from bibob_desk.network.keys import KeyIndex, MatchKey, keys_of
from bibob_desk.store.projections import (
    KEY_COLUMNS,
    TERM_COLUMNS,
    Projections,
    Terms,
    _deadline,
    _key_params,
    _links,
    _term_rows,
    watches,
)
from bibob_desk.store.sealing import Sealed
from bibob_desk.workflow.deadlines import Deadline

_PAYLOAD = column("payload", Sealed("case_documents.payload"))  # ciphertext on a team database


def _documents(conn: Connection, batch: int = 1000) -> Iterator[list[Case]]:
    after = ""
    while cases := _batch_after(conn, after, batch):
        after = cases[-1].id
        yield cases


def _batch_after(conn: Connection, after: str, batch: int) -> list[Case]:
    rows = conn.execute(
        text(
            "SELECT case_id, payload FROM case_documents WHERE case_id > :a ORDER BY case_id LIMIT :n"
        ).columns(column("case_id", String()), _PAYLOAD),
        {"a": after, "n": batch},
    ).all()
    return [from_primitive(Case, json.loads(p)) for _, p in rows]


@dataclass
class Expected:
    """The projections recomputed from the documents (for one batch of cases, hits for all)."""

    terms: dict[str, set[tuple]]
    until: dict[str, tuple[str, str]]
    keys: dict[str, set[tuple]]
    sources: dict[str, set[str]]


def _term_tuple(d: Deadline) -> tuple:
    return (d.key, d.label, d.raw, d.adjusted, d.atw_applies, d.explanation, d.basis, d.projected)


def _expected(projections: Projections, cases: list[Case]) -> Expected:
    terms, until, keys = {}, {}, {}
    t = projections.terms
    for case in cases:
        rows, valid = _term_rows(case, t, projections.today) if t.settings else ([], "")
        terms[case.id] = {(*_term_tuple(d), d.effective.isoformat()) for d in rows}
        until[case.id] = (t.fingerprint, valid)
        keys[case.id] = {tuple(_key_params(k).values()) for k in keys_of(case, projections.digest)}
    sources = {case.id: {signal.source.value for signal in case.signals} for case in cases}
    return Expected(terms, until, keys, sources)


class _Hits:
    """The doorstart hits recomputed from the documents: the watched cases (cases.watched, a list
    column written with the document) decoded and their keys held in memory, then every case's
    keys — computed from its document, not read from the projection — looked up in them."""

    def __init__(self, projections: Projections) -> None:
        conn = projections.conn
        self.digest = projections.digest
        self.watched: dict[str, tuple[str, str]] = {}
        self.watch_keys: dict[str, list[MatchKey]] = {}
        self.index = KeyIndex()
        rows = conn.execute(
            text(
                "SELECT d.payload FROM case_documents d JOIN cases c ON c.id = d.case_id "
                "WHERE c.watched != ''"
            ).columns(_PAYLOAD)
        )
        for (payload,) in rows:
            case = from_primitive(Case, json.loads(payload))
            watch = watch_of(case)
            if watch is None:
                continue
            self.watched[case.id] = (watch.since.isoformat(), case.received_date.isoformat())
            self.watch_keys[case.id] = keys_of(case, self.digest)
            for key in self.watch_keys[case.id]:
                self.index.add(key)
        self.judged: dict[str, list[tuple]] = {}
        for a, pa, b, pb, verdict in conn.execute(
            text("SELECT case_a, party_a, case_b, party_b, verdict FROM match_judgements ORDER BY id")
        ):
            for case_id in {a, b}:
                self.judged.setdefault(str(case_id), []).append(((a, pa, b, pb), verdict))

    def of(self, cases: Iterable[Case]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for case in cases:
            keys = keys_of(case, self.digest)
            if keys:
                found |= _hits_of(keys, case.received_date.isoformat(), self)
        return found


def _hits_of(keys: list[MatchKey], received: str, known: _Hits) -> set[tuple[str, str]]:
    case_id = keys[0].ref.case_id
    latest = dict(known.judged.get(case_id, []))
    same = frozenset(k for k, v in latest.items() if v == "zelfde")
    not_same = frozenset(k for k, v in latest.items() if v == "niet_zelfde")
    hits: set[tuple[str, str]] = set()
    for key in keys:
        for other in known.index.candidates(key):
            watch = other.ref.case_id
            if watch == case_id or (case_id, watch) in hits or known.watched[watch][0] > received:
                continue
            if _links([key], [other], same, not_same):
                hits.add((case_id, watch))
    for watch in {c for pair in same for c in (pair[0], pair[2])} - {case_id}:
        if watch in known.watched and known.watched[watch][0] <= received:
            if _links(keys, known.watch_keys[watch], same, not_same):
                hits.add((case_id, watch))
    return hits


def verify(conn: Connection, today: date, terms: Terms | None = None) -> list[str]:
    """Recompute every projection from the documents and name what differs (no values: counts and
    case ids only)."""
    projections = Projections(conn, today, terms)
    problems: list[str] = []
    known, expected_hits = _Hits(projections), set()
    for cases in _documents(conn):
        expected = _expected(projections, cases)
        expected_hits |= known.of(cases)
        ids = [c.id for c in cases]
        stored_terms: dict[str, set[tuple]] = {i: set() for i in ids}
        stmt = text(f"SELECT {TERM_COLUMNS} FROM case_terms WHERE case_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for r in conn.execute(stmt, {"ids": ids}):
            stored_terms[str(r[0])].add((*_term_tuple(_deadline(tuple(r))), str(r[10])))
        stmt = text("SELECT id, terms_fp, terms_until FROM cases WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        stored_until = {str(i): (str(f), str(u)) for i, f, u in conn.execute(stmt, {"ids": ids})}
        stored_keys = {
            i: {tuple(_key_params(k).values()) for k in keys}
            for i, keys in projections.keys_of_cases(ids).items()
        }
        stmt = text("SELECT case_id, source FROM case_signal_sources WHERE case_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        stored_sources: dict[str, set[str]] = {i: set() for i in ids}
        for case_id, source in conn.execute(stmt, {"ids": ids}):
            stored_sources[str(case_id)].add(str(source))
        for case_id in ids:
            if stored_sources[case_id] != expected.sources[case_id]:
                problems.append(f"signaalbronnen van dossier {case_id} wijken af")
            fresh = stored_until.get(case_id, ("", ""))
            current = fresh[0] == expected.until[case_id][0] and (fresh[1] or "") >= today.isoformat()
            if current and stored_terms[case_id] != expected.terms[case_id]:
                problems.append(f"termijnen van dossier {case_id} wijken af")
            if stored_keys.get(case_id, set()) != expected.keys[case_id]:
                problems.append(f"overeenkomstsleutels van dossier {case_id} wijken af")
    watched = f"SELECT {KEY_COLUMNS} FROM match_keys WHERE watched_since != ''"
    kept = f"SELECT {KEY_COLUMNS} FROM watch_keys"
    differ = conn.execute(
        text(
            f"SELECT (SELECT count(*) FROM ({kept} EXCEPT {watched}) AS extra) "
            f"+ (SELECT count(*) FROM ({watched} EXCEPT {kept}) AS missing) "
            "+ abs((SELECT count(*) FROM watch_keys) "
            "- (SELECT count(*) FROM match_keys WHERE watched_since != ''))"
        )
    ).scalar_one()
    if differ:
        problems.append("sleutels van gevolgde dossiers wijken af van de overeenkomstsleutels")
    stored_hits = {
        (str(c), str(w)) for c, w in conn.execute(text("SELECT case_id, watched_id FROM doorstart_hits"))
    }
    if stored_hits != expected_hits:
        problems.append(
            f"doorstartwacht: {len(expected_hits - stored_hits)} treffer(s) ontbreken, "
            f"{len(stored_hits - expected_hits)} te veel"
        )
    return problems


def rebuild(
    conn: Connection, today: date, terms: Terms | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Write every projection again from the documents, in one transaction (migration 14)."""

    @contextlib.contextmanager
    def same() -> Iterator[Connection]:
        yield conn

    return rebuild_in(same, today, terms, progress)


def rebuild_in(
    unit: Callable[[], contextlib.AbstractContextManager[Connection]],
    today: date,
    terms: Terms | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = 1000,
) -> int:
    """The same, each batch of cases in its own unit of work (`check --herstel`, the bench base): one
    transaction for 100,000 cases spills the page cache over and over; a crash half way leaves a
    part that `check` names and a new repair writes again. Returns the number of cases."""
    with unit() as conn:
        for table in (
            "case_terms",
            "case_signal_sources",
            "match_keys",
            "watch_keys",
            "match_names",
            "doorstart_hits",
        ):
            conn.execute(text(f"DELETE FROM {table}"))
        known = _Hits(Projections(conn, today, terms))
    done, hits, after = 0, set(), ""
    while True:
        with unit() as conn:
            projections = Projections(conn, today, terms)
            cases = _batch_after(conn, after, batch)
            if not cases:
                break
            after = cases[-1].id
            hits |= known.of(cases)
            projections.put_terms(cases, new=True, watched_since=watches(cases))
            projections.put_sources(cases, new=True)
            projections.put_keys(cases, new=True)
        done += len(cases)
        if progress is not None:
            progress(done)
    if hits:
        with unit() as conn:
            conn.execute(
                text("INSERT INTO doorstart_hits (case_id, watched_id) VALUES (:c, :w)"),
                [{"c": c, "w": w} for c, w in sorted(hits)],
            )
    return done
