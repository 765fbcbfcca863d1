#!/usr/bin/env bash
# Task 10's side-by-side measurement, in one run, interleaved (A B C D E, A B C D E, ...), so that the
# machine's noise falls on every contender alike:
#   jobs:  job throughput (PBKDF2, ITERATIONS) of one process on its event loop (JOB_MODE=loop), one
#          JVM with a thread pool of one thread per core (JOB_MODE=threads), the JobPool with 1 and 2
#          workers, and Node's cluster with 2 workers (load-tests/node/task10-api.js);
#   rates: the catalog's search under an open model at each rate of RATES: goodput (200s within 1 s)
#          and p50/p99/p99.9 of the 200s, for 1 worker, 2 workers, 2 workers behind their admission
#          control (the defaults: a limit of 16 and a queue of 32 per worker) and Node's cluster of 2;
#          the medians over the rounds go into the docs' data (task10-goodput.csv, task10-p99.csv);
#   hop:   the JobPool's IPC hop: wrk on one keep-alive connection posting empty jobs (1 iteration)
#          for DURATION after a warm-up of WARMUP s, to the primary hashing on its own thread pool
#          (threads) and through one worker (pool1); the difference is the hop primary -> worker ->
#          primary (needs wrk);
#   stream: job throughput as in jobs, of the JobPool with 2 workers against the shared queue (JOB_MODE=stream,
#          a redis-server this script starts on REDIS_PORT and stops): 1 instance of 2 workers, and 2 instances
#          of 1 worker each (the same 2 workers, now in two instances; the jobs go to the first one). Each run
#          has a stream of its own (JOB_STREAM=jobs-CONTENDER-ROUND), so none starts with another's entries.
# Prints CSV lines (what,contender,round,...) and writes them to OUT; ends what it started, by PID.
#
#   load-tests/scripts/task10-compare.sh jobs|rates|hop|stream    (from the repository root)
#
# Env: JAVA_HOME (JDK 21+), PORT (19010; jobs on PORT+1), ROUNDS (3), JOBS (120), CONCURRENCY (4),
#      ITERATIONS (100000), RATES ("500 1000 2000 4000"), DURATION (5 s), WARMUP (20 s), WARMUP_JOBS (100),
#      OUT (load-tests/target/task10), REDIS_PORT (19020; stream only).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WHAT="${1:?usage: task10-compare.sh jobs|rates|hop|stream}"
PORT="${PORT:-19010}" ROUNDS="${ROUNDS:-3}" JOBS="${JOBS:-120}" CONCURRENCY="${CONCURRENCY:-4}"
ITERATIONS="${ITERATIONS:-100000}" RATES="${RATES:-500 1000 2000 4000}" SECONDS_EACH="${DURATION:-5}" WARMUP="${WARMUP:-20}"
WARMUP_JOBS="${WARMUP_JOBS:-100}"
OUT="${OUT:-$ROOT/load-tests/target/task10}"
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
mkdir -p "$OUT"

./mvnw -q -B install -DskipTests -pl solutions/task10 -am >&2
./mvnw -q -B dependency:build-classpath -pl solutions/task10 -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/classpath.txt >&2
CP="solutions/task10/target/classes:$(cat solutions/task10/target/classpath.txt)"
LOAD=("$JAVA" "$ROOT/load-tests/scripts/Task10Load.java")

SERVER="" SECOND="" REDIS=""
stop() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi
  if [ -n "$SECOND" ]; then kill "$SECOND" 2>/dev/null || true; wait "$SECOND" 2>/dev/null || true; SECOND=""; fi
}
stop_redis() { if [ -n "$REDIS" ]; then kill "$REDIS" 2>/dev/null || true; wait "$REDIS" 2>/dev/null || true; REDIS=""; fi; }
trap 'stop; stop_redis' EXIT

start_redis() { # a private redis-server on REDIS_PORT, no persistence
  local port="${REDIS_PORT:-19020}" dir="$OUT/redis"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" > "$dir/redis.log" 2>&1 &
  REDIS=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then REDIS_URL="redis://127.0.0.1:$port"; return 0; fi
    sleep 0.1
  done
  echo "task10-compare: redis-server did not start; see $dir/redis.log" >&2; exit 1
}

start() { # start CONTENDER: a server on PORT (catalog) and PORT+1 (jobs)
  case "$1" in
    loop|threads) JOB_MODE="$1" ;;
    pool1|pool2) JOB_MODE=pool; WORKERS="${1#pool}" ;;
    admission2) JOB_MODE=pool; WORKERS=2 ;;
    stream1) JOB_MODE=stream; WORKERS=2 ;;
    stream2) JOB_MODE=stream; WORKERS=1 ;;
    node2) ;;
  esac
  local stream=(JOB_STREAM="jobs-$1-${round:-0}" REDIS_URL="${REDIS_URL:-}")
  if [ "$1" = node2 ]; then
    PORT="$PORT" WORKERS=2 node load-tests/node/task10-api.js > "$OUT/server-$1.log" 2>&1 &
  else
    # Except for admission2, the admission limit is out of the way: that measures the serving, not the shedding.
    local admission=(ADMISSION_LIMIT=256 ADMISSION_QUEUE=4096 ADMISSION_QUEUE_MS=1000)
    [ "$1" = admission2 ] && admission=()
    env PORT="$PORT" JOB_MODE="$JOB_MODE" WORKERS="${WORKERS:-2}" "${admission[@]}" "${stream[@]}" INSTANCE=a JOB_QUEUE=1000 \
      "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" \
      dev.clusterlab.task10.UseCaseServer > "$OUT/server-$1.log" 2>&1 &
  fi
  SERVER=$!
  if [ "$1" = stream2 ]; then # the second instance, on PORT+2 (catalog) and PORT+3 (jobs), consuming the same stream
    env PORT="$((PORT + 2))" JOB_MODE=stream WORKERS=1 "${admission[@]}" "${stream[@]}" INSTANCE=b JOB_QUEUE=1000 \
      "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" \
      dev.clusterlab.task10.UseCaseServer > "$OUT/server-$1-b.log" 2>&1 &
    SECOND=$!
    for _ in $(seq 1 300); do
      curl -sf -o /dev/null -XPOST "http://127.0.0.1:$((PORT + 3))/jobs" -d '{"password":"w","salt":"s","iterations":1000}' && break
      sleep 0.2
    done
  fi
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null -XPOST "http://127.0.0.1:$((PORT + 1))/jobs" -d '{"password":"w","salt":"s","iterations":1000}' \
       && curl -sf -o /dev/null "http://127.0.0.1:$PORT/items?id=1"; then
      sleep 1; return 0   # both workers: the first answer may come from the first one up
    fi
    sleep 0.2
  done
  echo "task10-compare: $1 did not start; see $OUT/server-$1.log" >&2; exit 1
}

