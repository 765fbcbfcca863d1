#!/usr/bin/env bash
# Task 7: a blue-green switch behind nginx, mid-run, under a constant rate of GET /version
# (Task07ZeroDowntimeSimulation). Blue (three instances, version blue-1) serves; green (three
# instances, green-2) is started and ready before the run; at EVENT_AT s BlueGreenSwitch points nginx
# at green, reloads it, waits until nginx's old workers are gone, then stops blue with SIGTERM (it
# drains). The Gatling run asserts 0 failed requests; the table gives p50/p99 before, during and after.
#
#   JAVA_HOME=... load-tests/scripts/task07-blue-green.sh
#
# Needs nginx, curl, python3. Blue on 18181-18183, green on 18184-18186 (admin 1918x); see task07-common.sh.
OUT="${OUT:-$(dirname "$0")/../target/task07-blue-green}"
. "$(dirname "$0")/task07-common.sh"

echo blue-1 > "$OUT/VERSION-blue"
echo green-2 > "$OUT/VERSION-green"
for i in 1 2 3; do start_instance "blue-$i" "1818$i" "1918$i" "$OUT/VERSION-blue"; done
for i in 4 5 6; do start_instance "green-$i" "1818$i" "1918$i" "$OUT/VERSION-green"; done
await_ready 19181 19182 19183 19184 19185 19186
start_nginx 18181 18182 18183

switch() {
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)" NGINX_PREFIX="$OUT/nginx" \
    GREEN=18184:19184,18185:19185,18186:19186 BLUE=18181:19181,18182:19182,18183:19183 \
    "$JAVA" -cp "$CP_TASK07" dev.clusterlab.task07.BlueGreenSwitch >&2
}
run_with_event "blue-green switch" switch
echo "versions served after the switch: $(for _ in 1 2 3 4 5 6; do curl -s "http://127.0.0.1:$NGINX_PORT/version"; echo; done | grep -o '"version":"[^"]*"' | sort | uniq -c | tr '\n' ' ')"
