#!/usr/bin/env bash
# Throughput of one cluster vs another, side by side in one run (this machine is shared and noisy:
# compare the ratios, not the absolute numbers). Run by `./workbook throughput [SECONDS]`, which
# sets JAVA_HOME and the class paths below. For each server: start it on 127.0.0.1:$PORT, warm up,
# then wrk -t2 -c64 for SECONDS with keep-alive and again with `Connection: close` (a new connection
# per request), then stop it by its PID. Prints a Markdown table.
#
# Needs: wrk; node for Node's cluster (its rows are skipped without it).
# Env: CP_TASK02 (task 2 solution class path), CP_LOAD (load-tests class path), PORT (18080),
#      WORKERS (2), SECONDS (10).
set -euo pipefail
PORT="${PORT:-18080}" WORKERS="${WORKERS:-2}" SECONDS_EACH="${1:-${SECONDS_EACH:-10}}"
JAVA="$JAVA_HOME/bin/java"
HERE="$(cd "$(dirname "$0")" && pwd)"
LOG_DIR="${LOG_DIR:-$HERE/../target/throughput}"
mkdir -p "$LOG_DIR"

command -v wrk >/dev/null || { echo "throughput: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "throughput: something already listens on 127.0.0.1:$PORT; stop it or set PORT" >&2; exit 1
fi

SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  # A cluster's workers leave with their primary; the next server needs the port.
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || return 0; sleep 0.1; done
  echo "throughput: 127.0.0.1:$PORT is still served 10 s after its server was stopped" >&2; exit 1
}
trap stop_server EXIT

start_server() { # start_server NAME COMMAND...
  local name="$1"; shift
  "$@" > "$LOG_DIR/$(echo "$name" | tr -cs "A-Za-z0-9" "-").log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$PORT/" >/dev/null 2>&1; then
      sleep 1 # the other workers may still be starting
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG_DIR/$name.log" >&2; echo "throughput: $name died" >&2; exit 1; }
    sleep 0.1
  done
  echo "throughput: $name did not answer within 30 s; see $LOG_DIR/$name.log" >&2; exit 1
}

rate() { # rate [wrk args...]: requests/s, or "rate (N errors)"
  local out errors
  out=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" "$@" "http://127.0.0.1:$PORT/")
  errors=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); for (i = 4; i <= NF; i += 2) s += $i} /Non-2xx/ {s += $NF} END {print s + 0}')
  printf '%.0f%s' "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$([ "$errors" != 0 ] && echo " ($errors errors)")"
}

declare -a ROWS
measure() { # measure NAME COMMAND...
  local name="$1"
  start_server "$@"
  wrk -t2 -c64 -d3s "http://127.0.0.1:$PORT/" >/dev/null # warm-up: JIT, connection pools
  local ka close
  ka=$(rate)
  close=$(rate -H "Connection: close")
  stop_server
  ROWS+=("| $name | $ka | $close |")
  echo "measured $name: keep-alive $ka req/s, Connection: close $close req/s" >&2
}

cluster() { # cluster POLICY; exec: the server's PID is the primary's, so stop_server ends the cluster
  exec env PORT="$PORT" WORKERS="$WORKERS" CLUSTERLAB_SCHED_POLICY="$1" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_TASK02" dev.clusterlab.task02.ClusterServer
}

measure "clusterlab ROUND_ROBIN, $WORKERS workers" cluster ROUND_ROBIN
measure "clusterlab SHARED, $WORKERS workers" cluster SHARED
measure "clusterlab REUSEPORT, $WORKERS workers" cluster REUSEPORT
measure "bare Netty, 1 process, 2 event loops" env PORT="$PORT" LOOPS=2 \
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_LOAD" dev.clusterlab.load.baseline.BareNettyServer
if command -v node >/dev/null; then
  measure "Node $(node --version) cluster, round-robin, $WORKERS workers" env PORT="$PORT" WORKERS="$WORKERS" \
    node "$HERE/../node/cluster-hello.js"
  measure "Node $(node --version) cluster, shared handle, $WORKERS workers" env PORT="$PORT" WORKERS="$WORKERS" \
    NODE_CLUSTER_SCHED_POLICY=none node "$HERE/../node/cluster-hello.js"
else
  echo "throughput: node is not installed; Node's rows are skipped" >&2
fi

echo
echo "wrk -t2 -c64 -d${SECONDS_EACH}s, GET / on 127.0.0.1, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| server | keep-alive req/s | Connection: close req/s |"
echo "|---|---:|---:|"
printf '%s\n' "${ROWS[@]}"
