#!/usr/bin/env bash
# Makes an application class-data-sharing archive (AppCDS) for one hostkeeper jar by a short
# training run: starts the jar on loopback ports with a throw-away configuration, scrapes it 50
# times, stops it; the JVM writes the classes it loaded to ARCHIVE at exit. Then start the jar with
# -XX:SharedArchiveFile=ARCHIVE (add it to its .args file or a systemd drop-in).
# Measured in docs/benchmarks.md (Footprint, AppCDS): start-up about 1.7x faster, 2-3 MiB less RSS.
#
# An archive belongs to one jar build and one JDK: after an upgrade of either, make it again (a
# JVM given a stale archive ignores it and starts as without one). JDK 19 or newer can do this by
# itself: -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/var/lib/hostkeeper/NAME.jsa.
#
# Usage: packaging/jvm/make-appcds.sh exporter|worker|single JAR ARCHIVE [ARGS_FILE]
#   e.g. packaging/jvm/make-appcds.sh exporter /opt/hostkeeper/hostkeeper-exporter.jar /opt/hostkeeper/exporter.jsa
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
kind=$1 jar=$2 archive=$3
args=${4:-$(dirname "$0")/$kind.args}
[ -f "$jar" ] || { echo "make-appcds: no jar at $jar" >&2; exit 2; }
[ -f "$args" ] || { echo "make-appcds: no JVM flags file at $args (give it as the fourth argument)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ep=$(free_port); wp=$(free_port); ap=$(free_port)
cat > "$tmp/hostkeeper.yml" <<YAML
exporter: {listen: 127.0.0.1:$ep}
worker: {data_dir: $tmp/data, metrics_listen: 127.0.0.1:$wp, admin: {listen: 127.0.0.1:$ap}}
YAML
case $kind in
  exporter) urls=("http://127.0.0.1:$ep/metrics" "http://127.0.0.1:$ep/") ;;
  worker) urls=("http://127.0.0.1:$wp/metrics" "http://127.0.0.1:$wp/") ;;
  single) urls=("http://127.0.0.1:$ep/metrics" "http://127.0.0.1:$ep/" "http://127.0.0.1:$wp/metrics" "http://127.0.0.1:$wp/") ;;
  *) echo "make-appcds: exporter, worker or single, not $kind" >&2; exit 2 ;;
esac
rm -f "$archive"
MALLOC_ARENA_MAX=2 java "@$args" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$jar" --config "$tmp/hostkeeper.yml" > "$tmp/train.log" 2>&1 &
pid=$!
for u in "${urls[@]}"; do
  for _ in $(seq 600); do curl -sf -o /dev/null "$u" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  for _ in $(seq 50); do curl -s -o /dev/null "$u" || true; done
done
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
[ -s "$archive" ] || { echo "make-appcds: no archive written; the training run said:" >&2; cat "$tmp/train.log" >&2; exit 1; }
echo "make-appcds: $archive ($(du -h "$archive" | cut -f1)); start $kind with -XX:SharedArchiveFile=$archive"
