// A VPT-deep and a VPT-shallow training epoch, ours vs the same computation written the straightforward PyTorch way in
// Debian's python3-torch (bench/reference/vpt_reference.py), alternating in one run.
// Usage: bench_vpt_epoch [--rounds N] [--images N] [--batch B] [--tokens P] [--variant deep|shallow] [--python PY]
// Both sides: a ViT-B/32-sized CLIP vision tower with random frozen weights, 8 prompt tokens per layer (before
// ln_pre, replaced before every block), prompt dropout 0.1, a linear head on ln_post(CLS), cross-entropy, SGD with
// momentum 0.9 and weight decay 5e-4, on preprocessed images held in memory (16 shots x 10 classes by default), so
// the table compares the training computation and not image decoding.
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/bench_support.h"
#include "core/methods/method_registry.h"
#include "core/system/system_info.h"
#include "core/train/optimizer.h"

namespace {

using promptune::bench::median;

double time_reference(const std::string& python, const std::string& script, int threads, int images, int batch,
                      int tokens, const std::string& variant) {
  return promptune::bench::reference_value(
      python + " '" + script + "' --threads " + std::to_string(threads) + " --images " + std::to_string(images) +
          " --batch " + std::to_string(batch) + " --tokens " + std::to_string(tokens) + " --variant " + variant,
      "seconds_per_epoch");
}

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  int rounds = 3, images = 160, batch = 32, tokens = 8;
  std::string only_variant;  // deep or shallow; both when empty
  std::string python = "/usr/bin/python3";
  const std::string script = std::string(PROMPTUNE_BENCH_DIR) + "/reference/vpt_reference.py";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--rounds") rounds = std::stoi(argv[i + 1]);
    if (option == "--images") images = std::stoi(argv[i + 1]);
    if (option == "--batch") batch = std::stoi(argv[i + 1]);
    if (option == "--tokens") tokens = std::stoi(argv[i + 1]);
    if (option == "--python") python = argv[i + 1];
    if (option == "--variant") only_variant = argv[i + 1];
  }
  torch::manual_seed(0);
  promptune::ClipBackbone backbone;
  backbone.model = promptune::ClipModel(promptune::vit_b32_config());
  backbone.model->eval();
  for (auto& parameter : backbone.model->parameters()) parameter.set_requires_grad(false);
  promptune::MethodSetup setup;
  setup.backbone = &backbone;
  for (int k = 0; k < 10; ++k) setup.class_names.push_back("class " + std::to_string(k));
  setup.options = {{"n_tokens", tokens}, {"head", "linear"}};
  for (const std::string variant : {"deep", "shallow"}) {
    if (!only_variant.empty() && variant != only_variant) continue;
    auto method = promptune::create_method("vpt_" + variant, setup);
    promptune::TrainingConfig training;
    training.learning_rate = 0.0025;
    promptune::Optimizer optimizer(method->parameters(), training);
    const auto pixels = torch::randn({images, 3, 224, 224});
    const auto labels = torch::randint(0, 10, {images}, torch::kLong);
    const auto epoch = [&] {
      for (int start = 0; start < images; start += batch) {
        promptune::MethodBatch input;
        const int size = std::min(batch, images - start);
        input.images = pixels.narrow(0, start, size);
        input.labels = labels.narrow(0, start, size);
        optimizer.zero_grad();
        method->loss(input).loss.backward();
        optimizer.step(training.learning_rate);
      }
    };

    const int cores = promptune::available_cores();
    const auto info = promptune::collect_system_info();
    std::printf("Machine: %d cores, BLAS %s, LibTorch %s\n", cores, info.blas_description.c_str(),
                info.libtorch_version.c_str());
    std::printf(
        "VPT-%s epoch: ViT-B/32-sized tower, %d prompt tokens x %s, %d images, batch %d; seconds per epoch, "
        "medians of 3 epochs per round, %d rounds alternating ours / PyTorch\n\n",
        variant.c_str(), tokens, variant == "deep" ? "12 layers" : "the first layer", images, batch, rounds);
    promptune::bench::print_epoch_rows(rounds, epoch, [&](int threads) {
      return time_reference(python, script, threads, images, batch, tokens, variant);
    });
    std::printf("\n");
  }
  return 0;
}
