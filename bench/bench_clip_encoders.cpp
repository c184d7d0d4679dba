// CLIP encoder throughput, ours vs the same computation in Debian's python3-torch, alternating in one run.
// Usage: bench_clip_encoders [--rounds N] [--only TEXT] [--python /usr/bin/python3] [--reference
// PATH/clip_reference.py] Prints a Markdown table: items/s (medians), the ratio ours/PyTorch, and our share of the
// measured matmul peak.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "core/models/clip_model.h"
#include "core/system/system_info.h"

namespace {

using promptune::bench::median;

// Multiply-adds x2 of one transformer pass over `tokens` tokens of width `width` (projections, MLP, attention).
double transformer_flops(double tokens, double width, int layers) {
  const double per_layer =
      2 * tokens * width * width * 4 + 2 * tokens * width * width * 8 + 2 * 2 * tokens * tokens * width;
  return per_layer * layers;
}

double time_reference(const std::string& python, const std::string& script, const std::string& mode, int threads,
                      int batch, int repeats, int eot) {
  return promptune::bench::reference_value(
      python + " '" + script + "' --mode " + mode + " --threads " + std::to_string(threads) + " --batch " +
          std::to_string(batch) + " --repeats " + std::to_string(repeats) + " --eot " + std::to_string(eot),
      "items_per_second");
}

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  int rounds = 3;
  std::string only;  // run only the cases whose name contains this text
  std::string python = "/usr/bin/python3";
  std::string script = std::string(PROMPTUNE_BENCH_DIR) + "/reference/clip_reference.py";
  const std::string coop_script = std::string(PROMPTUNE_BENCH_DIR) + "/reference/coop_reference.py";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--rounds") rounds = std::stoi(argv[i + 1]);
    if (option == "--python") python = argv[i + 1];
    if (option == "--reference") script = argv[i + 1];
    if (option == "--only") only = argv[i + 1];
  }
  torch::manual_seed(0);
  promptune::ClipModel model(promptune::vit_b32_config());
  model->eval();
  const int cores = promptune::available_cores();
  promptune::configure_threads(cores);
  const double peak = promptune::measure_matmul_gflops(1024) * 1e9;
  const auto info = promptune::collect_system_info();
  std::printf("Machine: %d cores, BLAS %s, LibTorch %s; float32 matmul peak (1024^3, %d threads): %.1f GFLOP/s\n",
              cores, info.blas_description.c_str(), info.libtorch_version.c_str(), cores, peak / 1e9);
  std::printf(
      "Model: ViT-B/32-sized random CLIP (%.1f M parameters); medians of %d repeats per round, %d rounds "
      "alternating ours / PyTorch\n\n",
      model->parameter_count() / 1e6, 3, rounds);
  std::printf(
      "| encoder | threads | batch | ours (items/s) | PyTorch %s (items/s) | ours / PyTorch | ours: share of matmul "
      "peak at these threads |\n",
      TORCH_VERSION);
  std::printf("|---|---|---|---|---|---|---|\n");

  struct Case {
    std::string name, mode;
    int batch, eot;
  };
  const std::vector<Case> cases = {
      {"image 224px", "image", 16, 0},
      {"text, EOT at 20", "text", 64, 20},
      {"text, EOT at 76 (no truncation gain)", "text", 64, 76},
      {"text forward + backward to 16 context vectors (CoOp step), EOT at 20", "coop", 10, 20},
      {"the same CoOp step, [SOS][context] encoded once for all classes (what our CoOp runs)", "coop-shared", 10, 20}};
  std::vector<int> thread_counts = {1};
  if (cores > 1) thread_counts.push_back(cores);
  std::map<int, double> peak_for_threads;
  for (int threads : thread_counts) {
    promptune::configure_threads(threads);
    peak_for_threads[threads] = promptune::measure_matmul_gflops(1024) * 1e9;
  }
  for (const Case& c : cases) {
    if (!only.empty() && c.name.find(only) == std::string::npos) continue;
    for (int threads : thread_counts) {
      promptune::configure_threads(threads);
      std::optional<c10::InferenceMode> inference;
      const bool coop = c.mode.rfind("coop", 0) == 0;
      if (!coop) inference.emplace();
      // CoOp trains only the context: the encoder's weights are frozen, so backward computes no weight gradients.
      for (auto& parameter : model->parameters()) parameter.requires_grad_(!coop);
      const auto images = torch::randn({c.batch, 3, 224, 224});
      auto ids = torch::randint(1, 49000, {c.batch, 77}, torch::kLong);
      ids.narrow(1, c.eot, 1).fill_(49407);
      const auto eot = torch::full({c.batch}, c.eot, torch::kLong);
      // CoOp's step: [SOT][16 learned context vectors][class name, ".", EOT, padding] through the frozen encoder.
      torch::Tensor embedded, context;
      if (coop) {
        embedded = model->token_embedding->forward(ids).detach();
        context = (torch::randn({16, 512}) * 0.02).requires_grad_(true);
      }
      const auto coop_step = [&] {
        context.mutable_grad() = torch::Tensor();
        const auto prompts = torch::cat({embedded.narrow(1, 0, 1), context.unsqueeze(0).expand({c.batch, 16, 512}),
                                         embedded.narrow(1, 17, 77 - 17)},
                                        1);
        model->encode_text_embeddings(prompts, eot).sum().backward();
      };
      const auto coop_shared_step = [&] {
        context.mutable_grad() = torch::Tensor();
        const auto prefix = torch::cat({embedded.narrow(0, 0, 1).narrow(1, 0, 1), context.unsqueeze(0)}, 1);
        model->encode_text_shared_prefix(prefix, embedded.narrow(1, 17, 77 - 17), eot).sum().backward();
      };
      std::function<void()> pass;
      if (c.mode == "image") pass = [&] { model->encode_image(images); };
      if (c.mode == "text") pass = [&] { model->encode_text(ids, eot); };
      if (c.mode == "coop") pass = coop_step;
      if (c.mode == "coop-shared") pass = coop_shared_step;
      std::vector<double> ours, reference;
      for (int round = 0; round < rounds; ++round) {
        ours.push_back(c.batch / promptune::bench::median_seconds(pass, 3));
        reference.push_back(coop ? promptune::bench::reference_value(
                                       python + " '" + coop_script + "' --mode text --threads " +
                                           std::to_string(threads) + " --classes " + std::to_string(c.batch),
                                       "items_per_second")
                                 : time_reference(python, script, c.mode, threads, c.batch, 3, c.eot));
      }
      const double ours_rate = median(ours), reference_rate = median(reference);
      // The CoOp step's backward costs about one more forward (gradients of activations, not of frozen weights);
      // with the shared prefix each class computes only its own tokens after [SOS][context] (17 tokens, once).
      const double tokens_per_item =
          c.mode == "coop-shared" ? 17.0 / c.batch + (c.eot + 1 - 17) : static_cast<double>(c.eot + 1);
      const double flops = c.mode == "image" ? transformer_flops(50, 768, 12) + 2.0 * 49 * 3 * 32 * 32 * 768
                           : coop            ? 2 * transformer_flops(tokens_per_item, 512, 12)
                                             : transformer_flops(tokens_per_item, 512, 12);
      const double thread_peak = peak_for_threads.at(threads);
      std::printf("| %s | %d | %d | %.1f | %.1f | %.2fx | %.0f%% |\n", c.name.c_str(), threads, c.batch, ours_rate,
                  reference_rate, ours_rate / reference_rate, 100.0 * flops * ours_rate / thread_peak);
      std::fflush(stdout);
    }
  }
  return 0;
}
