#!/usr/bin/env bash
# hostkeeper backup vs `tar -c | gpg -e` (gpg defaults) on a ~300 MB mixed corpus, same run.
#
#   bench/backup/run.sh [WORKDIR] [ROUNDS]
#
# Builds the worker jar (package, never install), generates the corpus once (text logs, an SQLite
# database, incompressible random files), makes a cv25519 key with gpg in a throwaway GNUPGHOME,
# then alternates the two pipelines ROUNDS times (default 3) and prints medians and ratios.
# Needs: java 17, gpg, sqlite3, python3, /usr/bin/time.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/hk-bench-backup}"
ROUNDS="${2:-3}"
JAR="$REPO/backup-worker/target/hostkeeper-worker.jar"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
CORPUS="$WORK/corpus"

echo "== building the worker jar"
(cd "$REPO" && ./mvnw -B -q -pl backup-worker -am package -DskipTests)

if [[ ! -f "$CORPUS/.complete" ]]; then
  echo "== generating the corpus in $CORPUS"
  rm -rf "$CORPUS"; mkdir -p "$CORPUS/logs" "$CORPUS/blobs" "$CORPUS/db"
  # ~150 MB of access/application logs: repetitive structure, varying fields
  python3 - "$CORPUS/logs" <<'PY'
import random, sys, os
random.seed(7)
paths = ["/", "/api/v1/items", "/api/v1/items/%d", "/login", "/static/app.%s.js", "/health", "/metrics", "/search?q=%s"]
agents = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "curl/8.5.0", "Prometheus/2.53.0", "Go-http-client/1.1"]
words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
for f in range(15):
    with open(os.path.join(sys.argv[1], "access-%02d.log" % f), "w") as out:
        size = 0
        t = 1700000000 + f * 86400
        while size < 10_000_000:
            t += random.randint(0, 3)
            p = random.choice(paths)
            if "%d" in p: p = p % random.randint(1, 99999)
            elif "%s" in p: p = p % (random.choice(words) + str(random.randint(0, 999)))
            line = '10.%d.%d.%d - - [%d] "GET %s HTTP/1.1" %d %d %.3f "%s" req_id=%016x\n' % (
                random.randint(0, 255), random.randint(0, 255), random.randint(1, 254), t, p,
                random.choice([200, 200, 200, 200, 304, 404, 500]), random.randint(100, 90000),
                random.random(), random.choice(agents), random.getrandbits(64))
            out.write(line); size += len(line)
PY
  # ~100 MB that does not compress
  for i in 0 1 2 3; do head -c 25000000 /dev/urandom > "$CORPUS/blobs/random-$i.bin"; done
  # ~50 MB SQLite database (WAL mode, like a live application's)
  sqlite3 "$CORPUS/db/app.db" > /dev/null <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER, kind TEXT, payload TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)
INSERT INTO events SELECT i, 1700000000 + i * 7, 'kind-' || (i % 17), printf('{"user":%d,"v":"%s"}', i % 5000, hex(randomblob(24))) FROM n;
CREATE INDEX events_ts ON events(ts);
SQL
  touch "$CORPUS/.complete"
fi
du -sh "$CORPUS/logs" "$CORPUS/blobs" "$CORPUS/db" | sed 's/^/   /'
CORPUS_BYTES=$(du -sb --exclude=.complete "$CORPUS" | cut -f1)

echo "== recipient key (cv25519, made by gpg)"
export GNUPGHOME="$WORK/gnupghome"
rm -rf "$GNUPGHOME"; mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill all >/dev/null 2>&1 || true' EXIT
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "bench <bench@example.org>" ed25519 sign,cert never 2>/dev/null
FPR=$(gpg --with-colons --list-keys bench@example.org | awk -F: '/^fpr/ {print $10; exit}')
gpg --batch --pinentry-mode loopback --passphrase "" --quick-add-key "$FPR" cv25519 encr never 2>/dev/null
gpg --armor --export "$FPR" > "$WORK/recipient.asc"

