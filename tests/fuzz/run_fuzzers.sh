#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang++, AddressSanitizer + UndefinedBehaviorSanitizer), writes their seed
# corpora with make_fuzz_seeds and runs every harness for SECONDS. Exit status 1 when any harness found a crash, a
# hang, an allocation past the limit, a leak or a sanitizer report; the input is kept under BUILD/fuzz/findings.
#
#   bash tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [HARNESS...]     (BUILD_DIR: the application's build folder)
#   FUZZ_JOBS=2 runs two harnesses at a time. Reproduce a finding: BUILD/fuzz/fuzz_NAME FINDING_FILE
set -uo pipefail
[[ $# -ge 2 ]] || { sed -n 2,8p "$0"; exit 2; }
build=$(realpath "$1"); seconds=$2; shift 2
source_dir=$(cd "$(dirname "$0")" && pwd)
all=(safetensors prompt_file model_config clip_tokenizer wordpiece_tokenizer byte_level_bpe_tokenizer session_file
     datasets)
harnesses=("${@:-${all[@]}}")
fuzz=$build/fuzz
seed_maker=$build/tests/make_fuzz_seeds
[[ -x $seed_maker ]] || { echo "fuzz: $seed_maker is missing; build the application first"; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (apt-get install clang libclang-rt-14-dev)"; exit 2; }

cmake -S "$source_dir" -B "$fuzz" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release >"$fuzz.configure.log" 2>&1 ||
  { cat "$fuzz.configure.log"; exit 2; }
cmake --build "$fuzz" --parallel "$(nproc)" >"$fuzz/build.log" 2>&1 || { tail -50 "$fuzz/build.log"; exit 2; }
rm -rf "$fuzz/seeds" && "$seed_maker" "$fuzz/seeds" >/dev/null || exit 2

export PROMPTUNE_FUZZ_METHOD_CATALOG=$fuzz/seeds/method_catalog.json
export OMP_NUM_THREADS=1 PROMPTUNE_NO_RESTART=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
logs=$fuzz/logs-${seconds}s  # a short run beside a long one keeps the long run's logs
mkdir -p "$logs"

run_one() {
  local name=$1
  local corpus=$fuzz/corpus/$name findings=$fuzz/findings/$name/
  mkdir -p "$corpus" "$findings"
  # -timeout: one input taking 10 s is a hang; -malloc_limit_mb: one allocation over 512 MiB from a small file is
  # unbounded (the largest legitimate one here is a few MiB); -rss_limit_mb bounds the process with LibTorch loaded.
  "$fuzz/fuzz_$name" "$corpus" "$fuzz/seeds/$name" -max_total_time="$seconds" -timeout=10 -malloc_limit_mb=512 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings" \
    >"$logs/$name.log" 2>&1
  local status=$?
  local runs coverage
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$name.log" | grep -o '[0-9]*$')
  coverage=$(grep -o 'cov: [0-9]*' "$logs/$name.log" | tail -1 | grep -o '[0-9]*$')
  if [[ $status -eq 0 ]]; then
    printf 'fuzz %-26s %10s runs  %6s/s  cov %6s  corpus %5s  no findings\n' "$name" "${runs:-?}" \
      "$(( ${runs:-0} / (seconds > 0 ? seconds : 1) ))" "${coverage:-?}" "$(ls "$corpus" | wc -l)"
  else
    printf 'fuzz %-26s FINDING (exit %s): %s\n' "$name" "$status" "$(ls -t "$findings" | head -1)"
    grep -m3 -E 'ERROR|escaped|SUMMARY|runtime error' "$logs/$name.log" | sed 's/^/    /'
    echo "    log: $logs/$name.log"
  fi
  return $status
}

failed=0
jobs=${FUZZ_JOBS:-1}
pids=()
for name in "${harnesses[@]}"; do
  [[ -x $fuzz/fuzz_$name ]] || { echo "fuzz: no harness '$name' (known: ${all[*]})"; exit 2; }
  run_one "$name" &
  pids+=($!)
  if [[ ${#pids[@]} -ge $jobs ]]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
