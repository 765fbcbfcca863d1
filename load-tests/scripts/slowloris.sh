#!/usr/bin/env bash
# Slowloris against `./workbook demo 2` with a short headers timeout, and curl beside it: issue 15's
# check that HttpLimits.headersTimeout cuts 2,000 slow connections within 5 s + 1 s while normal
# requests keep getting 200 in under 100 ms.
#
#   load-tests/scripts/slowloris.sh            # PORT=18150 WORKERS=2 CONNECTIONS=2000 TIMEOUT=5s
#
# The demo reads the limit from CLUSTERLAB_HTTP_HEADERS_TIMEOUT (HttpLimits.fromEnvironment(); its
# workers inherit it). Needs python3 and curl. Stops the demo by its PID, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-18150}" WORKERS="${WORKERS:-2}" CONNECTIONS="${CONNECTIONS:-2000}" TIMEOUT="${TIMEOUT:-5s}"
SLACK="${SLACK:-1}" # seconds past TIMEOUT by which every slow connection must be closed
LOG="${LOG:-load-tests/target/slowloris-demo.log}"
mkdir -p "$(dirname "$LOG")"
command -v curl >/dev/null && command -v python3 >/dev/null || { echo "slowloris: needs curl and python3" >&2; exit 2; }
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $(( CONNECTIONS + 100 )) ]; then
  ulimit -n $(( CONNECTIONS + 100 )) 2>/dev/null \
    || { echo "slowloris: $CONNECTIONS connections need more open files than ulimit -n $(ulimit -n); raise it or lower CONNECTIONS" >&2; exit 2; }
fi

DEMO_PID=""
stop_demo() { # the primary first; its workers leave a few seconds after it, and are waited for (killed if they stay)
  [ -n "$DEMO_PID" ] || return 0
  local workers pid
  workers=$(sed -n 's/.*forked worker [0-9]* (pid \([0-9]*\)).*/\1/p' "$LOG")
  for pid in "$DEMO_PID" $workers; do
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_demo EXIT

PORT="$PORT" WORKERS="$WORKERS" CLUSTERLAB_HTTP_HEADERS_TIMEOUT="$TIMEOUT" ./workbook demo 2 > "$LOG" 2>&1 &
DEMO_PID=$! # the demo execs java: this is the primary, and its workers leave with it
# The demo builds task 2 first (quick once installed): give it up to 5 minutes to listen.
for i in $(seq 1 1500); do
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && break
  [ "$i" -lt 1500 ] || { echo "slowloris: the demo did not answer on $PORT within 5 minutes; see $LOG" >&2; exit 1; }
  kill -0 "$DEMO_PID" 2>/dev/null || { cat "$LOG" >&2; echo "slowloris: the demo died" >&2; exit 1; }
  sleep 0.2
done
echo "demo 2 on 127.0.0.1:$PORT, WORKERS=$WORKERS, CLUSTERLAB_HTTP_HEADERS_TIMEOUT=$TIMEOUT; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
python3 load-tests/scripts/slowloris.py --port "$PORT" --connections "$CONNECTIONS" --timeout "$TIMEOUT" --slack "$SLACK" || status=$?
echo "the demo logged:"; grep -E "headersTimeout|requestTimeout|maxConnections" "$LOG" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
