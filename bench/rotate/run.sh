#!/usr/bin/env bash
# Rotating and compressing a 1 GiB log: hostkeeper's rotation vs logrotate, same directives, same run.
#
#   bench/rotate/run.sh [SIZE_MIB] [RUNS]      (defaults: 1024 MiB, 3 runs)
#
# Needs: logrotate, hyperfine, gzip, java 17; builds backup-worker's shaded jar (./mvnw package,
# never install). Work files go to $BENCH_DIR (default /tmp/hk-bench-rotate; needs ~3x SIZE free).
# Both tools rotate app.log -> app.log.1 and gzip it at level 6 (logrotate runs `gzip -6`), keep 3,
# from the same page-cache-warm copy of the generated log (copied in hyperfine's --prepare, untimed).
# The hostkeeper figure includes JVM start-up.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB=${1:-1024}
RUNS=${2:-3}
WORK=${BENCH_DIR:-/tmp/hk-bench-rotate}
for tool in logrotate hyperfine gzip java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install $tool)" >&2; exit 1; }
done

JAR=backup-worker/target/hostkeeper-worker.jar
./mvnw -B -q -pl backup-worker -am package -DskipTests
mkdir -p "$WORK/lr" "$WORK/hk" "$WORK/state"

SRC="$WORK/source.log"
if [ ! -f "$SRC" ] || [ "$(stat -c %s "$SRC")" -ne $((SIZE_MIB * 1048576)) ]; then
  echo "generating a ${SIZE_MIB} MiB access log at $SRC ..."
  awk -v bytes=$((SIZE_MIB * 1048576)) 'BEGIN {
    srand(42); split("GET GET GET POST PUT DELETE", m, " "); split("200 200 200 200 301 304 404 500", s, " ");
    split("/ /index.html /api/v1/items /api/v1/items/42 /login /static/app.js /static/app.css /health", p, " ");
    t = 1763700000; n = 0;
    while (n < bytes) {
      line = sprintf("10.%d.%d.%d - - [%d] \"%s %s?id=%d HTTP/1.1\" %s %d %.3f \"Mozilla/5.0 (X11; Linux x86_64) req-%08x\"",
        int(rand()*256), int(rand()*256), int(rand()*256), t + int(n / 90000), m[int(rand()*6)+1], p[int(rand()*8)+1],
        int(rand()*100000), s[int(rand()*8)+1], int(rand()*50000), rand(), int(rand()*4294967295));
      if (n + length(line) + 1 > bytes) line = substr(line, 1, bytes - n - 1);
      print line; n += length(line) + 1;
    }
  }' > "$SRC"
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

hyperfine --runs "$RUNS" --export-json "$WORK/result.json" \
  --prepare "rm -f $WORK/lr/app.log* $WORK/lr.state; cp $SRC $WORK/lr/app.log; sync" \
  --prepare "rm -f $WORK/hk/app.log*; rm -rf $WORK/state; cp $SRC $WORK/hk/app.log; sync" \
  -n logrotate "logrotate -f -s $WORK/lr.state $WORK/logrotate.conf" \
  -n hostkeeper "java -cp $JAR io.hostkeeper.worker.logs.RotateOnce $WORK/hostkeeper.yml $WORK/state"

# Both outputs must be the same data.
cmp <(gzip -dc "$WORK/lr/app.log.1.gz") "$SRC" && cmp <(gzip -dc "$WORK/hk/app.log.1.gz") "$SRC" \
  && echo "check: both app.log.1.gz decompress to the original ${SIZE_MIB} MiB"
ls -l "$WORK/lr/app.log.1.gz" "$WORK/hk/app.log.1.gz"
python3 - "$WORK/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
lr, hk = r["logrotate"], r["hostkeeper"]
print(f"logrotate  mean {lr['mean']:.2f} s  (min {lr['min']:.2f}, max {lr['max']:.2f})")
print(f"hostkeeper mean {hk['mean']:.2f} s  (min {hk['min']:.2f}, max {hk['max']:.2f})")
print(f"ratio hostkeeper/logrotate = {hk['mean'] / lr['mean']:.2f}  (target <= 1.0)")
PY
