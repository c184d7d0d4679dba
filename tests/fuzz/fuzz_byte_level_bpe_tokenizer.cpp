// RoBERTa's byte-level BPE files and encode path. Parts: vocab.json | merges.txt | text; when the first byte is 'J'
// the rest is a tokenizer.json (fast-tokenizer file) | text instead.
#include "tests/fuzz/fuzz_masked_lm_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  promptune::fuzz::fuzz_masked_lm_folder(data, size, {"vocab.json", "merges.txt"});
  return 0;
}
