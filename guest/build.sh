#!/usr/bin/env bash
# Rebuilds the fgraph guest programs: src/NAME.c and src/NAME.S -> elf/NAME.elf.
#
#   ./build.sh             build every program into elf/
#   ./build.sh NAME...     build only those programs
#   ./build.sh --check     build everything twice into temporary directories and
#                          check that both builds and the committed elf/ files
#                          are byte-identical (elf/ is left untouched)
#
# The output depends only on the sources and the toolchain (Debian 12:
# gcc-riscv64-unknown-elf 12.2, binutils 2.40, picolibc 1.8): no debug info,
# relative source paths, no timestamps. Symbol tables are kept.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

CC=${RISCV_CC:-riscv64-unknown-elf-gcc}

die() {
    echo "build.sh: $*" >&2
    exit 1
}

if ! command -v "$CC" >/dev/null 2>&1; then
    die "the RISC-V cross compiler '$CC' is not installed. Install it with:
    sudo apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
fi
specs=$("$CC" -print-file-name=picolibc.specs)
if [[ "$specs" != /* || ! -f "$specs" ]]; then
    die "picolibc for riscv64-unknown-elf is not installed (no picolibc.specs). Install it with:
    sudo apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
fi

# C programs: picolibc with semihosting, flash at 0x80000000, RAM above it.
CFLAGS=(
    --specs=picolibc.specs --oslib=semihost --crt0=semihost
    -mcmodel=medany -march=rv64imac -mabi=lp64
    -O2 -fpatchable-function-entry=2 -fno-inline -fno-omit-frame-pointer
    -Wall -Wextra -Werror
    -Iinclude
)
C_LDFLAGS=(
    -T src/picolibc-fgraph.ld
    -Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x100000
    -Wl,--defsym=__ram=0x80100000 -Wl,--defsym=__ram_size=0x700000
    -Wl,--defsym=__stack_size=0x10000
    -Wl,--build-id=sha1
    -Wl,--strip-debug   # picolibc's libc.a carries DWARF; keep only the symbol table
)
# tohost_* programs: bare assembly, riscv-tests style.
SFLAGS=(
    -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany
    -nostdlib -nostartfiles -static
    -T src/tohost.ld
    -Wl,--build-id=sha1
)

all_programs() {
    local f
    for f in src/*.c src/*.S; do
        [[ -e "$f" ]] || continue
        f=${f#src/}
        echo "${f%.*}"
    done | sort
}

# build_one NAME OUTDIR
build_one() {
    local name=$1 out=$2
    if [[ -f "src/$name.c" ]]; then
        "$CC" "${CFLAGS[@]}" "src/$name.c" "${C_LDFLAGS[@]}" -o "$out/$name.elf.tmp"
    elif [[ -f "src/$name.S" ]]; then
        "$CC" "${SFLAGS[@]}" "src/$name.S" -o "$out/$name.elf.tmp"
    else
        die "no program '$name' (expected src/$name.c or src/$name.S)"
    fi
    mv "$out/$name.elf.tmp" "$out/$name.elf"
}

. ./build-driver.sh "$@"
