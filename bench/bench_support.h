#pragma once

// What the benchmarks share: medians, running a Python reference and reading its JSON line, and the random
// ViT-B/32 CLIP folder the training benchmarks load.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/models/clip_backbone.h"
#include "core/system/cpu_allocator.h"
#include "core/system/runtime_environment.h"
#include "core/system/system_info.h"
#include "tests/support/tiny_vocabulary.h"

namespace promptune::bench {

/// What the CLI and the GUI do first, so that ours is measured as users run it: the restart with passive OpenMP
/// waiting and the caching CPU allocator (PROMPTUNE_NO_RESTART=1 and PROMPTUNE_CPU_CACHE_MB=0 measure without).
inline void start_like_the_application(char** argv) {
  restart_with_passive_openmp_waiting(argv);
  install_caching_cpu_allocator();
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// Runs a reference script (stderr joined to stdout) and returns the last JSON object it printed; on failure prints
/// the command and its output and returns nullopt.
/// Median seconds of `repeats` runs of `step` after one warm-up run.
inline double median_seconds(const std::function<void()>& step, int repeats) {
  step();
  std::vector<double> seconds;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    step();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return median(seconds);
}

/// The epoch table of a training benchmark: one row per thread count (1, then all cores), our `epoch` and
/// `reference_seconds(threads)` (a PyTorch script's seconds per epoch) alternating round by round, medians.
inline void print_epoch_rows(int rounds, const std::function<void()>& epoch,
                             const std::function<double(int threads)>& reference_seconds) {
  std::printf("| threads | ours (s/epoch) | PyTorch %s (s/epoch) | PyTorch / ours (speed-up) |\n", TORCH_VERSION);
  std::printf("|---|---|---|---|\n");
  std::vector<int> thread_counts = {1};
  if (available_cores() > 1) thread_counts.push_back(available_cores());
  for (int threads : thread_counts) {
    configure_threads(threads);
    std::vector<double> ours, reference;
    for (int round = 0; round < rounds; ++round) {
      ours.push_back(median_seconds(epoch, 3));
      reference.push_back(reference_seconds(threads));
    }
    const double ours_seconds = median(ours), reference_seconds_median = median(reference);
    std::printf("| %d | %.2f | %.2f | %.2fx |\n", threads, ours_seconds, reference_seconds_median,
                reference_seconds_median / ours_seconds);
    std::fflush(stdout);
  }
}

/// The reference runs in the environment a PyTorch user has: without the OMP_WAIT_POLICY our programs set for
/// themselves (core/system/runtime_environment.h).
inline std::optional<nlohmann::json> run_reference(const std::string& reference_command) {
  const std::string command = std::getenv("PROMPTUNE_SET_OMP_WAIT_POLICY")
                                  ? "env -u OMP_WAIT_POLICY -u PROMPTUNE_SET_OMP_WAIT_POLICY " + reference_command
                                  : reference_command;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  if (pclose(pipe) != 0 || output.rfind('{') == std::string::npos) {
    std::fprintf(stderr, "reference failed: %s\n%s\n", command.c_str(), output.c_str());
    return std::nullopt;
  }
  return nlohmann::json::parse(output.substr(output.rfind('{')));
}

/// `key` of the reference's JSON line, or -1 when it failed.
inline double reference_value(const std::string& command, const std::string& key) {
  const auto result = run_reference(command);
  return result ? result->at(key).get<double>() : -1.0;
}

/// A ViT-B/32-sized CLIP with random weights saved in the Hugging Face layout at root/clip (tokenizer beside it).
inline std::filesystem::path write_random_vit_b32(const std::filesystem::path& root, std::int64_t seed) {
  torch::manual_seed(seed);
  ClipBackbone backbone;
  backbone.model = ClipModel(vit_b32_config());
  backbone.identity.name = "random-vit-b32";
  const auto tokenizer = testing::write_tiny_vocabulary(root / "tokenizer", {"c l", "cl a", "s s"});
  backbone.save_huggingface(root / "clip", tokenizer);
  return root / "clip";
}

}  // namespace promptune::bench
