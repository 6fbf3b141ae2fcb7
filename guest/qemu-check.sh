#!/usr/bin/env bash
# Cross-checks the committed guest ELFs under QEMU (the reference runner):
# runs each program and compares its console output and exit code with what
# README.md documents. Needs qemu-system-riscv64 (apt-get install qemu-system-misc).
#
#   ./qemu-check.sh        prints one line per case, exits 1 if any differs
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

QEMU=${QEMU:-qemu-system-riscv64}
if ! command -v "$QEMU" >/dev/null 2>&1; then
    echo "qemu-check.sh: $QEMU not found; install it with: sudo apt-get install qemu-system-misc" >&2
    exit 1
fi

failures=0

# check NAME MACHINE EXPECTED_EXIT EXPECTED_OUTPUT [ARG...]
# With no ARG an empty arg= is passed: without any arg=, QEMU hands the kernel
# file name to the guest as its command line (so argv[1] would be the path).
check() {
    local name=$1 machine=$2 want_rc=$3 want_out=$4
    shift 4
    local config="enable=on,target=native" a
    if [[ $# -eq 0 ]]; then
        config+=",arg="
    fi
    for a in "$@"; do
        config+=",arg=$a"
    done
    local out rc
    # QEMU writes the semihosting console (SYS_WRITEC/SYS_WRITE0) to its stderr.
    out=$(timeout 10 "$QEMU" -M "$machine" -bios none -nographic -kernel "elf/$name.elf" \
        -semihosting-config "$config" 2>&1)
    rc=$?
    if [[ "$out" == "$want_out" && "$rc" == "$want_rc" ]]; then
        echo "ok    $name $*"
    else
        echo "FAIL  $name $*  (exit $rc, expected $want_rc)"
        diff <(printf '%s\n' "$want_out") <(printf '%s\n' "$out") | sed 's/^/      /'
        failures=$((failures + 1))
    fi
}

check hello virt 0 "hello, world
argv[0] = program-name"
check hello virt 0 "hello, world
argv[0] = program-name
argv[1] = one
argv[2] = two" one two
check fib virt 0 "fib(20) = 6765"
check fib virt 0 "fib(25) = 75025" 25
check fib virt 2 "usage: fib [N]  (0 <= N <= 90)" x
check chain virt 0 "a(5) = 66
fails() = -22
sum8(1, 2, 3, 4, 5, 6, 7, 8) = 36"
check qsort virt 0 "sorted: -31 -7 -2 0 3 5 7 12 19 25 30 42 56 64 88 91"
check longjmp virt 0 "round 0: longjmp returned 4, after(4) = 41
round 1: longjmp returned 6, after(6) = 61"
check selfmod virt 0 "addi a0, a0, 42: f(100) = 142
addi a0, a0, -7: f(100) = 93"
check multihart virt 0 "fgraph hart operations unavailable: running on hart 0 only
harts = 1, N = 1000, calls per hart = 4
amo counter = 4000
lr/sc counter = 4000
expected = 4000: OK"
check multihart virt 0 "fgraph hart operations unavailable: running on hart 0 only
harts = 1, N = 50, calls per hart = 4
amo counter = 200
lr/sc counter = 200
expected = 200: OK" 50
check probes virt 0 "hello, probe
hello, probe
sum10 = 1936
greet = 26
value = 1003
total = 28
calls = 4"
# QEMU does not connect the semihosting console to its stdin: read(0) sees end
# of file at once (under fgraph, cat copies its stdin; see README.md).
check cat virt 0 "cat: 
0 bytes"
# The tohost programs need HTIF, which QEMU has on -M spike: it exits with
# tohost >> 1, so 0 for pass and 3 for "test 3 failed".
check coroutine virt 0 "round 0: 10 11
round 1: 20 21
round 2: 30 31
task: 5
task: 10
task: 15
finished: 1 1, sum 123"
check libcalls virt 0 "same 0, differs 1, shifted 0, count_down 42"
check oddsize virt 0 "f(4) = 6"
check options virt 0 "a 66 fib 5 parse 42 text 7 many 55 letter b spin ok"
check tohost_pass spike 0 ""
check tohost_fail spike 3 ""

if [[ $failures -ne 0 ]]; then
    echo "$failures case(s) failed"
    exit 1
fi
echo "all cases passed"
