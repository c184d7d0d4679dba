#!/usr/bin/env bash
# ThreadSanitizer on the engine's threading tests (docs/RELIABILITY.md): builds test_threading_tsan in the normal
# build folder (its threading files instrumented, tests/CMakeLists.txt) and runs the runner, loader and cache tests.
# Exit status 1 on any report.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
[[ -d $BUILD_DIR ]] || bash scripts/setup.sh
cmake --build "$BUILD_DIR" --target test_threading_tsan
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp"
export OMP_WAIT_POLICY=PASSIVE PROMPTUNE_NO_RESTART=1
"$BUILD_DIR/tests/test_threading_tsan" --gtest_filter='Runner.*:ImageBatchLoader.*:FeatureCache.*' "$@"
