# Shared helpers for the scripts that start servers. Source it: . scripts/lib.sh
VENV=${VENV:-.venv}
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONUNBUFFERED=1
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::FutureWarning}
ACTION_PORT=${ACTION_PORT:-5055}
# Rasa and the action server start with addons/startup first on PYTHONPATH: what they import and
# never use stays out of memory (addons/patches/lean_imports.py; LEAN_IMPORTS=0: without it).
SERVE_PYTHONPATH=$PWD/addons/startup${PYTHONPATH:+:$PYTHONPATH}
LOG_DIR=${LOG_DIR:-.rasa/logs}
mkdir -p "$LOG_DIR"

# wait_http URL SECONDS NAME: wait until URL answers, or fail naming the log to read.
wait_http() {
  local url=$1 seconds=$2 name=$3 i
  for ((i = 0; i < seconds * 2; i++)); do
    if "$VENV/bin/python" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "error: $name did not answer at $url within ${seconds}s; see $LOG_DIR/$name.log" >&2
  return 1
}

# start_actions: the action server on 127.0.0.1:$ACTION_PORT, unless one already answers there.
start_actions() {
  if "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$ACTION_PORT/health', timeout=2)" 2>/dev/null; then
    echo "== action server already running on 127.0.0.1:$ACTION_PORT"
    return 0
  fi
  echo "== starting the action server on 127.0.0.1:$ACTION_PORT (log: $LOG_DIR/actions.log)"
  PYTHONPATH=$SERVE_PYTHONPATH "$VENV/bin/python" -m actions.server --port "$ACTION_PORT" >"$LOG_DIR/actions.log" 2>&1 &
  ACTIONS_PID=$!
  PIDS+=("$ACTIONS_PID")
  for ((i = 0; i < 120; i++)); do
    if ! kill -0 "$ACTIONS_PID" 2>/dev/null; then
      echo "error: the action server stopped:" >&2
      tail -n 5 "$LOG_DIR/actions.log" >&2
      return 1
    fi
    "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$ACTION_PORT/health', timeout=2)" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "error: the action server did not start; see $LOG_DIR/actions.log" >&2
  return 1
}

PIDS=()
stop_all() {
  local p
  for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM
