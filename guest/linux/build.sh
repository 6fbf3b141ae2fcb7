#!/usr/bin/env bash
# Rebuilds the Linux guest programs: src/NAME.c -> elf/NAME.elf, static glibc RV64GC programs.
#
#   ./build.sh             build every program into elf/
#   ./build.sh NAME...     build only those programs
#   ./build.sh --check     build everything twice into temporary directories and
#                          check that both builds and the committed elf/ files
#                          are byte-identical (elf/ is left untouched)
#
# The toolchain is Debian 12's gcc-riscv64-linux-gnu 12.2 with libc6-dev-riscv64-cross 2.36
# (apt-get install gcc-riscv64-linux-gnu). Programs are linked -static. Their own functions get
# -fpatchable-function-entry=2 (fgraph hooks them through the NOPs); glibc's are hooked through
# their first instruction. Two more builds of chain.c are instrumented as uftrace users build
# programs: chain_pg (-pg, calls to _mcount) and chain_fi (-finstrument-functions). fib is built
# from the bare-metal guests' ../src/fib.c, so both platforms run the same program.
# No debug info, relative source paths, no timestamps: the output depends only on the sources
# and the toolchain. Symbol tables are kept.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

CC=${RISCV_LINUX_CC:-riscv64-linux-gnu-gcc}

die() {
    echo "build.sh: $*" >&2
    exit 1
}

if ! command -v "$CC" >/dev/null 2>&1; then
    die "the RISC-V Linux cross compiler '$CC' is not installed. Install it with:
    sudo apt-get install gcc-riscv64-linux-gnu"
fi

CFLAGS=(
    -static -O2 -fno-inline -fno-omit-frame-pointer
    -Wall -Wextra -Werror
    -g0 -ffile-prefix-map="$PWD"=.
)
LDFLAGS=(
    -Wl,--build-id=sha1
    -pthread
)

# name -> source and the instrumentation it is built with
source_of() {
    case "$1" in
        chain_pg | chain_fi) echo "src/chain.c" ;;
        fib) echo "../src/fib.c" ;; # the bare-metal benchmark guest itself, built for Linux
        *) echo "src/$1.c" ;;
    esac
}

instrumentation_of() {
    case "$1" in
        chain_pg) echo "-pg" ;;
        chain_fi) echo "-finstrument-functions" ;;
        *) echo "-fpatchable-function-entry=2" ;;
    esac
}

all_programs() {
    local f
    {
        for f in src/*.c; do
            f=${f#src/}
            echo "${f%.c}"
        done
        echo chain_pg
        echo chain_fi
        echo fib
    } | sort
}

# build_one NAME OUTDIR
build_one() {
    local name=$1 out=$2 source
    source=$(source_of "$name")
    [[ -f "$source" ]] || die "no program '$name' (expected $source)"
    # shellcheck disable=SC2046
    "$CC" "${CFLAGS[@]}" $(instrumentation_of "$name") "$source" "${LDFLAGS[@]}" -o "$out/$name.elf.tmp"
    mv "$out/$name.elf.tmp" "$out/$name.elf"
}

. ../build-driver.sh "$@"
