#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text/clip_tokenizer.h"
#include "core/text/clip_vocabulary.h"

namespace promptune::testing {

/// Writes a small CLIP vocabulary in the Hugging Face layout (vocab.json + merges.txt): the 512 byte symbols,
/// `merges`, and the two special tokens at CLIP's ids. Returns the two file paths.
inline std::vector<std::filesystem::path> write_tiny_vocabulary(const std::filesystem::path& folder,
                                                                const std::vector<std::string>& merges,
                                                                bool with_specials = true) {
  const auto files = write_clip_vocabulary(folder, merges);
  if (!with_specials) {  // a damaged vocabulary, for the loader's error messages
    auto vocabulary = nlohmann::json::parse(std::ifstream(files.front()));
    vocabulary.erase("<|startoftext|>");
    vocabulary.erase("<|endoftext|>");
    std::ofstream(files.front()) << vocabulary.dump();
  }
  return files;
}

}  // namespace promptune::testing
