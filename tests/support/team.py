"""A team database on the test cluster (issue 19): set up by its owner with a first beheerder, and
colleagues who have chosen their own password. Login roles are cluster-wide, so each test's are
named with a tag and dropped afterwards."""

from __future__ import annotations

import contextlib
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy
from sqlalchemy import text

from bibob_desk.domain.enums import Role
from bibob_desk.store.keyslots import CHEAP_TEST_KDF
from bibob_desk.store.team_store import TeamStore

PASSWORD = "teamwachtwoord voor de proef 1"
OWN = "eigen zin van de collega 22"
TEMPORARY = "tijdelijk wachtwoord 33 voor"


def open_as(address: str, username: str, password: str | None = None) -> TeamStore:
    """Sign in as this person (the first beheerder's password unless given)."""
    return TeamStore.open_team(address, username=username, password=password or PASSWORD, kdf=CHEAP_TEST_KDF)


@dataclass
class Team:
    address: str  # without a user: each person signs in with his own name
    founder: str  # the first beheerder
    tag: str
    made: list[str] = field(default_factory=list)
    password: str = PASSWORD  # the first beheerder's
    recovery: str = ""  # the team's recovery key (confirms an account while there is one beheerder)

    def colleague(self, role: Role, name: str) -> str:
        """A colleague added by the beheerder who has replaced the temporary password with OWN (a
        jurist or beheerder confirmed with the recovery key first, as the only beheerder does)."""
        username = f"{name}_{self.tag}"
        self.made.append(username)
        with open_as(self.address, self.founder, self.password) as boss:
            boss.add_user(username, name.title(), role, TEMPORARY, kdf=CHEAP_TEST_KDF)
            if role in (Role.JURIST, Role.BEHEERDER):
                boss.confirm_account(username, recovery_key=self.recovery)
        TeamStore.open_team(
            self.address, username=username, password=TEMPORARY, new_password=OWN, kdf=CHEAP_TEST_KDF
        ).close()
        return username


@contextlib.contextmanager
def team_on(team_db: Any, cluster: Any, founder: str = "", password: str = PASSWORD) -> Iterator[Team]:
    """`founder`: the first beheerder's name (default: tagged, as every login role here)."""
    tag = uuid.uuid4().hex[:6]
    database = team_db.url.database
    founder = founder or f"coordinator_{tag}"
    team = Team("", founder, tag, [founder], password)
    before = _roles(cluster)
    try:
        recovery, fingerprint = TeamStore.initialise(
            cluster.url(database=database),
            username=founder,
            display_name="Coördinator",
            password=password,
            kdf=CHEAP_TEST_KDF,
        )
        assert recovery and fingerprint
        team.recovery = recovery
        query = urllib.parse.urlencode({"sslmode": "verify-full", "sslrootcert": str(cluster.ca)})
        team.address = f"postgresql://127.0.0.1:{cluster.port}/{database}?{query}"
        yield team
    finally:
        team_db.dispose()
        added = {r for r in _roles(cluster) - before if not r.startswith("bibob_")}  # not the group roles
        drop_roles(cluster, sorted(set(team.made) | added))  # and whom the app added


def _roles(cluster: Any) -> set[str]:
    admin = sqlalchemy.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            return {r[0] for r in conn.execute(text("SELECT rolname FROM pg_roles"))}
    finally:
        admin.dispose()


def drop_roles(cluster: Any, names: list[str]) -> None:
    """Remove these login roles (they own no objects), ending their sessions first."""
    admin = sqlalchemy.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = {r[0] for r in conn.execute(text("SELECT rolname FROM pg_roles"))}
            for name in [n for n in names if n in found]:
                conn.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :n"),
                    {"n": name},
                )
                conn.execute(text(f'DROP ROLE "{name}"'))
    finally:
        admin.dispose()
