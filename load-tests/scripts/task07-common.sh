# Sourced by task07-rolling-reload.sh and task07-blue-green.sh: instances of the task 7 solution
# (dev.clusterlab.task07.ZeroDowntimeServer) behind nginx, a constant-rate Gatling run through
# nginx, and an event in the middle of it. Everything listens on 127.0.0.1 and is stopped by PID.
#
# Env: JAVA_HOME; CP_TASK07 (the solution's class path; built when unset); NGINX_PORT (18180);
#      RATE (requests/s, 100); DURATION (s, 40); EVENT_AT (s after the first request, 15), of which
#      WARMUP (5) are reported as the phase "warmup" and the rest as "before";
#      WORKERS (per instance, 1); STANDBY (warm standbys per instance, CLUSTERLAB_STANDBY, 0); OUT (target/task07-<event>); MVN_ARGS (extra Maven options, e.g. -o).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAVA="$JAVA_HOME/bin/java"
NGINX_PORT="${NGINX_PORT:-18180}" RATE="${RATE:-100}" DURATION="${DURATION:-40}" EVENT_AT="${EVENT_AT:-15}"
WARMUP="${WARMUP:-5}"
WORKERS="${WORKERS:-1}" STANDBY="${STANDBY:-0}" MVN_ARGS="${MVN_ARGS:-}"
OUT="$(mkdir -p "${OUT:?}" && cd "$OUT" && pwd)"
PHASE_FILE="$OUT/phase"
PIDS=()

if [ -z "${CP_TASK07:-}" ]; then
  # The runtime must be installed (./mvnw install -DskipTests) for this and for Gatling.
  (cd "$ROOT" && ./mvnw -q -B $MVN_ARGS compile dependency:build-classpath -pl solutions/task07 \
     -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt >&2)
  CP_TASK07="$ROOT/solutions/task07/target/classes:$(cat "$ROOT/solutions/task07/target/classpath.txt")"
fi

cleanup() {
  [ -f "$OUT/nginx/nginx.pid" ] && "$ROOT/nginx/run-nginx.sh" stop "$OUT/nginx" || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_or_die() { # free_or_die PORT...
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "task07: something already listens on 127.0.0.1:$port; stop it first" >&2; exit 1
    fi
  done
}

start_instance() { # start_instance NAME PORT ADMIN_PORT VERSION_FILE: a primary and its WORKERS workers
  local name="$1" port="$2" admin="$3" version="$4"
  free_or_die "$port" "$admin"
  PORT="$port" ADMIN_PORT="$admin" WORKERS="$WORKERS" CLUSTERLAB_STANDBY="$STANDBY" VERSION_FILE="$version" DRAIN_DEADLINE_MS=10000 \
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_TASK07" dev.clusterlab.task07.ZeroDowntimeServer \
    > "$OUT/$name.log" 2>&1 &
  PIDS+=($!)
}

await_ready() { # await_ready ADMIN_PORT...: until each instance says all its workers are ready
  local admin
  for admin in "$@"; do
    for _ in $(seq 1 600); do
      curl -fs "http://127.0.0.1:$admin/admin/status" 2>/dev/null | grep -q '"ready":true' && continue 2
      sleep 0.1
    done
    echo "task07: the instance with admin port $admin was not ready within 60 s; see $OUT/*.log" >&2; exit 1
  done
}

start_nginx() { # start_nginx PORT...: nginx on NGINX_PORT in front of these instances
  free_or_die "$NGINX_PORT"
  { echo "upstream clusterlab {"
    local port
    for port in "$@"; do echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"; done
    echo "    keepalive 32;"; echo "}"; } > "$OUT/upstreams.conf"
  rm -rf "$OUT/nginx"
  "$ROOT/nginx/run-nginx.sh" start "$OUT/nginx" "$NGINX_PORT" "$OUT/upstreams.conf"
}

phase() { # phase NAME: what the simulation reads for each new request; replaced whole, never half written
  echo "$1" > "$PHASE_FILE.tmp" && mv "$PHASE_FILE.tmp" "$PHASE_FILE"
  echo "task07: $(date -u +%H:%M:%S) phase $1" >&2
}

run_with_event() { # run_with_event NAME COMMAND...: Gatling through nginx; COMMAND at EVENT_AT s
  local event="$1"; shift
  phase warmup
  (cd "$ROOT" && ./mvnw -B $MVN_ARGS -pl load-tests gatling:test \
      -Dgatling.simulationClass=dev.clusterlab.load.Task07ZeroDowntimeSimulation \
      -DbaseUrl="http://127.0.0.1:$NGINX_PORT" -Drate="$RATE" -Dduration="$DURATION" \
      -DphaseFile="$PHASE_FILE" -Devent="$event") > "$OUT/gatling.log" 2>&1 &
  local gatling=$!
  # The run starts once Maven has started Gatling: its first request shows in nginx's access log.
  until [ -s "$OUT/nginx/logs/access.log" ]; do
    kill -0 "$gatling" 2>/dev/null || { cat "$OUT/gatling.log" >&2; exit 1; }
    sleep 0.2
  done
  # The first seconds warm up the JITs of Gatling, nginx's upstream pool and the workers.
  sleep "$WARMUP"
  phase before
  sleep "$((EVENT_AT - WARMUP))"
  phase during
  "$@"
  phase after
  local status=0
  wait "$gatling" || status=$?
  local report
  report="$(ls -dt "$ROOT"/load-tests/target/gatling/task07zerodowntimesimulation-* | head -n1)"
  echo
  echo "$event: $RATE req/s for $DURATION s through nginx, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); report $report"
  echo
  "$HERE/gatling-groups.py" "$report"
  echo
  grep -E "^Global: " "$OUT/gatling.log" || true
  [ "$status" = 0 ] || echo "task07: Gatling failed (status $status): see $OUT/gatling.log" >&2
  return "$status"
}
