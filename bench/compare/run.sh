#!/usr/bin/env bash
# `make bench-compare`: the seed's stack and IBAL's self-hosted path side by side, in one run, with the peers'
# own script and loader (../shared/peers/side-by-side.sh), then the table, the JSON and the chart.
# IBAL's abuse limits the peers' script does not know about yet (sign-ups per IP, the gateway's per-connection
# frame rate, login failures) are lifted here through the environment the gateway inherits, for this run only.
# IBAL_JVM_OPTS (e.g. -XX:StartFlightRecording=...) reaches the gateway's JVM as JAVA_TOOL_OPTIONS.
# Usage: bench/compare/run.sh [SECONDS] [CLIENT_COUNTS]   (defaults 15, "1 20 200")
set -euo pipefail
cd "$(dirname "$0")/../.."
PEERS=${PEERS:-../shared/peers}
SECONDS_PER_RUN=${1:-15}
COUNTS=${2:-1 20 200}
OUT=${BENCH_OUT:-bench/results}
[[ -x $PEERS/side-by-side.sh || -f $PEERS/side-by-side.sh ]] || { echo "bench-compare: no $PEERS/side-by-side.sh" >&2; exit 1; }
[[ -f gateway/target/ibal-gateway.jar ]] || { echo "bench-compare: no gateway/target/ibal-gateway.jar (make gateway-jar)" >&2; exit 1; }
mkdir -p "$OUT"
raw=$OUT/compare.raw.txt
export REGISTRATIONS_PER_IP_PER_HOUR=100000000 LOGIN_FAILURES_PER_IP=100000000 \
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP=100000000 CONNECT_FAILURES_PER_IP_PER_MINUTE=100000000 \
  SESSIONS_PER_DAY=100000000 IBAL_WS_MESSAGES_PER_SECOND=0
if [[ -n ${IBAL_JVM_OPTS:-} ]]; then export JAVA_TOOL_OPTIONS=$IBAL_JVM_OPTS; fi
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench-compare: $SECONDS_PER_RUN s per run, clients $COUNTS (load average $load)"
bash "$PEERS/side-by-side.sh" "$PWD" "$SECONDS_PER_RUN" "$COUNTS" | tee "$raw"
python3 bench/compare/report.py "$raw" "$OUT" "$load"
