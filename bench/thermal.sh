#!/bin/sh
# Thermal collection cost on the x86-server fixture: hostkeeper's ThermalCollector.collect (in
# process, after warm-up) next to node_exporter's hwmon + thermal_zone collectors on the same tree
# (their own node_scrape_collector_duration_seconds, i.e. also in-process time).
# Usage: bench/thermal.sh   (needs prometheus-node-exporter and curl)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sysfs="$root/exporter/src/test/fixtures/thermal/x86-server/sys"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"; [ -n "${ne_pid:-}" ] && kill "$ne_pid" 2>/dev/null || true' EXIT
(cd "$root" && ./mvnw -B -q -o -pl exporter -am test-compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$root/exporter/target/classes:$root/common/target/classes:$(cat "$cp_file")"
java -cp "$cp" "$root/bench/ThermalBench.java" "$sysfs" 2000

port=29199
prometheus-node-exporter --web.listen-address=127.0.0.1:$port --path.sysfs="$sysfs" \
  --collector.disable-defaults --collector.hwmon --collector.thermal_zone >/dev/null 2>&1 &
ne_pid=$!
i=0
until curl -fs "http://127.0.0.1:$port/metrics" >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 100 ] && exit 1; sleep 0.1; done
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/metrics" >/dev/null; done
samples=$(for _ in $(seq 500); do
  curl -fs "http://127.0.0.1:$port/metrics" | awk '/^node_scrape_collector_duration_seconds\{collector="(hwmon|thermal_zone)"\}/ {s += $2} END {printf "%.6f\n", s * 1000}'
done | sort -n)
median=$(echo "$samples" | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}')
p90=$(echo "$samples" | awk '{a[NR]=$1} END {print a[int(NR*0.9)]}')
echo "node_exporter hwmon+thermal_zone: median $median ms, p90 $p90 ms (n=500)"
