#!/usr/bin/env bash
# Generates the rotation benchmarks' access log: bench/rotate/makelog.sh FILE SIZE_MIB
# (random IPs, methods, paths, status codes, sizes; compresses ~4.9:1 with gzip -6). Deterministic.
set -euo pipefail
SRC="$1"
SIZE_MIB="$2"
echo "generating a ${SIZE_MIB} MiB access log at $SRC ..."
awk -v bytes=$((SIZE_MIB * 1048576)) 'BEGIN {
  srand(42); split("GET GET GET POST PUT DELETE", m, " "); split("200 200 200 200 301 304 404 500", s, " ");
  split("/ /index.html /api/v1/items /api/v1/items/42 /login /static/app.js /static/app.css /health", p, " ");
  t = 1763700000; n = 0;
  while (n < bytes) {
    line = sprintf("10.%d.%d.%d - - [%d] \"%s %s?id=%d HTTP/1.1\" %s %d %.3f \"Mozilla/5.0 (X11; Linux x86_64) req-%08x\"",
      int(rand()*256), int(rand()*256), int(rand()*256), t + int(n / 90000), m[int(rand()*6)+1], p[int(rand()*8)+1],
      int(rand()*100000), s[int(rand()*8)+1], int(rand()*50000), rand(), int(rand()*4294967295));
    if (n + length(line) + 1 > bytes) line = substr(line, 1, bytes - n - 1);
    print line; n += length(line) + 1;
  }
}' > "$SRC"
