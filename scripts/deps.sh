#!/bin/sh
# deps.sh - install the Debian packages a make target needs (or say exactly what to install).
# Usage: scripts/deps.sh build|test|run|bench
set -eu
build="build-essential pkg-config libsqlite3-dev sqlite3 libcurl4-openssl-dev libjansson-dev
       libxml2-dev liblinear-dev liblbfgs-dev libcsv-dev libfcgi-dev zlib1g-dev nettle-dev libzip-dev libcbor-dev"
test="$build libcmocka-dev apache2 libapache2-mod-fcgid clang python3 python3-selenium chromium
      chromium-driver curl wrk groff-base man-db file binutils strace"
run="$build apache2 libapache2-mod-fcgid curl python3"
bench="$test python3-sklearn python3-flask gunicorn wrk hyperfine time procps valgrind"
case "${1:-build}" in
    build) want=$build ;; test) want=$test ;; run) want=$run ;; bench) want=$bench ;;
    *) echo "usage: $0 build|test|run|bench" >&2; exit 2 ;;
esac
missing=
for p in $want; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "twitoff: missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "twitoff: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
