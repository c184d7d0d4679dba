#pragma once

// The masked-LM tokenizer harnesses share this: a model folder is written from the input's parts and loaded the
// way a backbone folder is, then the text part is encoded, decoded and used as verbalizer words.

#include <algorithm>
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

/// One input of a masked-LM tokenizer harness: 'J' + tokenizer.json | text, or the tokenizer's own files
/// (`file_names`, one part each) | text.
inline void fuzz_masked_lm_folder(const std::uint8_t* data, std::size_t size,
                                  const std::vector<std::string>& file_names) {
  const std::vector<std::string> other_forms = {"tokenizer.json", "vocab.txt", "tokenizer_config.json", "vocab.json",
                                                "merges.txt"};
  if (size > 0 && data[0] == 'J') {
    const auto parts = split_parts(data + 1, size - 1, 2);
    std::vector<std::string> absent(other_forms.begin() + 1, other_forms.end());
    load_folder_and_encode({{"tokenizer.json", parts[0]}}, absent, parts[1]);
    return;
  }
  const auto parts = split_parts(data, size, file_names.size() + 1);
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t i = 0; i < file_names.size(); ++i) files.emplace_back(file_names[i], parts[i]);
  std::vector<std::string> absent;
  for (const auto& name : other_forms)
    if (std::find(file_names.begin(), file_names.end(), name) == file_names.end()) absent.push_back(name);
  load_folder_and_encode(files, absent, parts.back());
}

}  // namespace promptune::fuzz
