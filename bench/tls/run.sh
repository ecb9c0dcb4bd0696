#!/usr/bin/env bash
# Scrape cost of TLS + basic auth, in one run: the hostkeeper exporter over plain HTTP, the same
# exporter with a web-config file (TLS 1.2+, a bcrypt user), and prometheus-node-exporter with the
# very same web-config file (its --web.config.file). Prints median latency on a fresh connection
# (handshake included, as a scrape after an idle timeout pays it) and on a kept-alive connection
# (as Prometheus scrapes), wrk throughput at 10 kept-alive connections, and the ratios
# TLS/plain and hostkeeper/node_exporter. Not a test: figures go to docs/benchmarks.md.
#
# Usage: bench/tls/run.sh               (builds the jar if missing; needs openssl, htpasswd, curl, wrk)
# Env:   HK_JAVA_OPTS  JVM flags for hostkeeper (default: packaging/jvm/exporter.args)
#        SAMPLES       latency samples per target and mode (default 300, in 3 interleaved rounds)
#        WRK_SECONDS   duration of each wrk run (default 10)
# One run at the defaults takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=exporter/target/hostkeeper-exporter.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl exporter -am package -DskipTests
HK_JAVA_OPTS=${HK_JAVA_OPTS:-@$ROOT/packaging/jvm/exporter.args}
SAMPLES=${SAMPLES:-300}
WRK_SECONDS=${WRK_SECONDS:-10}
ROUND=$(( SAMPLES / 3 > 0 ? SAMPLES / 3 : 1 ))
NODE=$(command -v prometheus-node-exporter || command -v node_exporter || true)
[ -n "$NODE" ] || { echo "prometheus-node-exporter not found (apt-get install prometheus-node-exporter)" >&2; exit 1; }
for tool in openssl htpasswd curl wrk; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PLAIN_PORT=$(free_port); TLS_PORT=$(free_port); NODE_PORT=$(free_port)
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

# A throw-away CA and a server certificate for 127.0.0.1 (EC P-256, as a modern CA issues).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=bench-ca \
  -keyout "$TMP/ca.key" -out "$TMP/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
  -keyout "$TMP/server.key" -out "$TMP/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$TMP/san.ext"
openssl x509 -req -in "$TMP/server.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" -CAcreateserial -days 2 \
  -extfile "$TMP/san.ext" -out "$TMP/server.crt" 2>/dev/null
chmod 600 "$TMP/server.key"
PASSWORD=bench-password
HASH=$(htpasswd -nbBC 10 prometheus "$PASSWORD" | cut -d: -f2-)
cat > "$TMP/web-config.yml" <<YAML
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  min_version: TLS12
basic_auth_users:
  prometheus: $HASH
YAML
for name in plain tls; do
  port=$PLAIN_PORT; [ "$name" = tls ] && port=$TLS_PORT
  { echo "exporter:"; echo "  listen: 127.0.0.1:$port"; echo "  max_staleness: 0s"
    [ "$name" = tls ] && echo "  web_config_file: $TMP/web-config.yml"; } > "$TMP/$name.yml"
  MALLOC_ARENA_MAX=2 java $HK_JAVA_OPTS -jar "$JAR" --config "$TMP/$name.yml" > "$TMP/hk-$name.log" 2>&1 &
  PIDS+=("$!")
done
"$NODE" --web.listen-address="127.0.0.1:$NODE_PORT" --web.config.file="$TMP/web-config.yml" > "$TMP/node.log" 2>&1 &
PIDS+=("$!")

