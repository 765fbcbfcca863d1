#!/usr/bin/env bash
# Task 6's measurements for chapter 6, the lab (before) and the solution (after) side by side,
# interleaved (lab, solution, lab, solution, ...) so that the machine's noise falls on both alike:
#   loop:   GET /fast's p50/p99 and the event-loop lag while 4 clients keep GET /work?ms=100 busy;
#   report: GET /report req/s under 4 clients, and a 5 s profile of worker 1 (flame graph copied to
#           docs/src/docs/asciidoc/flamegraphs/task06-{lab,solution}.html) with the hot frames' shares;
#   sizing: SizingProbe on this machine's cores, 1..cores+2 workers, CPU-bound (/work?ms=5) and
#           I/O-bound (/io?ms=20), into docs data CSVs.
# Starts its own redis-server; ends everything it started, by PID.
#
#   load-tests/scripts/task06-figures.sh loop|report|sizing        (from the repository root)
#
# Env: JAVA_HOME (JDK 21+), PORT (19060; admin PORT+1), REDIS_PORT (19069), ROUNDS (3), DURATION (5 s),
#      OUT (load-tests/target/task06).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WHAT="${1:?usage: task06-figures.sh loop|report|sizing}"
PORT="${PORT:-19060}" REDIS_PORT="${REDIS_PORT:-19069}" ROUNDS="${ROUNDS:-3}" SECONDS_EACH="${DURATION:-5}"
OUT="${OUT:-$ROOT/load-tests/target/task06}"
DATA="$ROOT/docs/src/docs/asciidoc/data"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
mkdir -p "$OUT"

classpath() { # classpath MODULE
  ./mvnw -q -B install -DskipTests -pl "$1" -am >&2
  ./mvnw -q -B dependency:build-classpath -pl "$1" -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt >&2
  echo "$1/target/classes:$(cat "$1/target/classpath.txt")"
}
CP_LAB=$(classpath labs/task06)
CP_SOLUTION=$(classpath solutions/task06)

REDIS="" SERVER=""
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
cleanup() { stop_server; if [ -n "$REDIS" ]; then kill "$REDIS" 2>/dev/null || true; wait "$REDIS" 2>/dev/null || true; fi; }
trap cleanup EXIT
mkdir -p "$OUT/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$OUT/redis" > "$OUT/redis/redis.log" 2>&1 &
REDIS=$!
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

start() { # start lab|solution [ENV=VALUE ...]
  local cp; [ "$1" = lab ] && cp="$CP_LAB" || cp="$CP_SOLUTION"
  local name="$1"; shift
  env PORT="$PORT" ADMIN_PORT="$((PORT + 1))" WORKERS=2 PROFILE_DIR="$OUT/profiles-$name" "$@" \
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.clusterlab.task06.PerfServer > "$OUT/server-$name.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do
    [ "$(grep -c 'is listening on' "$OUT/server-$name.log" || true)" -ge 2 ] && { sleep 1; return 0; }
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.2
  done
  echo "task06-figures: the $name app did not start; see $OUT/server-$name.log" >&2; exit 1
}

LOAD=("$JAVA" "$ROOT/load-tests/scripts/Task06Load.java")
echo "# uptime: $(uptime)" >&2
case "$WHAT" in
  loop)
    echo "variant,round,fast p50 ms,fast p99 ms,loop lag p99 ms,loop lag max ms" | tee "$OUT/loop.csv"
    for round in $(seq 1 "$ROUNDS"); do
      for variant in lab solution; do
        start "$variant" CPU_THREADS=1
        echo "$variant,$round,$("${LOAD[@]}" loop "$PORT" "$SECONDS_EACH")" | tee -a "$OUT/loop.csv"
        stop_server
      done
    done ;;
  report)
    echo "variant,round,report req/s,samples,Pattern.compile share,ObjectMapper share" | tee "$OUT/report.csv"
    for round in $(seq 1 "$ROUNDS"); do
      for variant in lab solution; do
        start "$variant"
        echo "$variant,$round,$("${LOAD[@]}" report "$PORT" "$((PORT + 1))" "$SECONDS_EACH" \
          "$ROOT/docs/src/docs/asciidoc/flamegraphs/task06-$variant.html")" | tee -a "$OUT/report.csv"
        stop_server
      done
    done ;;
  sizing)
    cores=$(nproc)
    export MEASURED_BY="load-tests/scripts/task06-figures.sh sizing"
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_SOLUTION" dev.clusterlab.task06.SizingProbe --cores "$cores" \
      --path "/work?ms=5" --out "$DATA/task06-sizing-cpu.csv" | tee "$OUT/sizing-cpu.txt"
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_SOLUTION" dev.clusterlab.task06.SizingProbe --cores "$cores" \
      --path "/io?ms=20" --concurrency 64 --out "$DATA/task06-sizing-io.csv" | tee "$OUT/sizing-io.txt" ;;
  *) echo "task06-figures: loop, report or sizing, not $WHAT" >&2; exit 2 ;;
esac
echo "# uptime: $(uptime)" >&2
