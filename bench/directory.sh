#!/usr/bin/env bash
# Benchmark of issue 4's directory: the programme list (/chuong-trinh), with and without
# filters and on a later page, the institution list (/co-so-dao-tao) and the programmes API
# at 64 connections, with 500 institutions and 5,000 programmes on a fresh SQLite data
# directory. Target: p99 ≤ 20 ms. Loopback only, bounded (wrk -d 10s per address).
# Usage: bench/directory.sh [DATA_DIR]   (needs Debian's wrk; INSTITUTIONS, PROGRAMMES,
# SECONDS_PER_URL, CONNECTIONS override 500, 5000, 10, 64)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-$(mktemp -d /tmp/lantoa-bench-directory-XXXX)}"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lantoa"
PORT="${PORT:-18092}"
SECS="${SECONDS_PER_URL:-10}"
CONNS="${CONNECTIONS:-64}"
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
nice cargo build --release -q -p lantoa
"$BIN" --data-dir "$DATA" bench-directory-data --institutions "${INSTITUTIONS:-500}" --programmes "${PROGRAMMES:-5000}" 2>/dev/null
"$BIN" --data-dir "$DATA" bench-directory --iterations 20
"$BIN" --data-dir "$DATA" serve --addr "127.0.0.1:$PORT" >"$DATA/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
GROUP="M%C3%A1y%20t%C3%ADnh%20v%C3%A0%20c%C3%B4ng%20ngh%E1%BB%87%20th%C3%B4ng%20tin" # Máy tính và công nghệ thông tin
URLS=(
  "/chuong-trinh"
  "/chuong-trinh?trinh_do=trung-cap&dang_tuyen=1"
  "/chuong-trinh?khu_vuc=899&nhom=$GROUP"
  "/chuong-trinh?trinh_do=cao-dang&khu_vuc=899&dang_tuyen=1&nhom=$GROUP"
  "/chuong-trinh?trang=120"
  "/co-so-dao-tao"
  "/api/v1/programmes"
)
echo "machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in "${URLS[@]}"; do
  url="$BASE$path"
  code=$(curl -s -o "$DATA/page.out" -w '%{http_code}' "$url")
  test "$code" = 200 || { echo "$path: HTTP $code" >&2; exit 1; }
  echo "== $path ($(wc -c <"$DATA/page.out") bytes)"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$url" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
  echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
grep -E "VmHWM|VmRSS" "/proc/$SERVER/status" | tr -s ' \t' ' ' | sed 's/^/server /'
