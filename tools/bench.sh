#!/bin/sh
# bench.sh - bitacora against the floor libxlsxwriter sets, on synthetic
# national runs.
#
# usage: sh tools/bench.sh build/bitacora [TERRITORIES...]   (default: 200 1000)
#
# For each size, tools/benchdata.sh writes the logbooks (~25 KB each, over
# the 16 regions) and a first conversion gives the workbooks the floor
# writes again.  Then BENCH_ROUNDS rounds (default 3), interleaved so that
# a busy machine weighs on all alike, of:
#   check             bitacora check: read, match, normalize, check
#   convert -j 1/-j 2 everything, into a new folder
#   rerun             convert -j 2 again into that folder, after one logbook
#                     changed (only its workbook, its region's and the
#                     national one are written)
#   floor -j 1/-j 2   tools/floor.c: the same workbooks written with nothing
#                     but libxlsxwriter, in as many processes, each forked
#                     once, tuned as far as it allows (temporary files on a
#                     memory file system, glibc's trim and mmap thresholds)
# Prints the best wall time of each with the processor time of that run
# (user + system, children included), bitacora's peak memory, and the
# ratios.  No assertion: machines are noisy.  BENCH_TUNING=1 adds what each
# tuning of the floor is worth (temporary files in /dev/shm against $TMPDIR
# or /tmp; the glibc thresholds).  BENCH_CALLGRIND=1 adds instruction
# counts (callgrind), which do not depend on the machine's load.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
sizes=${*:-200 1000}
rounds=${BENCH_ROUNDS:-3}
src=$(pwd)
dir=$(mktemp -d /tmp/bitacora-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
shm=""
[ -d /dev/shm ] && [ -w /dev/shm ] && shm=/dev/shm

cc -O2 -std=c11 $(pkg-config --cflags xlsxwriter minizip expat) -o "$dir/floor" \
    tools/floor.c $(pkg-config --libs xlsxwriter minizip expat)

# run NAME CMD...: wall, user+sys and peak RSS (KB) of one run, appended to
# $dir/NAME as "wall cpu rss".
run() {
    name=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$dir/t" "$@" >/dev/null 2>&1 || true
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$dir/t" >>"$dir/$name"
}

# floor NAME JOBS [TUNING...]: one timed run of the floor into a new folder.
floor() {
    name=$1
    jobs=$2
    shift 2
    rm -rf "$dir/fo"
    mkdir "$dir/fo"
    # shellcheck disable=SC2086
    "$dir/floor" -j "$jobs" "$@" "$dir/fo" $books | awk '{print $1, $2, 0}' >>"$dir/$name"
}

# best NAME: the line with the lowest wall time.
best() {
    sort -n "$dir/$1" | head -1
}
wall() { best "$1" | cut -d' ' -f1; }
cpu() { best "$1" | cut -d' ' -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf("%.2f", (b > 0) ? a / b : 0) }'; }

echo "bitacora $("$bin" --version 2>/dev/null | head -1); $(nproc) procesadores;" \
     "carga al empezar: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
    rm -f "$dir"/m-*
    in="$dir/in$n"
    sh tools/benchdata.sh "$n" "$in"
    bytes=$(cat "$in"/*.csv | wc -c)
    first=$(ls "$in" | head -1)
    cp "$in/$first" "$dir/orig.csv"
    sed 's/^Frecuencia de reuniones,"Quincenal/Frecuencia de reuniones,"Semanal/' \
        "$dir/orig.csv" >"$dir/changed.csv"
    rm -rf "$dir/base"
    "$bin" convert -q -o "$dir/base" "$in" >/dev/null 2>&1 || true
    books=$(find "$dir/base" -name '*.xlsx' | sort)
    nbooks=$(echo "$books" | wc -l)
    k=1
    while [ "$k" -le "$rounds" ]; do
        run m-check "$bin" check -q "$in"
        floor m-floor1 1 ${shm:+-t "$shm"} -m
        rm -rf "$dir/out1"
        run m-conv1 "$bin" convert -q -j 1 -o "$dir/out1" "$in"
        floor m-floor2 2 ${shm:+-t "$shm"} -m
        rm -rf "$dir/out2"
        run m-conv2 "$bin" convert -q -j 2 -o "$dir/out2" "$in"
        # one logbook changes (and changes back in the next round)
        if [ $((k % 2)) = 1 ]; then cp "$dir/changed.csv" "$in/$first"; else cp "$dir/orig.csv" "$in/$first"; fi
        run m-rerun "$bin" convert -q -j 2 -o "$dir/out2" "$in"
        k=$((k + 1))
    done
    cp "$dir/orig.csv" "$in/$first"
    rss=$(sort -n -k3 "$dir/m-conv2" | tail -1 | cut -d' ' -f3)
    echo
    echo "== $n territorios: $bytes bytes de CSV, $nbooks libros (mejor de $rounds rondas)"
    printf '%-26s %8s %10s\n' "" "s (real)" "s (CPU)"
    for m in check conv1 conv2 rerun floor1 floor2; do
        case $m in
        check) label="check" ;;
        conv1) label="convert -j 1" ;;
        conv2) label="convert -j 2" ;;
        rerun) label="rerun tras 1 cambio -j 2" ;;
        floor1) label="piso libxlsxwriter -j 1" ;;
        floor2) label="piso libxlsxwriter -j 2" ;;
        esac
        printf '%-26s %8s %10s\n' "$label" "$(wall m-$m)" "$(cpu m-$m)"
    done
    echo "memoria máxima de convert -j 2: $((rss / 1024)) MB"
    echo "razones:"
    echo "  convert -j 1 / piso -j 1      $(ratio "$(wall m-conv1)" "$(wall m-floor1)")  (meta <= 1.3)"
    echo "  convert -j 2 / piso -j 2      $(ratio "$(wall m-conv2)" "$(wall m-floor2)")  (meta <= 1.3)"
    echo "  convert -j 1 / convert -j 2   $(ratio "$(wall m-conv1)" "$(wall m-conv2)")  (meta ~2)"
    echo "  rerun / convert -j 2          $(ratio "$(wall m-rerun)" "$(wall m-conv2)")  (meta <= 0.15)"
    echo "  CPU convert -j 2 / piso -j 2  $(ratio "$(cpu m-conv2)" "$(cpu m-floor2)")"
    echo "  ms por libro, convert -j 2    $(awk -v w="$(wall m-conv2)" -v n="$nbooks" 'BEGIN { printf "%.2f", w * 1000 / n }')"
    if [ "${BENCH_TUNING:-0}" = 1 ]; then
        echo "el piso -j 1 según dónde van los temporales de libxlsxwriter y con o sin umbrales de glibc:"
        for t in "${TMPDIR:-/tmp}" "$shm"; do
            [ -n "$t" ] || continue
            rm -f "$dir/m-tun-a" "$dir/m-tun-b"
            k=1
            while [ "$k" -le "$rounds" ]; do
                floor m-tun-a 1 -t "$t"
                floor m-tun-b 1 -t "$t" -m
                k=$((k + 1))
            done
            printf '  %-18s %6s s   con umbrales %6s s\n' "$t" "$(wall m-tun-a)" "$(wall m-tun-b)"
        done
    fi
    if [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
        rm -rf "$dir/cg" "$dir/out3" "$dir/fo"
        mkdir -p "$dir/cg" "$dir/fo"
        valgrind --tool=callgrind --callgrind-out-file="$dir/cg/b.%p" "$bin" convert -q -j 1 \
            -o "$dir/out3" "$in" >/dev/null 2>&1 || true
        # the child's counts include the parent's up to the fork: the
        # largest file is the whole run
        ib=$(grep -h '^summary:' "$dir"/cg/b.* | awk '{print $2}' | sort -n | tail -1)
        # shellcheck disable=SC2086
        valgrind --tool=callgrind --toggle-collect=write_book --callgrind-out-file="$dir/cg/f.%p" \
            "$dir/floor" -j 1 -t "${shm:-/tmp}" -m "$dir/fo" $books >/dev/null 2>&1 || true
        if_=$(grep -h '^summary:' "$dir"/cg/f.* | awk '{print $2}' | sort -n | tail -1)
        echo "instrucciones (callgrind, -j 1): convert $ib, piso $if_, razón $(ratio "$ib" "$if_")"
    fi
done
echo
echo "carga al terminar: $(cut -d' ' -f1-3 /proc/loadavg)"
