#!/bin/sh
# run.sh - run the test programs and print one summary line.
#
# usage: BUILD=build [BT_UNDER_VALGRIND=1] sh tests/run.sh build/tests/test_*
# Each program is a cmocka suite; its output is kept in $BUILD/tests/*.log
# and shown when it fails.  The last line is the summary.
BUILD=${BUILD:-build}
export BUILD
export BT_BIN="$(pwd)/$BUILD/bitacora"
export BT_SRCDIR="$(pwd)"
if [ "${BT_UNDER_VALGRIND:-0}" = 1 ]; then
    # The end-to-end tests run the binary: run it under valgrind too.
    cat >"$BUILD/bitacora-vg" <<EOS
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
    --show-leak-kinds=definite,indirect,possible --suppressions="$(pwd)/tests/valgrind.supp" \
    "$(pwd)/$BUILD/bitacora" "\$@"
EOS
    chmod +x "$BUILD/bitacora-vg"
    export BT_BIN="$(pwd)/$BUILD/bitacora-vg"
fi
total=0; failed=0; suites=0; bad_suites=""

# Run one suite into $log; set rc, passed and nfail.
run_suite() {
    case "$1" in
    *.py)
        # Python (unittest) suites: the web interface over real HTTP and
        # in a real browser.  Debian's python3, with its packages.
        (cd "$(dirname "$1")" && /usr/bin/python3 "$(basename "$1")") >"$log" 2>&1
        rc=$?
        passed=$(sed -n 's/^Ran \([0-9]*\) test.*/\1/p' "$log" | tail -1)
        nfail=$(sed -n 's/^FAILED (\(.*\))$/\1/p' "$log" | tr ',' '\n' |
                awk -F= '/failures|errors/ {s += $2} END {print s + 0}')
        passed=$(( ${passed:-0} - ${nfail:-0} ))
        ;;
    *)
        if [ "${BT_UNDER_VALGRIND:-0}" = 1 ]; then
            BT_VALGRIND=1 valgrind -q --error-exitcode=99 --leak-check=full \
                --errors-for-leak-kinds=definite,indirect,possible \
                --show-leak-kinds=definite,indirect,possible \
                --suppressions=tests/valgrind.supp "$1" >"$log" 2>&1
        else
            "$1" >"$log" 2>&1
        fi
        rc=$?
        passed=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
        nfail=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
        ;;
    esac
    passed=${passed:-0}; nfail=${nfail:-0}
    if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then nfail=1; fi
}

for t in "$@"; do
    name=$(basename "$t")
    log="$BUILD/tests/$name.log"
    suites=$((suites + 1))
    run_suite "$t"
    total=$((total + passed + nfail))
    if [ "$rc" -ne 0 ]; then
        failed=$((failed + nfail))
        bad_suites="$bad_suites $name"
        echo "--- $name FALLÓ (estado $rc) ---"
        tail -n 60 "$log"
    else
        printf '  ok  %-24s %4d pruebas\n' "$name" "$passed"
    fi
    # A case a program could not run here says so in its log: show it.
    grep -h '^omitido' "$log" | sed "s/^/      $name: /"
done
if [ "$failed" -eq 0 ]; then
    echo "RESUMEN: $total pruebas en $suites programas, todas pasaron."
    exit 0
fi
echo "RESUMEN: $total pruebas en $suites programas, $failed fallaron:$bad_suites"
exit 1
