"""Shared fixtures: real encrypted databases in a temp dir, one offscreen Qt platform."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from hypothesis import settings

from bibob_desk.bootstrap import AppContext, create_app
from bibob_desk.paths import demo_case_files
from bibob_desk.store.keyslots import CHEAP_TEST_KDF

settings.register_profile("ci", max_examples=200, deadline=500)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("nightly", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

PASSWORD = "blauwe tegel fiets moeras"
ADMIN = "beheerder"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "zaken" / "bibob.db"


@pytest.fixture
def app(db_path: Path) -> AppContext:
    ctx = create_app(db_path, username=ADMIN, display_name="Beheerder", password=PASSWORD, kdf=CHEAP_TEST_KDF)
    yield ctx
    ctx.close()


@pytest.fixture
def demo_app(app: AppContext) -> AppContext:
    for file in demo_case_files():
        app.cases.import_file(file)
    return app
