#!/bin/sh
# bench.sh - throughput of bitacora on a synthetic national run.
#
# usage: sh tools/bench.sh build/bitacora [TERRITORIES]
# Makes TERRITORIES copies (default 300) of three clean samples from
# three regions with distinct territory numbers, then times, best of 3:
#   read   - `cat` of all inputs (the floor: reading the bytes)
#   check  - bitacora check (read, match, normalize, check)
#   convert (-j 1 and -j 2) - everything, workbooks included.
# Prints seconds and ratios; no assertion (machines are noisy).  For a
# count that does not depend on the machine's load, see the callgrind
# line at the end (instructions for one check run).
set -eu
bin=$1
n=${2:-300}
dir=$(mktemp -d /tmp/bitacora-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/in"
i=1
while [ "$i" -le "$n" ]; do
    for s in valparaiso_t01_aconcagua rm_t03_cordillera biobio_t03_arauco; do
        [ "$i" -le "$n" ] || break
        sed -E "s/^(N° [Tt]erritorio),[0-9]+,/\1,$i,/" "samples/$s.csv" >"$dir/in/${s}_$i.csv"
        i=$((i + 1))
    done
done
bytes=$(cat "$dir"/in/*.csv | wc -c)
best() {   # best wall time of 3 runs of "$@", in seconds
    b=""
    for k in 1 2 3; do
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
r=$(best sh -c "cat '$dir'/in/*.csv")
c=$(best "$bin" check -q "$dir/in")
v1=$(best "$bin" convert -q -j 1 -o "$dir/out1" "$dir/in")
v2=$(best "$bin" convert -q -j 2 -o "$dir/out2" "$dir/in")
nwb=$(find "$dir/out1" -name '*.xlsx' | wc -l)
echo "entradas: $n territorios, $bytes bytes; libros escritos: $nwb"
printf 'leer (cat)          %8.3f s\n' "$r"
printf 'check               %8.3f s   %6.1f territorios/s   %5.1f MB/s\n' "$c" \
    "$(echo "$n / $c" | bc -l)" "$(echo "$bytes / $c / 1000000" | bc -l)"
printf 'convert -j 1        %8.3f s   %6.1f territorios/s   %5.1f ms por libro\n' "$v1" \
    "$(echo "$n / $v1" | bc -l)" "$(echo "$v1 * 1000 / $nwb" | bc -l)"
printf 'convert -j 2        %8.3f s   (%.2fx de -j 1)\n' "$v2" "$(echo "$v1 / $v2" | bc -l)"
printf 'convert / check     %8.1fx (escribir los libros domina)\n' "$(echo "$v1 / $c" | bc -l)"
if command -v valgrind >/dev/null 2>&1; then
    ins=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" check -q "$dir/in" 2>&1 |
          sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    echo "check: $ins instrucciones (callgrind; repetible)"
fi
