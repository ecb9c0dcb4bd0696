#!/usr/bin/env bash
# zstd levels 1-9 for a backup: output size, CPU (user+sys) and wall time of `backup run`, on the
# bench corpus (logs, random files, SQLite) and on its text-only part (the logs), with
# `tar -c | gpg -e` (gpg's default ZLIB-6) on the same sources as the size reference.
#
#   bench/backup/levels.sh [WORKDIR] [ROUNDS] [LEVELS]
#
# Shares WORKDIR (corpus, key) with bench/backup/run.sh. ROUNDS (default 1) runs per level, the
# median is printed; LEVELS defaults to "1 2 3 4 5 6 7 8 9". One round of all levels takes ~2-3
# minutes on 2 cores. Each row's CPU includes the JVM's start-up (~1.5-2 s, the same at every
# level), so compare differences between rows. Needs: java 17, gpg, sqlite3, python3, /usr/bin/time.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/hk-bench-backup}"
ROUNDS="${2:-1}"
LEVELS="${3:-1 2 3 4 5 6 7 8 9}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
source "$REPO/bench/backup/setup.sh"

[[ "${SKIP_BUILD:-}" == 1 ]] || build_jar
make_corpus
make_key

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

# one corpus: NAME, tar arguments (relative to $CORPUS) for gpg, hostkeeper sources
measure() {
  local name="$1" tar_args="$2"; shift 2
  local sources=("$@")
  local bytes
  bytes=$(cd "$CORPUS" && du -cb $tar_args | tail -1 | cut -f1)
  echo
  echo "### $name ($bytes bytes), load average before: $(loadavg)"
  /usr/bin/time -f "%e %U %S" -o "$WORK/levels.time" bash -c \
    "tar -c -C '$CORPUS' $tar_args | gpg --batch --trust-model always -e -r $FPR > '$WORK/levels-gpg.gpg'"
  read -r w u s < "$WORK/levels.time"
  local gpg_size
  gpg_size=$(stat -c %s "$WORK/levels-gpg.gpg")
  echo
  echo "| level | output bytes | vs gpg | CPU user+sys | wall |"
  echo "|---|---|---|---|---|"
  printf '| gpg (ZLIB-6) | %d | 1.000 | %.2f s | %.2f s |\n' "$gpg_size" "$(echo "$u + $s" | bc)" "$w"
  for level in $LEVELS; do
    write_config "$WORK/levels.yml" "$level" "${sources[@]}"
    local cpus=() walls=() size=0
    for _ in $(seq 1 "$ROUNDS"); do
      /usr/bin/time -f "%e %U %S" -o "$WORK/levels.time" java -Xmx64m -cp "$JAR" \
        io.hostkeeper.worker.backup.cli.BackupTool backup run bench --config "$WORK/levels.yml" > "$WORK/levels.out"
      read -r w u s < "$WORK/levels.time"
      cpus+=("$(echo "$u + $s" | bc)"); walls+=("$w")
      size=$(stat -c %s "$(ls -t "$WORK"/out-hostkeeper/bench-*.gpg | head -1)")
    done
    printf '| %d | %d | %.3f | %.2f s | %.2f s |\n' "$level" "$size" "$(echo "$size / $gpg_size" | bc -l)" \
      "$(median "${cpus[@]}")" "$(median "${walls[@]}")"
  done
  echo "load average after: $(loadavg)"
}

echo "rounds per level: $ROUNDS; $(nproc) cores"
measure "bench corpus: logs, random files, SQLite" "logs blobs db" \
  "path: $CORPUS/logs" "path: $CORPUS/blobs" "sqlite: $CORPUS/db/app.db"
measure "text only: the logs" "logs" "path: $CORPUS/logs"
rm -f "$WORK/levels-gpg.gpg"
