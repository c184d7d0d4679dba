#!/usr/bin/env bash
# The main job: set up, build, then start the GUI when a display is available, otherwise run the headless
# equivalent with the same engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec "$BUILD_DIR/app/promptune" "$@"
fi
echo "run: no display found; running headless (promptune-cli)"
exec "$BUILD_DIR/app/promptune-cli" info --matmul
