#!/usr/bin/env bash
# Build the installable bundle and run its smoke test.
#   packaging/build.sh            onedir bundle in dist/bibob-desk/ (+ dist/bibob-desk-VERSION-linux-x86_64.tar.gz)
#   BIBOB_ONEFILE=1 packaging/build.sh   one file: dist/bibob-desk
# Uses its own venv (build/venv) with the pinned runtime set and PyInstaller; needs the same Debian
# packages as the app (installed by scripts/dev.sh; xvfb for the window check under X).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}
VENV=$ROOT/build/venv
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --only-binary sqlcipher3 \
  -c requirements/constraints.txt . -r packaging/requirements-build.txt
VERSION=$("$VENV/bin/python" -c 'import bibob_desk; print(bibob_desk.__version__)')
start=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/bibob-desk.spec
echo "gebouwd in $(( $(date +%s) - start )) s"
if [ "${BIBOB_ONEFILE:-}" = 1 ]; then
  BINARY=$ROOT/dist/bibob-desk
else
  BINARY=$ROOT/dist/bibob-desk/bibob-desk
  sed "s/@VERSION@/$VERSION/" packaging/linux/bibob-desk.desktop > dist/bibob-desk/bibob-desk.desktop
  cp resources/icons/bibob-desk.png dist/bibob-desk/bibob-desk.png
  ARCH=$(uname -m)
  tar -C dist -czf "dist/bibob-desk-$VERSION-linux-$ARCH.tar.gz" bibob-desk
  echo "pakket: dist/bibob-desk-$VERSION-linux-$ARCH.tar.gz ($(du -h "dist/bibob-desk-$VERSION-linux-$ARCH.tar.gz" | cut -f1))"
  echo "bundel: dist/bibob-desk ($(du -sh dist/bibob-desk | cut -f1))"
fi
"$PY" packaging/smoke_test.py "$BINARY"
