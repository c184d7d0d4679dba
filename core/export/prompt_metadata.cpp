#include "core/export/prompt_metadata.h"

#include "core/export/prompt_file_format.h"
#include "core/util/error.h"

namespace promptune {

nlohmann::json read_prompt_metadata(const std::map<std::string, std::string>& safetensors_metadata,
                                    const std::filesystem::path& file) {
  const auto found = safetensors_metadata.find(kPromptMetadataKey);
  if (found == safetensors_metadata.end())
    throw file_error(file, "is a safetensors file but not a Promptune prompt file (no \"promptune\" metadata)");
  nlohmann::json metadata;
  try {
    metadata = nlohmann::json::parse(found->second);
  } catch (const nlohmann::json::exception& error) {
    throw file_error(file, std::string("has damaged prompt metadata: ") + error.what());
  }
  if (!metadata.is_object() || !metadata.contains("format") || !metadata["format"].is_string() ||
      metadata["format"].get<std::string>() != kPromptFileFormat)
    throw file_error(file, "is not a Promptune prompt file (metadata format is not \"promptune-prompt\")");
  const nlohmann::json version = metadata.contains("format_version") ? metadata["format_version"] : nlohmann::json(0);
  if (!version.is_number_integer()) throw file_error(file, "prompt metadata: \"format_version\" is not an integer");
  if (version.get<long long>() > kPromptFileFormatVersion)
    throw file_error(file, "was written by a newer Promptune (prompt format " + version.dump() +
                               "; this version reads up to " + std::to_string(kPromptFileFormatVersion) + ")");
  for (const char* field : {"method", "class_names", "backbone", "method_options"}) {
    if (!metadata.contains(field)) throw file_error(file, std::string("prompt metadata lacks \"") + field + "\"");
  }
  if (!metadata["method"].is_string()) throw file_error(file, "prompt metadata: \"method\" is not a string");
  if (!metadata["backbone"].is_object()) throw file_error(file, "prompt metadata: \"backbone\" is not an object");
  if (!metadata["method_options"].is_object())
    throw file_error(file, "prompt metadata: \"method_options\" is not an object");
  const auto& names = metadata["class_names"];
  if (!names.is_array() || names.empty()) throw file_error(file, "prompt metadata has no class names");
  for (const auto& name : names) {
    if (!name.is_string()) throw file_error(file, "prompt metadata: a class name is not a string");
  }
  for (const char* field : {"name", "weights_hash"}) {
    if (metadata["backbone"].contains(field) && !metadata["backbone"][field].is_string())
      throw file_error(file, std::string("prompt metadata: backbone \"") + field + "\" is not a string");
  }
  return metadata;
}

}  // namespace promptune
