# The part of guest/build.sh and guest/linux/build.sh that is the same: sourced by each after it
# has defined all_programs (the names of its programs) and build_one NAME OUTDIR (how one is built),
# in the directory that holds its src/ and elf/. With --check it builds everything twice into
# temporary directories and checks that both builds and the committed elf/ files are
# byte-identical; with names it builds those into elf/; without arguments, all of them.

build_into() {
    local out=$1 name
    shift
    mkdir -p "$out"
    for name in "$@"; do
        build_one "$name" "$out"
    done
}

if [[ "${1:-}" == "--check" ]]; then
    mapfile -t programs < <(all_programs)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    build_into "$tmp/a" "${programs[@]}"
    build_into "$tmp/b" "${programs[@]}"
    status=0
    for name in "${programs[@]}"; do
        a=$(sha256sum < "$tmp/a/$name.elf" | cut -d' ' -f1)
        b=$(sha256sum < "$tmp/b/$name.elf" | cut -d' ' -f1)
        if [[ -f "elf/$name.elf" ]]; then
            c=$(sha256sum < "elf/$name.elf" | cut -d' ' -f1)
        else
            c=missing
        fi
        if [[ "$a" != "$b" ]]; then
            echo "NOT DETERMINISTIC  $name.elf  ($a vs $b)"
            status=1
        elif [[ "$a" != "$c" ]]; then
            echo "STALE              elf/$name.elf  (rebuild gives $a, committed $c)"
            status=1
        else
            echo "ok  $a  $name.elf"
        fi
    done
    exit $status
fi

if [[ $# -gt 0 ]]; then
    programs=("$@")
else
    mapfile -t programs < <(all_programs)
fi
build_into elf "${programs[@]}"
for name in "${programs[@]}"; do
    printf '%8d  elf/%s.elf\n' "$(stat -c %s "elf/$name.elf")" "$name"
done
