#!/bin/sh
# deps.sh - make sure the Debian packages a make target needs are installed.
#
# usage: tools/deps.sh build|test|valgrind|lo|fuzz|bench
# As root, installs what is missing with apt-get; otherwise prints the
# exact apt-get line and fails, so nothing is installed behind your back.
set -eu
build="gcc make pkg-config libxlsxwriter-dev libcsv-dev libminizip-dev libexpat1-dev libutf8proc-dev zlib1g-dev libmicrohttpd-dev"
# The web interface's tests: Python's standard library over HTTP, and a
# real browser (Chromium driven by Selenium).
web="python3 chromium chromium-driver python3-selenium"
case "${1:-build}" in
build) pkgs="$build" ;;
test) pkgs="$build $web libcmocka-dev unzip libreoffice-calc-nogui python3-openpyxl" ;;
valgrind) pkgs="$build $web libcmocka-dev unzip libreoffice-calc-nogui python3-openpyxl valgrind" ;;
lo) pkgs="libreoffice-calc-nogui" ;;
fuzz) pkgs="$build clang libclang-rt-14-dev" ;;
bench) pkgs="$build time valgrind" ;;
*) echo "deps.sh: unknown set '$1'" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "Instalando paquetes de Debian:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Faltan paquetes de Debian. Instálelos con:" >&2
    echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi
