#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "core/data/cache_folder.h"
#include "core/data/dataset_summary.h"
#include "core/data/splits.h"

namespace promptune::cli {
namespace {

void print_few_shot(const std::vector<int>& labels, const std::vector<std::string>& names, int shots, int seed) {
  std::vector<int> all(labels.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  const auto chosen = sample_few_shot(labels, all, shots, static_cast<std::uint64_t>(seed));
  std::cout << "\n"
            << shots << "-shot subset with seed " << seed << ": " << chosen.size() << " examples (" << names.size()
            << " classes; classes with fewer examples keep all of theirs)\n";
}

int run_dataset(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"classes", "text-column", "pair-column", "label-column", "header", "shots", "seed"},
                            {"unlabeled"});
  if (arguments.positional().size() != 1) throw UsageError("give exactly one dataset folder or file");
  const std::filesystem::path path = arguments.positional().front();
  const int shots = arguments.integer("shots", 0);
  const int seed = arguments.integer("seed", 1);
  if (std::filesystem::is_directory(path) || is_image_manifest(path)) {
    const ImageDataset dataset = load_image_dataset(path, {arguments.value("classes").value_or("")});
    std::cout << summarize(dataset);
    if (shots > 0) {
      std::vector<int> labels;
      for (const auto& sample : dataset.samples) labels.push_back(sample.label);
      print_few_shot(labels, dataset.class_names, shots, seed);
    }
    return 0;
  }
  TextDatasetOptions options;
  options.text_column = arguments.value("text-column").value_or("");
  options.pair_column = arguments.value("pair-column").value_or("");
  options.label_column = arguments.value("label-column").value_or("");
  options.labeled = !arguments.has("unlabeled");
  const std::string header = arguments.value("header").value_or("auto");
  if (header == "yes") {
    options.header = TextDatasetOptions::Header::Yes;
  } else if (header == "no") {
    options.header = TextDatasetOptions::Header::No;
  } else if (header != "auto") {
    throw UsageError("--header must be yes, no or auto");
  }
  const TextDataset dataset = load_text_dataset(path, options);
  std::cout << summarize(dataset);
  if (shots > 0) {
    std::vector<int> labels;
    for (const auto& sample : dataset.samples) labels.push_back(sample.label);
    print_few_shot(labels, dataset.class_ids, shots, seed);
  }
  return 0;
}

int run_cache(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"dir"}, {"clear"});
  const std::filesystem::path folder = arguments.value("dir").value_or(default_feature_cache_folder().string());
  if (arguments.has("clear")) {
    clear_feature_cache(folder);
    std::cout << "cleared " << folder.string() << '\n';
  }
  const auto [bytes, shards] = feature_cache_disk_usage(folder);
  std::cout << "Feature cache: " << folder.string() << "\n"
            << shards << " shard(s), " << bytes / 1024.0 / 1024.0 << " MiB\n";
  return 0;
}

}  // namespace

Command dataset_command() {
  return {"dataset", "summarise an image or text dataset: classes, counts, skipped files",
          "promptune-cli dataset DIR|FILE [--classes FILE] [--shots K --seed S]\n"
          "                      [--text-column C] [--pair-column C] [--label-column C] [--header yes|no|auto] "
          "[--unlabeled]\n"
          "  DIR            DIR/<class>/* or DIR/<domain>/<class>/* images\n"
          "  FILE           a CSV manifest path,label[,domain], or text: .csv, .tsv (GLUE), .jsonl\n"
          "  --classes      classes file: class ids to use in order, or one prompt name per class\n"
          "  --shots/--seed show the size of the seeded K-shot subset\n"
          "  --*-column     text columns by name (with a header) or 0-based index\n",
          run_dataset};
}

Command cache_command() {
  return {"cache", "show the size of the image feature cache, or clear it",
          "promptune-cli cache [--dir DIR] [--clear]\n", run_cache};
}

}  // namespace promptune::cli
