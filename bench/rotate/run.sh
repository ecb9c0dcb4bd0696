#!/usr/bin/env bash
# Rotating and compressing a 1 GiB log: hostkeeper's rotation vs logrotate, same directives, same run.
#
#   bench/rotate/run.sh [SIZE_MIB] [RUNS]      (defaults: 1024 MiB, 3 runs)
#
# Needs: logrotate, gzip, python3, java 17; builds backup-worker's shaded jar (./mvnw package,
# never install). Work files go to $BENCH_DIR (default /tmp/hk-bench-rotate; needs ~3x SIZE free).
# Both tools rotate app.log -> app.log.1 and gzip it at level 6 (logrotate runs `gzip -6`), keep 3,
# from a fresh, page-cache-warm copy of the generated log (copied before each run, untimed).
# The hostkeeper figure includes JVM start-up.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB=${1:-1024}
RUNS=${2:-3}
WORK=${BENCH_DIR:-/tmp/hk-bench-rotate}
for tool in logrotate gzip java python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install $tool)" >&2; exit 1; }
done

JAR=backup-worker/target/hostkeeper-worker.jar
./mvnw -B -q -pl backup-worker -am package -DskipTests
mkdir -p "$WORK/lr" "$WORK/hk" "$WORK/state"

SRC="$WORK/source.log"
if [ ! -f "$SRC" ] || [ "$(stat -c %s "$SRC")" -ne $((SIZE_MIB * 1048576)) ]; then
  bash bench/rotate/makelog.sh "$SRC" "$SIZE_MIB"
fi

cat > "$WORK/logrotate.conf" <<CONF
$WORK/lr/app.log {
  rotate 3
  compress
  compresscmd /bin/gzip
  compressoptions -6
  missingok
  nocreate
}
CONF
cat > "$WORK/hostkeeper.yml" <<CONF
logs:
  - path: $WORK/hk/app.log
    keep: 3
    compress: true
    compression: gzip
    mode: rename
CONF

# Interleaved pairs (logrotate, then hostkeeper, RUNS times) so that the load of a shared machine
# falls on both alike; wall time and CPU time (user+sys of the tool and its children) per run.
python3 - "$WORK" "$SRC" "$JAR" "$RUNS" <<'PY'
import json, os, resource, shutil, subprocess, sys, time
work, src, jar, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tools = {
  "logrotate": (["logrotate", "-f", "-s", f"{work}/lr.state", f"{work}/logrotate.conf"], f"{work}/lr"),
  "hostkeeper": (["java", "-cp", jar, "io.hostkeeper.worker.logs.RotateOnce", f"{work}/hostkeeper.yml", f"{work}/state"], f"{work}/hk"),
}
def reset(d):
  for f in os.listdir(d): os.remove(os.path.join(d, f))
  for junk in (f"{work}/lr.state",):
    if os.path.exists(junk): os.remove(junk)
  shutil.rmtree(f"{work}/state", ignore_errors=True)
  shutil.copyfile(src, f"{d}/app.log")
  subprocess.run(["sync"], check=True)
results = {name: [] for name in tools}
for i in range(runs):
  for name, (argv, d) in tools.items():
    reset(d)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    results[name].append({"wall": wall, "cpu": cpu})
    print(f"run {i + 1} {name:10s} wall {wall:6.2f} s  cpu {cpu:6.2f} s", flush=True)
json.dump(results, open(f"{work}/result.json", "w"), indent=1)
mean = lambda xs: sum(xs) / len(xs)
lw, hw = mean([r["wall"] for r in results["logrotate"]]), mean([r["wall"] for r in results["hostkeeper"]])
lc, hc = mean([r["cpu"] for r in results["logrotate"]]), mean([r["cpu"] for r in results["hostkeeper"]])
pairs = [h["wall"] / l["wall"] for l, h in zip(results["logrotate"], results["hostkeeper"])]
print(f"logrotate  mean wall {lw:.2f} s, cpu {lc:.2f} s")
print(f"hostkeeper mean wall {hw:.2f} s, cpu {hc:.2f} s")
print(f"wall-time ratio hostkeeper/logrotate = {hw / lw:.2f} (per pair: {', '.join(f'{p:.2f}' for p in pairs)}; target <= 1.0)")
print(f"cpu-time ratio hostkeeper/logrotate = {hc / lc:.2f}")
PY

# Both outputs must be the same data.
cmp <(gzip -dc "$WORK/lr/app.log.1.gz") "$SRC" && cmp <(gzip -dc "$WORK/hk/app.log.1.gz") "$SRC" \
  && echo "check: both app.log.1.gz decompress to the original ${SIZE_MIB} MiB"
ls -l "$WORK/lr/app.log.1.gz" "$WORK/hk/app.log.1.gz"
