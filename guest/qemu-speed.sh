#!/usr/bin/env bash
# Compares the speed of fgraph's emulator with QEMU's TCG on the same guest:
# guest/elf/fib.elf N, run by qemu-system-riscv64 -M virt (semihosting) and by
# `fgraph run`, in one go. Fixed costs (JVM start, JIT warm-up of the start,
# QEMU's start, ELF loading) are cancelled by subtracting a short run (fib
# SHORT) from the long one (fib LONG): both emulators run the same guest
# instructions, so the ratio of the differences is the ratio of the speeds.
#
#   ./qemu-speed.sh                 fib 35 minus fib 20, 3 alternating rounds, medians
#   LONG=32 ROUNDS=5 ./qemu-speed.sh
#   FGRAPH_ARGS=--no-translate ./qemu-speed.sh     the interpreter alone
#
# Needs qemu-system-riscv64 (apt-get install qemu-system-misc) and the fgraph
# launcher at the repository root (it builds cli/target/fgraph.jar if missing;
# rebuild it after changing code). Prints the machine, the load and the figures.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(cd .. && pwd)
QEMU=${QEMU:-qemu-system-riscv64}
LONG=${LONG:-35}
SHORT=${SHORT:-20}
ROUNDS=${ROUNDS:-3}
FGRAPH_ARGS=${FGRAPH_ARGS:-}
ELF=elf/fib.elf

if ! command -v "$QEMU" >/dev/null 2>&1; then
    echo "qemu-speed.sh: $QEMU not found; install it with: sudo apt-get install qemu-system-misc" >&2
    exit 1
fi
if ! [[ "$LONG" =~ ^[0-9]+$ && "$SHORT" =~ ^[0-9]+$ && "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || (( LONG <= SHORT || LONG > 90 )); then
    echo "qemu-speed.sh: LONG=$LONG SHORT=$SHORT ROUNDS=$ROUNDS: need 0 <= SHORT < LONG <= 90 and ROUNDS >= 1" >&2
    exit 1
fi

now() { date +%s.%N; }

# run_qemu N: wall seconds of one QEMU run of fib N (checks its output)
run_qemu() {
    local start end out
    start=$(now)
    # QEMU writes the semihosting console to its stderr
    out=$(timeout 600 "$QEMU" -M virt -bios none -nographic -kernel "$ELF" \
        -semihosting-config "enable=on,target=native,arg=$1" 2>&1)
    end=$(now)
    if [[ "$out" != "fib($1) = "* ]]; then
        echo "qemu-speed.sh: QEMU did not run fib $1: $out" >&2
        exit 1
    fi
    echo "$end - $start" | bc -l
}

# run_fgraph N: "wall-seconds instructions" of one fgraph run of fib N
run_fgraph() {
    local start end err
    start=$(now)
    # shellcheck disable=SC2086
    err=$("$ROOT/fgraph" run --stats $FGRAPH_ARGS "$ELF" "$1" 2>&1 >/dev/null)
    end=$(now)
    local instructions
    instructions=$(sed -n 's/^instructions: //p' <<<"$err")
    if [[ -z "$instructions" ]]; then
        echo "qemu-speed.sh: fgraph did not run fib $1: $err" >&2
        exit 1
    fi
    echo "$(echo "$end - $start" | bc -l) $instructions"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "qemu: $("$QEMU" --version | head -1)"
echo "java: $(java -version 2>&1 | head -1)"
echo "fgraph: run --stats $FGRAPH_ARGS; guest: fib $LONG minus fib $SHORT, $ROUNDS rounds"

"$ROOT/fgraph" run "$ELF" 1 >/dev/null # builds the jar if it is missing, outside the timing
qemu_deltas=() fgraph_deltas=() instructions=0
for ((round = 1; round <= ROUNDS; round++)); do
    q_long=$(run_qemu "$LONG")
    q_short=$(run_qemu "$SHORT")
    read -r f_long i_long <<<"$(run_fgraph "$LONG")"
    read -r f_short i_short <<<"$(run_fgraph "$SHORT")"
    instructions=$((i_long - i_short))
    q=$(echo "$q_long - $q_short" | bc -l)
    f=$(echo "$f_long - $f_short" | bc -l)
    qemu_deltas+=("$q")
    fgraph_deltas+=("$f")
    printf 'round %d: qemu %.3f s - %.3f s = %.3f s; fgraph %.3f s - %.3f s = %.3f s\n' \
        "$round" "$q_long" "$q_short" "$q" "$f_long" "$f_short" "$f"
done
q=$(printf '%s\n' "${qemu_deltas[@]}" | median)
f=$(printf '%s\n' "${fgraph_deltas[@]}" | median)
if (( $(echo "$q <= 0 || $f <= 0" | bc -l) )); then
    echo "qemu-speed.sh: a long run was not slower than the short one (qemu $q s, fgraph $f s): raise LONG" >&2
    exit 1
fi
printf 'instructions (fib %d - fib %d): %d\n' "$LONG" "$SHORT" "$instructions"
printf 'qemu:   %.3f s, %.0f MIPS (median)\n' "$q" "$(echo "$instructions / $q / 1000000" | bc -l)"
printf 'fgraph: %.3f s, %.0f MIPS (median)\n' "$f" "$(echo "$instructions / $f / 1000000" | bc -l)"
printf 'speed ratio fgraph/qemu: %.2f\n' "$(echo "$q / $f" | bc -l)"
