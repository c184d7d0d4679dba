#!/usr/bin/env bash
# The main job: set up, build, then start the GUI when a display is available, otherwise run the headless
# equivalent with the same engine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
# The embedded demo workspace (made by our own code, about 3 minutes on 2 cores the first time).
DEMO_DIR=${PROMPTUNE_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/promptune/demo}
if [[ ! -d "$DEMO_DIR" ]]; then
  echo "run: creating the demo workspace in $DEMO_DIR"
  "$BUILD_DIR/app/promptune-cli" demo create "$DEMO_DIR"
fi
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  # With no arguments the GUI opens the demo's CoOp session, ready for Start (F5).
  if [[ $# -eq 0 ]]; then set -- "$DEMO_DIR/sessions/coop.promptune.json"; fi
  exec "$BUILD_DIR/app/promptune" "$@"
fi
echo "run: no display found; running a demo session headless (promptune-cli)"
exec "$BUILD_DIR/app/promptune-cli" run "$DEMO_DIR/sessions/pouf_mlm.promptune.json"
