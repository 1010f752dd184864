"""Issue 19, done when: a team database filled with marker strings holds none of them in a
`pg_dump` — the server stores ciphertext for case documents, parties, revisions, attachments,
signals, drafts and the match keys; yet the list filter (blind index), cross-case matching and
every read work as on the file. What stays plain is named in the test: the case number, stage,
dates, permit kind and the behandelaar/jurist user names (row-level security and deadlines need
them)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from datetime import date

from sqlalchemy import text

from bibob_desk.bootstrap import AppContext
from bibob_desk.paths import demo_case_files
from tests.integration.test_at_rest import _pdf_with
from tests.support.team import open_as

MARK = f"Merkteken{uuid.uuid4().hex[:10]}"
BSN = "111222333"


def _marked_case(tmp_path, reference: str, surname: str):
    doc = json.loads(next(p for p in demo_case_files() if p.stem == "H2").read_text(encoding="utf-8"))
    case = doc["case"]
    case["id"] = str(uuid.uuid4())
    case["reference"] = reference
    case["title"] = f"{MARK} titel"
    case["location"]["street"] = f"{MARK}straat"
    for party in case["parties"]:
        party["id"] = f"{party['id']}"
        party["notes"] = f"{MARK} notitie"
    case["parties"][1]["name"] = f"R. {surname}"
    case["parties"][1]["bsn"] = BSN
    case["antecedents"][0]["description"] = f"{MARK} witwassen"
    case["signals"][0]["description"] = f"{MARK} RIEC"
    target = tmp_path / f"{reference}.json"
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _dump(cluster, database: str) -> bytes:
    env = {
        **os.environ,
        "PGSSLMODE": "verify-full",
        "PGSSLROOTCERT": str(cluster.ca),
        "PGHOST": "127.0.0.1",
        "PGPORT": str(cluster.port),
        "PGUSER": "bibob_test",
    }
    done = subprocess.run(
        [str(cluster.bin / "pg_dump"), "--data-only", "--inserts", database],
        capture_output=True,
        env=env,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_a_dump_of_a_filled_team_database_holds_no_marker_and_everything_still_works(
    team, team_db, postgres_cluster, tmp_path
):
    surname = f"Zwart{uuid.uuid4().hex[:6]}"
    with open_as(team.address, team.founder) as store:
        ctx = AppContext.around(store)
        ctx.cases.import_file(_marked_case(tmp_path, "2026-HOR-501", surname))
        ctx.cases.import_file(_marked_case(tmp_path, "2026-HOR-502", surname))  # a look-alike
        case_id = ctx.cases.id_of("2026-HOR-501")
        ctx.revisions.edit(
            case_id, [{"op": "replace", "path": "/title", "value": f"{MARK} herzien"}], f"{MARK} reden"
        )
        ctx.attachments.add(case_id, f"{MARK}.pdf", _pdf_with(f"{MARK} bijlage"))
        ctx.signals.add(
            source="politie",
            on=date(2026, 11, 2),
            reliability="bevestigd",
            about="persoon",
            name=f"{MARK} Persoon",
            description=f"{MARK} signaal",
            postcode="1011AB",
            house_number="12",
        )
        ctx.cases.save_draft("nieuw-dossier", {"titel": f"{MARK} concept"})

        # it all reads back, searches and matches on ciphertext
        case = ctx.cases.open_case(case_id)
        assert case.title == f"{MARK} herzien" and case.parties[1].bsn == BSN
        assert [s.reference for s in ctx.cases.summaries(surname.lower())] == ["2026-HOR-501", "2026-HOR-502"]
        assert [s.reference for s in ctx.cases.summaries(f"{MARK.lower()}straat")] == [
            "2026-HOR-501",
            "2026-HOR-502",
        ]
        assert ctx.cases.summaries("geen-treffer-xyz") == []
        found = [j.candidate for j in ctx.matching.matches("2026-HOR-501")]
        twin = next(c for c in found if c.other.reference == "2026-HOR-502" and c.other.bsn == BSN)
        ctx.matching.judge(twin, "zelfde", f"{MARK} motivering")
        judged = [j for j in ctx.matching.matches("2026-HOR-501") if j.candidate.key == twin.key]
        assert [(j.verdict, j.motivation) for j in judged] == [("zelfde", f"{MARK} motivering")]
        attachment = ctx.attachments.attachments(case_id)[-1]
        assert attachment.original_name == f"{MARK}.pdf"
        assert any(s.description == f"{MARK} signaal" for s in ctx.signals.register())
        assert ctx.cases.take_draft("nieuw-dossier") == {"titel": f"{MARK} concept"}
        ctx.cases.save_draft("nieuw-dossier", {"titel": f"{MARK} concept"})
        assert ctx.maintenance.check().projections == []

    dump = _dump(postgres_cluster, team_db.url.database)
    assert dump.count(b"INSERT INTO public.case_documents") == 2
    for needle in (MARK, MARK.lower(), surname, surname.lower(), BSN, "witwassen"):
        assert needle.encode() not in dump, needle
    assert dump.count(b"INSERT INTO public.case_grams") > 50  # the blind index, HMACs only
    with team_db.connect() as conn:  # the plain columns are the ones named above
        plain = conn.execute(text("SELECT reference, stage FROM cases ORDER BY reference")).all()
    assert [r[0] for r in plain] == ["2026-HOR-501", "2026-HOR-502"]
