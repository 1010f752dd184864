"""The tables of the projections (issue 18), as frozen DDL for migrations 13 to 15 (in SQLite's
spelling; store/dialect.py gives PostgreSQL's). What they hold and how they are kept current:
projections.py."""

from __future__ import annotations

DDL = [
    "ALTER TABLE cases ADD COLUMN watched_since VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE cases ADD COLUMN terms_fp VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE cases ADD COLUMN terms_until VARCHAR NOT NULL DEFAULT ''",
    "CREATE INDEX ix_cases_terms_fp ON cases (terms_fp)",
    "CREATE INDEX ix_cases_terms_until ON cases (terms_until)",
    """CREATE TABLE case_terms (
        id INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        reference VARCHAR NOT NULL,
        key VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        raw VARCHAR NOT NULL,
        adjusted VARCHAR NOT NULL,
        atw BOOLEAN NOT NULL,
        effective VARCHAR NOT NULL,
        explanation VARCHAR NOT NULL,
        basis VARCHAR NOT NULL,
        projected BOOLEAN NOT NULL)""",
    "CREATE INDEX ix_case_terms_case_id ON case_terms (case_id)",
    "CREATE INDEX ix_case_terms_effective ON case_terms (effective, reference, id)",
    """CREATE TABLE match_keys (
        id INTEGER NOT NULL PRIMARY KEY,
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        reference VARCHAR NOT NULL,
        party_key VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        birth_date VARCHAR NOT NULL,
        bsn VARCHAR NOT NULL,
        kvk VARCHAR NOT NULL,
        rsin VARCHAR NOT NULL,
        address VARCHAR NOT NULL,
        surname VARCHAR NOT NULL,
        company VARCHAR NOT NULL,
        received VARCHAR NOT NULL,
        watched_since VARCHAR NOT NULL)""",
    "CREATE INDEX ix_match_keys_case_id ON match_keys (case_id)",
    "CREATE INDEX ix_match_keys_bsn ON match_keys (bsn)",
    "CREATE INDEX ix_match_keys_kvk ON match_keys (kvk)",
    "CREATE INDEX ix_match_keys_rsin ON match_keys (rsin)",
    "CREATE INDEX ix_match_keys_address ON match_keys (address)",
    "CREATE INDEX ix_match_keys_surname ON match_keys (surname, birth_date)",
    "CREATE INDEX ix_match_keys_company ON match_keys (company)",
    """CREATE TABLE doorstart_hits (
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        watched_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        PRIMARY KEY (case_id, watched_id))""",
    "CREATE INDEX ix_doorstart_hits_watched_id ON doorstart_hits (watched_id)",
    # every surname and company name ever keyed, in the scope 'alle' or 'wacht' (watched cases):
    # the pool the fuzzy lookup runs over, without a scan of match_keys. Never shrinks: a name that
    # is gone costs one empty indexed lookup, never a missed candidate.
    """CREATE TABLE match_names (
        scope VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        PRIMARY KEY (scope, kind, name))""",
]

# migration 15: the match keys of the watched cases again, on their own (a few percent of all keys):
# the doorstart check of every new case reads only these. With the watch as one more condition on
# match_keys, each lookup read the keys of all 100,000 cases and dropped 93 % (issue 18: 53 imports
# a second at 100,000 cases, ~6 ms of each in that query).
DDL_WATCH = [
    "CREATE TABLE watch_keys AS SELECT * FROM match_keys WHERE 0",
    "CREATE INDEX ix_watch_keys_case_id ON watch_keys (case_id)",
    "CREATE INDEX ix_watch_keys_bsn ON watch_keys (bsn)",
    "CREATE INDEX ix_watch_keys_kvk ON watch_keys (kvk)",
    "CREATE INDEX ix_watch_keys_rsin ON watch_keys (rsin)",
    "CREATE INDEX ix_watch_keys_address ON watch_keys (address)",
    "CREATE INDEX ix_watch_keys_surname ON watch_keys (surname, birth_date)",
    "CREATE INDEX ix_watch_keys_company ON watch_keys (company)",
    "INSERT INTO watch_keys SELECT * FROM match_keys WHERE watched_since != ''",
]

# migration 14: the sources of each case's own signals (the start screen's intimidation count read
# every stored document with json_each before)
DDL_SOURCES = [
    """CREATE TABLE case_signal_sources (
        case_id VARCHAR NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        source VARCHAR NOT NULL,
        PRIMARY KEY (source, case_id))""",
    "CREATE INDEX ix_case_signal_sources_case_id ON case_signal_sources (case_id)",
]
