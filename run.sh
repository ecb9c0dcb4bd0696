#!/usr/bin/env bash
# Quick start: build if needed, then run the exporter and the worker in the foreground on the
# configuration found as usual (--config FILE, $HOSTKEEPER_CONFIG, ./hostkeeper.yml,
# /etc/hostkeeper/hostkeeper.yml) or on embedded defaults. Ctrl-C stops both.
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
  ./mvnw -B -q -DskipTests -Dhostkeeper.revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" package
fi

# JVM flags shared with packaging/systemd and the Dockerfiles (packaging/jvm/*.args); extra ones
# may be given in EXPORTER_JAVA_OPTS / WORKER_JAVA_OPTS.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
EXPORTER_JAVA_OPTS="@packaging/jvm/exporter.args ${EXPORTER_JAVA_OPTS:-}"
WORKER_JAVA_OPTS="@packaging/jvm/worker.args ${WORKER_JAVA_OPTS:-}"

pids=()
stop() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# shellcheck disable=SC2086
java $EXPORTER_JAVA_OPTS -jar "$exporter_jar" run "$@" &
pids+=($!)
# shellcheck disable=SC2086
java $WORKER_JAVA_OPTS -jar "$worker_jar" run "$@" &
pids+=($!)

echo "run.sh: exporter  http://127.0.0.1:29100/  (metrics: /metrics, status: /api/status)"
echo "run.sh: worker    http://127.0.0.1:29101/metrics, admin API http://127.0.0.1:29102/api (bearer token)"
echo "run.sh: Ctrl-C stops both"

# If either process ends (bad config, port in use, ...), stop the other and pass its exit code on.
set +e
wait -n "${pids[@]}"
rc=$?
stop
exit $rc
