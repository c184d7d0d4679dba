#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace promptune {

/// What the CLI `backbone` command and the Backbone panel show about a checkpoint. Plain values: no torch.
struct BackboneSummary {
  std::string name;
  std::string architecture;  ///< ClipConfig::summary()
  std::string layout;        ///< "Hugging Face layout" / "OpenAI layout"
  std::int64_t parameters = 0;
  std::string weights_hash;  ///< SHA-256
  std::string weights_file;
  std::string preprocessing;  ///< "resize 224 (bicubic), crop 224, mean/std ..."
  std::string tokenizer;      ///< tokenizer fingerprint and vocabulary size
  std::vector<std::string> warnings;
  std::string modality = "vision";  ///< "vision" (CLIP) or "text" (masked LM)
};

/// Loads the CLIP backbone at `path` and summarises it. Throws Error naming the file on any problem.
BackboneSummary summarize_clip_backbone(const std::filesystem::path& path, const std::filesystem::path& tokenizer = {});

/// Any backbone Promptune loads: a masked-LM folder (BERT/RoBERTa) or else a CLIP checkpoint. `modality` of the
/// summary says which ("text" or "vision"). Throws Error naming the file.
BackboneSummary summarize_backbone(const std::filesystem::path& path, const std::filesystem::path& tokenizer = {});

/// Converts a `.pt`/`.bin` archive (or any safetensors file) to safetensors, keeping key names; returns the
/// tensor count. The output is written atomically.
int convert_to_safetensors(const std::filesystem::path& input, const std::filesystem::path& output);

}  // namespace promptune
