#!/usr/bin/env bash
# Long-run soak (docs/RELIABILITY.md): the GUI open under Xvfb while a session is started, paused, resumed and
# stopped again and again. Prints the report (memory slope, threads, event-loop gaps, failed cycles) and keeps it in
# build/soak-report.md, every idle sample in build/soak.csv.
#   bash scripts/soak.sh [MINUTES (default 30)] [CYCLE_SECONDS (default 60)] [--clear-log]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
cycle=${2:-60}
BUILD_DIR=${BUILD_DIR:-build}
[[ -d $BUILD_DIR ]] || bash scripts/setup.sh
cmake --build "$BUILD_DIR" --target soak_gui >/dev/null
export XDG_CONFIG_HOME=${XDG_CONFIG_HOME:-$(mktemp -d)}
xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb "$BUILD_DIR/bench/soak_gui" --minutes "$minutes" \
  --cycle-seconds "$cycle" --csv "$BUILD_DIR/soak.csv" ${3:-} | tee "$BUILD_DIR/soak-report.md"