echo "# uptime: $(uptime)" | tee "$OUT/$WHAT.csv"
if [ "$WHAT" = jobs ]; then
  echo "what,contender,round,jobs,seconds,jobs_per_s,errors" | tee -a "$OUT/$WHAT.csv"
  for round in $(seq 1 "$ROUNDS"); do
    for c in loop threads pool1 pool2 node2; do
      start "$c"
      "${LOAD[@]}" jobs "http://127.0.0.1:$((PORT + 1))/jobs" "$WARMUP_JOBS" "$CONCURRENCY" "$ITERATIONS" > /dev/null  # warm-up
      echo "jobs,$c,$round,$("${LOAD[@]}" jobs "http://127.0.0.1:$((PORT + 1))/jobs" "$JOBS" "$CONCURRENCY" "$ITERATIONS")" \
        | tee -a "$OUT/$WHAT.csv"
      stop
    done
  done
elif [ "$WHAT" = hop ]; then
  command -v wrk >/dev/null || { echo "task10-compare: hop needs wrk (apt-get install -y wrk)" >&2; exit 2; }
  cat > "$OUT/empty-job.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"password":"p","salt":"s","iterations":1}'
wrk.headers["Content-Type"] = "application/json"
LUA
  hop() { # hop SECONDS: "req/s,p50_us,p99_us" of one connection posting empty jobs
    wrk -t1 -c1 -d"$1s" --latency -s "$OUT/empty-job.lua" "http://127.0.0.1:$((PORT + 1))/jobs" | awk '
      function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; return v * 1e6 }
      $1 == "50%" { p50 = us($2) } $1 == "99%" { p99 = us($2) } $1 == "Requests/sec:" { rps = $2 }
      END { printf "%.0f,%.0f,%.0f\n", rps, p50, p99 }'
  }
  echo "what,contender,round,req_per_s,us_per_job,p50_us,p99_us" | tee -a "$OUT/$WHAT.csv"
  for round in $(seq 1 "$ROUNDS"); do
    for c in threads pool1; do
      start "$c"
      hop "$WARMUP" > /dev/null  # the server's JIT needs some 10,000s of requests
      line=$(hop "$SECONDS_EACH")
      echo "hop,$c,$round,${line%%,*},$(awk -v r="${line%%,*}" 'BEGIN { printf "%.1f", 1e6 / r }'),${line#*,}" | tee -a "$OUT/$WHAT.csv"
      stop
    done
  done
  echo "# uptime: $(uptime)" | tee -a "$OUT/$WHAT.csv"
elif [ "$WHAT" = stream ]; then
  command -v redis-server > /dev/null || { echo "task10-compare: stream needs redis-server (apt-get install -y redis-server)" >&2; exit 1; }
  start_redis
  echo "what,contender,round,jobs,seconds,jobs_per_s,errors" | tee -a "$OUT/$WHAT.csv"
  for round in $(seq 1 "$ROUNDS"); do
    for c in pool2 stream1 stream2; do
      start "$c"
      "${LOAD[@]}" jobs "http://127.0.0.1:$((PORT + 1))/jobs" "$WARMUP_JOBS" "$CONCURRENCY" "$ITERATIONS" > /dev/null  # warm-up
      echo "stream,$c,$round,$("${LOAD[@]}" jobs "http://127.0.0.1:$((PORT + 1))/jobs" "$JOBS" "$CONCURRENCY" "$ITERATIONS")" \
        | tee -a "$OUT/$WHAT.csv"
      stop
    done
  done
  echo "# uptime: $(uptime)" | tee -a "$OUT/$WHAT.csv"
else
  echo "what,contender,round,offered,goodput,ok,shed,errors,p50_ms,p99_ms,p999_ms" | tee -a "$OUT/$WHAT.csv"
  for round in $(seq 1 "$ROUNDS"); do
    for c in pool1 pool2 admission2 node2; do
      start "$c"
      # One client JVM for all the rates (it warms itself and the server up at the lowest first).
      # shellcheck disable=SC2086
      "${LOAD[@]}" rate "http://127.0.0.1:$PORT/" "$SECONDS_EACH" $RATES | sed "s/^/rates,$c,$round,/" | tee -a "$OUT/$WHAT.csv"
      stop
    done
  done
  echo "# uptime: $(uptime)" | tee -a "$OUT/$WHAT.csv"
  "$JAVA" "$ROOT/load-tests/scripts/RatesSummary.java" "$OUT/$WHAT.csv" "$ROOT/docs/src/docs/asciidoc/data" \
    "load-tests/scripts/task10-compare.sh rates (RATES=\"$RATES\", DURATION=$SECONDS_EACH, ROUNDS=$ROUNDS)"
fi
