// safetensors header and body: the header checks on the bytes, then the whole file as the model loaders read it
// (memory mapping, tensors copied out, F16/BF16 widened).
#include "core/io/safetensors_format.h"
#include "core/io/tensor_archive.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune;
  fuzz::expect_only_user_errors("safetensors header", [&] { parse_safetensors_header(data, size, "input"); });
  const auto file =
      fuzz::write_scratch_file("model.safetensors", std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::expect_only_user_errors("safetensors file", [&] {
    const TensorFile contents = load_safetensors(file);
    for (const auto& [name, tensor] : contents.tensors) {
      // Touch every element: a body shorter than its header claims would read past the mapping here.
      if (tensor.numel() > 0) (void)tensor.to(torch::kFloat64).sum().item<double>();
    }
  });
  return 0;
}
