#!/usr/bin/env bash
# Task 5's measurement: kill -9 one of three cluster instances behind nginx under a constant rate
# of requests, and count what is lost. Starts three instances of dev.clusterlab.task05.InstanceServer
# (a, b, c on 127.0.0.1:$BASE_PORT+1..3, admin ports +1000), nginx on 127.0.0.1:$BASE_PORT through
# nginx/run-nginx.sh, and the HealthChecker; runs Task05KillInstanceSimulation; KILL_AT seconds after
# Gatling's first request reaches nginx, kills instance b (its primary and its workers) with SIGKILL;
# then stops everything it started, by PID. Gatling's report groups the requests into warm-up, before,
# during and after the kill (printed at the end as a table); the run fails if any request failed.
#
#   load-tests/scripts/task05-kill-instance.sh            (from the repository root)
#
# Env: JAVA_HOME (JDK 21+), BASE_PORT (18080), WORKERS per instance (1), RATE requests/s (200),
#      DURATION s (35), WARMUP s (5), KILL_AT s (15), EVENT_WINDOW s (5), INTERVAL_MS of the checker (1000),
#      CP_TASK05 (the solution's class path; built with Maven when unset), OUT (load-tests/target/task05);
#      Maven reads MAVEN_ARGS (e.g. MAVEN_ARGS=-o to stay offline).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BASE_PORT="${BASE_PORT:-18080}" WORKERS="${WORKERS:-1}" RATE="${RATE:-200}" DURATION="${DURATION:-35}"
KILL_AT="${KILL_AT:-15}" WARMUP="${WARMUP:-5}" EVENT_WINDOW="${EVENT_WINDOW:-5}" INTERVAL_MS="${INTERVAL_MS:-1000}"
OUT="${OUT:-$ROOT/load-tests/target/task05}"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
NGINX_PREFIX="$OUT/nginx"
NAMES=(a b c)
mkdir -p "$OUT"

is_served() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$BASE_PORT" $((BASE_PORT + 1)) $((BASE_PORT + 2)) $((BASE_PORT + 3)); do
  if is_served "$port"; then echo "task05: something already listens on 127.0.0.1:$port; set BASE_PORT" >&2; exit 1; fi
done

if [ -z "${CP_TASK05:-}" ]; then
  ./mvnw -q -B install -DskipTests -pl solutions/task05 -am >&2
  ./mvnw -q -B dependency:build-classpath -pl solutions/task05 -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/classpath.txt >&2
  CP_TASK05="solutions/task05/target/classes:$(cat solutions/task05/target/classpath.txt)"
fi

PIDS=()
NGINX_STARTED=""
GATLING=""
cleanup() {
  # Only if this script stops early: Maven and the Gatling JVM it forked.
  if [ -n "$GATLING" ] && kill -0 "$GATLING" 2>/dev/null; then
    kill -TERM $(pgrep -P "$GATLING") "$GATLING" 2>/dev/null || true
  fi
  [ -n "$NGINX_STARTED" ] && nginx/run-nginx.sh stop "$NGINX_PREFIX" || true
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

servers=()
for i in 0 1 2; do
  port=$((BASE_PORT + 1 + i))
  # exec: the PID is the primary's; its workers leave when it does.
  bash -c 'exec "$@"' _ env PORT="$port" ADMIN_PORT="$((port + 1000))" INSTANCE="${NAMES[$i]}" WORKERS="$WORKERS" \
    WARMUP_MS=0 "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$CP_TASK05" \
    dev.clusterlab.task05.InstanceServer > "$OUT/instance-${NAMES[$i]}.log" 2>&1 &
  PIDS+=($!)
  servers+=("127.0.0.1:$port")
done
for i in 0 1 2; do
  port=$((BASE_PORT + 1 + i))
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || { cat "$OUT/instance-${NAMES[$i]}.log" >&2; exit 1; }
    sleep 0.1
  done
done
echo "task05: instances ready on ${servers[*]}" >&2

upstreams="$OUT/upstreams.conf"
{
  echo "upstream clusterlab {"
  for server in "${servers[@]}"; do echo "    server $server max_fails=1 fail_timeout=5s;"; done
  echo "    keepalive 32;"
  echo "}"
} > "$upstreams"
rm -rf "$NGINX_PREFIX"
nginx/run-nginx.sh start "$NGINX_PREFIX" "$BASE_PORT" "$upstreams"
NGINX_STARTED=1

INSTANCES="$(IFS=,; echo "${servers[*]}")" NGINX_PREFIX="$NGINX_PREFIX" INTERVAL_MS="$INTERVAL_MS" \
  "$JAVA" -XX:+UseSerialGC -cp "$CP_TASK05" dev.clusterlab.task05.HealthChecker > "$OUT/health-checker.log" 2>&1 &
PIDS+=($!)

./mvnw -B -pl load-tests gatling:test -Dgatling.simulationClass=dev.clusterlab.load.Task05KillInstanceSimulation \
  -DbaseUrl="http://127.0.0.1:$BASE_PORT" -Drate="$RATE" -Dduration="$DURATION" -Dwarmup="$WARMUP" -DkillAt="$KILL_AT" \
  -DeventWindow="$EVENT_WINDOW" > "$OUT/gatling.log" 2>&1 &
GATLING=$!

# The phases count from Gatling's first request: wait for it in nginx's access log.
until [ -s "$NGINX_PREFIX/logs/access.log" ]; do
  kill -0 "$GATLING" 2>/dev/null || { tail -n 40 "$OUT/gatling.log" >&2; exit 1; }
  sleep 0.05
done
sleep "$KILL_AT"
victim="${PIDS[1]}"
workers=$(pgrep -P "$victim" || true)
kill -KILL "$victim" $workers
{ wait "$victim"; } 2>/dev/null || true # reaped quietly: bash would report the killed job
echo "task05: killed instance b (primary $victim, workers $(echo $workers)) with SIGKILL at T+${KILL_AT}s" >&2

status=0
wait "$GATLING" || status=$?
echo >&2
grep -E "health: " "$OUT/health-checker.log" >&2 || true
report=$(grep -o 'file://[^ ]*/index.html' "$OUT/gatling.log" | tail -n1 | sed 's|^file://||' || true)
grep -E '^> (request count|response time (50th|99th))|^Global: ' "$OUT/gatling.log" || true
echo
echo "$RATE requests/s for ${DURATION}s through nginx, 3 instances x $WORKERS workers, instance b killed at T+${KILL_AT}s;" \
  "$(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
[ -n "$report" ] && command -v python3 >/dev/null && python3 "$ROOT/load-tests/scripts/gatling-groups.py" "$(dirname "$report")"
echo "task05: Gatling's output in $OUT/gatling.log; report: ${report:-none}" >&2
exit "$status"
