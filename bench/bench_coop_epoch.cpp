// CoOp epoch time with frozen image features from the feature cache vs re-encoding augmented images every step
// (the official CoOp protocol), same data and model, through the real Runner; the re-encoding epoch beside the
// same computation written the straightforward PyTorch way (bench/reference/coop_reference.py); and the peak
// resident memory of the process (a ViT-B/32-sized CoOp session on the CPU).
// Usage: bench_coop_epoch [--classes K] [--shots N] [--epochs E] [--python /usr/bin/python3] [--repeats R]
// A ViT-B/32-sized CLIP with random weights is written once to a temporary folder (the cost is the same as for
// trained weights), with K classes x N JPEG photos of 500x375.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "bench/bench_support.h"
#include "core/models/clip_backbone.h"
#include "core/system/system_info.h"
#include "core/train/runner.h"

namespace {

using Clock = std::chrono::steady_clock;

void write_photos(const std::filesystem::path& folder, int classes, int shots) {
  cv::RNG random(1);
  for (int k = 0; k < classes; ++k) {
    const auto class_folder = folder / ("class_" + std::to_string(k));
    std::filesystem::create_directories(class_folder);
    for (int i = 0; i < shots; ++i) {
      cv::Mat image(375, 500, CV_8UC3);
      random.fill(image, cv::RNG::UNIFORM, 0, 255);
      cv::GaussianBlur(image, image, cv::Size(9, 9), 3);
      cv::circle(image, {250, 180}, 40 + 10 * k, cv::Scalar(k * 25 % 255, 120, 200), -1);
      cv::imwrite((class_folder / (std::to_string(i) + ".jpg")).string(), image, {cv::IMWRITE_JPEG_QUALITY, 90});
    }
  }
}

struct EpochTiming {
  double seconds_per_epoch = 0.0;
  long long steps = 0;
};

EpochTiming time_training(const std::filesystem::path& root, const std::string& augmentation, int epochs) {
  const nlohmann::json session{{"name", "bench-" + augmentation},
                               {"backbone", {{"path", (root / "clip").string()}}},
                               {"data", {{"train", {{"path", (root / "images").string()}}}}},
                               {"method", {{"name", "coop"}, {"options", {{"n_ctx", 16}}}}},
                               {"training", {{"epochs", epochs}, {"batch_size", 32}, {"augmentation", augmentation}}},
                               {"evaluation", {{"every_epochs", epochs}, {"embedding_samples", 0}}},
                               {"output", (root / "runs").string()},
                               {"cache_folder", (root / "cache").string()}};
  promptune::RunControl control;
  Clock::time_point start, end;
  EpochTiming timing;
  const auto outcome = promptune::run_session(
      {promptune::SessionConfig::from_json(session), {}},
      [&](const promptune::RunEvent& event) {
        if (const auto* log = std::get_if<promptune::LogEvent>(&event))
          if (log->message.rfind("training:", 0) == 0) start = Clock::now();
        if (const auto* progress = std::get_if<promptune::ProgressEvent>(&event))
          if (progress->phase == "training") {
            end = Clock::now();
            timing.steps = progress->done;
          }
      },
      control);
  if (!outcome.succeeded) {
    std::fprintf(stderr, "run failed: %s\n", outcome.error.c_str());
    std::exit(1);
  }
  timing.seconds_per_epoch = std::chrono::duration<double>(end - start).count() / epochs;
  return timing;
}

}  // namespace

int main(int argc, char** argv) {
  promptune::bench::start_like_the_application(argv);
  int classes = 10, shots = 16, epochs = 3, repeats = 3;
  std::string python = "/usr/bin/python3";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--python") python = argv[i + 1];
    if (name == "--repeats") repeats = std::stoi(argv[i + 1]);
    if (name == "--classes") classes = std::stoi(argv[i + 1]);
    if (name == "--shots") shots = std::stoi(argv[i + 1]);
    if (name == "--epochs") epochs = std::stoi(argv[i + 1]);
  }
  promptune::configure_threads();
  const auto root = std::filesystem::temp_directory_path() / "promptune-bench-coop";
  std::filesystem::remove_all(root);
  write_photos(root / "images", classes, shots);
  promptune::bench::write_random_vit_b32(root, 1);
  std::printf("CoOp (M=16, unified, end), ViT-B/32, %d classes x %d images, batch 32, %d epochs, %d threads\n", classes,
              shots, epochs, torch::get_num_threads());
  const auto cached = time_training(root, "none", epochs);  // the first run also fills the cache
  const auto reencoded = time_training(root, "coop", epochs);
  std::printf("\n| image features | steps | s / epoch |\n|---|---|---|\n");
  std::printf("| feature cache (no augmentation) | %lld | %.3f |\n", cached.steps, cached.seconds_per_epoch);
  std::printf("| re-encoded every step (CoOp augmentation) | %lld | %.3f |\n", reencoded.steps,
              reencoded.seconds_per_epoch);
  const double reference = promptune::bench::reference_value(
      python + " '" PROMPTUNE_BENCH_DIR "/reference/coop_reference.py' --threads " +
          std::to_string(torch::get_num_threads()) + " --classes " + std::to_string(classes) + " --shots " +
          std::to_string(shots) + " --repeats " + std::to_string(repeats),
      "seconds_per_epoch");
  std::printf("| PyTorch %s loop, re-encoded every step (images preprocessed in memory) | | %.3f |\n", TORCH_VERSION,
              reference);
  std::printf("\nspeed-up of the cache: %.1fx; ours re-encoding vs the PyTorch loop: %.2fx (PyTorch s / ours s)\n",
              reencoded.seconds_per_epoch / cached.seconds_per_epoch, reference / reencoded.seconds_per_epoch);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak resident memory of this process (both runs): %.0f MiB\n", usage.ru_maxrss / 1024.0);
  std::filesystem::remove_all(root);
  return 0;
}
