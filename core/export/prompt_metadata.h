#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace promptune {

/// The "promptune" entry of a prompt file's safetensors metadata, parsed and checked: errors name `file` and say
/// what is wrong (not a prompt file, damaged, written by a newer version, metadata missing a field). Kept apart from
/// the tensors so that the checks run (and are fuzzed) without LibTorch.
nlohmann::json read_prompt_metadata(const std::map<std::string, std::string>& safetensors_metadata,
                                    const std::filesystem::path& file);

}  // namespace promptune
