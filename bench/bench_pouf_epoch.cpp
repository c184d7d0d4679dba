// A POUF prompt-tuning epoch, ours vs the same computation written the straightforward PyTorch way in Debian's
// python3-torch (bench/reference/pouf_reference.py), alternating in one run.
// Usage: bench_pouf_epoch [--rounds N] [--classes K] [--images N] [--batch B] [--python /usr/bin/python3]
// Both sides: a ViT-B/32-sized CLIP text tower with random frozen weights encodes the K class prompts with a learned
// 4-token context every step; the target image features are frozen (from the cache), the loss is conditional
// transport + 0.3 x information maximisation, SGD with Nesterov momentum. Defaults: Office-Home's 65 classes, POUF's
// batch of 96, 10 steps per epoch. PyTorch runs the prompts at the full 77 tokens as CoOp's code does; ours cuts them
// after the last end-of-text token, which gives the same features (causal mask).
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/bench_support.h"
#include "core/methods/method_registry.h"
#include "core/system/system_info.h"

namespace {

using promptune::bench::median;

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  int rounds = 3, classes = 65, images = 960, batch = 96;
  std::string python = "/usr/bin/python3";
  const std::string script = std::string(PROMPTUNE_BENCH_DIR) + "/reference/pouf_reference.py";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--rounds") rounds = std::stoi(argv[i + 1]);
    if (option == "--classes") classes = std::stoi(argv[i + 1]);
    if (option == "--images") images = std::stoi(argv[i + 1]);
    if (option == "--batch") batch = std::stoi(argv[i + 1]);
    if (option == "--python") python = argv[i + 1];
  }
  const auto root = std::filesystem::temp_directory_path() / "promptune-bench-pouf";
  std::filesystem::remove_all(root);
  auto backbone = promptune::ClipBackbone::load(promptune::bench::write_random_vit_b32(root, 0), {{}, false});
  backbone->model->eval();
  promptune::MethodSetup setup;
  setup.backbone = backbone.get();
  for (int k = 0; k < classes; ++k) setup.class_names.push_back("class " + std::to_string(k));
  const auto& description = promptune::find_method_description("pouf_prompt");
  setup.options = promptune::validate_method_options(description, nlohmann::json::object());
  auto method = promptune::create_method("pouf_prompt", setup);
  promptune::TrainingConfig training;
  training.nesterov = true;
  training.weight_decay = 1e-3;
  promptune::Optimizer optimizer(method->parameter_groups(), training);
  const auto features = torch::randn({images, 512});
  const auto epoch = [&] {
    for (int start = 0; start < images; start += batch) {
      promptune::MethodBatch input;
      input.features = features.narrow(0, start, std::min(batch, images - start));
      optimizer.zero_grad();
      method->loss(input).loss.backward();
      optimizer.step(1e-3);
    }
  };
  std::vector<std::string> prompts;
  for (const auto& name : setup.class_names) prompts.push_back("X X X X " + name + ".");
  const int eot = static_cast<int>(backbone->tokenize(prompts).second.max().item<std::int64_t>());

  const int cores = promptune::available_cores();
  const auto info = promptune::collect_system_info();
  std::printf("Machine: %d cores, BLAS %s, LibTorch %s\n", cores, info.blas_description.c_str(),
              info.libtorch_version.c_str());
  std::printf(
      "POUF prompt-tuning epoch: ViT-B/32-sized text tower, %d classes (end-of-text at %d), %d cached target "
      "features, batch %d; seconds per epoch, medians of 3 epochs per round, %d rounds alternating ours / PyTorch\n\n",
      classes, eot, images, batch, rounds);
  promptune::bench::print_epoch_rows(rounds, epoch, [&](int threads) {
    return promptune::bench::reference_value(python + " '" + script + "' --threads " + std::to_string(threads) +
                                                 " --classes " + std::to_string(classes) + " --images " +
                                                 std::to_string(images) + " --batch " + std::to_string(batch) +
                                                 " --eot " + std::to_string(eot),
                                             "seconds_per_epoch");
  });
  std::filesystem::remove_all(root);
  return 0;
}
