#!/usr/bin/env bash
# Installs what Promptune needs on Debian 12 (as root or through sudo), then configures and builds it.
# Used by scripts/run.sh and scripts/test.sh; safe to run again (packages already present are not fetched).
# Environment: BUILD_DIR (default build), CMAKE_ARGS (extra configure arguments), PROMPTUNE_SKIP_APT=1 to skip apt.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake g++ ninja-build pkg-config ccache
  qt6-base-dev libqt6opengl6-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
  libtorch-dev libopenblas0-pthread libopencv-dev libqcustomplot-dev libimgui-dev nlohmann-json3-dev libicu-dev
  libgtest-dev libgmock-dev
  xvfb xauth libgl1-mesa-dri
  dpkg-dev file x11-utils desktop-file-utils appstream shared-mime-info groff-base
  clang libclang-rt-14-dev
)

if [[ "${PROMPTUNE_SKIP_APT:-0}" != 1 ]]; then
  missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    SUDO=""
    if [[ $(id -u) != 0 ]]; then
      command -v sudo >/dev/null || { echo "setup: run as root or install sudo (missing: ${missing[*]})" >&2; exit 1; }
      SUDO=sudo
    fi
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

BUILD_DIR=${BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
