#pragma once

// The masked-LM tokenizer harnesses share this: a model folder is written from the input's parts and loaded the
// way a backbone folder is, then the text part is encoded, decoded and used as verbalizer words.

#include <string>
#include <utility>
#include <vector>

#include "core/text/masked_lm_tokenizer.h"
#include "tests/fuzz/fuzz_support.h"

namespace promptune::fuzz {

inline void load_folder_and_encode(const std::vector<std::pair<std::string, std::string>>& files,
                                   const std::vector<std::string>& absent, const std::string& text) {
  for (const auto& name : absent) remove_scratch_file(name);
  for (const auto& [name, content] : files) write_scratch_file(name, content);
  expect_only_user_errors("masked LM tokenizer", [&] {
    const auto tokenizer = load_masked_lm_tokenizer(scratch_folder());
    (void)tokenizer->describe();
    const auto ids = tokenizer->encode(text);
    (void)tokenizer->decode(ids);
    for (const int id : ids) (void)tokenizer->token(id);
    (void)tokenizer->encode("It was " + tokenizer->mask_token() + ". " + text);
    (void)tokenizer->encode_label_word(text.substr(0, 40));
    (void)tokenizer->find_token(text.substr(0, 40));
  });
}

}  // namespace promptune::fuzz
