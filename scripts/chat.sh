#!/usr/bin/env bash
# Talk to the assistant in the terminal (make chat): starts the action server and Rasa (REST
# channel, 127.0.0.1, a free port) in the background, then our own client, tools/chat.py
# (not `rasa shell`, whose button menu replaced a typed question with the highlighted button).
# Buttons are shown as numbered hints; a bare number picks one, anything else is sent as typed.
# /stop, Ctrl-D or Ctrl-C leaves and stops both servers; /restart starts a new conversation.
#
#   CHAT_PORT=5006 scripts/chat.sh      Rasa on that port (default: a free one)
#   CHAT_GREETING=hello scripts/chat.sh sent for the user at the start (default /start)
#   scripts/chat.sh --sender me         other arguments go to the client (python -m tools.chat --help)
#
# Logs (the screen shows only the conversation): .rasa/logs/{actions,rasa-chat}.log
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# lib.sh stops the servers it started on EXIT; while they start, Ctrl-C just leaves.
trap 'echo; exit 130' INT
trap 'exit 143' TERM

HOST=127.0.0.1
[ -x "$VENV/bin/rasa" ] || { echo "error: $VENV/bin/rasa not found: run 'make install'" >&2; exit 1; }
ls models/*.tar.gz >/dev/null 2>&1 || { echo "error: no model in models/: run 'make train'" >&2; exit 1; }
PORT=${CHAT_PORT:-$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

echo "Starting the assistant (about 20 seconds; logs in $LOG_DIR/)..."
start_actions >/dev/null
PYTHONPATH=$SERVE_PYTHONPATH "$VENV/bin/rasa" run --model models --endpoints endpoints.yml --credentials credentials.yml \
  -i "$HOST" -p "$PORT" >"$LOG_DIR/rasa-chat.log" 2>&1 &
RASA_PID=$!
PIDS+=("$RASA_PID")
for ((i = 0; i < 600; i++)); do
  if ! kill -0 "$RASA_PID" 2>/dev/null; then
    echo "error: Rasa stopped while starting; the end of $LOG_DIR/rasa-chat.log:" >&2
    tail -n 5 "$LOG_DIR/rasa-chat.log" >&2
    exit 1
  fi
  "$VENV/bin/python" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "http://$HOST:$PORT/" 2>/dev/null && break
  sleep 0.5
done
((i < 600)) || { echo "error: Rasa did not answer within 5 minutes; see $LOG_DIR/rasa-chat.log" >&2; exit 1; }
# Rasa serves even when the model failed to load (and then never replies): say so instead.
if grep -q "Could not load model" "$LOG_DIR/rasa-chat.log"; then
  echo "error: Rasa could not load the model in models/ (retrain: make train); see $LOG_DIR/rasa-chat.log:" >&2
  grep -m 1 "Could not load model" "$LOG_DIR/rasa-chat.log" >&2
  exit 1
fi

# Ctrl-C is the client's now (it leaves cleanly); the EXIT trap then stops the servers.
trap ':' INT
status=0
"$VENV/bin/python" -m tools.chat --url "http://$HOST:$PORT" --greeting "${CHAT_GREETING-/start}" "$@" || status=$?
exit "$status"
