#!/usr/bin/env bash
# Where one backup of the bench corpus spends its CPU, stage by stage, and what it allocates.
#
#   bench/backup/profile.sh [WORKDIR] [JAVA OPTION...]
#
# Same corpus, key and configuration as bench/backup/run.sh (shared WORKDIR, default
# /tmp/hk-bench-backup). Two single runs of `backup run`:
#  1. under `perf record` (499 Hz, call graphs; the JVM writes its perf map at exit so JIT-compiled
#     methods and the SHA/AES intrinsic stubs have names): every thread is seen, including zstd's
#     native workers and the JIT compilers. bench/backup/stages.py sorts the samples into stages.
#     (JFR's execution sampler cannot do this: it sees only Java threads in Java code and drops the
#     samples that land in intrinsic stubs, so SHA-256 and AES go missing.)
#  2. with Java Flight Recorder (settings=profile) for the allocation samples:
#     bench/backup/allocations.py prints the total, the rate and the largest sites.
# Extra arguments go to the JVM (e.g. -XX:+UseSerialGC) to compare options.
# Set SKIP_BUILD=1 to use the jar as it is. Needs: java 17 (with jfr), perf, gpg, sqlite3, python3.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/hk-bench-backup}"
shift || true
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
source "$REPO/bench/backup/setup.sh"
command -v perf >/dev/null || { echo "missing perf (apt-get install linux-perf)" >&2; exit 1; }

[[ "${SKIP_BUILD:-}" == 1 ]] || build_jar
make_corpus
make_key
write_config "$WORK/hostkeeper.yml"
RUN=(-cp "$JAR" io.hostkeeper.worker.backup.cli.BackupTool backup run bench --config "$WORK/hostkeeper.yml")

MAPS_BEFORE=$(ls /tmp/perf-*.map 2>/dev/null || true)
echo "== perf, load average before: $(loadavg)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys" -o "$WORK/profile.time" \
  perf record -q -F 499 -g -o "$WORK/profile.perf" -- \
  java -Xmx64m "$@" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer "${RUN[@]}" \
  > "$WORK/profile.out" 2>&1
echo "   load average after: $(loadavg); $(cat "$WORK/profile.time") (perf included)"
grep -m1 'written and verified' "$WORK/profile.out" || { cat "$WORK/profile.out"; exit 1; }
perf script -i "$WORK/profile.perf" -F comm,tid,time,ip,sym,dso 2>/dev/null | python3 "$REPO/bench/backup/stages.py"
# the perf map the JVM wrote for this run (/tmp/perf-PID.map) is not needed any more
for m in /tmp/perf-*.map; do [[ -e "$m" ]] && ! grep -qxF "$m" <<< "$MAPS_BEFORE" && rm -f "$m"; done

echo
echo "== JFR allocation samples, load average before: $(loadavg)"
JFR="$WORK/profile.jfr"
rm -f "$JFR"
java -Xmx64m "$@" -XX:StartFlightRecording=filename="$JFR",settings=profile "${RUN[@]}" > "$WORK/profile-jfr.out" 2>&1
jfr summary "$JFR" | grep -E 'jdk.ExecutionSample|jdk.NativeMethodSample|jdk.ObjectAllocationSample|jdk.GarbageCollection ' || true
jfr print --json --events jdk.ObjectAllocationSample --stack-depth 8 "$JFR" | python3 "$REPO/bench/backup/allocations.py"
