#!/usr/bin/env bash
# Benchmark of issue 3's portal at 10,000 published articles, on a fresh SQLite data
# directory: an article page and the home page at 64 connections, side by side with the same
# HTML saved to files and served by nginx (the static baseline); search through HTTP
# (/api/v1/search); the server's memory after the load. Loopback only, bounded (wrk -d 10s
# per address). Usage: bench/portal.sh [DATA_DIR]   (needs Debian's wrk and nginx-light;
# ARTICLES, SECONDS_PER_URL, CONNECTIONS override 10000, 10, 64)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-$(mktemp -d /tmp/lantoa-bench-portal-XXXX)}"
DATA="$(mkdir -p "$DATA" && cd "$DATA" && pwd)"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lantoa"
PORT="${PORT:-18093}"
STATIC_PORT="${STATIC_PORT:-18094}"
SECS="${SECONDS_PER_URL:-10}"
CONNS="${CONNECTIONS:-64}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
test -x "$NGINX" || { echo "install nginx: apt-get install nginx-light" >&2; exit 1; }
if [ -z "${REUSE:-}" ]; then # REUSE=1: measure a data directory prepared earlier
  nice cargo build --release -q -p lantoa
  "$BIN" --data-dir "$DATA" bench-content-data --articles "${ARTICLES:-10000}" 2>/dev/null
  "$BIN" --data-dir "$DATA" reindex
fi
"$BIN" --data-dir "$DATA" serve --addr "127.0.0.1:$PORT" >"$DATA/serve.log" 2>&1 &
SERVER=$!
mkdir -p "$DATA/nginx/tmp" "$DATA/static"
chmod 755 "$DATA" "$DATA/static" # nginx workers run as nobody when started by root
sed -e "s|@DATA@|$DATA|g" -e "s|@PORT@|$STATIC_PORT|g" "$ROOT/bench/nginx.conf.in" >"$DATA/nginx/nginx.conf"
trap 'kill $SERVER 2>/dev/null; "$NGINX" -c "$DATA/nginx/nginx.conf" -p "$DATA/nginx" -s stop 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
ARTICLE=$(curl -s "$BASE/tin-tuc" | grep -o 'href="/tin-tuc/[^"?#]*"' | head -1 | sed 's/href="\(.*\)"/\1/')
test -n "$ARTICLE" || { echo "no article on /tin-tuc" >&2; exit 1; }
curl -sf "$BASE/" -o "$DATA/static/index.html"
curl -sf "$BASE$ARTICLE" -o "$DATA/static/bai.html"
"$NGINX" -c "$DATA/nginx/nginx.conf" -p "$DATA/nginx"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$STATIC_PORT/" >/dev/null && break; sleep 0.1; done
run() { # label url [wrk args…]
  local label=$1 url=$2; shift 2
  echo "== $label ($url)"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" "$url" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
  echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "article page $ARTICLE: $(wc -c <"$DATA/static/bai.html") bytes; home page: $(wc -c <"$DATA/static/index.html") bytes"
run "article page, lantoa" "$BASE$ARTICLE"
run "article page, the same HTML from nginx" "http://127.0.0.1:$STATIC_PORT/bai.html"
run "home page, lantoa" "$BASE/"
run "home page, the same HTML from nginx" "http://127.0.0.1:$STATIC_PORT/"
test "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/search?q=dao%20tao%20nghe")" = 200
run "search, 12 queries in turn" "$BASE/api/v1/search" -s "$ROOT/bench/search.lua"
CONNS=8 run "search, 12 queries in turn, 8 connections" "$BASE/api/v1/search" -s "$ROOT/bench/search.lua"
CONNS=1 run "search, 12 queries in turn, 1 connection (one search at a time)" "$BASE/api/v1/search" -s "$ROOT/bench/search.lua" -t1
grep -E "VmHWM|VmRSS" "/proc/$SERVER/status" | tr -s ' \t' ' ' | sed 's/^/server after the load: /'