PLAIN_URL="http://127.0.0.1:$PLAIN_PORT/metrics"
TLS_URL="https://127.0.0.1:$TLS_PORT/metrics"
NODE_URL="https://127.0.0.1:$NODE_PORT/metrics"
CURL=(curl -s --cacert "$TMP/ca.crt" -H 'Accept: text/plain;version=0.0.4')
AUTH=(-u "prometheus:$PASSWORD")
auth_for() { [ "$1" = "$PLAIN_URL" ] || printf '%s\n' "${AUTH[@]}"; }
wait_up() {
  local a; mapfile -t a < <(auth_for "$1")
  for _ in $(seq 300); do "${CURL[@]}" "${a[@]}" -f -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "not up: $1" >&2; cat "$TMP"/*.log >&2; exit 1
}
wait_up "$PLAIN_URL"; wait_up "$TLS_URL"; wait_up "$NODE_URL"

median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2) * 1000}'; }
fresh_ms() { # url n -> median ms, one connection per scrape (TLS handshake and bcrypt cache lookup included)
  local a; mapfile -t a < <(auth_for "$1")
  for _ in $(seq "$2"); do "${CURL[@]}" "${a[@]}" -o /dev/null -w '%{time_total}\n' "$1"; done | median
}
kept_ms() { # url n -> median ms of scrapes 2..n over one kept-alive connection (curl reuses it)
  local a urls=(); mapfile -t a < <(auth_for "$1")
  for _ in $(seq "$2"); do urls+=("$1" -o /dev/null); done
  "${CURL[@]}" "${a[@]}" -w '%{time_total} %{time_appconnect} %{time_connect}\n' "${urls[@]}" \
    | awk 'NR > 1 {print $1}' | median
}
mid() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

echo "host: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hostkeeper JVM flags: $HK_JAVA_OPTS; node_exporter: $("$NODE" --version 2>&1 | head -1)"
echo "web-config: TLS 1.2+ (EC P-256 certificate), one bcrypt user (cost 10), the same file for both"

declare -A FRESH KEPT RPS
for t in plain tls node; do FRESH[$t]=""; KEPT[$t]=""; done
url_of() { case $1 in plain) echo "$PLAIN_URL";; tls) echo "$TLS_URL";; node) echo "$NODE_URL";; esac; }
for round in 1 2 3; do
  for t in plain tls node; do
    FRESH[$t]+="$(fresh_ms "$(url_of $t)" "$ROUND") "
    KEPT[$t]+="$(kept_ms "$(url_of $t)" "$((ROUND + 1))") "
  done
done
BASIC="Authorization: Basic $(printf 'prometheus:%s' "$PASSWORD" | base64)"
rps() { # wrk does not check the certificate; it is the same server either way
  if [ "$1" = "$PLAIN_URL" ]; then wrk -t2 -c10 -d"${WRK_SECONDS}s" "$1"
  else wrk -t2 -c10 -d"${WRK_SECONDS}s" -H "$BASIC" "$1"; fi | awk '/^Requests\/sec/ {print $2}'
}
for t in plain tls node; do RPS[$t]=$(rps "$(url_of $t)"); done

F_PLAIN=$(mid ${FRESH[plain]}); F_TLS=$(mid ${FRESH[tls]}); F_NODE=$(mid ${FRESH[node]})
K_PLAIN=$(mid ${KEPT[plain]}); K_TLS=$(mid ${KEPT[tls]}); K_NODE=$(mid ${KEPT[node]})
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
printf '\n%-44s %11s %11s %15s %10s %12s\n' "" "hk plain" "hk tls+auth" "node tls+auth" "tls/plain" "hk/node tls"
printf '%-44s %11s %11s %15s %10s %12s\n' "median latency, fresh connection (ms)" "$F_PLAIN" "$F_TLS" "$F_NODE" \
  "$(ratio "$F_TLS" "$F_PLAIN")" "$(ratio "$F_TLS" "$F_NODE")"
printf '%-44s %11s %11s %15s %10s %12s\n' "median latency, kept-alive connection (ms)" "$K_PLAIN" "$K_TLS" "$K_NODE" \
  "$(ratio "$K_TLS" "$K_PLAIN")" "$(ratio "$K_TLS" "$K_NODE")"
printf '%-44s %11s %11s %15s %10s %12s\n' "throughput, wrk 10 connections (req/s)" "${RPS[plain]}" "${RPS[tls]}" "${RPS[node]}" \
  "$(ratio "${RPS[tls]}" "${RPS[plain]}")" "$(ratio "${RPS[tls]}" "${RPS[node]}")"
echo "(latency rounds: 3 x $ROUND samples per target and mode, interleaved; the middle round's median is shown)"
