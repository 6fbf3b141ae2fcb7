#!/usr/bin/env bash
# The cost of recording a traced call, fgraph against uftrace, measured in one run on this machine.
#
#   jmh/tracing-vs-uftrace.sh [N] [RUNS]      (default: fib 32, 5 rounds; each round runs all four commands in turn)
#
# uftrace: guest/src/fib.c built natively twice with gcc -O2, plain and with -pg; the cost per call
# is (median wall time of `uftrace record` of the -pg build - median of the plain build) / calls.
# fgraph: guest/elf/fib.elf (the committed RISC-V build of the same source); the cost per call is
# (median of `fgraph record` - median of `fgraph run`) / calls: both pay the JVM's start-up and
# the emulation, so the difference is fgraph's hook, tracer and trace writing. Calls are counted
# from what each tool recorded (uftrace report; fgraph info). Every trace is written under a
# temporary directory on the disk of $TMPDIR (default /tmp) and removed at the end.
#
# Needs gcc and uftrace (Debian: apt-get install gcc uftrace); without them it says so and exits 0.
# Times are wall clock: run it on a quiet machine (here: under the build lock,
# flock /tmp/fgraph-build.lock jmh/tracing-vs-uftrace.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-32}"
RUNS="${2:-5}"
for tool in gcc uftrace java; do
  if ! command -v "$tool" > /dev/null; then
    echo "tracing-vs-uftrace: skipped: $tool is not installed"
    exit 0
  fi
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fgraph-vs-uftrace.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

gcc -O2 -o "$WORK/fib" "$ROOT/guest/src/fib.c"
gcc -O2 -pg -o "$WORK/fib-pg" "$ROOT/guest/src/fib.c"

# time_us COMMAND...: runs it once (output discarded), prints its wall time in microseconds.
time_us() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}

# median_ms TIMES...: the median of the times (microseconds), in ms.
median_ms() {
  printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f\n", m / 1000 }'
}

FGRAPH="$ROOT/fgraph"
"$FGRAPH" --version > /dev/null # builds the jar (and its class archive) on first use

echo "fib $N, median of $RUNS rounds (native, uftrace record, fgraph run, fgraph record in turn), $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The four commands take turns in every round, so that the machine's drift (a shared VM) falls
# on all four medians alike instead of on whichever command ran during a slow minute.
native_t=() uftrace_t=() run_t=() record_t=()
for ((round = 0; round < RUNS; round++)); do
  native_t+=("$(time_us "$WORK/fib" "$N")")
  rm -rf "$WORK/uftrace.data"
  uftrace_t+=("$(time_us uftrace record -d "$WORK/uftrace.data" "$WORK/fib-pg" "$N")")
  run_t+=("$(time_us "$FGRAPH" run "$ROOT/guest/elf/fib.elf" "$N")")
  rm -rf "$WORK/trace"
  record_t+=("$(time_us "$FGRAPH" record --no-progress -o "$WORK/trace" "$ROOT/guest/elf/fib.elf" "$N")")
done
native=$(median_ms "${native_t[@]}")
uftraced=$(median_ms "${uftrace_t[@]}")
emulated=$(median_ms "${run_t[@]}")
recorded=$(median_ms "${record_t[@]}")

rm -rf "$WORK/uftrace.data"
uftrace record -d "$WORK/uftrace.data" "$WORK/fib-pg" "$N" > /dev/null 2>&1
ucalls=$(uftrace report -d "$WORK/uftrace.data" 2>/dev/null | awk '$NF !~ /^linux:/ && $(NF-1) ~ /^[0-9]+$/ { c += $(NF-1) } END { print c }')
ubytes=$(du -cb "$WORK"/uftrace.data/*.dat | tail -1 | cut -f1)

rm -rf "$WORK/trace"
"$FGRAPH" record --no-progress -o "$WORK/trace" "$ROOT/guest/elf/fib.elf" "$N" > /dev/null 2>&1
info=$("$FGRAPH" info "$WORK/trace")
fcalls=$(awk '/^  entry:/ { print $2 }' <<< "$info")
fevents=$(awk '/^events:/ { print $2 }' <<< "$info")
fbytes=$(awk '/^bytes:/ { print $2 }' <<< "$info")

awk -v n="$native" -v u="$uftraced" -v uc="$ucalls" -v ub="$ubytes" \
    -v e="$emulated" -v r="$recorded" -v fc="$fcalls" -v fe="$fevents" -v fb="$fbytes" 'BEGIN {
  printf "uftrace: native %.1f ms, uftrace record %.1f ms, %d calls: %.1f ns per call, %.1f bytes per call\n",
         n, u, uc, (u - n) * 1e6 / uc, ub / uc
  printf "fgraph:  fgraph run %.1f ms, fgraph record %.1f ms, %d calls: %.1f ns per call, %.1f bytes per event\n",
         e, r, fc, (r - e) * 1e6 / fc, fb / fe
  printf "fgraph / uftrace per call: %.2f\n", ((r - e) / fc) / ((u - n) / uc)
}'
