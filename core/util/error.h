#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace promptune {

/// The one exception type the engine throws across its boundary. The message is written for the user: it names
/// the file, tensor, field or option and says what is wrong ("model.safetensors: tensor visual.proj has shape
/// [512,768], expected [768,512]"). LibTorch's c10::Error is caught where it can occur and rewrapped as this.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "PATH: message", the form every file-related error takes.
inline Error file_error(const std::filesystem::path& path, const std::string& message) {
  return Error(path.string() + ": " + message);
}

}  // namespace promptune
