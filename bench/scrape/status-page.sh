#!/usr/bin/env bash
# Does the status page cost the scrape anything? One exporter (max_staleness: 0s, so every scrape
# is a full collection), measured in alternating rounds: /metrics alone, then /metrics while a
# "viewer" loads the status page the way the browser does (/, its four static files and one
# /api/history per chart) once a second, sixty times as often as the page reloads itself.
# Also: the page's and /api/history's own server time. Not a test: figures go to docs/benchmarks.md.
#
# Usage: bench/scrape/status-page.sh      (builds the jar if missing; needs wrk and curl)
# Env:   HK_JAVA_OPTS (default: packaging/jvm/exporter.args)  SAMPLES (per round, default 200)
#        ROUNDS (default 3)  WRK_SECONDS (default 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=exporter/target/hostkeeper-exporter.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl exporter -am package -DskipTests
HK_JAVA_OPTS=${HK_JAVA_OPTS:-@$ROOT/packaging/jvm/exporter.args}
SAMPLES=${SAMPLES:-200}
ROUNDS=${ROUNDS:-3}
WRK_SECONDS=${WRK_SECONDS:-10}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
TMP=$(mktemp -d)
printf 'exporter:\n  listen: 127.0.0.1:%s\n  max_staleness: 0s\n' "$PORT" > "$TMP/hostkeeper.yml"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
MALLOC_ARENA_MAX=2 java $HK_JAVA_OPTS -jar "$JAR" --config "$TMP/hostkeeper.yml" > "$TMP/hk.log" 2>&1 &
HK_PID=$!; PIDS+=("$HK_PID")
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 300); do curl -sf -o /dev/null "$BASE/metrics" && break; sleep 0.1; done
curl -sf -o /dev/null "$BASE/metrics" || { cat "$TMP/hk.log" >&2; exit 1; }

SERIES=$(curl -s "$BASE/api/history" | python3 -c 'import json,sys; print(" ".join(s["series"] for s in json.load(sys.stdin)["series"]))')
view_page() { # what the browser requests for one view of the page
  # one connection, five requests; each URL needs its own -o (curl applies one -o per URL)
  curl -s -o /dev/null "$BASE/" -o /dev/null "$BASE/static/status.css" -o /dev/null "$BASE/static/status.js" \
    -o /dev/null "$BASE/static/uPlot.min.css" -o /dev/null "$BASE/static/uPlot.iife.min.js"
  for s in $SERIES; do curl -s -o /dev/null -G "$BASE/api/history" --data-urlencode "series=$s" --data-urlencode "range=1d"; done
}
viewer() { while true; do view_page; sleep 1; done; }
median_ms() { # url samples
  for _ in $(seq "$2"); do curl -s -o /dev/null -w '%{time_total}\n' -H 'Accept: text/plain;version=0.0.4' "$1"; done \
    | sort -n | awk '{a[NR]=$1} END {printf "%.3f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2) * 1000}'
}
rps() { wrk -t2 -c10 -d"${WRK_SECONDS}s" "$1" | awk '/^Requests\/sec/ {print $2}'; }
mid() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "host: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warming up (2,000 scrapes, 20 page views) ..." >&2
curl -s -Z --parallel-max 4 -o /dev/null "$BASE/metrics?n=[1-2000]"
for _ in $(seq 20); do view_page; done

ALONE_LAT=(); VIEW_LAT=(); ALONE_RPS=(); VIEW_RPS=()
for r in $(seq "$ROUNDS"); do
  echo "round $r/$ROUNDS ..." >&2
  ALONE_LAT+=("$(median_ms "$BASE/metrics" "$SAMPLES")"); ALONE_RPS+=("$(rps "$BASE/metrics")")
  viewer & VPID=$!; PIDS+=("$VPID")
  VIEW_LAT+=("$(median_ms "$BASE/metrics" "$SAMPLES")"); VIEW_RPS+=("$(rps "$BASE/metrics")")
  kill "$VPID"; wait "$VPID" 2>/dev/null || true
done
PAGE_MS=$(median_ms "$BASE/" 200)
HIST_MS=$(median_ms "$BASE/api/history?series=cpu&range=1d" 200)

a=$(mid "${ALONE_LAT[@]}"); v=$(mid "${VIEW_LAT[@]}")
ar=$(mid "${ALONE_RPS[@]}"); vr=$(mid "${VIEW_RPS[@]}")
printf '\n%-44s %10s %12s %8s\n' "" alone "page viewed" change
printf '%-44s %10s %12s %+7.1f%%   (target within 5 %%)\n' "/metrics median latency (ms), median of rounds" "$a" "$v" "$(echo "($v / $a - 1) * 100" | bc -l)"
printf '%-44s %10s %12s %+7.1f%%   (target within 5 %%)\n' "/metrics wrk -c10 (req/s), median of rounds" "$ar" "$vr" "$(echo "($vr / $ar - 1) * 100" | bc -l)"
echo "every round: latency alone ${ALONE_LAT[*]} / viewed ${VIEW_LAT[*]}; req/s alone ${ALONE_RPS[*]} / viewed ${VIEW_RPS[*]}"
echo "status page / median server round trip: $PAGE_MS ms; /api/history (cpu, 1d): $HIST_MS ms (200 sequential curls each)"
echo "exporter RSS at the end: $(awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$HK_PID/status") MiB"
