#!/usr/bin/env bash
# Fleet benchmark: what N hosts cost a central Prometheus, hostkeeper against node_exporter.
# Side 1: N hostkeeper exporters; side 2: N prometheus-node-exporter processes (default collectors);
# both on the same per-host fixture trees (copies of the exporter's "server" capture, from the
# shared Linux fixtures), one central Prometheus per side scraping them through file_sd, one side
# after the other in one run. Every address is 127.0.0.1.
#
# Prints per side: central head series, samples/s appended, TSDB growth per hour (the data folder,
# WAL included, over the window; see docs/benchmarks.md for how to read it), central CPU; per host:
# series, exporter CPU and RSS. Not a test: figures go to docs/benchmarks.md.
#
# Usage: bench/fleet/run.sh                     (builds the jar if missing)
# Env:   N        hosts per side (default 50)
#        WINDOW   seconds measured per side, after two scrapes of warm-up (default 60)
#        SCRAPE   scrape interval in seconds (default 15, the shipped one)
#        HK_JAVA_OPTS  JVM flags of each exporter (default: the fleet test's small JVM)
# One run with the defaults takes about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
N=${N:-50}
WINDOW=${WINDOW:-60}
SCRAPE=${SCRAPE:-15}
HK_JAVA_OPTS=${HK_JAVA_OPTS:-"-XX:+UseSerialGC -Xms8m -Xmx32m -Xss256k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:-UsePerfData"}
JAR=exporter/target/hostkeeper-exporter.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl exporter -am package -DskipTests
NODE=$(command -v prometheus-node-exporter || command -v node_exporter || true)
PROM=$(command -v prometheus || true)
[ -n "$NODE" ] || { echo "prometheus-node-exporter not found (apt-get install prometheus-node-exporter)" >&2; exit 1; }
[ -n "$PROM" ] || { echo "prometheus not found (apt-get install prometheus)" >&2; exit 1; }
FIXTURE=$ROOT/exporter/src/test/resources/fixtures/server

TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() { for _ in $(seq 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
# A metric of the central Prometheus itself, read from its own /metrics (it does not scrape itself).
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print $2; f=1} END {if (!f) print "NaN"}'; }

# Per-host fixture trees: the capture with this host's hostname and memory (same for both sides).
for i in $(seq 1 "$N"); do
  h="$TMP/hosts/h$i"; mkdir -p "$h/root/etc" "$h/sys/class/hwmon/hwmon0"
  cp -r "$FIXTURE/proc" "$h/proc"
  cp "$FIXTURE/rootfs/etc/os-release" "$h/root/etc/"
  echo "h$i" > "$h/proc/sys/kernel/hostname" 2>/dev/null || true
  printf '21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' > "$h/proc/1/mountinfo"
  echo coretemp > "$h/sys/class/hwmon/hwmon0/name"; echo $((40000 + i * 100)) > "$h/sys/class/hwmon/hwmon0/temp1_input"
done

run_side() { # name -> starts N exporters of that kind, one Prometheus, measures, stops all
  local side=$1 ports=() pids=()
  mkdir -p "$TMP/$side/targets"
  for i in $(seq 1 "$N"); do
    local h="$TMP/hosts/h$i" port; port=$(free_port)
    if [ "$side" = hostkeeper ]; then
      cat > "$h/hk.yml" <<YAML
exporter:
  listen: 127.0.0.1:$port
  paths: {procfs: $h/proc, sysfs: $h/sys, rootfs: $h/root}
YAML
      MALLOC_ARENA_MAX=2 java $HK_JAVA_OPTS -jar "$JAR" --config "$h/hk.yml" > "$h/$side.log" 2>&1 &
    else
      "$NODE" --web.listen-address="127.0.0.1:$port" --path.procfs="$h/proc" --path.sysfs="$h/sys" \
        --path.rootfs="$h/root" > "$h/$side.log" 2>&1 &
    fi
    pids+=($!); PIDS+=($!); ports+=("$port")
    printf -- '- targets: ["127.0.0.1:%s"]\n  labels: {instance: h%s, site: bench}\n' "$port" "$i" > "$TMP/$side/targets/h$i.yml"
  done
  for port in "${ports[@]}"; do wait_up "http://127.0.0.1:$port/metrics" || { tail -5 "$TMP/hosts"/h*/"$side.log" >&2; exit 1; }; done
  local pport; pport=$(free_port)
  cat > "$TMP/$side/prometheus.yml" <<YAML
global: {scrape_interval: ${SCRAPE}s, scrape_timeout: $(( SCRAPE < 10 ? SCRAPE : 10 ))s, evaluation_interval: ${SCRAPE}s}
scrape_configs:
  - job_name: fleet
    file_sd_configs: [{files: ["$TMP/$side/targets/*.yml"]}]
YAML
  "$PROM" --config.file="$TMP/$side/prometheus.yml" --storage.tsdb.path="$TMP/$side/data" \
    --web.listen-address="127.0.0.1:$pport" > "$TMP/$side/prometheus.log" 2>&1 &
  local ppid=$!; PIDS+=($ppid)
  wait_up "http://127.0.0.1:$pport/-/ready" || { tail -5 "$TMP/$side/prometheus.log" >&2; exit 1; }
  sleep $((SCRAPE * 2 + 2))   # two scrapes of every host before measuring
  local p0 d0 s0 e0=0 t0
  p0=$(cpu_ticks $ppid); d0=$(du -sb "$TMP/$side/data" | cut -f1)
  s0=$(metric "$pport" 'prometheus_tsdb_head_samples_appended_total{type="float"}')
  for p in "${pids[@]}"; do e0=$((e0 + $(cpu_ticks "$p"))); done
  t0=$(date +%s.%N)
  sleep "$WINDOW"
  local p1 d1 s1 e1=0 t1 rss=0 series
  p1=$(cpu_ticks $ppid); d1=$(du -sb "$TMP/$side/data" | cut -f1)
  s1=$(metric "$pport" 'prometheus_tsdb_head_samples_appended_total{type="float"}')
  for p in "${pids[@]}"; do e1=$((e1 + $(cpu_ticks "$p"))); rss=$((rss + $(rss_kib "$p"))); done
  t1=$(date +%s.%N)
  series=$(metric "$pport" 'prometheus_tsdb_head_series')
  python3 - "$side" "$N" "$series" "$s0" "$s1" "$d0" "$d1" "$p0" "$p1" "$e0" "$e1" "$rss" "$t0" "$t1" "$HZ" <<'PY'
import sys
side, n, series, s0, s1, d0, d1, p0, p1, e0, e1, rss, t0, t1, hz = sys.argv[1:]
n = int(n); dt = float(t1) - float(t0); hz = float(hz)
sps = (float(s1) - float(s0)) / dt
print(f"{side}: {n} hosts, window {dt:.0f} s")
print(f"  central: head series {float(series):.0f}, samples/s {sps:.1f}, data folder growth {(int(d1) - int(d0)) / dt * 3600 / 2**20:.1f} MiB/h, CPU {(int(p1) - int(p0)) / hz / dt * 100:.1f} % of a core")
print(f"  per host: series {float(series) / n:.0f}, samples/s {sps / n:.2f}, exporter CPU {(int(e1) - int(e0)) / hz / dt / n * 100:.2f} % of a core, RSS {int(rss) / n / 1024:.1f} MiB")
PY
  for p in "${pids[@]}" "$ppid"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}" "$ppid"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
}

echo "host: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $("$PROM" --version 2>&1 | head -1); $("$NODE" --version 2>&1 | head -1)"
echo "N=$N WINDOW=${WINDOW}s SCRAPE=${SCRAPE}s; hostkeeper JVM: $HK_JAVA_OPTS"
run_side hostkeeper
run_side node_exporter
