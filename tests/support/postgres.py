"""A throwaway PostgreSQL cluster for the team-mode tests (issue 19), never a mock: the Debian server
binaries (`scripts/dev.sh test` installs them where missing), a data directory in a fresh temp dir, a
Unix socket there and a free port on 127.0.0.1. PostgreSQL refuses to run as root, so when the tests
run as root the cluster belongs to an unprivileged user (`postgres` from the Debian package, else
`nobody`) and every server command runs through `runuser`.

Authentication as a municipality would set it up for people: TCP only with TLS (a throwaway CA made
here; clients connect with sslmode=verify-full), the test superuser without a password (it only
creates roles and databases), every other role with SCRAM-SHA-256; a connection without TLS is
refused by pg_hba.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPERUSER = "bibob_test"
MIN_VERSION = 15


def server_binaries() -> Path | None:
    """The bin directory of the newest installed server of version 15 or newer."""
    found: list[tuple[int, Path]] = []
    for pg_ctl in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"):
        version = pg_ctl.parent.parent.name
        if version.isdigit() and int(version) >= MIN_VERSION and (pg_ctl.parent / "initdb").exists():
            found.append((int(version), pg_ctl.parent))
    on_path = shutil.which("pg_ctl")
    if not found and on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    return max(found)[1] if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    bin: Path
    root: Path  # the temp dir: data/ and the socket
    port: int
    owner: str | None  # the OS user running the server when the tests run as root

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", self.owner, "--"] if self.owner else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False, cwd=self.root
        )

    def init(self) -> None:
        done = self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-instructions",
        )
        if done.returncode:
            raise RuntimeError(f"initdb faalde: {done.stderr.strip()[-500:]}")
        hba = (
            f"local all {SUPERUSER} trust\n"
            f"hostssl all {SUPERUSER} 127.0.0.1/32 trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 0.0.0.0/0 reject\n"
        )
        self._write(self.data / "pg_hba.conf", hba)
        ca, cert, key = certificates()
        self._write(self.root / "ca.crt", ca.decode("ascii"))
        self._write(self.data / "server.crt", cert.decode("ascii"))
        self._write(self.data / "server.key", key.decode("ascii"))
        (self.data / "server.key").chmod(0o600)

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on"
        done = self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-w", "-t", "60", "-o", options, "start",
        )  # fmt: skip
        if done.returncode:
            log = (self.root / "server.log").read_text(encoding="utf-8", errors="replace")[-800:]
            raise RuntimeError(f"PostgreSQL start niet: {done.stderr.strip()[-300:]} {log}")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def crash_and_restart(self) -> None:
        """Stop the server the hard way (immediate: no clean shutdown, open transactions cut) and
        start it again on the same port."""
        self.stop("immediate")
        self.start()

    @property
    def ca(self) -> Path:
        return self.root / "ca.crt"

    def url(
        self, role: str = SUPERUSER, password: str = "", database: str = "postgres", *, ca: Path | None = None
    ) -> str:
        """An address that checks the server's certificate against the cluster's CA (or `ca`)."""
        secret = f":{urllib.parse.quote(password, safe='')}" if password else ""
        query = urllib.parse.urlencode({"sslmode": "verify-full", "sslrootcert": str(ca or self.ca)})
        return f"postgresql+psycopg://{role}{secret}@127.0.0.1:{self.port}/{database}?{query}"

    def version(self) -> int:
        out = subprocess.run(
            [str(self.bin / "postgres"), "--version"], capture_output=True, text=True, check=True
        ).stdout
        found = re.search(r"(\d+)\.", out)
        return int(found.group(1)) if found else 0


def certificates(host: str = "127.0.0.1") -> tuple[bytes, bytes, bytes]:
    """A throwaway CA and a server certificate for `host` signed by it: (ca, cert, key) as PEM."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bibob-desk proef-CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))])
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(san, critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return ca.public_bytes(pem), cert.public_bytes(pem), key_pem


def start_cluster() -> Cluster:
    """initdb and start, as an unprivileged user when we are root; the caller stops and removes."""
    binaries = server_binaries()
    if binaries is None:
        raise FileNotFoundError("geen PostgreSQL-server (15 of nieuwer) gevonden")
    owner = None
    if os.geteuid() == 0:
        owner = "postgres" if _user_exists("postgres") else "nobody"
    root = Path(tempfile.mkdtemp(prefix="bibob-pg-"))
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    last: Exception | None = None
    for _attempt in range(3):  # a free port can be taken between the probe and the start
        cluster = Cluster(binaries, root, _free_port(), owner)
        try:
            if not cluster.data.exists():
                cluster.init()
            cluster.start()
            return cluster
        except RuntimeError as error:
            last = error
    shutil.rmtree(root, ignore_errors=True)
    raise RuntimeError(str(last))


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def remove(cluster: Cluster) -> None:
    cluster.stop()
    shutil.rmtree(cluster.root, ignore_errors=True)


@contextlib.contextmanager
def login_roles(admin: Any, cluster: Cluster, people: dict[str, tuple[str, str]]) -> Iterator[dict[str, Any]]:
    """Login roles `name -> (group role, password)` for the database of the engine `admin`; yields a
    SQLAlchemy engine per name (TLS, SCRAM) and drops the roles afterwards (they are cluster-wide)."""
    import sqlalchemy
    from sqlalchemy import text

    with admin.begin() as conn:
        for name, (group, password) in people.items():
            conn.execute(text(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {group}"))
    engines = {
        name: sqlalchemy.create_engine(cluster.url(name, password, admin.url.database))
        for name, (_group, password) in people.items()
    }
    try:
        yield engines
    finally:
        for engine in engines.values():
            engine.dispose()
        with admin.begin() as conn:
            for name in people:
                conn.execute(text(f"DROP OWNED BY {name}"))
                conn.execute(text(f"DROP ROLE {name}"))
