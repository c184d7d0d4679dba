#!/usr/bin/env bash
# Set up, build and run the whole test suite through ctest. Tests that need reference data read
# PROMPTUNE_REFDATA and skip, saying why, when it is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" --timeout 900 "$@"
