#pragma once

// The demo's two-register sentiment grammar (core/demo/sentiment_grammar.h), written as the CSV files users bring.

#include "core/demo/sentiment_grammar.h"
#include "tests/support/temporary_folder.h"

namespace promptune::testing {

/// A labeled CSV of `count` sentences of one register in folder/name.
inline std::filesystem::path write_sentiment_register_csv(const TemporaryFolder& folder, const std::string& name,
                                                          SentimentGrammar& grammar, const SentimentRegister& words,
                                                          int count) {
  return folder.write(name, grammar.labeled_csv(words, count));
}

}  // namespace promptune::testing
