#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/models/clip_config.h"
#include "core/models/masked_lm_config.h"

namespace promptune {

/// The demo's CLIP: ViT 2 x 64 on 32-pixel images in 8-pixel patches, text 2 x 64 over 32 tokens, E = 32.
ClipConfig demo_clip_config();
/// The demo's BERT: 2 layers of 64 (4 heads, FFN 128), 64 positions, over `vocabulary_size` tokens.
MaskedLmConfig demo_bert_config(int vocabulary_size);

/// The "data" block of a session that adapts `method` to `domain` of the workspace's shapes: `shots` labeled renders
/// per class with `held_out_fraction` of the domain held out and scored, or, for methods that train on unlabeled
/// target data (POUF), the domain's renders as the target. Paths are relative to sessions/.
nlohmann::json demo_adaptation_data(const std::string& method, const std::string& domain, int shots,
                                    double held_out_fraction, std::uint64_t seed);

struct DemoOptions {
  bool reduced = false;  ///< a seconds-sized workspace (tests, smoke runs): fewer images, shorter pre-training
  std::uint64_t seed = 0;
};

struct DemoProgress {
  std::string phase;  ///< "rendering images", "pre-training CLIP", "writing text", "pre-training BERT"
  long long done = 0, total = 0;
  double elapsed_seconds = 0.0;     ///< since the workspace started
  double remaining_seconds = -1.0;  ///< of this phase; -1 while unknown
};
/// Returning false stops the build (Error "cancelled"); the target folder is left untouched.
using DemoCallback = std::function<bool(const DemoProgress&)>;

struct DemoWorkspace {
  std::filesystem::path folder;
  std::vector<std::filesystem::path> sessions;  ///< one per method family, runnable as they are
};

/// Builds the demo workspace in `folder` (which must not exist yet), all by our own code and deterministic under
/// the seed: shapes/ (ten shape classes rendered clean as the source domain and textured, sketch and noisy as
/// targets, with captions), clip/ (a tiny CLIP pre-trained contrastively on the clean renders and on renders of every
/// colour x shape pairing kept in clip-pretraining/, Hugging Face layout),
/// text/ (movie-review sentences in a source and a target register, and the pre-training corpus), bert/ (a tiny BERT
/// pre-trained on that corpus), sessions/*.promptune.json and a README. Work happens in a staging folder renamed at
/// the end, so a cancelled or failed build leaves nothing half-made.
DemoWorkspace create_demo_workspace(const std::filesystem::path& folder, const DemoOptions& options = {},
                                    const DemoCallback& progress = {});

}  // namespace promptune
