#!/usr/bin/env bash
# Where one rotation + gzip of the bench log spends its CPU, against gzip -6 on the same file.
#
#   bench/rotate/profile.sh [SIZE_MIB]      (default 256; work files in $BENCH_DIR, default /tmp/hk-bench-rotate)
#
# Same log and directives as bench/rotate/run.sh. One RotateOnce run under `perf record` (the JVM
# writes its perf map at exit, so JIT-compiled code and the CRC32 intrinsic have names), its CPU
# by thread and library; then `gzip -6` (what logrotate runs) on the same file, timed, for the
# deflate cost itself. Set SKIP_BUILD=1 to use the jar as it is. Needs: java 17, perf, gzip, awk.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB=${1:-256}
WORK=${BENCH_DIR:-/tmp/hk-bench-rotate}
JAR=backup-worker/target/hostkeeper-worker.jar
command -v perf >/dev/null || { echo "missing perf (apt-get install linux-perf)" >&2; exit 1; }
[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -B -q -pl backup-worker -am package -DskipTests
mkdir -p "$WORK/prof"
SRC="$WORK/source.log"
if [ ! -f "$SRC" ] || [ "$(stat -c %s "$SRC")" -ne $((SIZE_MIB * 1048576)) ]; then
  bash bench/rotate/makelog.sh "$SRC" "$SIZE_MIB"
fi
cat > "$WORK/prof.yml" <<CONF
logs:
  - path: $WORK/prof/app.log
    keep: 3
    compress: true
    compression: gzip
    mode: rename
CONF
rm -rf "$WORK/prof/"* "$WORK/prof-state"
cp "$SRC" "$WORK/prof/app.log"
sync
MAPS_BEFORE=$(ls /tmp/perf-*.map 2>/dev/null || true)
echo "== hostkeeper under perf, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys (perf included)" \
  perf record -q -F 499 -g -o "$WORK/rotate.perf" -- \
  java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer \
  -cp "$JAR" io.hostkeeper.worker.logs.RotateOnce "$WORK/prof.yml" "$WORK/prof-state" > /dev/null
perf report -i "$WORK/rotate.perf" --no-children --sort comm,dso --stdio -g none 2>/dev/null \
  | grep '%' | head -12 | sed 's/^/   /'
# the perf map the JVM wrote for this run (/tmp/perf-PID.map) is not needed any more
for m in /tmp/perf-*.map; do [[ -e "$m" ]] && ! grep -qxF "$m" <<< "$MAPS_BEFORE" && rm -f "$m"; done
echo "== gzip -6 on the same file, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys" gzip -6 -c "$SRC" > "$WORK/prof-gzip.gz"
ls -l "$WORK/prof/app.log.1.gz" "$WORK/prof-gzip.gz"
rm -f "$WORK/prof-gzip.gz"
