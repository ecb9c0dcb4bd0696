#!/usr/bin/env bash
# Quick start: build if needed, check the configuration for both processes, then run the exporter
# and the worker in the foreground on the configuration found as usual (--config FILE,
# $HOSTKEEPER_CONFIG, ./hostkeeper.yml, /etc/hostkeeper/hostkeeper.yml) or on embedded defaults.
# Ctrl-C stops both. `./run.sh --config examples/minimal.yml` runs as it is on any host.
# `./run.sh check-config [--config FILE]` checks the configuration for both processes, starts
# nothing, and exits 0 when both accept it, 1 when either does not (every problem of both is shown).
set -euo pipefail
cd "$(dirname "$0")"

exporter_jar=exporter/target/hostkeeper-exporter.jar
worker_jar=backup-worker/target/hostkeeper-worker.jar

command -v java >/dev/null || { echo "run.sh: a JDK 17 or newer is required" >&2; exit 1; }

# Rebuild when a jar is missing or any source or pom is newer than it.
stale() {
  [ -f "$1" ] || return 0
  [ -n "$(find common exporter backup-worker pom.xml -newer "$1" \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ]
}
if stale "$exporter_jar" || stale "$worker_jar"; then
  echo "run.sh: building (tests skipped; ./mvnw verify runs them)..."
  ./mvnw -B -q -DskipTests package
fi

# JVM flags shared with packaging/systemd and the Dockerfiles (packaging/jvm/*.args); extra ones
# may be given in EXPORTER_JAVA_OPTS / WORKER_JAVA_OPTS.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
EXPORTER_JAVA_OPTS="@packaging/jvm/exporter.args ${EXPORTER_JAVA_OPTS:-}"
WORKER_JAVA_OPTS="@packaging/jvm/worker.args ${WORKER_JAVA_OPTS:-}"

# Both processes check the configuration before either starts, and every problem of both is shown.
# Client-VM flags keep the two checks quick.
check_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
check_both() {
  local failed=0
  # shellcheck disable=SC2086
  java $check_opts -jar "$exporter_jar" check-config "$@" 2>&1 | sed 's/^/run.sh: exporter check: /' || failed=1
  # shellcheck disable=SC2086
  java $check_opts -jar "$worker_jar" check-config "$@" 2>&1 | sed 's/^/run.sh: worker check:   /' || failed=1
  return $failed
}
if [ "${1:-}" = "check-config" ]; then
  shift
  if check_both "$@"; then
    echo "run.sh: the configuration is valid for both processes"
    exit 0
  fi
  echo "run.sh: the configuration has problems (both processes' checks are shown above)" >&2
  exit 1
fi
if ! check_both "$@"; then
  echo "run.sh: not starting: fix the configuration problems above (both processes' checks are shown)" >&2
  exit 2
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/hostkeeper-run.XXXXXX")
pids=()
stop() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$logs"
}
trap stop INT TERM EXIT

# Each process's output goes to the terminal and to a log, from which the addresses it really
# listens on are read below.
# packaging/jvm/hostkeeper-java keeps each jar's class-data archive in target/cds (made by the first
# run when it stops, so later starts are faster; a rebuilt jar gets a new one).
mkdir -p target && mkdir -p -m 0700 target/cds
# shellcheck disable=SC2086
sh packaging/jvm/hostkeeper-java target/cds $EXPORTER_JAVA_OPTS -jar "$exporter_jar" run "$@" > >(tee "$logs/exporter") 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
sh packaging/jvm/hostkeeper-java target/cds $WORKER_JAVA_OPTS -jar "$worker_jar" run "$@" > >(tee "$logs/worker") 2>&1 &
pids+=($!)

# "0.0.0.0:29100" -> "127.0.0.1:29100" and "[::]:29100" -> "[::1]:29100", for a link to click.
local_addr() { sed -e 's/^0\.0\.0\.0:/127.0.0.1:/' -e 's/^\[::\]:/[::1]:/' -e 's/^:/127.0.0.1:/'; }
# Waits (up to 60 s, or until the process ends) for a log line and prints the address after `prefix`.
address_in() {
  local file=$1 pattern=$2 pid=$3 i
  for i in $(seq 1 600); do
    if grep -qE "$pattern" "$file" 2>/dev/null; then
      grep -oE "$pattern" "$file" | head -n1 | grep -oE '(\[[0-9a-fA-F:]*\]|[0-9.]*|[A-Za-z0-9.-]*):[0-9]+' | head -n1 | local_addr
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
exporter_addr=$(address_in "$logs/exporter" 'listening on [^ ]+' "${pids[0]}") || exporter_addr=""
worker_metrics=$(address_in "$logs/worker" 'metrics on https?://[^ /]+' "${pids[1]}") || worker_metrics=""
worker_admin=$(address_in "$logs/worker" 'admin API on https?://[^ /]+' "${pids[1]}") || worker_admin=""
[ -n "$exporter_addr" ] && echo "run.sh: exporter  http://$exporter_addr/  (the host at a glance; metrics: /metrics, status: /api/status)"
[ -n "$worker_metrics" ] && echo "run.sh: worker    http://$worker_metrics/  (backups and jobs; metrics: /metrics)"
[ -n "$worker_admin" ] && echo "run.sh: admin API http://$worker_admin/api (bearer token; see docs/worker.md)"
echo "run.sh: Ctrl-C stops both"

# If either process ends (port in use, ...), stop the other and pass its exit code on.
set +e
wait -n "${pids[@]}"
rc=$?
stop
exit $rc
