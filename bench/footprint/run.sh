#!/usr/bin/env bash
# Footprint benchmark: resident memory of hostkeeper per layout, against prometheus-node-exporter in
# the same run. Modes:
#   exporter  hostkeeper-exporter.jar alone
#   worker    hostkeeper-worker.jar alone
#   two       both jars, two processes (the default layout; RSS is the sum)
#   single    hostkeeper-single.jar (exporter and worker in one JVM)
# For each: time from launch to the first successful scrape, RSS after start (settled), RSS after
# SCRAPES scrapes of each metrics port plus one backup of BACKUP_MIB MiB of incompressible data and
# REST_SECONDS of rest (node_exporter and the exporter alone rest as long after their scrapes), the
# peak RSS (VmHWM),
# the worker's RSS before and after that backup once it is at rest again, the backup's duration
# (as the worker reports it) and CPU time (user+sys of the worker's JVM during the backup, which
# load does not distort as it does the duration), and the threads of each layout (/proc/PID/task)
# after start and after the load; with NMT=1 also the JVM's native memory tracking summary
# (jcmd VM.native_memory) at both points and the heap at rest (jcmd GC.heap_info). Not a test: figures go to docs/benchmarks.md (Footprint).
#
# Usage: bench/footprint/run.sh          (builds the jars if missing)
# Env:   SCRAPES      scrapes of each metrics port (default 10000)
#        BACKUP_MIB   size of the backed-up file in MiB (default 1024)
#        MODES        which modes, in order (default "exporter worker two single")
#        NMT          1: run with -XX:NativeMemoryTracking=summary and print the summaries (default 0;
#                     NMT itself costs a few MiB, so RSS figures are taken with NMT=0)
#        REST_SECONDS how long the worker rests after the backup before the "at rest" reading (default 15)
#        EXTRA_OPTS   JVM flags added to every hostkeeper JVM
#        CDS          1: start every jar through packaging/jvm/hostkeeper-java, as the units and images do,
#                     after one untimed start and stop of the mode that writes the class-data archives
#                     (default 0: plain java, as without an archive)
# One run with SCRAPES=2000 BACKUP_MIB=256 takes about three minutes on 2 cores; the defaults longer.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
EXPORTER_JAR=exporter/target/hostkeeper-exporter.jar
WORKER_JAR=backup-worker/target/hostkeeper-worker.jar
SINGLE_JAR=single-process/target/hostkeeper-single.jar
if [ ! -f "$EXPORTER_JAR" ] || [ ! -f "$WORKER_JAR" ] || [ ! -f "$SINGLE_JAR" ]; then
  ./mvnw -B -q -pl exporter,backup-worker,single-process -am package -DskipTests
