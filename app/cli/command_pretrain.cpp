#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/data/text_dataset.h"
#include "core/models/clip_backbone.h"
#include "core/models/masked_lm_backbone.h"
#include "core/text/clip_vocabulary.h"
#include "core/text/wordpiece_tokenizer.h"
#include "core/text/wordpiece_vocabulary.h"
#include "core/train/clip_pretraining.h"
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

/// The folder beside --out that receives everything first. It is removed unless published, so a failed run leaves
/// no half-written model, and one left by a killed run is cleared when the next starts.
class StagingFolder {
 public:
  explicit StagingFolder(const fs::path& out) : out_(out), path_(out.string() + ".partial") { fs::remove_all(path_); }
  ~StagingFolder() {
    std::error_code ignored;
    if (!published_) fs::remove_all(path_, ignored);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  const fs::path& path() const { return path_; }

  /// Moves the staged files to --out (created, or an existing folder filled).
  void publish() {
    if (!out_.parent_path().empty()) fs::create_directories(out_.parent_path());
    if (fs::exists(out_)) {
      for (const auto& file : fs::directory_iterator(path_)) fs::rename(file.path(), out_ / file.path().filename());
      fs::remove(path_);
    } else {
      fs::rename(path_, out_);
    }
    published_ = true;
  }

 private:
  fs::path out_, path_;
  bool published_ = false;
};

void refuse_existing_model(const fs::path& out) {
  if (fs::exists(out / "model.safetensors"))
    throw UsageError(out.string() + " already holds a model; choose another --out or remove it");
}

int run_pretrain_mlm(const std::vector<std::string>& argv) {
  const Arguments arguments(argv,
                            {"corpus", "out", "name", "hidden", "layers", "heads", "intermediate", "max-length",
                             "epochs", "batch", "learning-rate", "seed", "min-count", "max-words"},
                            {"cased"});
  const fs::path corpus_file = arguments.required("corpus");
  const fs::path out = arguments.required("out");
  refuse_existing_model(out);
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

  StagingFolder staging(out);  // --out receives nothing until the model is trained
  const auto tokens = build_wordpiece_vocabulary(corpus, vocabulary);
  const auto tokenizer_files = write_wordpiece_tokenizer(staging.path(), tokens, vocabulary);
  const auto tokenizer = load_masked_lm_tokenizer(staging.path());
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
                  100.0 * result.epoch_accuracies[epoch]);

  MaskedLmBackbone backbone;
  backbone.model = result.model;
  backbone.identity.name = arguments.value("name").value_or(out.filename().string());
  backbone.save_huggingface(staging.path(), {});
  staging.publish();
  std::cout << "wrote " << out.string() << " (config.json, model.safetensors, "
            << tokenizer_files.front().filename().string() << ", " << tokenizer_files.back().filename().string()
            << ")\n";
  return 0;
}

int run_pretrain_clip(const std::vector<std::string>& argv) {
  const Arguments arguments(argv,
                            {"captions", "out", "name", "image-size", "patch", "width", "layers", "heads", "text-width",
                             "text-layers", "context", "embed", "epochs", "batch", "learning-rate", "seed"},
                            {});
  const fs::path captions_file = arguments.required("captions");
  const fs::path out = arguments.required("out");
  refuse_existing_model(out);
  const auto pairs = read_captions_csv(captions_file);
  std::vector<std::string> captions;
  for (const auto& pair : pairs) captions.push_back(pair.caption);

  ClipConfig config;
  const int width = arguments.integer("width", 64), text_width = arguments.integer("text-width", width);
  config.vision = {width,     arguments.integer("layers", 2), arguments.integer("heads", 4),
                   4 * width, Activation::QuickGelu,          1e-5};
  config.text = {text_width,
                 arguments.integer("text-layers", config.vision.layers),
                 arguments.integer("heads", 4),
                 4 * text_width,
                 Activation::QuickGelu,
                 1e-5};
  config.image_size = arguments.integer("image-size", 32);
  config.patch_size = arguments.integer("patch", 8);
  config.context_length = arguments.integer("context", 16);
  config.embed_dim = arguments.integer("embed", 32);
  if (config.patch_size < 1 || config.image_size % config.patch_size != 0)
    throw UsageError("--image-size must be a multiple of --patch");
  ClipPretrainingOptions options;
  options.epochs = arguments.integer("epochs", options.epochs);
  options.batch_size = arguments.integer("batch", options.batch_size);
  options.learning_rate = arguments.number("learning-rate", options.learning_rate);
  options.seed = static_cast<std::uint64_t>(arguments.integer("seed", 0));
  ImagePreprocessing preprocessing;
  preprocessing.resize_short_side = preprocessing.crop_size = config.image_size;

  StagingFolder staging(out);  // --out receives nothing until the model is trained
  const auto tokenizer_files = write_clip_vocabulary(staging.path(), learn_clip_merges(captions));
  const auto tokenizer = ClipTokenizer::from_directory(staging.path());
  std::cout << "captions: " << pairs.size() << " images; vocabulary: " << tokenizer->vocabulary_size()
            << " tokens\nmodel: " << config.summary() << '\n';
  ProgressBar bar("pre-training");
  const auto result = pretrain_clip(pairs, *tokenizer, config, preprocessing, options, [&](const auto& progress) {
    bar.update(progress.step, progress.total_steps);
    return true;
  });
  bar.finish();
  for (std::size_t epoch = 0; epoch < result.epoch_losses.size(); ++epoch)
    if (epoch + 1 == result.epoch_losses.size() || epoch % 10 == 0)
      std::printf("epoch %3zu  loss %.4f  in-batch image->caption accuracy %.2f%%\n", epoch + 1,
                  result.epoch_losses[epoch], 100.0 * result.epoch_accuracies[epoch]);
  ClipBackbone backbone;
  backbone.model = result.model;
  backbone.identity.name = arguments.value("name").value_or(out.filename().string());
  backbone.preprocessing = preprocessing;
  backbone.save_huggingface(staging.path(), {});  // the vocabulary is already there
  staging.publish();
  std::cout << "wrote " << out.string() << " (config.json, model.safetensors, preprocessor_config.json, "
            << tokenizer_files.front().filename().string() << ", " << tokenizer_files.back().filename().string()
            << ")\n";
  return 0;
}

}  // namespace

Command pretrain_clip_command() {
  return {"pretrain-clip", "pre-train a small CLIP from scratch on captioned images (Hugging Face layout)",
          "promptune-cli pretrain-clip --captions FILE --out DIR [--epochs N] [--batch N] [--learning-rate R]\n"
          "                            [--image-size S] [--patch P] [--width W] [--layers L] [--heads A]\n"
          "                            [--text-width W] [--text-layers L] [--context T] [--embed E] [--seed S]\n"
          "  --captions  CSV of path,caption (paths relative to it), e.g. captions.csv of a demo image set\n"
          "  --out       folder to write config.json, model.safetensors, preprocessor_config.json, vocab.json,\n"
          "              merges.txt\n"
          "  defaults: 32-pixel images in 8-pixel patches, towers of 2 x 64 (4 heads), 16 text tokens, E = 32,\n"
          "  30 epochs of 64, AdamW 1e-3; CLIP's contrastive loss; the BPE vocabulary is learned from the captions\n",
          run_pretrain_clip};
}

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
