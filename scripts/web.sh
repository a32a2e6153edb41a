#!/usr/bin/env bash
# Demo of the web chat widget: the action server, Rasa (REST + socket.io channels, no HTTP
# API) and a static server for web/, all bound to 127.0.0.1. Prints the demo page's URL;
# Ctrl-C stops all three.
#
#   scripts/web.sh                  (make web: also installs and trains first)
#   WEB_PORT=8081 scripts/web.sh    another port for the demo page (Rasa's CORS follows it)
#
# The demo page's widget talks to http://127.0.0.1:5005 (its data-server attribute), so Rasa
# stays on 5005 here. Logs: .rasa/logs/{actions,rasa-web,static}.log
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# lib.sh stops every server it started on EXIT; Ctrl-C (or TERM) is a normal way out here.
trap 'echo; echo "== stopping"; stop_all; exit 0' INT TERM

HOST=127.0.0.1
RASA_PORT=5005
WEB_PORT=${WEB_PORT:-8080}
WEB_URL="http://$HOST:$WEB_PORT"

[ -x "$VENV/bin/rasa" ] || { echo "error: $VENV/bin/rasa not found: run 'make install'" >&2; exit 1; }
ls models/*.tar.gz >/dev/null 2>&1 || { echo "error: no model in models/: run 'make train'" >&2; exit 1; }
for port in "$RASA_PORT" "$WEB_PORT"; do
  if "$VENV/bin/python" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('$HOST', $port)) != 0)"; then
    echo "error: $HOST:$port is already in use" >&2
    exit 1
  fi
done

start_actions

echo "== Rasa on http://$HOST:$RASA_PORT (REST + socket.io; CORS: $WEB_URL) (log: $LOG_DIR/rasa-web.log)"
PYTHONPATH=$SERVE_PYTHONPATH "$VENV/bin/rasa" run --model models --endpoints endpoints.yml --credentials credentials.yml \
  -i "$HOST" -p "$RASA_PORT" --cors "$WEB_URL" "http://localhost:$WEB_PORT" \
  >"$LOG_DIR/rasa-web.log" 2>&1 &
PIDS+=("$!")

echo "== static server for web/ on $WEB_URL, with a Content-Security-Policy (log: $LOG_DIR/static.log)"
"$VENV/bin/python" -m scripts.web_server --port "$WEB_PORT" --bind "$HOST" --directory web \
  --bot "http://$HOST:$RASA_PORT" >"$LOG_DIR/static.log" 2>&1 &
PIDS+=("$!")

echo "== waiting for Rasa to load the model (up to 5 minutes)"
wait_http "http://$HOST:$RASA_PORT/" 300 rasa-web
wait_http "$WEB_URL/" 30 static

echo
echo "   Demo page with the chat widget:  $WEB_URL/"
echo
echo "   Press Ctrl-C to stop the action server, Rasa and the static server."
# Return when any of them stops (or on Ctrl-C); the trap in lib.sh stops the rest.
wait -n "${PIDS[@]}" || true
echo "error: a server stopped; see $LOG_DIR/" >&2
exit 1
