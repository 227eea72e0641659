#!/bin/sh
# Makes sure Debian's Chromium is at /usr/bin/chromium for the console's browser tests.
# Test tools cannot download browsers of their own here, so the tests drive the distribution's build.
# Run by Maven (console module, pre-integration-test) before the browser tests; skipped with -DskipTests/-DskipITs.
set -eu

CHROMIUM="${STAFFSYNC_CHROMIUM:-/usr/bin/chromium}"

if [ "${SKIP_ITS:-false}" = "true" ]; then
    echo "ensure-chromium: integration tests are skipped, so Chromium is not needed"
    exit 0
fi

if [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: using $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: $CHROMIUM is missing, installing Debian's chromium package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q chromium
    if [ -x "$CHROMIUM" ]; then
        echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
        exit 0
    fi
fi

cat >&2 <<MSG
ensure-chromium: the console's browser tests need Chromium at $CHROMIUM, and it is not there.
Install Debian's package as root:   apt-get update && apt-get install -y chromium
(or point STAFFSYNC_CHROMIUM at another Chromium binary), or skip the tests with -DskipITs.
MSG
exit 1
