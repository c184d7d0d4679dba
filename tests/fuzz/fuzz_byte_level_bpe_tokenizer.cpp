// RoBERTa's byte-level BPE files and encode path. Parts: vocab.json | merges.txt | text; when the first byte is 'J'
// the rest is a tokenizer.json (fast-tokenizer file) | text instead.
#include "tests/fuzz/fuzz_masked_lm_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune::fuzz;
  if (size > 0 && data[0] == 'J') {
    const auto parts = split_parts(data + 1, size - 1, 2);
    load_folder_and_encode({{"tokenizer.json", parts[0]}}, {"vocab.txt", "vocab.json", "merges.txt"}, parts[1]);
    return 0;
  }
  const auto parts = split_parts(data, size, 3);
  load_folder_and_encode({{"vocab.json", parts[0]}, {"merges.txt", parts[1]}},
                         {"tokenizer.json", "vocab.txt", "tokenizer_config.json"}, parts[2]);
  return 0;
}
