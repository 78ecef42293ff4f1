#!/usr/bin/env bash
# IBAL against IBAL: two builds (e.g. before and after a change), each started, loaded and stopped the way the
# peers' side-by-side.sh runs IBAL (same loader, same settings, 10 s warm-up, one user per client), alternating
# ROUNDS times so a shared machine's changing load weighs on both alike. Prints one JSON line per run: the loader's
# figures plus the JVM's CPU during the run (jvmCpuS), its JIT compiler threads' part (jitCpuS) and the rest per
# message (appCpuMsPerMsg), which drift far less with the machine's load than messages per second do.
# Usage: bench/compare/ab.sh BASE_PROJECT_DIR NEW_PROJECT_DIR [SECONDS] [CLIENT_COUNTS] [ROUNDS]
# BASE_ENV / NEW_ENV ("NAME=value ...") add settings to one side only: one build, two configurations, e.g.
#   NEW_ENV="IBAL_MAX_CONCURRENT_INVOCATIONS=8" bench/compare/ab.sh . .
# WARM_SECONDS (default 10, as the peers' script) is the unmeasured warm-up at 20 clients; 60 or more measures a
# JVM whose JIT has done most of its work (a gateway that has run for a while) rather than the peers' window.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-$here/../../../shared/peers}
base=${1:?base project dir}; new=${2:?new project dir}; secs=${3:-15}; read -r -a counts <<<"${4:-20 200}"; rounds=${5:-2}
max=0; for c in "${counts[@]}"; do [ "$c" -gt "$max" ] && max=$c; done
JAVA_HOME=${JAVA_HOME:-$("$here/../../scripts/find-jdk")}
export REGISTRATIONS_PER_IP_PER_HOUR=100000000 LOGIN_FAILURES_PER_IP=100000000 \
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP=100000000 CONNECT_FAILURES_PER_IP_PER_MINUTE=100000000 \
  SESSIONS_PER_DAY=100000000 IBAL_WS_MESSAGES_PER_SECOND=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_ibal() { # label project extra-env
  local label=$1 proj=$2 extra=$3 pid i
  local -a settings=(); read -r -a settings <<<"$extra"
  ( cd "$proj" && { [ ${#settings[@]} -eq 0 ] || export "${settings[@]}"; } && IBAL_PORT=8091 IBAL_STORE=memory MODEL_PROVIDER=demo DEMO_MODEL_DELAY_MS=0 \
    MESSAGE_RATE_PER_MINUTE=1000000 DAILY_MESSAGE_QUOTA=100000000 CONNECT_RATE_PER_MINUTE=100000 \
    CONNECT_RATE_PER_IP_PER_MINUTE=1000000 BCRYPT_COST=4 \
    exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -jar gateway/target/ibal-gateway.jar ) >"$tmp/$label.log" 2>&1 &
  pid=$!
  for i in $(seq 1 120); do curl -fs http://127.0.0.1:8091/api/health >/dev/null 2>&1 && break; sleep 1; done
  node - "$max" >"$tmp/urls" <<'JS'
const n = Number(process.argv[2]); const base = 'http://127.0.0.1:8091';
const cfg = await (await fetch(base + '/config.json')).json();
const ws = cfg.wsUrl.startsWith('/') ? base.replace('http', 'ws') + cfg.wsUrl : cfg.wsUrl;
const out = [];
for (let i = 0; i < n; i++) {
  const r = await fetch(base + '/api/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'load' + i + Math.random().toString(36).slice(2, 6), password: 'Load-pass-' + i + '-xyz!' }) });
  const t = await r.json(); out.push(ws + (ws.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(t.accessToken));
}
console.log(out.join('\n'));
JS
  node --experimental-websocket "$PEERS/ws-load-multi.mjs" "$tmp/urls" 20 "${WARM_SECONDS:-10}" >/dev/null
  local before after line
  for c in "${counts[@]}"; do
    before=$("$here/jvm-cpu.sh" "$pid")
    line=$(node --experimental-websocket "$PEERS/ws-load-multi.mjs" "$tmp/urls" "$c" "$secs")
    after=$("$here/jvm-cpu.sh" "$pid")
    # + the JVM's CPU during the run, the JIT's part of it, and the rest per message (ms): load-robust figures
    echo "$label $(python3 -c '
import json, sys
run = json.loads(sys.argv[1]); (a0, j0), (a1, j1) = [map(int, r.split()) for r in sys.argv[2:4]]; hz = int(sys.argv[4])
run.update(jvmCpuS=round((a1 - a0) / hz, 2), jitCpuS=round((j1 - j0) / hz, 2),
           appCpuMsPerMsg=round(1000 * ((a1 - a0) - (j1 - j0)) / hz / max(run["messages"], 1), 1))
print(json.dumps(run, separators=(",", ":")))' "$line" "$before" "$after" "$(getconf CLK_TCK)")"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for r in $(seq 1 "$rounds"); do
  run_ibal base "$base" "${BASE_ENV:-}"
  run_ibal new "$new" "${NEW_ENV:-}"
done
