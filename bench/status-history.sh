#!/bin/sh
# Heap held by the status page's 24 h history (see bench/StatusHistoryBench.java).
# Usage: bench/status-history.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
(cd "$root" && ./mvnw -B -q -pl exporter -am compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null)
java -XX:+UseSerialGC -cp "$root/exporter/target/classes:$root/common/target/classes:$(cat "$cp_file")" "$root/bench/StatusHistoryBench.java"
