#!/usr/bin/env bash
# Task 6's measurements for chapter 6, the lab (before) and the solution (after) side by side,
# interleaved (lab, solution, lab, solution, ...) so that the machine's noise falls on both alike:
#   loop:   GET /fast's p50/p99 and the event-loop lag while 4 clients keep GET /work?ms=100 busy
#           (the lab is measured with the solution's lag probe and profiler laid over it: its own are TODOs);
#   report: GET /report req/s under 4 clients, and a 5 s profile of worker 1 (flame graph copied to
#           docs/src/docs/asciidoc/flamegraphs/task06-{lab,solution}.html) with the hot frames' shares;
#   sizing: SizingProbe on this machine's cores, 1..cores+2 workers, CPU-bound (/work?ms=5) and
#           I/O-bound (/io?ms=20), into docs data CSVs.
# Starts its own redis-server; ends everything it started, by PID.
#
#   heap:   the solution's workers under GET /report with the default heap, -Xmx128m, and -Xmx128m with
#           the Serial collector: req/s, RSS per worker and GC pause ms per second, from the monitor;
#
#   load-tests/scripts/task06-figures.sh loop|report|heap|sizing        (from the repository root)
#
# Env: JAVA_HOME (JDK 21+), PORT (19060; admin PORT+1), REDIS_PORT (19069), ROUNDS (3), DURATION (5 s),
#      OUT (load-tests/target/task06).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WHAT="${1:?usage: task06-figures.sh loop|report|heap|sizing}"
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
# "before" is the untouched lab with the solution's two instruments laid over it (its lag probe and its
# profiler are TODOs in the lab), so that the lab can be measured as it is.
INSTRUMENTS="$OUT/instruments/dev/clusterlab/task06"
rm -rf "$OUT/instruments" && mkdir -p "$INSTRUMENTS"
cp solutions/task06/target/classes/dev/clusterlab/task06/{LoopLag,WorkerProfiler}*.class "$INSTRUMENTS/"
CP_LAB="$OUT/instruments:$CP_LAB"


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
  rm -f "$OUT/server-$name.log" # else the wait below may read the last run's lines before this run's truncate them
  env PORT="$PORT" ADMIN_PORT="$((PORT + 1))" WORKERS=2 PROFILE_DIR="$OUT/profiles-$name" "$@" \
    "$JAVA" ${JVM_OPTS:-} --enable-native-access=ALL-UNNAMED -cp "$cp" dev.clusterlab.task06.PerfServer > "$OUT/server-$name.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do
    [ "$(grep -c 'is listening on' "$OUT/server-$name.log" || true)" -ge 2 ] && { sleep 1; return 0; }
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.2
  done
  echo "task06-figures: the $name app did not start; see $OUT/server-$name.log" >&2; exit 1
}

LOAD=("$JAVA" "$ROOT/load-tests/scripts/Task06Load.java")

medians() { # medians IN OUT TITLE Y COLUMN...: a bar chart's data, one row per variant, the median over rounds
  python3 - "$WHAT" "$@" <<'PY'
import csv, statistics, sys
what, src, dst, title, y, *columns = sys.argv[1:]
rows = list(csv.DictReader(open(src)))
names = {"lab": "before (the lab)", "solution": "after (the solution)"}
with open(dst, "w") as out:
    out.write(f"# title: {title}\n# command: load-tests/scripts/task06-figures.sh {what}\n# x: variant\n# y: {y}\n# kind: bar\n")
    out.write(",".join(["variant"] + columns) + "\n")
    for variant in dict.fromkeys(r["variant"] for r in rows):
        values = [statistics.median(float(r[c]) for r in rows if r["variant"] == variant and r[c]) for c in columns]
        out.write(",".join([names.get(variant, variant)] + [f"{v:.1f}" for v in values]) + "\n")
print(open(dst).read(), end="")
PY
}
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
    done
    medians "$OUT/loop.csv" "$DATA/task06-loop.csv" "GET /fast p99 and event-loop lag p99 while 4 clients keep GET /work?ms=100 busy (median of $ROUNDS)" \
      "ms" "fast p99 ms" "loop lag p99 ms" ;;
  report)
    echo "variant,round,report req/s,samples,Pattern.compile share,ObjectMapper share" | tee "$OUT/report.csv"
    for round in $(seq 1 "$ROUNDS"); do
      for variant in lab solution; do
        start "$variant"
        echo "$variant,$round,$("${LOAD[@]}" report "$PORT" "$((PORT + 1))" "$SECONDS_EACH" \
          "$ROOT/docs/src/docs/asciidoc/flamegraphs/task06-$variant.html")" | tee -a "$OUT/report.csv"
        stop_server
      done
    done
    medians "$OUT/report.csv" "$DATA/task06-report.csv" "GET /report requests per second, 2 workers, 4 clients (median of $ROUNDS)" \
      "req/s" "report req/s" ;;
  heap) # the workers inherit the primary's JVM options
    echo "variant,round,report req/s,RSS MB per worker,GC ms per s" | tee "$OUT/heap.csv"
    for round in $(seq 1 "$ROUNDS"); do
      for opts in "default (G1; heap 1/4 of RAM)" "-Xmx128m" "-Xmx128m -XX:+UseSerialGC"; do
        flags=""; [ "${opts#-}" != "$opts" ] && flags="$opts"
        JVM_OPTS="$flags" start solution
        echo "$opts,$round,$("${LOAD[@]}" heap "$PORT" "$((PORT + 1))" "$SECONDS_EACH")" | tee -a "$OUT/heap.csv"
        stop_server
      done
    done
    medians "$OUT/heap.csv" "$DATA/task06-heap.csv" "Resident memory per worker under GET /report load, by heap settings (median of $ROUNDS)" \
      "MB" "RSS MB per worker" ;;
  sizing)
    cores=$(nproc)
    export MEASURED_BY="load-tests/scripts/task06-figures.sh sizing"
    # One CPU thread per worker, as a Node worker has: CPU throughput then grows with workers up to the cores.
    CPU_THREADS=1 "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_SOLUTION" dev.clusterlab.task06.SizingProbe --cores "$cores" \
      --path "/work?ms=5" --out "$DATA/task06-sizing-cpu.csv" | tee "$OUT/sizing-cpu.txt"
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP_SOLUTION" dev.clusterlab.task06.SizingProbe --cores "$cores" \
      --path "/io?ms=20" --concurrency 64 --out "$DATA/task06-sizing-io.csv" | tee "$OUT/sizing-io.txt" ;;
  *) echo "task06-figures: loop, report, heap or sizing, not $WHAT" >&2; exit 2 ;;
esac
echo "# uptime: $(uptime)" >&2
