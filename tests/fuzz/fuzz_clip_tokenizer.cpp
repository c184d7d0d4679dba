// CLIP's tokenizer files and encode path. Parts: vocab.json | merges.txt | text, or, when the first byte is 'G',
// the rest is OpenAI's bpe_simple_vocab_16e6.txt.gz (gzip of merges) and the text is fixed.
#include "core/text/clip_tokenizer.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void encode_and_decode(const promptune::ClipTokenizer& tokenizer, const std::string& text) {
  const auto ids = tokenizer.encode(text);
  (void)tokenizer.decode(ids);
  for (const int id : ids) (void)tokenizer.token(id);
  (void)tokenizer.encode_for_model(text, promptune::ClipTokenizer::kContextLength, true);
  (void)tokenizer.encode_for_model(text, 8, true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune;
  if (size > 0 && data[0] == 'G') {
    const auto archive = fuzz::write_scratch_file("bpe_simple_vocab_16e6.txt.gz",
                                                  std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    fuzz::expect_only_user_errors("CLIP bpe archive", [&] {
      encode_and_decode(*ClipTokenizer::from_bpe_archive(archive), "a photo of a cat, 12 dogs!");
    });
    return 0;
  }
  const auto parts = fuzz::split_parts(data, size, 3);
  const auto vocabulary = fuzz::write_scratch_file("vocab.json", parts[0]);
  const auto merges = fuzz::write_scratch_file("merges.txt", parts[1]);
  fuzz::expect_only_user_errors("CLIP vocab.json + merges.txt", [&] {
    const auto tokenizer = ClipTokenizer::from_vocab_and_merges(vocabulary, merges);
    encode_and_decode(*tokenizer, parts[2]);
    encode_and_decode(*tokenizer, parts[0].substr(0, 200));
  });
  fuzz::expect_only_user_errors("CLIP pre-tokenisation", [&] {
    for (const auto& word : clip_words(parts[2])) (void)clip_word_symbols(word);
  });
  return 0;
}
