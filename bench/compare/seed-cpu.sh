#!/usr/bin/env bash
# The seed's stack alone (../shared/peers/seed-stack: Daphne + Redis), run as the peers' side-by-side.sh runs it,
# with the CPU its two processes use per message: the figure to set beside ab.sh's appCpuMsPerMsg for IBAL. Messages
# per second drift with a shared machine's load; CPU per message hardly does. Linux /proc only.
# Usage: bench/compare/seed-cpu.sh [CLIENT_COUNTS] [SECONDS]   (defaults "20 200", 15)   one JSON line per run
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-$here/../../../shared/peers}
read -r -a counts <<<"${1:-20 200}"; secs=${2:-15}
max=0; for c in "${counts[@]}"; do [ "$c" -gt "$max" ] && max=$c; done
tmp=$(mktemp -d)
( cd "$PEERS/seed-stack" && rm -f /tmp/seedchat.sqlite3 && exec ./run.sh ) >"$tmp/seed.log" 2>&1 &
daphne=$!
trap 'kill $daphne 2>/dev/null; redis-cli -p 6390 shutdown nosave >/dev/null 2>&1; rm -rf "$tmp"' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null 127.0.0.1:8900 && break; sleep 0.5; done
redis=$(pgrep -f 'redis-server.*:6390' | head -1)
/usr/bin/python3 - "$max" >"$tmp/urls" <<'PY'
import jwt, sys
for i in range(int(sys.argv[1])):
    print("ws://127.0.0.1:8900/ws/chat/?token=" + jwt.encode({"sub": f"u{i}"}, "anchor-only-secret", algorithm="HS256"))
PY
ticks() { local all _; read -r all _ < <("$here/jvm-cpu.sh" "$1"); echo "$all"; } # any process's CPU, in clock ticks
for c in "${counts[@]}"; do
  d0=$(ticks "$daphne"); r0=$(ticks "$redis")
  line=$(node --experimental-websocket "$PEERS/ws-load-multi.mjs" "$tmp/urls" "$c" "$secs")
  d1=$(ticks "$daphne"); r1=$(ticks "$redis")
  python3 -c '
import json, sys
run = json.loads(sys.argv[1]); d, r, hz = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]); n = max(run["messages"], 1)
run.update(daphneCpuS=round(d / hz, 2), redisCpuS=round(r / hz, 2), cpuMsPerMsg=round(1000 * (d + r) / hz / n, 2))
print("seed " + json.dumps(run, separators=(",", ":")))' "$line" $((d1 - d0)) $((r1 - r0)) "$(getconf CLK_TCK)"
done
