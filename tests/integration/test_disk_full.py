"""T13/T14 for the data itself: keep saving cases and attachments until the file-size limit is hit
(RLIMIT_FSIZE in a child: no root needed). Expect a Dutch 'Schijf vol' message, and afterwards an
intact database that holds every save that was reported as done."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bibob_desk.bootstrap import open_app
from tests.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHILD = textwrap.dedent("""
    import os, resource, signal, sys
    from pathlib import Path
    from bibob_desk.bootstrap import open_app
    from bibob_desk.domain.errors import UserError
    from tests.support.case_builder import new_h2_input

    db, user, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    ctx = open_app(db, username=user, password=password)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
    limit = db.stat().st_size + 600_000
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    n = 0
    try:
        while n < 500:
            n += 1
            reference = f"VOL-{n:03d}"
            ctx.cases.create(new_h2_input(reference))
            case_id = ctx.cases.id_of(reference)
            # random bytes without '/': no chance of a PDF name like /JS that intake quarantines
            pdf = b"%PDF-1.4\\n%" + os.urandom(40_000).replace(b"/", b"x") + b"\\n%%EOF\\n"
            ctx.attachments.add(case_id, f"bijlage-{n}.pdf", pdf)
            print("OPGESLAGEN", reference, flush=True)
    except UserError as error:
        print("FOUT:", error, flush=True)
    except Exception as error:  # the test fails on anything that is not a Dutch user error
        print("ANDERE FOUT:", type(error).__name__, flush=True)
    os._exit(0)
""")


@pytest.mark.slow
def test_saving_until_the_disk_is_full_loses_nothing_reported_as_saved(demo_app):
    path = demo_app._store.path
    demo_app.close()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), ADMIN, PASSWORD],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    lines = child.stdout.splitlines()
    saved = [line.split()[1] for line in lines if line.startswith("OPGESLAGEN")]
    assert saved, child.stdout + child.stderr
    assert lines[-1].startswith("FOUT: Schijf vol"), [*lines[-3:], child.stderr[-500:]]
    assert "Traceback" not in child.stderr
    print(f"{len(saved)} dossiers met bijlage opgeslagen voordat de schijf vol was")
    app = open_app(path, username=ADMIN, password=PASSWORD)
    try:
        assert app._store.check().ok
        present = {s.reference for s in app.cases.summaries("VOL-", limit=10_000)}
        assert set(saved) <= present
        for reference in saved:
            assert [a.status for a in app.attachments.attachments(app.cases.id_of(reference))] == [
                "geaccepteerd"
            ]
    finally:
        app.close()
