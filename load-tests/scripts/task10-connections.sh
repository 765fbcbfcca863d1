#!/usr/bin/env bash
# Task 10's connection capacity: task 10's cluster (WORKERS, 2) holds CONNECTIONS (10000) idle keep-alive
# connections; prints the latency of the GETs on them (one when each opens, one more after HOLD seconds
# with all of them open) and each worker's resident memory (VmRSS) before and while they are held, so
# the memory per idle connection is (RSS held - RSS before) / connections. Ends what it started, by PID.
#
#   load-tests/scripts/task10-connections.sh               (from the repository root)
#
# The client and the workers each hold one file descriptor per connection, so the open-file limit must
# be above CONNECTIONS: the script raises its soft limit to the hard one (`ulimit -n`), and the JVMs raise
# theirs the same way by themselves (HotSpot's -XX:+MaxFDLimit, on by default).
# Env: JAVA_HOME (JDK 21+), PORT (19030), WORKERS (2), CONNECTIONS (10000), HOLD (5), OUT (load-tests/target/task10).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PORT="${PORT:-19030}" WORKERS="${WORKERS:-2}" CONNECTIONS="${CONNECTIONS:-10000}" HOLD="${HOLD:-5}"
OUT="${OUT:-$ROOT/load-tests/target/task10}"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $((CONNECTIONS + 1000)) ] || {
  echo "task10-connections: the open-file limit is $(ulimit -n); raise the hard limit above $((CONNECTIONS + 1000))" >&2; exit 1; }

./mvnw -q -B install -DskipTests -pl solutions/task10 -am >&2
./mvnw -q -B dependency:build-classpath -pl solutions/task10 -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/classpath.txt >&2
CP="solutions/task10/target/classes:$(cat solutions/task10/target/classpath.txt)"

PORT="$PORT" WORKERS="$WORKERS" ADMISSION_LIMIT=64 ADMISSION_QUEUE=20000 ADMISSION_QUEUE_MS=20000 \
  "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" dev.clusterlab.task10.UseCaseServer > "$OUT/connections-server.log" 2>&1 &
SERVER=$!
CLIENT=""
cleanup() { for pid in $CLIENT $SERVER; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/items?id=1" && break; sleep 0.2; done
sleep 2
rss() { for pid in $(pgrep -P "$SERVER"); do awk '/VmRSS/ {printf "%s ", $2}' "/proc/$pid/status"; done; }
for i in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/items?id=$i"; done
BEFORE=$(rss)
"$JAVA" load-tests/scripts/Task10Load.java hold "$PORT" "$CONNECTIONS" "$HOLD" > "$OUT/connections.csv" 2> "$OUT/connections-client.log" &
CLIENT=$!
until grep -q HOLDING "$OUT/connections-client.log" 2>/dev/null; do kill -0 "$CLIENT" || { cat "$OUT/connections-client.log" >&2; exit 1; }; sleep 0.2; done
sleep 1
HELD=$(rss)
wait "$CLIENT"; CLIENT=""
echo "# uptime: $(uptime)"
echo "connections,ok,p50_ms,p99_ms,p999_ms,max_ms"
cat "$OUT/connections.csv"
echo "worker RSS kB before: $BEFORE"
echo "worker RSS kB held:   $HELD"
read -r -a b <<< "$BEFORE"; read -r -a h <<< "$HELD"
total=0; for i in "${!b[@]}"; do total=$((total + h[i] - b[i])); done
echo "RSS per idle connection: $((total * 1024 / CONNECTIONS)) bytes (all workers' growth / $CONNECTIONS)"
