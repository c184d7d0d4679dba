#!/usr/bin/env bash
# Runs every benchmark, each row beside its reference in the same run, and prints the tables (also written to
# build/bench-report.md). About 20 minutes on 2 cores with the settings below; BENCH_FULL=1 uses each benchmark's
# larger defaults (an hour or more). Needs Debian's python3-torch for the PyTorch columns (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  SUDO=""
  [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
fi
build=${BUILD_DIR:-build}
bench=$build/bench
quick() { [[ "${BENCH_FULL:-0}" == 1 ]] || printf '%s ' "$@"; }
section() { printf '\n## %s\n\n' "$1"; }
{
  echo "# Promptune benchmarks"
  echo "$(date -u +%F), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(uname -r)"
  section "Machine: float32 matmul"
  "$bench/bench_machine"
  section "CLIP encoders vs PyTorch"
  "$bench/bench_clip_encoders" $(quick --rounds 1)
  section "Masked LM (BERT-base-sized) vs PyTorch"
  "$bench/bench_masked_lm" $(quick --rounds 1)
  section "CoOp epoch: feature cache, re-encoding, PyTorch loop, memory"
  "$bench/bench_coop_epoch" $(quick --epochs 2 --repeats 2)
  section "VPT epochs (deep, shallow) vs PyTorch"
  "$bench/bench_vpt_epoch" $(quick --rounds 1 --images 64)
  section "POUF epoch vs PyTorch"
  "$bench/bench_pouf_epoch" $(quick --rounds 1 --classes 10 --images 192)
  section "Data pipeline"
  "$bench/bench_data_pipeline" $(quick --images 128)
  section "Runs table: listing an output folder of long runs"
  "$bench/bench_run_index"
  section "GUI: event loop and curves (Xvfb, xcb)"
  XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb "$bench/bench_gui" \
    $(quick --seconds 20)
  section "GUI: embedding viewer, 10,000 points (Xvfb, llvmpipe)"
  xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb "$build/tests/test_viewer_gl" \
    --gtest_filter='*TenThousand*' | grep "embedding viewer"
} 2>&1 | tee "$build/bench-report.md"
