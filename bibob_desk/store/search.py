"""Filter-as-you-type over the case list, behind one interface so the schema can move to PostgreSQL.

SQLite: an FTS5 table with the trigram tokenizer (substring search, indexed) keyed by
case_documents.doc. Words of three letters or more go through the index; shorter ones (the first
keystrokes) are matched with LIKE on the narrow cases table, which is fast enough because the case
documents live elsewhere.

A team database (PostgreSQL with a TeamCipher, sealing.py) holds the search text as ciphertext, so
neither LIKE nor pg_trgm can read it. It keeps a *blind index* instead (issue 19, migration 21):
per case the keyed HMACs of the trigrams of its search text (`case_grams`, ciphertext.BlindIndex);
a word of three letters or more becomes the same HMACs and the server returns the cases holding
all of them. The server learns how many trigrams a case has and which cases share one, never a
letter. Words of fewer than three letters have no trigram: they are looked for in the case number
only (plain text on the server), so names filter from the third letter on (README, known limits).
A PostgreSQL database without a cipher (the parity tests of the schema) uses LIKE.

The text is normalised by the caller (domain.text.normalize_for_search): lower case, no diacritics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, column, func, select, table, text
from sqlmodel import Session, col

from bibob_desk.store import sealing
from bibob_desk.store.rows import CaseRow

MIN_INDEXED = 3  # the trigram tokenizer matches substrings of at least three characters
_FTS = table("case_search", column("case_id"), column("search_text"))
_GRAMS = table("case_grams", column("case_id"), column("tag"))

DDL_GRAMS = [  # migration 21, PostgreSQL only; row-level security like every table of a case
    """CREATE TABLE case_grams (
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        tag VARCHAR NOT NULL,
        PRIMARY KEY (tag, case_id))""",
    "CREATE INDEX ix_case_grams_case_id ON case_grams (case_id)",
    "GRANT SELECT ON case_grams TO bibob_lezer, bibob_behandelaar, bibob_jurist, bibob_beheerder",
    "GRANT INSERT, UPDATE, DELETE ON case_grams TO bibob_behandelaar, bibob_jurist, bibob_beheerder",
    "ALTER TABLE case_grams ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY via_dossier ON case_grams "
    "USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_grams.case_id)) "
    "WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_grams.case_id))",
]


def _put_grams(session: Session, texts: dict[str, str], *, replace: bool) -> None:
    cipher = sealing.cipher_of(session)
    if cipher is None or not texts:
        return
    if replace:
        session.execute(
            text("DELETE FROM case_grams WHERE case_id IN :ids").bindparams(bindparam("ids", expanding=True)),
            {"ids": list(texts)},
        )
    rows = [
        {"c": case_id, "t": tag}
        for case_id, body in texts.items()
        for tag in sorted(cipher.index.terms(body))
    ]
    if rows:
        session.execute(text("INSERT INTO case_grams (case_id, tag) VALUES (:c, :t)"), rows)


def _dialect(bind: Any) -> str:
    return bind.dialect.name


def create(conn: Connection) -> None:
    """Create the index and fill it from the cases (migration 5)."""
    if _dialect(conn) != "sqlite":
        return
    # contentless: the index and the case id only (the text is in cases.search_text already), so a
    # match yields case ids without touching the wide case_documents rows
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE case_search USING fts5(case_id UNINDEXED, search_text, "
            "tokenize='trigram', content='', contentless_unindexed=1, contentless_delete=1)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO case_search (rowid, case_id, search_text) "
            "SELECT d.doc, c.id, c.search_text FROM case_documents d JOIN cases c ON c.id = d.case_id"
        )
    )


def put(session: Session, doc: int, case_id: str, search_text: str) -> None:
    """Index (or re-index) one case."""
    if _dialect(session.get_bind()) != "sqlite":
        _put_grams(session, {case_id: search_text}, replace=True)
        return
    session.execute(text("DELETE FROM case_search WHERE rowid = :d"), {"d": doc})
    session.execute(
        text("INSERT INTO case_search (rowid, case_id, search_text) VALUES (:d, :c, :t)"),
        {"d": doc, "c": case_id, "t": search_text},
    )


def put_new(session: Session, texts: dict[str, str]) -> None:
    """Index cases just added, their search text by case id (one statement for the lot: on SQLite
    their rows are read where they are)."""
    case_ids = list(texts)
    if _dialect(session.get_bind()) != "sqlite":
        _put_grams(session, texts, replace=False)
        return
    if not case_ids:
        return
    stmt = text(
        "INSERT INTO case_search (rowid, case_id, search_text) SELECT d.doc, c.id, c.search_text "
        "FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE c.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    session.execute(stmt, {"ids": case_ids})


def remove(session: Session, doc: int) -> None:
    if _dialect(session.get_bind()) != "sqlite":
        return
    session.execute(text("DELETE FROM case_search WHERE rowid = :d"), {"d": doc})


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'  # an FTS5 string: no operators from user input


DENSE = 2000
"""Above this many index hits, scanning the list in display order with LIKE finds the first page
sooner (it stops after a page of hits) than looking up every hit and sorting them (issue 8: 'g-0'
hits all 100,000 cases: 147 ms through the index, 0.2 ms by scanning)."""


@dataclass(frozen=True)
class CaseFilter:
    """How one query narrows the case list: the words, the index match if it pays, and the exact
    number of hits when the index alone decides it."""

    tokens: tuple[str, ...]
    match: str | None = None
    hits: int | None = None
    dense: bool = False  # the index alone decides, with more than DENSE hits (counted up to there)
    tags: tuple[str, ...] | None = None  # a team database: the blind index's tags every hit holds

    def apply(self, stmt: Any) -> Any:
        if self.tags is not None:
            for token in self.tokens:  # too short for the index: the case number is plain text
                if len(token) < MIN_INDEXED:
                    pattern = f"%{_escape_like(token)}%"
                    stmt = stmt.where(func.lower(col(CaseRow.reference)).like(pattern, escape="\\"))
            if not self.tags:
                return stmt
            having = select(_GRAMS.c.case_id).where(_GRAMS.c.tag.in_(self.tags)).group_by(_GRAMS.c.case_id)
            having = having.having(text("count(DISTINCT tag) = :n").bindparams(n=len(self.tags)))
            return stmt.where(col(CaseRow.id).in_(having))
        if self.match is not None:
            case_ids = select(_FTS.c.case_id).where(text("case_search MATCH :m").bindparams(m=self.match))
            stmt = stmt.where(col(CaseRow.id).in_(case_ids))
        for token in self.tokens:
            if self.match is None or len(token) < MIN_INDEXED:
                stmt = stmt.where(col(CaseRow.search_text).like(f"%{_escape_like(token)}%", escape="\\"))
        return stmt


def prepare(session: Session, tokens: list[str]) -> CaseFilter:
    """Plan one query: the trigram index for words of three letters or more, unless it hits so many
    cases that a scan in display order is faster; LIKE for shorter words."""
    long_tokens = [t for t in tokens if len(t) >= MIN_INDEXED]
    cipher = sealing.cipher_of(session)
    if cipher is not None:
        tags, _short = cipher.index.query(" ".join(tokens))
        return CaseFilter(tuple(tokens), tags=tuple(sorted(tags)))
    if not long_tokens or _dialect(session.get_bind()) != "sqlite":
        return CaseFilter(tuple(tokens))
    match = " AND ".join(_phrase(t) for t in long_tokens)
    # counted up to DENSE + 1 only: an exact count of 'jan' at 100,000 cases read the whole
    # posting list twice per keystroke (issue 18)
    hits = session.execute(
        text("SELECT count(*) FROM (SELECT 1 FROM case_search WHERE case_search MATCH :m LIMIT :n)"),
        {"m": match, "n": DENSE + 1},
    ).scalar_one()
    only_long, dense = len(long_tokens) == len(tokens), hits > DENSE
    if dense:
        return CaseFilter(tuple(tokens), None, None, dense=only_long)
    return CaseFilter(tuple(tokens), match, hits if only_long else None)
