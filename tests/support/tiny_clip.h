#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/models/clip_backbone.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_vocabulary.h"

namespace promptune::testing {

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
