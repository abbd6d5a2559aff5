#!/usr/bin/env bash
# Installs the system packages HawalaTrace builds and tests with, on Debian 12 (bookworm).
# OpenSSL must be 3.0.22 or later (Debian's security updates): see docs/export.md.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libsqlite3-dev sqlite3 libssl-dev openssl libssl3 pkg-config python3 python3-pip >/dev/null