cat > "$WORK/hostkeeper.yml" <<YML
worker:
  data_dir: $WORK/data
backups:
  - name: bench
    schedule: "@daily"
    sources:
      - path: $CORPUS/logs
      - path: $CORPUS/blobs
      - sqlite: $CORPUS/db/app.db
    recipients: [$WORK/recipient.asc]
    destination: $WORK/out-hostkeeper
    retention: {keep_last: 1}
YML

HK=(java -Xmx64m -Xlog:gc:file="$WORK/gc.log" -cp "$JAR" io.hostkeeper.worker.backup.cli.BackupTool backup run bench --config "$WORK/hostkeeper.yml")
mkdir -p "$WORK/out-gpg"
GPG_CMD="tar -c -C $CORPUS logs blobs db | gpg --batch --trust-model always -e -r $FPR > $WORK/out-gpg/corpus.tar.gpg"

now() { date +%s.%N; }
declare -a HK_T GPG_T HK_RSS GPG_RSS HK_CPU GPG_CPU HK_IN
for r in $(seq 1 "$ROUNDS"); do
  sync
  s=$(now); /usr/bin/time -f "%M %U %S" -o "$WORK/hk.rss" "${HK[@]}" > "$WORK/hk.out"; e=$(now)
  HK_T+=("$(echo "$e - $s" | bc)"); read -r rss u sy < "$WORK/hk.rss"; HK_RSS+=("$rss"); HK_CPU+=("$(echo "$u + $sy" | bc)")
  # the run's own duration as the worker records it (no JVM start-up): "(…, 4.2 s)"
  HK_IN+=("$(sed -n 's/.* \([0-9.]*\) s)$/\1/p' "$WORK/hk.out" | head -1)")
  sync
  s=$(now); /usr/bin/time -f "%M %U %S" -o "$WORK/gpg.rss" bash -c "$GPG_CMD"; e=$(now)
  GPG_T+=("$(echo "$e - $s" | bc)"); read -r rss u sy < "$WORK/gpg.rss"; GPG_RSS+=("$rss"); GPG_CPU+=("$(echo "$u + $sy" | bc)")
  printf '   round %d: hostkeeper %.2f s (%.2f s CPU, %.1f s in-process), tar|gpg %.2f s (%.2f s CPU)\n' "$r" "${HK_T[-1]}" "${HK_CPU[-1]}" "${HK_IN[-1]}" "${GPG_T[-1]}" "${GPG_CPU[-1]}"
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
echo "corpus: $CORPUS_BYTES bytes; rounds: $ROUNDS; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| pipeline | wall time (median) | CPU user+sys (median) | output bytes | peak RSS | peak heap |\n|---|---|---|---|---|---|\n'
printf '| hostkeeper (zstd-5 + AES-256, -Xmx64m) | %.2f s | %.2f s | %d | %d MiB | %s MiB |\n' "$HK_MED" "$(median "${HK_CPU[@]}")" "$HK_SIZE" "$(( $(median "${HK_RSS[@]}") / 1024 ))" "${PEAK_HEAP:-?}"
printf '| tar -c \\| gpg -e (gpg defaults) | %.2f s | %.2f s | %d | %d MiB | n/a |\n' "$GPG_MED" "$(median "${GPG_CPU[@]}")" "$GPG_SIZE" "$(( $(median "${GPG_RSS[@]}") / 1024 ))"
echo
printf 'wall-time ratio hostkeeper/gpg: %.2f (target <= 0.5)\n' "$(echo "$HK_MED / $GPG_MED" | bc -l)"
printf 'in-process ratio (the run duration the worker records, no JVM start-up) / gpg wall: %.2f\n' "$(echo "$(median "${HK_IN[@]}") / $GPG_MED" | bc -l)"
printf 'output-size ratio hostkeeper/gpg: %.3f (target <= 1.0)\n' "$(echo "$HK_SIZE / $GPG_SIZE" | bc -l)"
echo "stock gpg -d | zstd -d | tar -t on hostkeeper's archive: $DECRYPT"
