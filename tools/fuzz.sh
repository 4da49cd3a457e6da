#!/bin/sh
# fuzz.sh - build the libFuzzer targets (clang, ASan + UBSan) and run each
# for a while from a seed corpus made of the samples and test inputs.
#
# usage: sh tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Crashes are written to build-fuzz/crashes/<target>/; copy any that are
# found to tests/data/fuzz/ (the regression suite replays them).
set -eu
secs=${1:-60}
shift 2>/dev/null || true
targets=${*:-"fuzz_load fuzz_xlsx fuzz_values fuzz_upload"}
B=${FUZZ_DIR:-build-fuzz}
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fsanitize=fuzzer-no-link"
make --no-print-directory BUILD=$B CC=clang CFLAGS="$flags" $B/libbitacora.a
pkgs="xlsxwriter minizip expat libutf8proc zlib libmicrohttpd"
inc="-Iinclude -I$B/gen -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lcsv -lm -lpthread"
mkdir -p $B/corpus $B/crashes
for t in $targets; do
    clang -g -O1 -fsanitize=fuzzer,address,undefined $inc -o $B/$t tests/fuzz/$t.c $B/libbitacora.a $libs
    c=$B/corpus/$t
    if [ ! -d "$c" ]; then
        mkdir -p "$c"
        case $t in
        fuzz_xlsx) find tests/data templates -name '*.xlsx' -exec cp {} "$c/" \; ;;
        fuzz_values) printf '15/03/2025' >"$c/d1"; printf '1.234' >"$c/n1"; printf 'marzo 2025' >"$c/d2"
                     printf 'MARÍA JOSÉ DE LA FUENTE' >"$c/n2"; printf 'Región de Ñuble' >"$c/r1" ;;
        fuzz_upload) /usr/bin/python3 tests/fuzz/upload_seeds.py "$c" ;;
        *) cp samples/*.csv samples/*.txt templates/bitacora_ett.csv "$c/" 2>/dev/null || true
           find tests/data -type f -size -200k -exec cp {} "$c/" \; ;;
        esac
        case $t in
        fuzz_upload) cp tests/data/fuzz/upload-* "$c/" 2>/dev/null || true ;;
        *) [ -d tests/data/fuzz ] && cp tests/data/fuzz/* "$c/" 2>/dev/null || true ;;
        esac
    fi
    mkdir -p $B/crashes/$t
    echo "== $t: $secs s"
    status=0
    # The server's threads free a request's memory after its answer is
    # read: leak checks per input would only see that delay.
    extra=""
    [ "$t" = fuzz_upload ] && extra="-detect_leaks=0"
    $B/$t -max_total_time="$secs" -max_len=262144 -timeout=10 -rss_limit_mb=4096 $extra \
        -artifact_prefix=$B/crashes/$t/ -print_final_stats=1 "$c" >$B/$t.log 2>&1 || status=$?
    grep -E "^(#[0-9]+.*DONE|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|==[0-9]+==ERROR|SUMMARY)" \
        $B/$t.log | tail -n 8 || true
    if [ "$status" -ne 0 ]; then
        echo "fuzz.sh: $t encontró un fallo (estado $status); ver $B/$t.log y $B/crashes/$t/" >&2
        tail -n 40 $B/$t.log >&2
        exit 1
    fi
done
