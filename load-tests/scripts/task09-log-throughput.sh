#!/usr/bin/env bash
# Task 9's logging measurement: how fast the primary takes its workers' JSON lines into the merged file
# and into a real OpenSearch. Starts OpenSearch (support/logstore's OpenSearchMain, 256 MB heap) and the
# task 9 solution with LOG_DIR and LOG_STORE_URL, makes each worker log LINES lines of SIZE bytes at the
# same time (GET /log on two connections), and prints how long each step took: the workers' own logging
# (the GET /log answers), the last line in cluster*.log, the last document counted in the store.
# Then it stops everything it started, by PID.
#
#   load-tests/scripts/task09-log-throughput.sh            (from the repository root)
#
# Env: JAVA_HOME (JDK 21+), PORT (18080), STORE_PORT (19200), WORKERS (2), LINES per worker (50000),
#      SIZE bytes of padding per line (200), OUT (load-tests/target/task09-logs); Maven reads MAVEN_ARGS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PORT="${PORT:-18080}" STORE_PORT="${STORE_PORT:-19200}" WORKERS="${WORKERS:-2}"
LINES="${LINES:-50000}" SIZE="${SIZE:-200}" OUT="${OUT:-$ROOT/load-tests/target/task09-logs}"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"

./mvnw -q -B install -DskipTests -pl solutions/task09,support/logstore -am >&2
./mvnw -q -B dependency:build-classpath -pl solutions/task09 -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/classpath.txt >&2
CP="solutions/task09/target/classes:$(cat solutions/task09/target/classpath.txt)"
STORE_CP="support/logstore/target/classes:$(cat support/logstore/target/classes/dev/clusterlab/logstore/runtime-classpath.txt)"

rm -rf "$OUT" && mkdir -p "$OUT/logs" "$OUT/store"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# OpenSearchMain exits when its stdin ends: its stdin is a FIFO this script holds open until it exits.
mkfifo "$OUT/opensearch.stdin"
PORT="$STORE_PORT" "$JAVA" -Xms256m -Xmx256m -cp "$STORE_CP" dev.clusterlab.logstore.OpenSearchMain \
    "$OUT/store" $((STORE_PORT + 100)) < "$OUT/opensearch.stdin" > "$OUT/opensearch.out" 2>&1 &
PIDS+=($!)
exec 4> "$OUT/opensearch.stdin"

PORT="$PORT" WORKERS="$WORKERS" METRICS_PORT=$((PORT + 1000)) LOG_DIR="$OUT/logs" \
    LOG_STORE_URL="http://127.0.0.1:$STORE_PORT" "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" \
    dev.clusterlab.task09.MonitoredServer > "$OUT/primary.out" 2>&1 &
PIDS+=($!)

until grep -q "OpenSearch ready" "$OUT/opensearch.out"; do sleep 0.5; done
until curl -fs "127.0.0.1:$PORT/" > /dev/null; do sleep 0.5; done
sleep 2 # every worker up

now() { date +%s.%N; }
count_file() { cat "$OUT"/logs/cluster*.log | grep -c '"request_id":"throughput-' || true; }
count_store() {
  curl -fs -X POST "127.0.0.1:$STORE_PORT/clusterlab-logs/_refresh" > /dev/null
  curl -fs "127.0.0.1:$STORE_PORT/clusterlab-logs/_count?q=request_id.keyword:throughput*" \
      | sed -E 's/.*"count":([0-9]+).*/\1/'
}
expected=$((WORKERS * (LINES + 1))) # each request's lines and its access line
start=$(now)
for w in $(seq 1 "$WORKERS"); do
  # A connection each: round robin gives each worker one request.
  curl -fs -H "X-Request-Id: throughput-$w" "127.0.0.1:$PORT/log?lines=$LINES&size=$SIZE" > "$OUT/answer-$w.txt" &
done
wait $(jobs -p | tail -n "$WORKERS")
logged=$(now)
until [ "$(count_file)" -ge "$expected" ]; do sleep 0.2; done
filed=$(now)
until [ "$(count_store)" -ge "$expected" ]; do sleep 0.5; done
stored=$(now)

cat "$OUT"/answer-*.txt
echo "the store's newest line of worker 1's request:"
curl -fs "127.0.0.1:$STORE_PORT/clusterlab-logs/_search?q=request_id.keyword:throughput-1&size=1&sort=@timestamp:desc&filter_path=hits.total,hits.hits._source"
echo
bytes=$(cat "$OUT"/logs/cluster*.log | wc -c)
awk -v s="$start" -v l="$logged" -v f="$filed" -v t="$stored" -v n="$expected" -v b="$bytes" 'BEGIN {
  printf "%d lines (%.1f MB in the merged files)\n", n, b / 1e6
  printf "workers logged them in  %6.2f s  (%8.0f lines/s)\n", l - s, n / (l - s)
  printf "all in cluster*.log in  %6.2f s  (%8.0f lines/s)\n", f - s, n / (f - s)
  printf "all in OpenSearch in    %6.2f s  (%8.0f lines/s)\n", t - s, n / (t - s)
}'
