#!/usr/bin/env bash
# Installs the system packages HawalaTrace builds and tests with, on Debian 12 (bookworm).
# OpenSSL must be 3.0.22 or later (Debian's security updates): see docs/export.md.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libsqlite3-dev sqlite3 libssl-dev openssl libssl3 pkg-config python3 python3-pip >/dev/null
python3 -m pip install -q bagit || true
# Evidence packages need libcrypto 3.0.21 or later (3.0.22 from bookworm-security): see docs/export.md.
ssl_version=$(openssl version | awk '{print $2}')
if ! dpkg --compare-versions "$ssl_version" ge 3.0.21 2>/dev/null; then
    echo "warning: OpenSSL $ssl_version is older than 3.0.21; enable Debian's security updates" \
        "(deb http://security.debian.org/debian-security bookworm-security main) and re-run" >&2
fi
