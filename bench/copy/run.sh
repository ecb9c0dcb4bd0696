#!/usr/bin/env bash
# hostkeeper's SFTP copy vs stock scp of the same 1 GiB archive to the same loopback sshd, same run.
#
#   bench/copy/run.sh [WORKDIR] [ROUNDS]
#
# Builds the worker jar (package, never install), starts its own sshd (own config, host key and
# authorized_keys under WORKDIR, 127.0.0.1 and a free port; run as root like the tests), makes one
# archive of 1 GiB of random data (compression: none, so the archive is ~1 GiB), then alternates
# ROUNDS times (default 3): `backup copy` (the worker's copy code, JVM start included) and
# `scp` of the archive, emptying the remote between rounds. A `backup copy` with nothing to upload
# gives the fixed cost (JVM start, connect, listing) to read the upload's own share.
# Prints medians, the wall-time ratio (target <= 1.1 x scp) and peak heap / RSS (target: flat,
# the archive is never held in memory). Needs: java 17, /usr/sbin/sshd, ssh-keygen, scp, bc,
# /usr/bin/time.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/hk-bench-copy}"
ROUNDS="${2:-3}"
JAR="$REPO/backup-worker/target/hostkeeper-worker.jar"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
chmod 755 "$WORK"

echo "== building the worker jar"
(cd "$REPO" && ./mvnw -B -q -pl backup-worker -am package -DskipTests)

echo "== sshd on 127.0.0.1"
rm -f "$WORK"/host "$WORK"/host.pub "$WORK"/id "$WORK"/id.pub
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/id"
cp "$WORK/id.pub" "$WORK/authorized_keys"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $WORK/host
PidFile $WORK/sshd.pid
AuthorizedKeysFile $WORK/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
Subsystem sftp internal-sftp
CFG
[[ -d /run/sshd ]] || install -d -m 0755 /run/sshd
/usr/sbin/sshd -f "$WORK/sshd_config" -E "$WORK/sshd.log"
trap 'kill "$(cat "$WORK/sshd.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$WORK/host.pub")" > "$WORK/known_hosts"
REMOTE="$WORK/remote"
mkdir -p "$REMOTE"

echo "== one 1 GiB archive"
mkdir -p "$WORK/src"
[[ -f "$WORK/src/random.bin" ]] || head -c 1073741824 /dev/urandom > "$WORK/src/random.bin"
java -cp "$JAR" io.hostkeeper.worker.backup.cli.BackupTool keys generate --name bench --out "$WORK/keys" > /dev/null 2>&1 || true
cat > "$WORK/hostkeeper.yml" <<YML
worker:
  data_dir: $WORK/data
backups:
  - name: bench
    schedule: "@daily"
    sources: [{path: $WORK/src}]
    recipients: [$WORK/keys/backup-public.asc]
    destination: $WORK/out
    compression: none
    retention: {keep_last: 1}
    copies:
      - name: loopback
        sftp: {host: 127.0.0.1, port: $PORT, user: root, path: $REMOTE, identity_file: $WORK/id, known_hosts: $WORK/known_hosts}
YML
if ! ls "$WORK"/out/bench-*.gpg > /dev/null 2>&1; then
  java -cp "$JAR" io.hostkeeper.worker.backup.cli.BackupTool backup run bench --config "$WORK/hostkeeper.yml"
fi
ARCHIVE=$(ls "$WORK"/out/bench-*.gpg | tail -1)
SIZE=$(stat -c %s "$ARCHIVE")
echo "   $ARCHIVE: $SIZE bytes"

HK=(java -Xmx256m -Xlog:gc:file="$WORK/gc.log" -cp "$JAR" io.hostkeeper.worker.backup.cli.BackupTool
    backup copy bench --config "$WORK/hostkeeper.yml" --log-level warn)
SCP=(scp -q -P "$PORT" -i "$WORK/id" -o "UserKnownHostsFile=$WORK/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes
     "$ARCHIVE" "root@127.0.0.1:$REMOTE/scp.bin")

now() { date +%s.%N; }
declare -a HK_T SCP_T HK_RSS SCP_RSS FIXED_T
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$REMOTE"/* "$REMOTE"/.hk-part-* ; sync
  s=$(now); /usr/bin/time -f "%M" -o "$WORK/hk.rss" "${HK[@]}" > "$WORK/hk.out"; e=$(now)
  HK_T+=("$(echo "$e - $s" | bc)"); HK_RSS+=("$(cat "$WORK/hk.rss")")
  cmp -s "$ARCHIVE" "$REMOTE/$(basename "$ARCHIVE")" || { echo "remote copy differs" >&2; exit 1; }
  cp "$WORK/gc.log" "$WORK/gc-round-$r.log"
  s=$(now); "${HK[@]}" > /dev/null; e=$(now)          # nothing left to upload: the fixed cost
  FIXED_T+=("$(echo "$e - $s" | bc)")
  rm -f "$REMOTE"/* ; sync
  s=$(now); /usr/bin/time -f "%M" -o "$WORK/scp.rss" "${SCP[@]}"; e=$(now)
  SCP_T+=("$(echo "$e - $s" | bc)"); SCP_RSS+=("$(cat "$WORK/scp.rss")")
  printf '   round %d: hostkeeper copy %.2f s (fixed cost %.2f s), scp %.2f s\n' "$r" "${HK_T[-1]}" "${FIXED_T[-1]}" "${SCP_T[-1]}"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
HK_MED=$(median "${HK_T[@]}"); SCP_MED=$(median "${SCP_T[@]}"); FIXED_MED=$(median "${FIXED_T[@]}")
# peak heap: the largest "used before GC" figure in the unified GC logs of the uploading runs
PEAK_HEAP=$(cat "$WORK"/gc-round-*.log | grep -o '[0-9]*M->[0-9]*M' | cut -dM -f1 | sort -n | tail -1)

echo
echo "archive: $SIZE bytes; rounds: $ROUNDS; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| upload | wall time (median) | peak RSS | peak heap |\n|---|---|---|---|\n'
printf '| hostkeeper backup copy (-Xmx256m, JVM start included) | %.2f s | %d MiB | %s MiB |\n' "$HK_MED" "$(( $(median "${HK_RSS[@]}") / 1024 ))" "${PEAK_HEAP:-?}"
printf '| scp | %.2f s | %d MiB | n/a |\n' "$SCP_MED" "$(( $(median "${SCP_RSS[@]}") / 1024 ))"
echo
printf 'wall-time ratio hostkeeper/scp: %.2f (target <= 1.1)\n' "$(echo "$HK_MED / $SCP_MED" | bc -l)"
printf 'without the fixed cost (JVM start, connect, listing: %.2f s): %.2f\n' "$FIXED_MED" "$(echo "($HK_MED - $FIXED_MED) / $SCP_MED" | bc -l)"
