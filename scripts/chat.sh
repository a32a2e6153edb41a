#!/usr/bin/env bash
# Talk to the assistant in the terminal: starts the action server, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
start_actions
echo "== starting the chat (type /stop to leave)"
"$VENV/bin/rasa" shell --model models --endpoints endpoints.yml -i 127.0.0.1 "$@"
