#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned packages. Idempotent.
#   scripts/install.sh          the assistant (requirements.txt + constraints.txt)
#   scripts/install.sh --test   also what the tests need (requirements-test.txt, Debian chromium and npm)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

py=$(scripts/find-python.sh) || exit 1
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  echo "== $VENV is not Python 3.10: recreating it"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV with $py"
  "$py" -m venv "$VENV"
fi
stamp="$VENV/.installed"
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "== installing pinned packages (about 1-2 minutes on a fresh machine)"
  "$VENV/bin/pip" install --disable-pip-version-check -q --upgrade "pip<25"
  "$VENV/bin/pip" install --disable-pip-version-check -q -r requirements.txt -c constraints.txt
  touch "$stamp"
fi

# the poster (make poster) and its test: requirements-poster.txt and the DejaVu font (Kazakh letters)
if [ "${1:-}" = "--poster" ] || [ "${1:-}" = "--test" ]; then
  pstamp="$VENV/.installed-poster"
  if [ ! -f "$pstamp" ] || [ requirements-poster.txt -nt "$pstamp" ]; then
    echo "== installing poster packages"
    "$VENV/bin/pip" install --disable-pip-version-check -q -r requirements-poster.txt -c constraints.txt
    touch "$pstamp"
  fi
  if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "== installing the DejaVu fonts from Debian (the poster)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
    else
      echo "error: the poster needs the DejaVu fonts: sudo apt-get install fonts-dejavu-core" >&2
      exit 1
    fi
  fi
fi

if [ "${1:-}" = "--test" ]; then
  tstamp="$VENV/.installed-test"
  if [ ! -f "$tstamp" ] || [ requirements-test.txt -nt "$tstamp" ]; then
    echo "== installing test packages"
    "$VENV/bin/pip" install --disable-pip-version-check -q -r requirements-test.txt -c constraints.txt
    touch "$tstamp"
  fi
  # npm rebuilds web/widget.js from web/src/ to check the committed bundle (tests/e2e/test_widget_build.py)
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "== installing npm from Debian (the widget's build check)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "error: the widget's build check needs npm: sudo apt-get install npm" >&2
      exit 1
    fi
  fi
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "== installing Chromium from Debian for the browser tests"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "error: the browser tests need Chromium: sudo apt-get install chromium" >&2
      exit 1
    fi
  fi
fi
