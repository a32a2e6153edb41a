#!/usr/bin/env bash
# Serve the assistant over HTTP on 127.0.0.1:5005 (REST + socketio channels and the HTTP API).
# The HTTP API needs a token: set RASA_AUTH_TOKEN, or one is made up for this run and printed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
PORT=${PORT:-5005}
HOST=${HOST:-127.0.0.1}
CORS=${CORS_ORIGINS:-http://127.0.0.1:8080}
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  RASA_AUTH_TOKEN=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')
  echo "== RASA_AUTH_TOKEN was not set; this run's API token is: $RASA_AUTH_TOKEN"
fi
start_actions
echo "== Rasa on http://$HOST:$PORT (REST: POST /webhooks/rest/webhook; CORS: $CORS)"
# shellcheck disable=SC2086
PYTHONPATH=$SERVE_PYTHONPATH "$VENV/bin/rasa" run --model models --endpoints endpoints.yml --credentials credentials.yml \
  --enable-api --auth-token "$RASA_AUTH_TOKEN" -i "$HOST" -p "$PORT" --cors $CORS "$@"
