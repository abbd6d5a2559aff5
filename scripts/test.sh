#!/usr/bin/env bash
# Installs the system packages, then builds and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift test --disable-xctest "$@"
