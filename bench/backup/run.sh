#!/usr/bin/env bash
# hostkeeper backup vs `tar -c | gpg -e` (gpg defaults) on a ~300 MB mixed corpus, same run.
#
#   bench/backup/run.sh [WORKDIR] [ROUNDS] [CPUS]
#
# Builds the worker jar (package, never install), generates the corpus once (text logs, an SQLite
# database, incompressible random files), makes a cv25519 key with gpg in a throwaway GNUPGHOME,
# then alternates the two pipelines ROUNDS times (default 3) and prints medians and ratios.
# CPUS (e.g. 0) pins BOTH pipelines with `taskset -c CPUS`; the default is no pinning. The load
# average is printed before the first and after the last round: figures taken while something
# else ran are not comparable.
# hostkeeper runs with the worker's JVM flags (packaging/jvm/worker.args) and -Xmx64m, and prints the
# CPU of the run itself (all threads, without the JVM's start-up): what a running worker pays.
# Needs: java 17, gpg, sqlite3, python3, /usr/bin/time (and taskset with CPUS).
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/hk-bench-backup}"
ROUNDS="${2:-3}"
CPUS="${3:-}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
source "$REPO/bench/backup/setup.sh"
PIN=()
if [[ -n "$CPUS" ]]; then PIN=(taskset -c "$CPUS"); fi

build_jar

make_corpus
CORPUS_BYTES=$(du -sb --exclude=.complete "$CORPUS" | cut -f1)

make_key

write_config "$WORK/hostkeeper.yml"

HK=(${PIN[@]+"${PIN[@]}"} java @"$REPO/packaging/jvm/worker.args" -Xmx64m -Xlog:gc:file="$WORK/gc.log" -cp "$JAR" io.hostkeeper.worker.backup.cli.BackupTool backup run bench --config "$WORK/hostkeeper.yml")
mkdir -p "$WORK/out-gpg"
GPG_CMD="${PIN[*]+${PIN[*]} }tar -c -C $CORPUS logs blobs db | ${PIN[*]+${PIN[*]} }gpg --batch --trust-model always -e -r $FPR > $WORK/out-gpg/corpus.tar.gpg"

now() { date +%s.%N; }
LOAD_BEFORE=$(loadavg)
echo "== load average before the first round: $LOAD_BEFORE${CPUS:+; both pipelines pinned with taskset -c $CPUS}"
declare -a HK_T GPG_T HK_RSS GPG_RSS HK_CPU GPG_CPU HK_IN HK_INCPU
for r in $(seq 1 "$ROUNDS"); do
  sync
  s=$(now); /usr/bin/time -f "%M %U %S" -o "$WORK/hk.rss" "${HK[@]}" > "$WORK/hk.out"; e=$(now)
  HK_T+=("$(echo "$e - $s" | bc)"); read -r rss u sy < "$WORK/hk.rss"; HK_RSS+=("$rss"); HK_CPU+=("$(echo "$u + $sy" | bc)")
  # the run's own duration and CPU as the worker records them (no JVM start-up): "(…, 4.2 s, 3.1 s CPU)"
  HK_IN+=("$(sed -n 's/.* \([0-9.]*\) s, [0-9.]* s CPU)$/\1/p' "$WORK/hk.out" | head -1)")
  HK_INCPU+=("$(sed -n 's/.* \([0-9.]*\) s CPU)$/\1/p' "$WORK/hk.out" | head -1)")
  sync
  s=$(now); /usr/bin/time -f "%M %U %S" -o "$WORK/gpg.rss" bash -c "$GPG_CMD"; e=$(now)
  GPG_T+=("$(echo "$e - $s" | bc)"); read -r rss u sy < "$WORK/gpg.rss"; GPG_RSS+=("$rss"); GPG_CPU+=("$(echo "$u + $sy" | bc)")
  printf '   round %d: hostkeeper %.2f s (%.2f s CPU; in-process %.1f s, %.1f s CPU), tar|gpg %.2f s (%.2f s CPU), load %s\n' "$r" "${HK_T[-1]}" "${HK_CPU[-1]}" "${HK_IN[-1]}" "${HK_INCPU[-1]}" "${GPG_T[-1]}" "${GPG_CPU[-1]}" "$(loadavg)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
HK_MED=$(median "${HK_T[@]}"); GPG_MED=$(median "${GPG_T[@]}")
HK_SIZE=$(stat -c %s "$WORK"/out-hostkeeper/bench-*.gpg | tail -1)
GPG_SIZE=$(stat -c %s "$WORK/out-gpg/corpus.tar.gpg")
# peak heap: the largest "used before GC" figure in the unified GC log (last round)
PEAK_HEAP=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" | cut -dM -f1 | sort -n | tail -1)

# check: stock gpg decrypts what hostkeeper wrote
gpg --batch -q -d "$(ls "$WORK"/out-hostkeeper/bench-*.gpg | tail -1)" | zstd -dc | tar -t > /dev/null && DECRYPT=ok || DECRYPT=FAILED

echo
echo "corpus: $CORPUS_BYTES bytes; rounds: $ROUNDS; $(nproc) cores${CPUS:+, pinned to CPU $CPUS (taskset -c $CPUS, both pipelines)}; load average $LOAD_BEFORE before, $(loadavg) after"
printf '| pipeline | wall time (median) | CPU user+sys (median) | output bytes | peak RSS | peak heap |\n|---|---|---|---|---|---|\n'
printf '| hostkeeper (zstd default level + AES-256, -Xmx64m) | %.2f s | %.2f s | %d | %d MiB | %s MiB |\n' "$HK_MED" "$(median "${HK_CPU[@]}")" "$HK_SIZE" "$(( $(median "${HK_RSS[@]}") / 1024 ))" "${PEAK_HEAP:-?}"
printf '| tar -c \\| gpg -e (gpg defaults) | %.2f s | %.2f s | %d | %d MiB | n/a |\n' "$GPG_MED" "$(median "${GPG_CPU[@]}")" "$GPG_SIZE" "$(( $(median "${GPG_RSS[@]}") / 1024 ))"
echo
WALL_TARGET=0.5; [[ -z "$CPUS" ]] || WALL_TARGET=0.8
printf 'wall-time ratio hostkeeper/gpg: %.2f (target <= %s%s)\n' "$(echo "$HK_MED / $GPG_MED" | bc -l)" "$WALL_TARGET" "${CPUS:+, pinned}"
printf 'CPU ratio hostkeeper/gpg (user+sys, JVM start-up included): %.2f (target <= 0.6)\n' "$(echo "$(median "${HK_CPU[@]}") / $(median "${GPG_CPU[@]}")" | bc -l)"
printf 'in-process ratio (the run duration the worker records, no JVM start-up) / gpg wall: %.2f\n' "$(echo "$(median "${HK_IN[@]}") / $GPG_MED" | bc -l)"
printf 'in-process CPU (the run alone, all threads, no JVM start-up) / gpg CPU: %.2f (target <= 0.6)\n' "$(echo "$(median "${HK_INCPU[@]}") / $(median "${GPG_CPU[@]}")" | bc -l)"
printf 'output-size ratio hostkeeper/gpg: %.3f (target <= 1.0)\n' "$(echo "$HK_SIZE / $GPG_SIZE" | bc -l)"
echo "stock gpg -d | zstd -d | tar -t on hostkeeper's archive: $DECRYPT"
