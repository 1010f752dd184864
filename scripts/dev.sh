#!/usr/bin/env bash
# The two set-up commands of the README:
#   scripts/dev.sh demo   install what is needed, load the demo database, start the app
#   scripts/dev.sh test   install what is needed, run ruff and the whole test suite
# Both install missing Debian packages that Qt needs (apt-get; sudo when not root; for the tests also
# LibreOffice, qpdf, dbus-daemon and the PostgreSQL server), create .venv
# and install the pinned set from requirements/constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-}
case "$MODE" in demo|test) ;; *) echo "gebruik: scripts/dev.sh demo|test" >&2; exit 2 ;; esac

QT_RUNTIME=(libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0 fonts-dejavu-core)
QT_WINDOW=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
           libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1)
# the tests open the workbook and the Word letter in a real office client and check PDFs with qpdf
OFFICE_CHECKS=(libreoffice-calc-nogui libreoffice-writer-nogui qpdf)
# T22: a private D-Bus daemon carries the screensaver and logind signals in the tests
BUS_CHECKS=(dbus-daemon)
# issue 19: the team-mode tests start a throwaway PostgreSQL server (15 or newer) in a temp dir
TEAM_CHECKS=(postgresql)

install_system_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Installeer deze systeempakketten zelf: ${missing[*]}" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Systeempakketten installeren: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "Python 3.11 of nieuwer is nodig (gevonden: $("$PY" --version 2>&1))." >&2
  exit 1
fi
if command -v dpkg-query >/dev/null; then
  packages=("${QT_RUNTIME[@]}")
  [ "$MODE" = demo ] && packages+=("${QT_WINDOW[@]}")
  [ "$MODE" = test ] && packages+=("${OFFICE_CHECKS[@]}" "${BUS_CHECKS[@]}" "${TEAM_CHECKS[@]}")
  "$PY" -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)
  install_system_packages "${packages[@]}"
fi

VENV=$ROOT/.venv
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
EXTRA=""; [ "$MODE" = test ] && EXTRA="[test]"
STAMP=$VENV/.installed-$MODE
WANT=$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --only-binary sqlcipher3 \
    -c requirements/constraints.txt -e ".$EXTRA"
  echo "$WANT" > "$STAMP"
fi

if [ "$MODE" = test ]; then
  export QT_QPA_PLATFORM=offscreen
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  "$VENV/bin/mypy"  # the core (domain, risk, workflow, questionnaire, exchange, network, presentation) and the trust model
  # the whole suite, slow tests included (plain `pytest` is the quick loop: -m "not slow")
  "$VENV/bin/python" -m pytest -m "slow or not slow" "${@:2}"
  if [ $# -le 1 ]; then
    # issue 19: the service tests again, on a team database (PostgreSQL, ciphertext): tests/team-backend.txt
    mapfile -t TEAM_SUITE < <(grep -v '^#' tests/team-backend.txt)
    BIBOB_TEST_BACKEND=team exec "$VENV/bin/python" -m pytest -m "not slow" -p no:cacheprovider "${TEAM_SUITE[@]}"
  fi
  exit 0
fi

export BIBOB_DESK_DB=${BIBOB_DESK_DB:-$ROOT/.demo/demo.db}
export BIBOB_DESK_USER=${BIBOB_DESK_USER:-demo}
DEMO_PASSWORD=${BIBOB_DESK_DEMO_PASSWORD:-oefendossier tulp fiets 2025}
BIBOB_DESK_PASSWORD=$DEMO_PASSWORD "$VENV/bin/bibob-desk" demo --netwerk
echo
echo "Demodatabase: $BIBOB_DESK_DB"
echo "Gebruiker: $BIBOB_DESK_USER   Wachtwoord: $DEMO_PASSWORD   (alleen voor de demo)"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
  echo "Geen beeldscherm gevonden (DISPLAY is leeg): de demodatabase staat klaar, het venster start niet."
  echo "Start het venster onder X, of zonder scherm met:"
  echo "  BIBOB_DESK_DB=$BIBOB_DESK_DB BIBOB_DESK_USER=$BIBOB_DESK_USER xvfb-run $VENV/bin/bibob-desk"
  exit 0
fi
exec "$VENV/bin/bibob-desk"
