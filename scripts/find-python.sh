#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.8-3.10, not 3.11+).
# Looks at $PYTHON, python3.10 on PATH, pyenv's versions, then the usual system paths.
# Exits 1 with instructions when there is none.
set -u
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  [ -x "$p" ] && candidates+=("$p")
done
for p in "${candidates[@]+"${candidates[@]}"}"; do
  if "$p" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
    echo "$p"
    exit 0
  fi
done
cat >&2 <<'MSG'
error: Python 3.10 was not found (Rasa 3.6 does not run on Python 3.11 or newer).
Install it, then run the command again, for example:
  pyenv install 3.10.13            # with pyenv
  apt-get install python3.10 python3.10-venv   # where your distribution has it
or point to one you have:  PYTHON=/path/to/python3.10 make chat
MSG
exit 1
