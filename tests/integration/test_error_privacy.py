"""T39: a database error forced with personal data in its values reaches the user as a Dutch sentence
without those values; the raw error is not chained (so no traceback or log can print it)."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import text

from bibob_desk.store.errors import StoreError
from tests.conftest import ADMIN

MARK = f"Jansen-{uuid.uuid4().hex[:8]}"
BSN = "111222333"


def test_an_integrity_error_with_a_name_and_bsn_says_nothing_of_them(demo_app, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as raised, demo_app._store.transaction() as tx:
        tx.session.execute(
            text(
                "INSERT INTO users (username, display_name, role, active, created_at) "
                "VALUES (:u, :d, 'lezer', 1, :b)"
            ),
            {"u": ADMIN, "d": MARK, "b": BSN},  # the user name exists: UNIQUE fails
        )
    message = str(raised.value)
    assert MARK not in message and BSN not in message and "INSERT" not in message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert MARK not in caplog.text and BSN not in caplog.text
