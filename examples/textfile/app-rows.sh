#!/bin/sh
# Writes app_rows{table="orders"} for the exporter's textfile collector, atomically: a temporary
# file in the same directory (its name does not end in .prom, so it is never read half written),
# made readable for the exporter's user, then renamed into place.
set -eu
dir=${TEXTFILE_DIR:-/var/lib/hostkeeper-textfile}
db=${APP_DB:-/opt/app/data.db}
tmp=$(mktemp "$dir/.app-rows.XXXXXX")
trap 'rm -f "$tmp"' EXIT
rows=$(sqlite3 -readonly "$db" 'SELECT count(*) FROM orders;')
printf '# HELP app_rows Rows in the application'"'"'s tables.\n# TYPE app_rows gauge\napp_rows{table="orders"} %s\n' "$rows" > "$tmp"
chmod 0644 "$tmp"
mv "$tmp" "$dir/app-rows.prom"
