#!/usr/bin/env bash
# Throughput of one cluster vs another, side by side in one run. This machine is shared and noisy
# (servers measured one after another drift by 30%), so every server runs at once, each on its own
# port, and the rounds interleave: A B C ..., A B C ..., medians reported. Run by
# `./workbook throughput [SECONDS]`, which sets JAVA_HOME and the class paths below.
#
# Each server is warmed up first with keep-alive and then with `Connection: close`, WARMUP seconds
# each: the JIT compiles the new-connection path (accept, fd passing, adoption) only when it runs,
# and a cluster measured on keep-alive warm-up alone serves new connections at a third of its rate.
# A round is wrk -t2 -c64 for SECONDS with keep-alive, then with `Connection: close`. The table gives
# req/s, the ratio to bare Netty, and req/s per core: requests over the CPU seconds the server's
# process tree used meanwhile (/proc/PID/stat utime + stime). wrk shares the 2 cores, so the last
# shows where the CPU went.
#
# Needs: wrk; node for Node's cluster (its rows are skipped without it).
# Env: CP_TASK02 (task 2 solution class path), CP_LOAD (load-tests class path), PORT (18080, the
#      first of 6 consecutive ports), WORKERS (2), ROUNDS (3), WARMUP (10).
set -euo pipefail
PORT="${PORT:-18080}" WORKERS="${WORKERS:-2}" SECONDS_EACH="${1:-${SECONDS_EACH:-10}}"
ROUNDS="${ROUNDS:-3}" WARMUP="${WARMUP:-10}"
JAVA="$JAVA_HOME/bin/java"
HERE="$(cd "$(dirname "$0")" && pwd)"
LOG_DIR="${LOG_DIR:-$HERE/../target/throughput}"
TICKS=$(getconf CLK_TCK)
mkdir -p "$LOG_DIR"

command -v wrk >/dev/null || { echo "throughput: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
serves() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

NAMES=() PIDS=() PORTS=()
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true # a cluster's workers leave with their primary
  done
}
trap stop_all EXIT

