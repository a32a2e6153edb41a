#!/usr/bin/env bash
# The production profile (deploy/endpoints.prod.yml) on one machine, everything on 127.0.0.1:
# a throwaway PostgreSQL (tracker store), Redis (lock store), action servers, N Rasa instances
# and HAProxy in front of the Rasa instances and of the action servers.
#
#   deploy/cluster.sh start [N]   start N Rasa instances (default 2); prints the balancer URL
#   deploy/cluster.sh stop        stop everything this script started (the database is kept)
#   deploy/cluster.sh status      what runs, and HAProxy's view of each server
#   deploy/cluster.sh clean       stop, then delete the state dir (database, secrets, logs)
#   deploy/cluster.sh stop-db | start-db | stop-redis | start-redis
#                                 take PostgreSQL or Redis away and bring it back (fault tests,
#                                 docs/faults.md); the rest keeps running
#
# Installs PostgreSQL, Redis and HAProxy from Debian when missing (as root; their system
# services are not started). Passwords are generated once into $CLUSTER_DIR/secrets.env
# (mode 600) unless DB_PASSWORD / REDIS_PASSWORD are set; everything a client or psql needs is
# in $CLUSTER_DIR/cluster.env (mode 600): `set -a; . .rasa/cluster/cluster.env; set +a`.
#
# Settings (environment): CLUSTER_DIR (.rasa/cluster), ACTION_SERVERS (2), LB_PORT (a free
# port), MODEL (models/child-safety.tar.gz), TICKET_LOCK_LIFETIME (20 s), RASA_MAXCONN (8
# requests in progress per instance, the rest queue in HAProxy), ENABLE_API (0; 1 adds
# Rasa's HTTP API with RASA_AUTH_TOKEN), CORS_ORIGINS (http://127.0.0.1:8080),
# RASA_START_TIMEOUT (300 s), DRAIN_SECONDS (4: on SIGTERM an instance refuses new requests
# with a 503 that HAProxy resends elsewhere, then stops; addons/channels/drain.py); per client address at the balancer (docs/faults.md): LB_RATE_LIMIT
# (100 requests per 10 s: above it a client's requests wait behind everyone else's),
# LB_RATE_HARD (500 per 10 s: above it 429), LB_RATE_EXEMPT (127.0.0.0/8 ::1; none: no
# address is exempt). See docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-.venv}
case $VENV in /*) ;; *) VENV=$ROOT/$VENV ;; esac
PY=$VENV/bin/python
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONUNBUFFERED=1
# Rasa and the action servers start with addons/startup first on PYTHONPATH, as scripts/lib.sh
# starts them: what they import and never use stays out of memory (addons/patches/lean_imports.py).
SERVE_PYTHONPATH=$ROOT/addons/startup${PYTHONPATH:+:$PYTHONPATH}
mkdir -p "${CLUSTER_DIR:=.rasa/cluster}"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
RUN=$CLUSTER_DIR/run
LOGS=$CLUSTER_DIR/logs
ENV_FILE=$CLUSTER_DIR/cluster.env
SECRETS=$CLUSTER_DIR/secrets.env

die() { echo "error: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# -- packages ---------------------------------------------------------------------------------
pg_bin() {
  local d
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/postgres" ]; then echo "$d"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; fi
}
haproxy_bin() { command -v haproxy 2>/dev/null || { [ -x /usr/sbin/haproxy ] && echo /usr/sbin/haproxy; }; }

ensure_packages() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -n "$(haproxy_bin)" ] || missing+=(haproxy)
  [ ${#missing[@]} = 0 ] && return 0
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    die "missing ${missing[*]}: sudo apt-get install ${missing[*]}"
  fi
  echo "== installing ${missing[*]} from Debian (their system services are not started)"
  # policy-rc.d exit 101 = "do not start services from maintainer scripts"; we start our own.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' >$policy; chmod 755 $policy; own_policy=1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >"$LOGS/apt.log" 2>&1 || {
      [ $own_policy = 1 ] && rm -f $policy; tail -n 20 "$LOGS/apt.log" >&2; die "apt-get install failed"; }
  [ $own_policy = 1 ] && rm -f $policy
  [ -n "$(pg_bin)" ] && command -v redis-server >/dev/null && [ -n "$(haproxy_bin)" ] \
    || die "installed ${missing[*]} but cannot find their programs"
}

# -- helpers ----------------------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root it runs as the system user `postgres`.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_ports() {  # free_ports N: N distinct free loopback ports, one a line
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))
EOF
}

http_ok() { "$PY" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3)" "$1" 2>/dev/null; }

# spawn NAME CMD...: start a long-running process in its own session, pid in $RUN/NAME.pid
spawn() {
  local name=$1; shift
  setsid nohup "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

# alive NAME: the process of $RUN/NAME.pid runs (and is still the program we started)
alive() {
  local pid
  pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  case $1 in
    rasa-*) grep -qa rasa "/proc/$pid/cmdline" ;;
    actions-*) grep -qa actions.server "/proc/$pid/cmdline" ;;
    haproxy) grep -qa haproxy "/proc/$pid/cmdline" ;;
    redis) grep -qa redis-server "/proc/$pid/cmdline" ;;
    *) return 0 ;;
  esac
}

stop_one() {  # stop_one NAME [now]: TERM, then KILL after 20 s; "now": a second TERM skips a drain
  local name=$1 pid i
  if alive "$name"; then
    pid=$(cat "$RUN/$name.pid")
    kill "$pid" 2>/dev/null || true
    if [ "${2:-}" = now ]; then sleep 0.2; kill "$pid" 2>/dev/null || true; fi
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "   stopped $name (pid $pid)"
  fi
  rm -f "$RUN/$name.pid"
}

running_any() {
  local f
  for f in "$RUN"/*.pid; do [ -e "$f" ] && alive "$(basename "$f" .pid)" && return 0; done
  pg_running
}

pg_running() {
  local pgdata
  pgdata=$(cat "$CLUSTER_DIR/pgdata.path" 2>/dev/null) && [ -f "$pgdata/postmaster.pid" ] \
    && as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" status >/dev/null 2>&1
}

secret() { "$PY" -c 'import secrets; print(secrets.token_hex(24))'; }

load_secrets() {  # environment > secrets.env > generated now (kept in secrets.env, mode 600)
  local saved_db="" saved_redis="" saved_token=""
  if [ -f "$SECRETS" ]; then
    saved_db=$(sed -n 's/^DB_PASSWORD=//p' "$SECRETS")
    saved_redis=$(sed -n 's/^REDIS_PASSWORD=//p' "$SECRETS")
    saved_token=$(sed -n 's/^RASA_AUTH_TOKEN=//p' "$SECRETS")
  fi
  DB_PASSWORD=${DB_PASSWORD:-${saved_db:-$(secret)}}
  REDIS_PASSWORD=${REDIS_PASSWORD:-${saved_redis:-$(secret)}}
  RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN:-${saved_token:-$(secret)}}
  (umask 077; printf 'DB_PASSWORD=%s\nREDIS_PASSWORD=%s\nRASA_AUTH_TOKEN=%s\n' \
    "$DB_PASSWORD" "$REDIS_PASSWORD" "$RASA_AUTH_TOKEN" >"$SECRETS")
}

# -- PostgreSQL -------------------------------------------------------------------------------
pg_datadir() {  # inside CLUSTER_DIR, or in /tmp when the postgres user cannot reach it
  if [ -f "$CLUSTER_DIR/pgdata.path" ]; then cat "$CLUSTER_DIR/pgdata.path"; return; fi
  local d=$CLUSTER_DIR/pgdata
  if is_root && ! runuser -u postgres -- test -x "$CLUSTER_DIR"; then
    d=$(mktemp -d "${TMPDIR:-/tmp}/rasa-cluster-pg.XXXXXX")
  fi
  echo "$d" | tee "$CLUSTER_DIR/pgdata.path"
}

start_postgres() {
  local bin pgdata sqlpw
  bin=$(pg_bin)
  pgdata=$(pg_datadir)
  if is_root && ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "$pgdata"
  is_root && chown postgres: "$pgdata"
  chmod 700 "$pgdata"
  touch "$LOGS/postgres.log"
  is_root && chown postgres: "$LOGS/postgres.log"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    echo "== initialising a PostgreSQL cluster in $pgdata"
    # Local (unix socket, in the private data dir) connections: trust; TCP: password (scram).
    as_pg "$bin/initdb" -D "$pgdata" -U postgres -E UTF8 --no-locale --auth-local=trust \
      --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 || { cat "$LOGS/initdb.log" >&2; die "initdb failed"; }
  fi
  echo "== PostgreSQL on 127.0.0.1:$DB_PORT (data: $pgdata)"
  as_pg "$bin/pg_ctl" -D "$pgdata" -l "$LOGS/postgres.log" -w -t 60 -o \
    "-c listen_addresses=127.0.0.1 -c port=$DB_PORT -c unix_socket_directories=$pgdata -c max_connections=100" \
    start >/dev/null || { tail -n 20 "$LOGS/postgres.log" >&2; die "PostgreSQL did not start"; }
  # The role and database Rasa uses; the role's password follows secrets.env on every start.
  sqlpw=${DB_PASSWORD//\'/\'\'}
  as_pg "$bin/psql" -h "$pgdata" -p "$DB_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE "$DB_USER" LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\gexec
ALTER ROLE "$DB_USER" LOGIN PASSWORD '$sqlpw';
SELECT 'CREATE DATABASE "$DB_NAME" OWNER "$DB_USER"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
SQL
}

stop_postgres() {
  local pgdata
  pgdata=$(cat "$CLUSTER_DIR/pgdata.path" 2>/dev/null) || return 0
  if pg_running; then
    as_pg "$(pg_bin)/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null && echo "   stopped PostgreSQL"
  fi
}

# -- Redis ------------------------------------------------------------------------------------
start_redis() {
  echo "== Redis on 127.0.0.1:$REDIS_PORT (lock store, nothing saved to disk)"
  (umask 077; cat >"$RUN/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
requirepass $REDIS_PASSWORD
save ""
appendonly no
daemonize no
dir $RUN
EOF
  )
  spawn redis redis-server "$RUN/redis.conf"
  local i
  for ((i = 0; i < 40; i++)); do
    REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    alive redis || break
    sleep 0.25
  done
  tail -n 20 "$LOGS/redis.log" >&2; die "Redis did not start"
}

# -- HAProxy ----------------------------------------------------------------------------------
rate_exempt_acl() {  # the addresses the per-address limits skip: LB_RATE_EXEMPT, or none
  local exempt=${LB_RATE_EXEMPT-127.0.0.0/8 ::1}
  if [ -z "$exempt" ] || [ "$exempt" = none ]; then echo "always_false"; else echo "src $exempt"; fi
}

write_haproxy_cfg() {
  local i
  cat >"$RUN/haproxy.cfg" <<EOF
# Generated by deploy/cluster.sh; see docs/deploy.md.
global
    maxconn 4096
    stats socket $RUN/haproxy.sock mode 600 level admin
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    timeout queue 60s
    # A busy instance answers its health check only after the messages queued before it
    # (50 users on one instance on 2 cores: several seconds): a short check timeout marks a
    # loaded but healthy instance DOWN, and with all DOWN HAProxy answers 503 to everyone.
    # A dead instance refuses the connection, which fails the check at once.
    timeout check 30s
    timeout http-keep-alive 10s
    timeout tunnel 1h
    # Retry (3 times, each on another server) only when the connection to a server failed,
    # or when a stopping instance refused the request with a 503 before Rasa saw it
    # (addons/channels/drain.py): then the turn was not stored and retrying cannot duplicate
    # it. A request that was sent and lost its server midway is not retried (the server may
    # have stored the turn): the client gets a 502 or a closed connection and decides
    # (docs/deploy.md).
    retries 3
    retry-on conn-failure 503
    # A status can be retried only when HAProxy holds the whole request: it waits for the body
    # before it connects (without this, aiohttp's requests, whose body follows its headers in
    # a second write, got the stopping instance's 503 unretried).
    option http-buffer-request
    option redispatch 1

frontend rasa_in
    bind 127.0.0.1:$LB_PORT
    # Per client address (docs/faults.md): over LB_RATE_LIMIT requests in 10 s, its requests
    # wait behind everyone else's (lowest priority in the queue: slowed down, never dropped, so
    # a crisis message still gets through); over LB_RATE_HARD, a 429 with a JSON reason. The
    # per-sender limit and its crisis exception are in Rasa (addons/channels/flood.py).
    stick-table type ipv6 size 100k expire 30s store http_req_rate(10s)
    http-request track-sc0 src
    acl rate_exempt $(rate_exempt_acl)
    acl over_soft sc_http_req_rate(0) gt ${LB_RATE_LIMIT:-100}
    acl over_hard sc_http_req_rate(0) gt ${LB_RATE_HARD:-500}
    http-request set-priority-class int(100) if over_soft !rate_exempt
    http-request return status 429 content-type application/json string "{\"error\": \"too many requests from this address: please wait a few seconds\"}" if over_hard !rate_exempt
    # socket.io (the web widget) starts with HTTP long-polling: every request of a client must
    # reach the instance holding its engine.io session, so /socket.io goes to one instance per
    # client address (REST needs no such thing: any instance serves any turn).
    acl socketio path_beg /socket.io
    use_backend rasa_socketio if socketio
    default_backend rasa

backend rasa
    balance leastconn
    option httpchk GET /
    http-check expect status 200
    # At most RASA_MAXCONN requests in progress per instance, the rest wait here in order
    # (timeout queue): the same throughput as unlimited (the CPU is the limit), a fairer
    # latency, and an instance that dies takes at most this many requests with it.
    # A refused connection marks the instance DOWN at once (observe layer4, error-limit 1):
    # waiting for 3 failed health checks, HAProxy kept choosing the dead instance (the only
    # one with free places, the others being full) and answered 503 after 3 refused retries.
    # A stopping instance fails its checks at once (503): fastinter takes it out ~1.5 s after
    # the first failed check, within its drain (DRAIN_SECONDS).
    default-server inter 2s fastinter 500ms fall 3 rise 2 maxconn ${RASA_MAXCONN:-8} observe layer4 error-limit 1 on-error mark-down
EOF
  for ((i = 1; i <= N; i++)); do
    echo "    server rasa$i 127.0.0.1:${RASA_PORTS[$((i - 1))]} check" >>"$RUN/haproxy.cfg"
  done
  cat >>"$RUN/haproxy.cfg" <<EOF

backend rasa_socketio
    balance source
    hash-type consistent
EOF
  for ((i = 1; i <= N; i++)); do  # the same servers and health (track), sticky per client
    echo "    server rasa$i 127.0.0.1:${RASA_PORTS[$((i - 1))]} track rasa/rasa$i" >>"$RUN/haproxy.cfg"
  done
  cat >>"$RUN/haproxy.cfg" <<EOF

frontend actions_in
    bind 127.0.0.1:$ACTION_LB_PORT
    default_backend actions

backend actions
    balance leastconn
    option httpchk GET /health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
EOF
  for ((i = 1; i <= ACTION_SERVERS; i++)); do
    echo "    server actions$i 127.0.0.1:${ACTION_PORTS[$((i - 1))]} check" >>"$RUN/haproxy.cfg"
  done
  cat >>"$RUN/haproxy.cfg" <<EOF

listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 2s
EOF
}

# servers_up BACKEND COUNT: HAProxy reports COUNT servers of BACKEND as UP
servers_up() {
  "$PY" - "http://127.0.0.1:$STATS_PORT/;csv" "$1" "$2" <<'EOF'
import csv, io, sys, urllib.request
rows = csv.reader(io.StringIO(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode()))
up = sum(1 for r in rows if r[0] == sys.argv[2] and r[1] not in ("FRONTEND", "BACKEND") and r[17] == "UP")
sys.exit(0 if up >= int(sys.argv[3]) else 1)
EOF
}

# -- commands ---------------------------------------------------------------------------------
start() {
  N=${1:-2}
  [[ $N =~ ^[1-9][0-9]*$ ]] || die "the number of instances must be a positive integer, not '$N'"
  ACTION_SERVERS=${ACTION_SERVERS:-2}
  MODEL=${MODEL:-models/child-safety.tar.gz}
  [ -f "$MODEL" ] || die "no trained model at $MODEL: run \`make train\` first"
  [ -x "$PY" ] || die "no $PY: run \`make install\` first"
  mkdir -p "$RUN" "$LOGS"
  chmod 755 "$CLUSTER_DIR"
  if running_any; then die "a cluster is already running from $CLUSTER_DIR: deploy/cluster.sh stop first"; fi
  rm -f "$RUN"/*.pid
  trap 'echo "== start failed: stopping what was started" >&2; stop >&2' EXIT
  ensure_packages
  load_secrets

  local ports i
  mapfile -t ports < <(free_ports $((5 + N + ACTION_SERVERS)))
  LB_PORT=${LB_PORT:-${ports[0]}}
  DB_PORT=${DB_PORT:-${ports[1]}}
  REDIS_PORT=${REDIS_PORT:-${ports[2]}}
  STATS_PORT=${STATS_PORT:-${ports[3]}}
  ACTION_LB_PORT=${ACTION_LB_PORT:-${ports[4]}}
  RASA_PORTS=("${ports[@]:5:N}")
  ACTION_PORTS=("${ports[@]:$((5 + N)):ACTION_SERVERS}")
  DB_HOST=127.0.0.1 DB_NAME=${DB_NAME:-rasa} DB_USER=${DB_USER:-rasa}
  REDIS_HOST=127.0.0.1 REDIS_DB=${REDIS_DB:-1}
  local lb_url=http://127.0.0.1:$LB_PORT
  local rasa_urls="" action_urls=""
  for p in "${RASA_PORTS[@]}"; do rasa_urls+="${rasa_urls:+,}http://127.0.0.1:$p"; done
  for p in "${ACTION_PORTS[@]}"; do action_urls+="${action_urls:+,}http://127.0.0.1:$p"; done

  # Everything the instances, the tests and psql need (mode 600: it holds the passwords).
  (umask 077; {
    printf '%s=%q\n' CLUSTER_DIR "$CLUSTER_DIR" LB_URL "$lb_url" STATS_URL "http://127.0.0.1:$STATS_PORT/" \
      HAPROXY_SOCKET "$RUN/haproxy.sock" RASA_URLS "$rasa_urls" ACTION_URLS "$action_urls" \
      ACTION_ENDPOINT_URL "http://127.0.0.1:$ACTION_LB_PORT/webhook" \
      DB_HOST "$DB_HOST" DB_PORT "$DB_PORT" DB_NAME "$DB_NAME" DB_USER "$DB_USER" DB_PASSWORD "$DB_PASSWORD" \
      PGHOST "$DB_HOST" PGPORT "$DB_PORT" PGDATABASE "$DB_NAME" PGUSER "$DB_USER" PGPASSWORD "$DB_PASSWORD" \
      REDIS_HOST "$REDIS_HOST" REDIS_PORT "$REDIS_PORT" REDIS_PASSWORD "$REDIS_PASSWORD" REDIS_DB "$REDIS_DB" \
      TICKET_LOCK_LIFETIME "${TICKET_LOCK_LIFETIME:-20}" SQL_POOL_SIZE "${SQL_POOL_SIZE:-5}" \
      SQL_MAX_OVERFLOW "${SQL_MAX_OVERFLOW:-10}"
    if [ "${ENABLE_API:-0}" = 1 ]; then printf '%s=%q\n' RASA_AUTH_TOKEN "$RASA_AUTH_TOKEN"; fi
  } >"$ENV_FILE")
  set -a; . "$ENV_FILE"; set +a

  start_postgres
  start_redis
  # The events table, created once here rather than by N instances racing at start-up.
  "$PY" - <<'EOF' >"$LOGS/create-tables.log" 2>&1 || { cat "$LOGS/create-tables.log" >&2; die "cannot create the tracker store tables"; }
import os
from rasa.core.tracker_store import SQLTrackerStore
SQLTrackerStore(dialect="postgresql", host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                db=os.environ["DB_NAME"], username=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])
EOF

  for ((i = 1; i <= ACTION_SERVERS; i++)); do
    echo "== action server $i on 127.0.0.1:${ACTION_PORTS[$((i - 1))]}"
    spawn "actions-$i" env PYTHONPATH="$SERVE_PYTHONPATH" "$PY" -m actions.server --port "${ACTION_PORTS[$((i - 1))]}"
  done
  local api=() cors
  if [ "${ENABLE_API:-0}" = 1 ]; then api=(--enable-api --auth-token "$RASA_AUTH_TOKEN"); fi
  read -r -a cors <<<"${CORS_ORIGINS:-http://127.0.0.1:8080}"
  for ((i = 1; i <= N; i++)); do
    echo "== Rasa instance $i on 127.0.0.1:${RASA_PORTS[$((i - 1))]} (log: $LOGS/rasa-$i.log)"
    spawn "rasa-$i" env PYTHONPATH="$SERVE_PYTHONPATH" DRAIN_SECONDS="${DRAIN_SECONDS:-4}" "$VENV/bin/rasa" run --model "$MODEL" --endpoints deploy/endpoints.prod.yml \
      --credentials credentials.yml -i 127.0.0.1 -p "${RASA_PORTS[$((i - 1))]}" --cors "${cors[@]}" "${api[@]}"
  done
  write_haproxy_cfg
  "$(haproxy_bin)" -c -q -f "$RUN/haproxy.cfg" || die "invalid $RUN/haproxy.cfg"
  echo "== HAProxy on 127.0.0.1:$LB_PORT (Rasa) and 127.0.0.1:$ACTION_LB_PORT (actions); stats: http://127.0.0.1:$STATS_PORT/"
  spawn haproxy "$(haproxy_bin)" -db -f "$RUN/haproxy.cfg"

  echo "== waiting for the Rasa instances (each loads the model: 20-60 s, longer side by side on 2 cores)"
  local deadline=$((SECONDS + ${RASA_START_TIMEOUT:-300})) pending name
  while :; do
    pending=0
    for ((i = 1; i <= ACTION_SERVERS; i++)); do
      alive "actions-$i" || { tail -n 20 "$LOGS/actions-$i.log" >&2; die "action server $i stopped (log: $LOGS/actions-$i.log)"; }
      http_ok "http://127.0.0.1:${ACTION_PORTS[$((i - 1))]}/health" || pending=1
    done
    for ((i = 1; i <= N; i++)); do
      name=rasa-$i
      alive "$name" || { tail -n 20 "$LOGS/$name.log" >&2; die "Rasa instance $i stopped (log: $LOGS/$name.log)"; }
      http_ok "http://127.0.0.1:${RASA_PORTS[$((i - 1))]}/" || pending=1
    done
    alive haproxy || { tail -n 20 "$LOGS/haproxy.log" >&2; die "HAProxy stopped (log: $LOGS/haproxy.log)"; }
    [ $pending = 0 ] && servers_up rasa "$N" 2>/dev/null && servers_up actions "$ACTION_SERVERS" 2>/dev/null && break
    [ $SECONDS -lt $deadline ] || die "the cluster did not come up within ${RASA_START_TIMEOUT:-300}s; logs in $LOGS"
    sleep 1
  done
  trap - EXIT
  echo "== cluster up: $N Rasa instance(s), $ACTION_SERVERS action server(s), PostgreSQL, Redis, HAProxy"
  echo "   instances: ${rasa_urls//,/ }"
  echo "   settings:  $ENV_FILE (passwords; mode 600)"
  echo "   stop with: deploy/cluster.sh stop"
  echo "Balancer: $lb_url   (REST: POST $lb_url/webhooks/rest/webhook)"
}

stop() {
  local f
  [ -d "$RUN" ] || { echo "== nothing to stop in $CLUSTER_DIR"; return 0; }
  echo "== stopping the cluster in $CLUSTER_DIR"
  stop_one haproxy
  # the balancer is gone: no instance has anyone to hand its messages to, so no drain
  for f in "$RUN"/rasa-*.pid "$RUN"/actions-*.pid; do [ -e "$f" ] && stop_one "$(basename "$f" .pid)" now; done
  stop_one redis
  stop_postgres
  return 0
}

status() {
  local f name rc=0
  [ -f "$ENV_FILE" ] || { echo "no cluster in $CLUSTER_DIR"; return 1; }
  for f in "$RUN"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    if alive "$name"; then echo "$name: running (pid $(cat "$f"))"; else echo "$name: NOT running"; rc=1; fi
  done
  local pgdata
  pgdata=$(cat "$CLUSTER_DIR/pgdata.path" 2>/dev/null || true)
  if pg_running; then echo "postgres: running (data $pgdata)"; else echo "postgres: NOT running"; rc=1; fi
  if alive haproxy; then
    STATS_PORT=$(sed -n 's|^STATS_URL=http://127.0.0.1:\([0-9]*\)/$|\1|p' "$ENV_FILE")
    "$PY" - "http://127.0.0.1:$STATS_PORT/;csv" <<'EOF'
import csv, io, sys, urllib.request
for r in csv.reader(io.StringIO(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())):
    if r[0] in ("rasa", "actions") and r[1] not in ("FRONTEND", "BACKEND"):
        print(f"haproxy {r[0]}/{r[1]}: {r[17]} (requests {r[7]}, current {r[4]})")
EOF
    sed -n 's/^LB_URL=/Balancer: /p' "$ENV_FILE"
  fi
  return $rc
}

load_env() { [ -f "$ENV_FILE" ] || die "no cluster in $CLUSTER_DIR"; set -a; . "$ENV_FILE"; set +a; }

case ${1:-} in
  start) shift; start "$@" ;;
  stop-db) load_env; stop_postgres ;;
  start-db) load_env; start_postgres ;;
  stop-redis) load_env; stop_one redis ;;
  start-redis) load_env; start_redis ;;
  stop) stop ;;
  status) status ;;
  clean)
    stop
    pgdata=$(cat "$CLUSTER_DIR/pgdata.path" 2>/dev/null || true)
    [ -n "$pgdata" ] && [ "$pgdata" != / ] && rm -rf "$pgdata"
    rm -rf "$CLUSTER_DIR"
    echo "== deleted $CLUSTER_DIR" ;;
  *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
