"""T22: the OS locks the session or suspends — the app locks at once, also with a dialog open.
A private D-Bus daemon carries the freedesktop ScreenSaver and logind signals; the Windows messages
are checked by their numbers (the window hook itself only runs on Windows)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from bibob_desk.ui.os_lock import OsLockWatcher, windows_lock_message
from tests.ui.conftest import unlocked_on


@pytest.fixture
def bus():
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon ontbreekt (Debian-pakket dbus-daemon)")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = process.stdout.readline().strip()
    connection = QDBusConnection.connectToBus(address, f"t22-{process.pid}")
    assert connection.isConnected()
    yield connection
    QDBusConnection.disconnectFromBus(f"t22-{process.pid}")
    process.terminate()
    process.wait(timeout=10)


def send(bus, path, interface, name, *args):
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(args))
    assert bus.send(message)


@pytest.mark.parametrize(
    "signal",
    [
        ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True),
        ("/org/freedesktop/login1/session/_31", "org.freedesktop.login1.Session", "Lock"),
        ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", True),
    ],
)
def test_an_os_lock_or_suspend_locks_the_app_with_a_dialog_open(qtbot, demo_app, bus, signal):
    window = unlocked_on(qtbot, demo_app)
    watcher = OsLockWatcher(window, session_bus=bus, system_bus=bus)
    assert len(watcher.watching) == 3
    window.watch_os_lock(watcher)
    window.admin_actions.show_audit()  # a dialog open
    with qtbot.waitSignal(window.session.locked, timeout=10_000):
        send(bus, *signal)
    assert not window.session.is_open


def test_the_screensaver_switching_off_does_not_lock(qtbot, demo_app, bus):
    window = unlocked_on(qtbot, demo_app)
    watcher = OsLockWatcher(window, session_bus=bus, system_bus=bus)
    fired = []
    watcher.lock_requested.connect(lambda: fired.append(1))
    send(bus, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", False)
    send(bus, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
    qtbot.waitUntil(lambda: bool(fired), timeout=10_000)
    assert fired == [1]  # only "true" (the screensaver came on) counts


def test_the_windows_messages_that_lock():
    assert windows_lock_message(0x02B1, 0x7) and windows_lock_message(0x02B1, 0x2)  # lock, disconnect
    assert windows_lock_message(0x0218, 0x4)  # PBT_APMSUSPEND
    assert not windows_lock_message(0x02B1, 0x8) and not windows_lock_message(0x0218, 0x7)  # unlock, resume
