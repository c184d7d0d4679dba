#!/usr/bin/env bash
# Starts the GUI under Xvfb and saves a screenshot of the whole screen: scripts/screenshot.sh OUT.png [GUI ARGS...]
# (for example a session file and --start to show a run in progress; DELAY=seconds before the shot, default 4)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots/main-window.png}
shift || true
gui_args=""
(($#)) && gui_args=$(printf ' %q' "$@")  # no arguments: none at all, not one empty session path
mkdir -p "$(dirname "$out")"
command -v import >/dev/null || apt-get install -y -qq --no-install-recommends imagemagick >/dev/null
settings=$(mktemp -d)
XDG_CONFIG_HOME=$settings xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
  QT_QPA_PLATFORM=xcb ${BUILD_DIR:-build}/app/promptune $gui_args & pid=\$!
  sleep ${DELAY:-4}
  import -window root '$out'
  kill \$pid"
rm -rf "$settings"
echo "screenshot: $out"
