"""Single-instance lock beside the database (T17).

An OS file lock (flock / msvcrt) is held on `<db>.lock` while the store is open; the file also
says who holds it. The OS releases the lock when the holder dies, so a lock left by a crash is
recognised as stale and taken over without asking anyone.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from bibob_desk.store.errors import DatabaseInUse, ReadOnlyLocation

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None
        self.unclean_before = False  # the previous holder ended without releasing (crash, kill, power)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, app_user: str) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            folder = self.path.parent
            if error.errno == errno.EROFS or not os.access(folder, os.W_OK):
                raise ReadOnlyLocation(str(folder)) from None  # nothing can be written there at all
            if isinstance(error, PermissionError):
                raise DatabaseInUse(**self._holder()) from None
            raise
        if not _try_lock(fd):
            os.close(fd)
            raise DatabaseInUse(**self._holder())
        info = {
            "user": app_user or _os_user(),
            "os_user": _os_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        # Whatever the file held came from a holder that is gone (its OS lock was released).
        self.unclean_before = os.fstat(fd).st_size > 0
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode("utf-8").ljust(512))
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        _unlock(fd)
        os.close(fd)
        with contextlib.suppress(OSError):
            self.path.unlink()

    def _holder(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_bytes().decode("utf-8").strip() or "{}")
        except (OSError, ValueError):
            return {}
        since = str(data.get("since", ""))
        with contextlib.suppress(ValueError):
            since = datetime.fromisoformat(since).strftime("%d-%m-%Y %H:%M")
        return {
            "user": str(data.get("user", "")),
            "host": str(data.get("host", "")),
            "since": since,
        }


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""
