#!/usr/bin/env bash
# Core objects must not reference an allocator and must own no writable
# static memory (.data/.bss both 0). Checked with nm and size on the objects
# of the plain (non-sanitized) build. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
NM=${NM:-nm}
SIZE=${SIZE:-size}
pass=0 fail=0
objs=$(ls "$B"/obj/core/src/*.o 2>/dev/null)
if [ -z "$objs" ]; then
    echo "no core objects under $B/obj/core/src"
    echo "0 passed, 1 failed"
    exit 1
fi
for o in $objs; do
    name=$(basename "$o")
    alloc=$($NM -u "$o" | grep -wE 'malloc|calloc|realloc|free|aligned_alloc|posix_memalign|strdup|strndup' || true)
    if [ -n "$alloc" ]; then
        echo "FAIL $name references an allocator: $alloc"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
    # size -A lists sections; .data*, .bss* must be 0 bytes. .data.rel.ro is
    # const data that holds pointers (read-only once relocated; .rodata on
    # boards), so it is not writable state.
    writable=$($SIZE -A "$o" | awk '$1 ~ /^\.(data|bss)/ && $1 !~ /^\.data\.rel\.ro/ { s += $2 } END { print s + 0 }')
    if [ "$writable" -ne 0 ]; then
        echo "FAIL $name has $writable bytes of .data/.bss"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
# The check must be able to fail: an object that calls malloc is caught.
probe_dir=$(mktemp -d)
printf '#include <stdlib.h>\nvoid *probe(void) { return malloc(1); }\nint counter;\n' > "$probe_dir/p.c"
${CC:-cc} -c -o "$probe_dir/p.o" "$probe_dir/p.c"
if $NM -u "$probe_dir/p.o" | grep -qw malloc &&
   [ "$($SIZE -A "$probe_dir/p.o" | awk '$1 ~ /^\.(data|bss)/ { s += $2 } END { print s + 0 }')" -gt 0 ]; then
    pass=$((pass + 1))
else
    echo "FAIL the probe object was not flagged"
    fail=$((fail + 1))
fi
rm -rf "$probe_dir"
echo "$(echo $objs | wc -w) core objects checked"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
