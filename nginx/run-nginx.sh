#!/usr/bin/env bash
# Runs Debian's nginx as the current user under a local prefix: no root, no /etc/nginx, ports
# above 1024, pid and logs in the prefix. Load only ever goes to 127.0.0.1.
#
#   nginx/run-nginx.sh start  PREFIX [LISTEN_PORT] [UPSTREAMS_FILE]   render the config, start (in the background)
#   nginx/run-nginx.sh reload PREFIX [UPSTREAMS_FILE]                 copy a new upstream group in, reload gracefully
#   nginx/run-nginx.sh stop   PREFIX                                  graceful stop (SIGQUIT), then wait
#
# LISTEN_PORT defaults to 8080, UPSTREAMS_FILE to nginx/upstreams.example.conf (three instances on
# 8081-8083). The nginx binary is NGINX, else `nginx` on PATH, else /usr/sbin/nginx.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$NGINX" ] || { echo "run-nginx: nginx is not installed (Debian/Ubuntu: sudo apt-get install -y nginx)" >&2; exit 2; }

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
cmd="${1:-}"; prefix="${2:-}"
[ -n "$cmd" ] && [ -n "$prefix" ] || usage
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

case "$cmd" in
  start)
    port="${3:-8080}" upstreams="${4:-$HERE/upstreams.example.conf}"
    mkdir -p "$prefix"/{conf,logs,temp}
    cp "$upstreams" "$prefix/conf/upstreams.conf"
    user_directive=""; [ "$(id -u)" = 0 ] && user_directive="user root;"
    PREFIX="$prefix" LISTEN_PORT="$port" USER_DIRECTIVE="$user_directive" \
      envsubst '${PREFIX} ${LISTEN_PORT} ${USER_DIRECTIVE}' < "$HERE/nginx.conf.template" > "$prefix/conf/nginx.conf"
    "$NGINX" -t -q -p "$prefix" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log"
    "$NGINX" -p "$prefix" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log"
    echo "nginx (pid $(cat "$prefix/nginx.pid")) on 127.0.0.1:$port; logs in $prefix/logs" >&2 ;;
  reload)
    [ -n "${3:-}" ] && cp "$3" "$prefix/conf/upstreams.conf"
    "$NGINX" -t -q -p "$prefix" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log"
    "$NGINX" -p "$prefix" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log" -s reload ;;
  stop)
    pid="$(cat "$prefix/nginx.pid" 2>/dev/null)" || { echo "run-nginx: no nginx.pid in $prefix" >&2; exit 1; }
    kill -QUIT "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    echo "run-nginx: nginx $pid did not stop within 10 s; kill -TERM $pid" >&2; exit 1 ;;
  *) usage ;;
esac
