#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/data/text_dataset.h"
#include "core/models/masked_lm_backbone.h"
#include "core/text/wordpiece_tokenizer.h"
#include "core/text/wordpiece_vocabulary.h"
#include "core/train/masked_lm_pretraining.h"

namespace promptune::cli {
namespace {

namespace fs = std::filesystem;

/// Lines of a .txt corpus, or the text column (and pair column) of a CSV, TSV or JSONL dataset.
std::vector<std::string> read_corpus(const fs::path& file) {
  std::vector<std::string> lines;
  if (file.extension() == ".txt") {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UsageError("cannot read the corpus " + file.string());
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) lines.push_back(line);
    }
    return lines;
  }
  TextDatasetOptions options;
  options.labeled = false;
  const TextDataset dataset = load_text_dataset(file, options);
  for (const auto& skipped : dataset.report.skipped)
    std::cerr << "skipped " << skipped.where << ": " << skipped.reason << '\n';
  for (const auto& sample : dataset.samples)
    lines.push_back(sample.text_b.empty() ? sample.text_a : sample.text_a + " " + sample.text_b);
  return lines;
}

int run_pretrain_mlm(const std::vector<std::string>& argv) {
  const Arguments arguments(argv,
                            {"corpus", "out", "name", "hidden", "layers", "heads", "intermediate", "max-length",
                             "epochs", "batch", "learning-rate", "seed", "min-count", "max-words"},
                            {"cased"});
  const fs::path corpus_file = arguments.required("corpus");
  const fs::path out = arguments.required("out");
  if (fs::exists(out / "model.safetensors"))
    throw UsageError(out.string() + " already holds a model; choose another --out or remove it");
  const auto corpus = read_corpus(corpus_file);
  if (corpus.empty()) throw UsageError(corpus_file.string() + " holds no text");

  WordPieceVocabularyOptions vocabulary;
  vocabulary.lower_case = !arguments.has("cased");
  vocabulary.min_count = arguments.integer("min-count", 1);
  vocabulary.max_words = arguments.integer("max-words", 30000);
  MaskedLmPretrainingOptions options;
  options.max_length = arguments.integer("max-length", 64);
  options.epochs = arguments.integer("epochs", options.epochs);
  options.batch_size = arguments.integer("batch", options.batch_size);
  options.learning_rate = arguments.number("learning-rate", options.learning_rate);
  options.seed = static_cast<std::uint64_t>(arguments.integer("seed", 0));
  MaskedLmConfig config = default_masked_lm_config(MaskedLmFamily::Bert);
  config.hidden_size = arguments.integer("hidden", 64);
  config.layers = arguments.integer("layers", 2);
  config.heads = arguments.integer("heads", 4);
  config.intermediate_size = arguments.integer("intermediate", 4 * config.hidden_size);
  config.max_positions = options.max_length;
  vocabulary.model_max_length = options.max_length;
  if (config.hidden_size < 1 || config.layers < 1 || config.heads < 1 || config.hidden_size % config.heads != 0)
    throw UsageError("--hidden must be a positive multiple of --heads");

  // The tokenizer files go to a staging folder first: --out receives nothing until the model is trained.
  const fs::path staging = out.string() + ".partial";
  const auto tokens = build_wordpiece_vocabulary(corpus, vocabulary);
  const auto tokenizer_files = write_wordpiece_tokenizer(staging, tokens, vocabulary);
  const auto tokenizer = load_masked_lm_tokenizer(staging);
  config.vocab_size = tokenizer->vocabulary_size();
  std::cout << "corpus: " << corpus.size() << " lines; vocabulary: " << tokens.size() << " tokens\n"
            << "model: " << config.summary() << '\n';

  ProgressBar bar("pre-training");
  const auto result = pretrain_masked_lm(corpus, *tokenizer, config, options, [&](const auto& progress) {
    bar.update(progress.step, progress.total_steps);
    return true;
  });
  bar.finish();
  for (std::size_t epoch = 0; epoch < result.epoch_losses.size(); ++epoch)
    if (epoch + 1 == result.epoch_losses.size() || epoch % 10 == 0)
      std::printf("epoch %3zu  loss %.4f  masked-token accuracy %.2f%%\n", epoch + 1, result.epoch_losses[epoch],
                  100.0 * result.epoch_masked_accuracies[epoch]);

  MaskedLmBackbone backbone;
  backbone.model = result.model;
  backbone.identity.name = arguments.value("name").value_or(out.filename().string());
  backbone.save_huggingface(staging, {});
  fs::create_directories(out.parent_path().empty() ? fs::path(".") : out.parent_path());
  if (fs::exists(out)) {
    for (const auto& file : fs::directory_iterator(staging)) fs::rename(file.path(), out / file.path().filename());
    fs::remove(staging);
  } else {
    fs::rename(staging, out);
  }
  std::cout << "wrote " << out.string() << " (config.json, model.safetensors, "
            << tokenizer_files.front().filename().string() << ", " << tokenizer_files.back().filename().string()
            << ")\n";
  return 0;
}

}  // namespace

Command pretrain_mlm_command() {
  return {"pretrain-mlm", "pre-train a small BERT from scratch on a text corpus (Hugging Face layout)",
          "promptune-cli pretrain-mlm --corpus FILE --out DIR [--epochs N] [--batch N] [--learning-rate R]\n"
          "                           [--hidden H] [--layers L] [--heads A] [--intermediate F] [--max-length T]\n"
          "                           [--min-count N] [--max-words N] [--cased] [--seed S] [--name NAME]\n"
          "  --corpus     one sentence per line (.txt), or the text column of a CSV, TSV or JSONL dataset\n"
          "  --out        folder to write config.json, model.safetensors, vocab.txt, tokenizer_config.json\n"
          "  defaults: 64 hidden, 2 layers, 4 heads, FFN 4 x hidden, 64 tokens, 40 epochs of 32, AdamW 1e-3;\n"
          "  BERT's masked-LM objective with dynamic 15 % masking; the vocabulary is built from the corpus\n",
          run_pretrain_mlm};
}

}  // namespace promptune::cli
