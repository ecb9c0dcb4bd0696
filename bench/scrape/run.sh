#!/usr/bin/env bash
# Side-by-side scrape benchmark: hostkeeper exporter (max_staleness: 0s, so every scrape is a real
# collection; every default collector on) against prometheus-node-exporter (default collectors) on
# this host, in one run.
# Prints: median single-scrape latency of each and the ratio, wrk throughput at 10 connections and
# the ratio, RSS after 10,000 and 20,000 scrapes. Not a test: figures go to docs/benchmarks.md.
#
# Usage: bench/scrape/run.sh            (builds the jar if missing)
# Env:   HK_JAVA_OPTS  JVM flags for hostkeeper (default: the flags of the run command and packaging)
#        SAMPLES       single-scrape samples per exporter (default 300)
#        WRK_SECONDS   duration of each wrk run (default 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=exporter/target/hostkeeper-exporter.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl exporter -am package -DskipTests
# The flags the run command, packaging/systemd and the Dockerfile use (see docs/benchmarks.md, "## Scrape").
DEFAULT_OPTS="@$ROOT/packaging/jvm/exporter.args"
HK_JAVA_OPTS=${HK_JAVA_OPTS:-$DEFAULT_OPTS}
SAMPLES=${SAMPLES:-300}
WRK_SECONDS=${WRK_SECONDS:-10}
NODE=$(command -v prometheus-node-exporter || command -v node_exporter || true)
[ -n "$NODE" ] || { echo "prometheus-node-exporter not found (apt-get install prometheus-node-exporter)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HK_PORT=$(free_port); NODE_PORT=$(free_port)
TMP=$(mktemp -d)
cat > "$TMP/hostkeeper.yml" <<YAML
exporter:
  listen: 127.0.0.1:$HK_PORT
  max_staleness: 0s
YAML

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

# MALLOC_ARENA_MAX=2: glibc otherwise keeps an arena per thread that ever allocated (RSS that is never returned).
MALLOC_ARENA_MAX=2 java $HK_JAVA_OPTS -jar "$JAR" --config "$TMP/hostkeeper.yml" > "$TMP/hk.log" 2>&1 &
HK_PID=$!; PIDS+=("$HK_PID")
"$NODE" --web.listen-address="127.0.0.1:$NODE_PORT" > "$TMP/node.log" 2>&1 &
NODE_PID=$!; PIDS+=("$NODE_PID")

wait_up() { for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1" >&2; cat "$TMP"/*.log >&2; exit 1; }
HK_URL="http://127.0.0.1:$HK_PORT/metrics"; NODE_URL="http://127.0.0.1:$NODE_PORT/metrics"
wait_up "$HK_URL"; wait_up "$NODE_URL"

rss_mib() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
# Exactly N scrapes, 10 at a time (curl's URL globbing; both exporters ignore the extra query parameter).
scrapes() { curl -s --no-progress-meter -Z --parallel-max 10 -H 'Accept: text/plain;version=0.0.4' "$1?n=[1-$2]" > /dev/null; }
median_ms() { # url samples -> median of curl's total time in ms (sequential, one connection each)
  for _ in $(seq "$2"); do curl -s -o /dev/null -w '%{time_total}\n' -H 'Accept: text/plain;version=0.0.4' "$1"; done \
    | sort -n | awk '{a[NR]=$1} END {printf "%.3f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2) * 1000}'
}

echo "host: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hostkeeper JVM flags: $HK_JAVA_OPTS (MALLOC_ARENA_MAX=2)"
echo "node_exporter: $("$NODE" --version 2>&1 | head -1)"
echo "hostkeeper collectors (the defaults): $(grep -o 'collectors: .*' "$TMP/hk.log" | head -1 | cut -d' ' -f2-)"
echo "series: hostkeeper $(curl -s "$HK_URL" | grep -vc '^#'), node_exporter $(curl -s "$NODE_URL" | grep -vc '^#')"

echo "driving 10,000 scrapes into each ..." >&2
scrapes "$HK_URL" 10000; scrapes "$NODE_URL" 10000
HK_RSS10=$(rss_mib "$HK_PID"); NODE_RSS10=$(rss_mib "$NODE_PID")
scrapes "$HK_URL" 10000; scrapes "$NODE_URL" 10000
HK_RSS20=$(rss_mib "$HK_PID"); NODE_RSS20=$(rss_mib "$NODE_PID")

# Latency: interleave the two so both see the same background load.
HK_MED=(); NODE_MED=()
for round in 1 2 3; do
  HK_MED+=("$(median_ms "$HK_URL" $((SAMPLES / 3)))"); NODE_MED+=("$(median_ms "$NODE_URL" $((SAMPLES / 3)))")
done
mid() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
HK_LAT=$(mid "${HK_MED[@]}"); NODE_LAT=$(mid "${NODE_MED[@]}")

rps() { wrk -t2 -c10 -d"${WRK_SECONDS}s" "$1" | awk '/^Requests\/sec/ {print $2}'; }
HK_RPS=$(rps "$HK_URL"); NODE_RPS=$(rps "$NODE_URL")

printf '\n%-40s %12s %14s %10s\n' "" hostkeeper node_exporter ratio
printf '%-40s %12s %14s %10.2f   (target <= 0.5)\n' "median single-scrape latency (ms)" "$HK_LAT" "$NODE_LAT" "$(echo "$HK_LAT / $NODE_LAT" | bc -l)"
printf '%-40s %12s %14s %10.1f   (target >= 10)\n' "throughput, wrk 10 connections (req/s)" "$HK_RPS" "$NODE_RPS" "$(echo "$HK_RPS / $NODE_RPS" | bc -l)"
printf '%-40s %12s %14s\n' "RSS after 10,000 scrapes (MiB)" "$HK_RSS10" "$NODE_RSS10"
printf '%-40s %12s %14s\n' "RSS after 20,000 scrapes (MiB)" "$HK_RSS20" "$NODE_RSS20"
printf '%-40s %12s %14s\n' "RSS growth 10k -> 20k (MiB)" "$(echo "$HK_RSS20 - $HK_RSS10" | bc)" "$(echo "$NODE_RSS20 - $NODE_RSS10" | bc)"
echo "hostkeeper RSS after the throughput runs: $(rss_mib "$HK_PID") MiB"
