"""Issue 20: the log view reads like the rest of the app: local time as DD-MM-JJJJ UU:MM, the case's
reference instead of its id, the action in words; the stored values stay in each cell's tooltip."""

from __future__ import annotations

import re

from bibob_desk.ui.audit_dialog import action_text, object_text

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_log_shows_references_local_times_and_words(qtbot, unlocked_window):
    win = unlocked_window
    ctx = win.session.context
    h1 = ctx.cases.id_of("H1")
    ctx.revisions.edit(h1, [{"op": "replace", "path": "/title", "value": "Nieuwe omschrijving"}], "titel")
    win.registry.actions["audit"].trigger()
    table = win.admin_actions.dialog.table
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert cells and not any(UUID.search(text) for row in cells for text in row)
    assert all(re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", row[1]) for row in cells)
    changed = next(r for r, row in enumerate(cells) if row[3] == "dossier: gewijzigd")
    assert cells[changed][5].startswith("dossier H1; versie:2")
    assert h1 in table.item(changed, 5).toolTip() and "(UTC)" in table.item(changed, 1).toolTip()


def test_action_and_object_texts():
    assert action_text("dossiers.uitgecheckt_uit_team") == "dossiers: uitgecheckt uit team"
    assert action_text("aanmelden") == "aanmelden"
    case = "5a1e0001-0000-4000-8000-0000000000a2"
    assert object_text(f"case:{case};versie:3", {case: "H2"}) == "dossier H2; versie:3"
    assert object_text(f"case:{case}", {}) == "dossier (vernietigd)"
