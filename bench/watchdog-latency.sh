#!/bin/sh
# Watchdog detection-to-restart latency, measured in real time: a child HTTP service is killed
# three times while the watchdog checks it every 1s with after_failures 2; prints, per round,
# kill -> first failed check, that check -> restart command start, and kill -> answering again.
# The reference is the policy's own bound: (after_failures - 1) x interval after detection.
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q -pl backup-worker -am test \
  -Dtest='WatchdogEndToEndTest#detectionToRestartLatencyInRealTime' -Dsurefire.failIfNoSpecifiedTests=false
cat backup-worker/target/watchdog-latency.txt
