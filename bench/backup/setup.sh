# Shared by bench/backup/*.sh (sourced, not run): the ~292 MB mixed corpus, a throwaway recipient
# key made by gpg, and the worker configuration. Expects REPO and WORK set; sets CORPUS, GNUPGHOME,
# FPR and JAR.
JAR="$REPO/backup-worker/target/hostkeeper-worker.jar"
CORPUS="$WORK/corpus"

build_jar() {
  echo "== building the worker jar"
  (cd "$REPO" && ./mvnw -B -q -pl backup-worker -am package -DskipTests)
}

# The corpus, generated once: text logs, incompressible random files, an SQLite database in WAL mode.
make_corpus() {
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
}

# A cv25519 recipient key made by gpg in a throwaway GNUPGHOME; its public key in $WORK/recipient.asc.
make_key() {
echo "== recipient key (cv25519, made by gpg)"
export GNUPGHOME="$WORK/gnupghome"
rm -rf "$GNUPGHOME"; mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill all >/dev/null 2>&1 || true' EXIT
gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "bench <bench@example.org>" ed25519 sign,cert never 2>/dev/null
FPR=$(gpg --with-colons --list-keys bench@example.org | awk -F: '/^fpr/ {print $10; exit}')
gpg --batch --pinentry-mode loopback --passphrase "" --quick-add-key "$FPR" cv25519 encr never 2>/dev/null
gpg --armor --export "$FPR" > "$WORK/recipient.asc"
}

# The worker configuration for one backup of the corpus: write_config FILE [LEVEL] [SOURCES...]
# (default sources: the whole corpus; LEVEL empty: the built-in default).
write_config() {
  local file="$1" level="${2:-}"; shift 2 || shift $#
  local sources=("$@")
  [[ ${#sources[@]} -gt 0 ]] || sources=("path: $CORPUS/logs" "path: $CORPUS/blobs" "sqlite: $CORPUS/db/app.db")
  {
    echo "worker:"
    echo "  data_dir: $WORK/data"
    echo "backups:"
    echo "  - name: bench"
    echo '    schedule: "@daily"'
    echo "    sources:"
    for s in "${sources[@]}"; do echo "      - $s"; done
    echo "    recipients: [$WORK/recipient.asc]"
    echo "    destination: $WORK/out-hostkeeper"
    [[ -z "$level" ]] || echo "    compression_level: $level"
    echo "    retention: {keep_last: 1}"
  } > "$file"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