fi
SCRAPES=${SCRAPES:-10000}
BACKUP_MIB=${BACKUP_MIB:-1024}
MODES=${MODES:-exporter worker two single}
NMT=${NMT:-0}
REST_SECONDS=${REST_SECONDS:-15}
EXTRA_OPTS=${EXTRA_OPTS:-}
CDS=${CDS:-0}
NODE=$(command -v prometheus-node-exporter || command -v node_exporter || true)
[ -n "$NODE" ] || { echo "prometheus-node-exporter not found (apt-get install prometheus-node-exporter)" >&2; exit 1; }
NMT_OPTS=""
[ "$NMT" = 1 ] && NMT_OPTS="-XX:NativeMemoryTracking=summary"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
peak_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; } # the most RSS it ever had
threads() { ls "/proc/$1/task" | wc -l; }
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } # utime+stime (fields 14, 15)
TICK=$(getconf CLK_TCK)
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
now_ms() { date +%s%3N; }
# Exactly N scrapes, 10 at a time (curl's URL globbing; the extra query parameter is ignored).
scrapes() { curl -s --no-progress-meter -Z --parallel-max 10 -H 'Accept: text/plain;version=0.0.4' "$1?n=[1-$2]" > /dev/null; }
# Milliseconds from $2 (launch time) until $1 first answers 200 (polled every 20 ms, at most 120 s).
first_scrape_ms() {
  for _ in $(seq 6000); do
    if curl -sf -o /dev/null "$1"; then echo $(( $(now_ms) - $2 )); return 0; fi
    sleep 0.02
  done
  echo "not up: $1" >&2; cat "$TMP"/*.log >&2; exit 1
}
nmt() { # pid label
  [ "$NMT" = 1 ] || return 0
  echo "--- NMT $2 (pid $1) ---"
  jcmd "$1" VM.native_memory summary | awk '/^Total|^-  *[A-Z]|^ *\(malloc|^ *\(mmap/' | sed -n '1,80p'
}

# The backup's source and key, made once.
mkdir -p "$TMP/src" "$TMP/keys" "$TMP/dest"
head -c "$((BACKUP_MIB * 1024 * 1024))" /dev/urandom > "$TMP/src/data.bin"
java -XX:TieredStopAtLevel=1 -jar "$WORKER_JAR" keys generate --name bench --out "$TMP/keys" > /dev/null

write_config() { # data-dir exporter-port worker-port admin-port
  cat > "$TMP/hostkeeper.yml" <<YAML
exporter:
  listen: 127.0.0.1:$2
  max_staleness: 0s
worker:
  data_dir: $1
  metrics_listen: 127.0.0.1:$3
  admin: {listen: 127.0.0.1:$4}
backups:
  - name: bench
    schedule: disabled
    sources: [{path: $TMP/src}]
    recipients: [$TMP/keys/backup-public.asc]
    destination: $TMP/dest
YAML
}

# Stops the mode's processes and waits until they have exited (they were started in a subshell, so
# `wait` cannot), so the ports are free and the archives written before the next start.
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 600); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
}
JAVA_CMD=(java)
if [ "$CDS" = 1 ]; then mkdir -m 0700 "$TMP/cds"; JAVA_CMD=(sh "$ROOT/packaging/jvm/hostkeeper-java" "$TMP/cds"); fi
launch() { # name jar args-file -> pid
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 "${JAVA_CMD[@]}" "@$ROOT/packaging/jvm/$3" $NMT_OPTS $EXTRA_OPTS -jar "$2" --config "$TMP/hostkeeper.yml" \
    > "$TMP/$1.log" 2>&1 &
  echo $!
}

backup() {
  java -XX:TieredStopAtLevel=1 -jar "$WORKER_JAR" jobs run backup:bench --wait --wait-timeout 1800 \
    --config "$TMP/hostkeeper.yml" > "$TMP/backup.out" 2>&1 || { cat "$TMP/backup.out" >&2; exit 1; }
  sed -n 's/.*success after \([0-9.]*\)s.*/\1/p' "$TMP/backup.out" | head -1 > "$TMP/backup.seconds"
  rm -f "$TMP"/dest/*
}

echo "host: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scrapes per port: $SCRAPES, backup: $BACKUP_MIB MiB, MALLOC_ARENA_MAX=2, flags: packaging/jvm/*.args $NMT_OPTS $EXTRA_OPTS, class-data archives: $([ "$CDS" = 1 ] && echo "yes (hostkeeper-java)" || echo no)"

NODE_PORT=$(free_port)
T0=$(now_ms)
"$NODE" --web.listen-address="127.0.0.1:$NODE_PORT" > "$TMP/node.log" 2>&1 &
NODE_PID=$!; PIDS+=("$NODE_PID")
NODE_FIRST=$(first_scrape_ms "http://127.0.0.1:$NODE_PORT/metrics" "$T0")
sleep 5
NODE_START=$(rss_kib "$NODE_PID")
scrapes "http://127.0.0.1:$NODE_PORT/metrics" "$SCRAPES"
sleep "$REST_SECONDS"
NODE_AFTER=$(rss_kib "$NODE_PID")
NODE_PEAK=$(peak_kib "$NODE_PID")
kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true

ROWS=()
for mode in $MODES; do
  EP=$(free_port); WP=$(free_port); AP=$(free_port)
  DATA="$TMP/data-$mode"
  write_config "$DATA" "$EP" "$WP" "$AP"
  start_mode() { # sets pids, worker_pid, urls
    pids=(); worker_pid=""; urls=()
    case $mode in
      exporter) pids+=("$(launch exporter "$EXPORTER_JAR" exporter.args)"); urls+=("http://127.0.0.1:$EP/metrics") ;;
      worker) worker_pid=$(launch worker "$WORKER_JAR" worker.args); pids+=("$worker_pid"); urls+=("http://127.0.0.1:$WP/metrics") ;;
      two) pids+=("$(launch exporter "$EXPORTER_JAR" exporter.args)"); worker_pid=$(launch worker "$WORKER_JAR" worker.args)
           pids+=("$worker_pid"); urls+=("http://127.0.0.1:$EP/metrics" "http://127.0.0.1:$WP/metrics") ;;
      single) worker_pid=$(launch single "$SINGLE_JAR" single.args); pids+=("$worker_pid")
              urls+=("http://127.0.0.1:$EP/metrics" "http://127.0.0.1:$WP/metrics") ;;
      *) echo "unknown mode $mode" >&2; exit 1 ;;
    esac
    PIDS+=("${pids[@]}")
  }
  if [ "$CDS" = 1 ]; then # an untimed run that writes the archives when it stops
    start_mode
    for u in "${urls[@]}"; do first_scrape_ms "$u" "$(now_ms)" > /dev/null; done
    stop_all
  fi
  T0=$(now_ms)
  start_mode
  FIRST=$(first_scrape_ms "${urls[0]}" "$T0")
  for u in "${urls[@]:1}"; do first_scrape_ms "$u" "$T0" > /dev/null; done
  sleep 10
  start=0; for p in "${pids[@]}"; do start=$((start + $(rss_kib "$p"))); done
  thr_start=0; for p in "${pids[@]}"; do thr_start=$((thr_start + $(threads "$p"))); done
  for p in "${pids[@]}"; do nmt "$p" "$mode after start"; done
  for u in "${urls[@]}"; do scrapes "$u" "$SCRAPES"; done
  before_backup=""; at_rest=""; backup_s=""; backup_cpu=""
  if [ -n "$worker_pid" ]; then
    before_backup=$(rss_kib "$worker_pid")
    ticks=$(cpu_ticks "$worker_pid")
    backup
    backup_cpu=$(awk -v t="$(( $(cpu_ticks "$worker_pid") - ticks ))" -v hz="$TICK" 'BEGIN {printf "%.1f", t / hz}')
    backup_s=$(cat "$TMP/backup.seconds")
    sleep "$REST_SECONDS"
    at_rest=$(rss_kib "$worker_pid")
    if [ "$NMT" = 1 ]; then echo "--- heap at rest ($mode, pid $worker_pid) ---"; jcmd "$worker_pid" GC.heap_info | sed 1d; fi
  else
    sleep "$REST_SECONDS"
  fi
  after=0; for p in "${pids[@]}"; do after=$((after + $(rss_kib "$p"))); done
  peak=0; for p in "${pids[@]}"; do peak=$((peak + $(peak_kib "$p"))); done
  thr_after=0; for p in "${pids[@]}"; do thr_after=$((thr_after + $(threads "$p"))); done
  for p in "${pids[@]}"; do nmt "$p" "$mode after scrapes and backup"; done
  ROWS+=("$(printf '%-9s %10s %12s %16s %8s %18s %16s %10s %12s %10s' "$mode" "$FIRST" "$(mib "$start")" "$(mib "$after")" "$(mib "$peak")" \
    "${before_backup:+$(mib "$before_backup")}" "${at_rest:+$(mib "$at_rest")}" "$backup_s" "$backup_cpu" "$thr_start/$thr_after")")
  stop_all
done

printf '\n%-9s %10s %12s %16s %8s %18s %16s %10s %12s %10s\n' mode "first ms" "RSS start" "RSS after load" "peak" "worker pre-backup" \
  "worker at rest" "backup s" "backup CPU s" "threads"
printf '%-9s %10s %12s %16s %8s\n' node_exp "$NODE_FIRST" "$(mib "$NODE_START")" "$(mib "$NODE_AFTER")" "$(mib "$NODE_PEAK")"
printf '%s\n' "${ROWS[@]}"
[ "$CDS" = 1 ] && echo "(class-data archives used: $(cd "$TMP/cds" && ls -s --block-size=M ./*.jsa 2>/dev/null | tr '\n' ' '))"
echo "(load at the end: $(cut -d' ' -f1-3 /proc/loadavg); threads: after start/after load)"
echo "(MiB; 'after load' = after $SCRAPES scrapes per port and, with a worker, one $BACKUP_MIB MiB backup, then ${REST_SECONDS}s of rest;"
echo " 'peak' = the most RSS each process had at any time (VmHWM), summed)"
