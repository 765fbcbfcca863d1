#!/usr/bin/env bash
# Task 7: a rolling reload of three instances behind nginx, mid-run, under a constant rate of
# GET /version (Task07ZeroDowntimeSimulation). At EVENT_AT s the release artifact goes from v1 to v2
# and each instance gets POST /admin/reload in turn (its workers are replaced one at a time). The
# Gatling run asserts 0 failed requests; the table gives p50/p99 before, during and after.
#
#   JAVA_HOME=... load-tests/scripts/task07-rolling-reload.sh
#
# Needs nginx, curl, python3. Instances on 18181-18183 (admin 19181-19183); see task07-common.sh for the env.
OUT="${OUT:-$(dirname "$0")/../target/task07-rolling-reload}"
. "$(dirname "$0")/task07-common.sh"

echo v1 > "$OUT/VERSION"
for i in 1 2 3; do start_instance "instance-$i" "1818$i" "1918$i" "$OUT/VERSION"; done
await_ready 19181 19182 19183
start_nginx 18181 18182 18183

reload_all() {
  echo v2 > "$OUT/VERSION"
  for i in 1 2 3; do
    curl -fsS -X POST "http://127.0.0.1:1918$i/admin/reload" >&2 || { echo "task07: reload of instance $i failed" >&2; exit 1; }
    echo >&2
  done
}
run_with_event "rolling reload" reload_all
echo "versions served after the reload: $(for _ in 1 2 3 4 5 6; do curl -s "http://127.0.0.1:$NGINX_PORT/version"; echo; done | grep -o '"version":"[^"]*"' | sort | uniq -c | tr '\n' ' ')"
