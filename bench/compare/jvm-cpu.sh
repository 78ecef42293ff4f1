#!/usr/bin/env bash
# CPU a JVM (or any process) has used so far, in clock ticks: "ALL JIT", JIT being its C1/C2 compiler threads. Two readings around a
# run give what the run cost, and how much of it was the JIT compiling rather than the application running: on a
# shared machine a CPU figure per message drifts far less than messages per second. Linux /proc only.
# Usage: bench/compare/jvm-cpu.sh PID
set -euo pipefail
all=0 jit=0
for task in /proc/"$1"/task/*; do
  read -r -a stat <"$task/stat" 2>/dev/null || continue
  # the name (field 2) may hold spaces: count fields from the end of "(name)"
  rest=${stat[*]}; rest=${rest##*) }; read -r -a fields <<<"$rest"
  ticks=$(( fields[11] + fields[12] )) # utime, stime (fields 14 and 15 of stat)
  all=$(( all + ticks ))
  case $(cat "$task/comm" 2>/dev/null) in C1\ CompilerThre* | C2\ CompilerThre*) jit=$(( jit + ticks )) ;; esac
done
echo "$all $jit"
