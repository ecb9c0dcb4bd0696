#!/usr/bin/env bash
# Writes a copy of alertmanager.yml for Alertmanager 0.25 (Debian 12, Raspberry Pi OS Bookworm),
# which predates bot_token_file: every line "bot_token_file: FILE" becomes "bot_token: <the token
# read from FILE>", and nothing else changes. The output is created with mode 0640 (group
# --group; default prometheus, the group Debian's prometheus-alertmanager runs as) or 0600, never
# readable by other users, and replaces the target atomically. The token never appears on a
# command line.
#
#   sudo alertmanager/render-for-0.25.sh --out /etc/prometheus/alertmanager.yml
#   sudo systemctl reload prometheus-alertmanager   # or restart it
#
# Options: --in FILE (default: alertmanager.yml beside this script), --out FILE (required),
#          --group NAME (default prometheus; "" for 0600, root only),
#          --token-file FILE (read the token from FILE instead of the path each line names).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
in="$here/alertmanager.yml"
out=""
group="prometheus"
token_file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --in) in=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --group) group=$2; shift 2 ;;
    --token-file) token_file=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "render-for-0.25: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "render-for-0.25: --out FILE is required (Debian reads /etc/prometheus/alertmanager.yml)" >&2; exit 2; }
[ -f "$in" ] || { echo "render-for-0.25: input $in is not a file" >&2; exit 2; }
if [ -n "$group" ] && ! getent group "$group" >/dev/null; then
  echo "render-for-0.25: group $group does not exist; the output will be 0600 (root only). Use --group NAME." >&2
  group=""
fi

umask 077
outdir=$(dirname "$out")
tmp=$(mktemp "$outdir/.alertmanager.yml.XXXXXX")   # created exclusively, mode 0600
trap 'rm -f "$tmp"' EXIT

# awk reads each token file itself, so no token passes through argv or the environment.
if ! awk -v tokfile="$token_file" '
  function fail(msg) { print "render-for-0.25: " msg > "/dev/stderr"; failed = 1; exit 2 }
  match($0, /^[ \t]*(- )?bot_token_file:[ \t]*/) {
    indent = substr($0, 1, RLENGTH); sub(/bot_token_file:[ \t]*$/, "", indent)
    file = substr($0, RLENGTH + 1); sub(/[ \t]+#.*$/, "", file); gsub(/^["'\'']|["'\'']$/, "", file)
    if (tokfile != "") file = tokfile
    token = ""
    if ((getline token < file) <= 0) fail("line " NR ": cannot read the token file " file)
    close(file)
    sub(/[ \t\r]+$/, "", token)
    if (token !~ /^[0-9]+:[A-Za-z0-9_-]+$/) fail("line " NR ": " file " does not hold a Telegram bot token (digits:letters)")
    print indent "bot_token: \"" token "\""
    n++
    next
  }
  { print }
  END { if (!failed && n == 0) { print "render-for-0.25: no bot_token_file line in the input" > "/dev/stderr"; exit 2 } }
' "$in" > "$tmp"; then
  exit 2
fi

if [ -n "$group" ]; then
  chgrp "$group" "$tmp"
  chmod 0640 "$tmp"
fi
mv -f "$tmp" "$out"
trap - EXIT
echo "render-for-0.25: wrote $out (mode $(stat -c %a "$out"), group $(stat -c %G "$out")); check it with: amtool check-config $out"