start_server() { # start_server NAME COMMAND... (the command reads its port from $SERVER_PORT)
  local name="$1" port=$((PORT + ${#NAMES[@]})) log; shift
  serves "$port" && { echo "throughput: something already listens on 127.0.0.1:$port; stop it or set PORT" >&2; exit 1; }
  log="$LOG_DIR/$(echo "$name" | tr -cs "A-Za-z0-9" "-").log"
  SERVER_PORT="$port" "$@" > "$log" 2>&1 &
  NAMES+=("$name") PIDS+=($!) PORTS+=("$port")
  for _ in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1; then
      sleep 1 # the other workers may still be starting
      return 0
    fi
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$log" >&2; echo "throughput: $name died" >&2; exit 1; }
    sleep 0.1
  done
  echo "throughput: $name did not answer within 30 s; see $log" >&2; exit 1
}

tree() { # tree PID: it and all its descendants
  local pid="$1" child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid"); do tree "$child"; done
}

cpu_ticks() { # cpu_ticks PID: utime + stime of the process tree, in clock ticks
  local total=0 pid stat
  for pid in $(tree "$1"); do
    stat=$(cat /proc/"$pid"/stat 2>/dev/null) || continue
    stat=${stat##*) } # the command name may hold spaces; the fields after it do not
    set -- $stat
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

run_wrk() { # run_wrk INDEX SECONDS [wrk args...]: prints "req/s per-core errors"
  local i="$1" seconds="$2" before after out; shift 2
  before=$(cpu_ticks "${PIDS[$i]}")
  out=$(wrk -t2 -c64 -d"${seconds}s" "$@" "http://127.0.0.1:${PORTS[$i]}/")
  after=$(cpu_ticks "${PIDS[$i]}")
  echo "$out" | awk -v ticks="$((after - before))" -v hz="$TICKS" '
    /requests in/ {n = $1}
    /Requests\/sec/ {rate = $2}
    /Socket errors/ {gsub(",", ""); for (i = 4; i <= NF; i += 2) e += $i}
    /Non-2xx/ {e += $NF}
    END {printf "%.0f %.0f %d\n", rate, (ticks > 0 ? n / (ticks / hz) : 0), e}'
}

cluster() { # cluster POLICY; exec: the server's PID is the primary's, so stop_all ends the cluster
  exec env PORT="$SERVER_PORT" WORKERS="$WORKERS" CLUSTERLAB_SCHED_POLICY="$1" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_TASK02" dev.clusterlab.task02.ClusterServer
}
bare() { exec env PORT="$SERVER_PORT" LOOPS=2 \
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_LOAD" dev.clusterlab.load.baseline.BareNettyServer; }
node_cluster() { exec env PORT="$SERVER_PORT" WORKERS="$WORKERS" NODE_CLUSTER_SCHED_POLICY="$1" \
  node "$HERE/../node/cluster-hello.js"; }

BARE=3 # the index of bare Netty, the ratios' denominator
start_server "clusterlab ROUND_ROBIN, $WORKERS workers" cluster ROUND_ROBIN
start_server "clusterlab SHARED, $WORKERS workers" cluster SHARED
start_server "clusterlab REUSEPORT, $WORKERS workers" cluster REUSEPORT
start_server "bare Netty, 1 process, 2 event loops" bare
if command -v node >/dev/null; then
  start_server "Node $(node --version) cluster, round-robin, $WORKERS workers" node_cluster rr
  start_server "Node $(node --version) cluster, shared handle, $WORKERS workers" node_cluster none
else
  echo "throughput: node is not installed; Node's rows are skipped" >&2
fi

for i in "${!NAMES[@]}"; do
  echo "warming up ${NAMES[$i]}: ${WARMUP} s keep-alive, ${WARMUP} s Connection: close" >&2
  run_wrk "$i" "$WARMUP" >/dev/null
  run_wrk "$i" "$WARMUP" -H "Connection: close" >/dev/null
done

RESULTS="$LOG_DIR/rounds.tsv" # round, server index, mode, req/s, req/s per core, errors
: > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    for mode in keep-alive close; do
      if [ "$mode" = close ]; then set -- -H "Connection: close"; else set --; fi
      read -r rate per_core errors < <(run_wrk "$i" "$SECONDS_EACH" "$@")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$i" "$mode" "$rate" "$per_core" "$errors" >> "$RESULTS"
      echo "round $round, ${NAMES[$i]}, $mode: $rate req/s, $per_core per core, $errors errors" >&2
    done
  done
done

median() { # median SERVER MODE COLUMN (4 req/s, 5 per core) over the rounds
  awk -F'\t' -v i="$1" -v m="$2" -v c="$3" '$2 == i && $3 == m {print $c}' "$RESULTS" | sort -n |
    awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
errors() { awk -F'\t' -v i="$1" '$2 == i {s += $6} END {print s + 0}' "$RESULTS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", (b > 0 ? a / b : 0)}'; }

echo
echo "wrk -t2 -c64, ${ROUNDS} interleaved rounds of ${SECONDS_EACH} s per mode (medians), after ${WARMUP} s + ${WARMUP} s warm-up;"
echo "GET / on 127.0.0.1, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ). Per core: requests per CPU second of the server's processes."
echo
echo "| server | keep-alive req/s | × bare | per core | Connection: close req/s | × bare | per core | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
bare_ka=$(median "$BARE" keep-alive 4) bare_close=$(median "$BARE" close 4)
for i in "${!NAMES[@]}"; do
  ka=$(median "$i" keep-alive 4) close=$(median "$i" close 4)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${NAMES[$i]}" \
    "$ka" "$(ratio "$ka" "$bare_ka")" "$(median "$i" keep-alive 5)" \
    "$close" "$(ratio "$close" "$bare_close")" "$(median "$i" close 5)" "$(errors "$i")"
done
