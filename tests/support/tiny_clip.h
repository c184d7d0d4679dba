#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/models/clip_backbone.h"
#include "core/text/unicode.h"
#include "tests/support/temporary_folder.h"

namespace promptune::testing {

/// Writes a small CLIP vocabulary in the Hugging Face layout (vocab.json + merges.txt): the 512 byte symbols,
/// `merges`, and the two special tokens at CLIP's ids. Returns the two file paths.
inline std::vector<std::filesystem::path> write_tiny_vocabulary(const std::filesystem::path& folder,
                                                                const std::vector<std::string>& merges,
                                                                bool with_specials = true) {
  nlohmann::json vocabulary = nlohmann::json::object();
  int id = 0;
  std::vector<std::string> base;
  for (char32_t code : byte_to_unicode_table()) base.push_back(unicode::encode_utf8(code));
  for (const auto& symbol : base) vocabulary[symbol] = id++;
  for (const auto& symbol : base) vocabulary[symbol + "</w>"] = id++;
  std::string merges_text = "#version: 0.2\n";
  for (const auto& merge : merges) {
    const auto space = merge.find(' ');
    const std::string merged = merge.substr(0, space) + merge.substr(space + 1);
    if (!vocabulary.contains(merged)) vocabulary[merged] = id++;
    merges_text += merge + "\n";
  }
  if (with_specials) {
    vocabulary["<|startoftext|>"] = ClipTokenizer::kStartOfText;
    vocabulary["<|endoftext|>"] = ClipTokenizer::kEndOfText;
  }
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "vocab.json") << vocabulary.dump();
  std::ofstream(folder / "merges.txt") << merges_text;
  return {folder / "vocab.json", folder / "merges.txt"};
}

/// A tiny random CLIP architecture: 32x32 images, 8-pixel patches, two layers per tower.
inline ClipConfig tiny_clip_config() {
  ClipConfig config;
  config.vision = {32, 2, 1, 128, Activation::QuickGelu, 1e-5};
  config.text = {32, 2, 2, 128, Activation::QuickGelu, 1e-5};
  config.patch_size = 8;
  config.image_size = 32;
  config.context_length = 77;
  config.vocab_size = 49408;
  config.embed_dim = 16;
  return config;
}

/// Saves a seeded random tiny CLIP in the Hugging Face layout under `folder` and returns it loaded.
inline std::unique_ptr<ClipBackbone> write_tiny_clip(const std::filesystem::path& folder, std::uint64_t seed = 7) {
  torch::manual_seed(seed);
  ClipBackbone backbone;
  backbone.model = ClipModel(tiny_clip_config());
  backbone.identity.name = "tiny-test-clip";
  backbone.preprocessing.resize_short_side = backbone.preprocessing.crop_size = 32;
  const auto tokenizer_files = write_tiny_vocabulary(folder / "tokenizer", {"o f</w>", "p h", "ph o", "a </w>"});
  backbone.save_huggingface(folder, tokenizer_files);
  return ClipBackbone::load(folder);
}

}  // namespace promptune::testing
