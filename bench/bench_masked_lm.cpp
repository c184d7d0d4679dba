// BERT-base-sized masked LM throughput, ours vs the straightforward PyTorch model in Debian's python3-torch
// (bench/reference/mlm_reference.py), alternating in one run.
// Usage: bench_masked_lm [--rounds N] [--batch B] [--length L] [--python /usr/bin/python3]
// Rows: forward (inference mode, last hidden states) and forward + backward (every weight trainable, MLM head's
// vocabulary logits at one masked position per sentence, cross-entropy), sentences/s, at 1 thread and all cores.
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "core/models/masked_lm_model.h"
#include "core/system/system_info.h"

namespace {

using promptune::bench::median;

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  int rounds = 2, batch = 16, length = 64;
  std::string python = "/usr/bin/python3";
  const std::string script = std::string(PROMPTUNE_BENCH_DIR) + "/reference/mlm_reference.py";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--rounds") rounds = std::stoi(argv[i + 1]);
    if (option == "--batch") batch = std::stoi(argv[i + 1]);
    if (option == "--length") length = std::stoi(argv[i + 1]);
    if (option == "--python") python = argv[i + 1];
  }
  torch::manual_seed(0);
  const auto config = promptune::default_masked_lm_config(promptune::MaskedLmFamily::Bert);
  promptune::MaskedLm model(config, /*with_head=*/true);
  model->eval();  // dropout off on both sides
  const auto ids = torch::randint(1000, 30000, {batch, length}, torch::kLong);
  const auto labels = torch::randint(1000, 30000, {batch}, torch::kLong);
  std::printf(
      "BERT-base-sized masked LM (%.1f M parameters), %d sentences x %d tokens; medians of 3 steps per "
      "round, %d rounds alternating ours / PyTorch\n\n",
      [&] {
        double count = 0;
        for (const auto& p : model->parameters()) count += p.numel();
        return count / 1e6;
      }(),
      batch, length, rounds);
  std::printf("| masked LM | threads | ours (sentences/s) | PyTorch %s (sentences/s) | ours / PyTorch |\n",
              TORCH_VERSION);
  std::printf("|---|---|---|---|---|\n");
  std::vector<int> thread_counts = {1};
  if (promptune::available_cores() > 1) thread_counts.push_back(promptune::available_cores());
  for (const std::string mode : {"forward", "train"}) {
    const std::function<void()> step =
        mode == "forward"
            ? std::function<void()>([&] {
                c10::InferenceMode inference;
                model->forward({model->embed_tokens(ids), {}, {}, {}, 0});
              })
            : std::function<void()>([&] {
                model->zero_grad();
                const auto hidden = model->forward({model->embed_tokens(ids), {}, {}, {}, 0});
                const auto logits = model->token_logits(model->head_transform(hidden.select(1, length / 2)));
                torch::nn::functional::cross_entropy(logits, labels).backward();
              });
    for (int threads : thread_counts) {
      promptune::configure_threads(threads);
      std::vector<double> ours, reference;
      for (int round = 0; round < rounds; ++round) {
        ours.push_back(batch / promptune::bench::median_seconds(step, 3));
        reference.push_back(promptune::bench::reference_value(
            python + " '" + script + "' --mode " + mode + " --threads " + std::to_string(threads) + " --batch " +
                std::to_string(batch) + " --length " + std::to_string(length),
            "items_per_second"));
      }
      std::printf("| %s | %d | %.2f | %.2f | %.2fx |\n", mode == "forward" ? "forward" : "forward + backward", threads,
                  median(ours), median(reference), median(ours) / median(reference));
      std::fflush(stdout);
    }
  }
  return 0;
}
