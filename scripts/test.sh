#!/usr/bin/env bash
# Set up, build and run the whole test suite through ctest. Tests that need reference data read
# PROMPTUNE_REFDATA and skip, saying why, when it is unset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
# Tests run from inside the build folder: a relative reference-data path (CI passes ../shared/refdata) is made
# absolute against the repository root here, so the parity tests find it instead of skipping.
if [[ -n "${PROMPTUNE_REFDATA:-}" ]]; then
  PROMPTUNE_REFDATA=$(realpath -m "$PROMPTUNE_REFDATA")
  export PROMPTUNE_REFDATA
  [[ -d "$PROMPTUNE_REFDATA" ]] || echo "test: PROMPTUNE_REFDATA=$PROMPTUNE_REFDATA is not a folder; parity tests will skip"
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" --timeout 900 "$@"
