#!/usr/bin/env bash
# Cost of the worker's run wrapper (history row written before and completed after the run, metrics)
# against the anchor: the same two statements per run through the sqlite3 CLI, same pragmas
# (WAL, synchronous=NORMAL), each statement its own transaction as in the worker.
# Usage: bench/worker/run-wrapper.sh [RUNS]   (needs a built backup-worker/target/hostkeeper-worker.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}
JAR=backup-worker/target/hostkeeper-worker.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl backup-worker -am package -DskipTests
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/wrapper" "$TMP/anchor"

java -cp "$JAR" bench/worker/RunWrapperBench.java "$TMP/wrapper" "$N" 2>/dev/null | grep '^wrapper:'

# Anchor: same schema (created by the worker's own migration, copied), same statements.
java -cp "$JAR" bench/worker/RunWrapperBench.java "$TMP/anchor" 0 >/dev/null 2>&1
sqlite3 "$TMP/anchor/state.db" "DELETE FROM runs;" >/dev/null
{
  echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
  for i in $(seq 1 "$N"); do
    echo "INSERT INTO runs (job, trigger, started_at, result) VALUES ('bench:noop', 'manual', $i, 'running');"
    echo "UPDATE runs SET ended_at = $i, result = 'success', message = 'ok', details = '{\"n\":1}' WHERE id = last_insert_rowid();"
  done
} > "$TMP/anchor.sql"
START=$(date +%s.%N)
sqlite3 "$TMP/anchor/state.db" < "$TMP/anchor.sql" > /dev/null
END=$(date +%s.%N)
awk -v s="$START" -v e="$END" -v n="$N" 'BEGIN { t = e - s; printf "anchor sqlite3: %d runs in %.3f s = %.3f ms/run\n", n, t, t * 1000 / n }'
