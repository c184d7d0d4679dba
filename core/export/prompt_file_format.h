#pragma once

namespace promptune {

/// Identity of the tuned prompt file format (ARCHITECTURE.md).
inline constexpr const char* kPromptFileFormat = "promptune-prompt";
inline constexpr int kPromptFileFormatVersion = 1;
/// The safetensors `__metadata__` key holding the prompt's JSON document.
inline constexpr const char* kPromptMetadataKey = "promptune";

}  // namespace promptune
