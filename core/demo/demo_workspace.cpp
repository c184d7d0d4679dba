#include "core/demo/demo_workspace.h"

#include <nlohmann/json.hpp>

#include "core/demo/sentiment_grammar.h"
#include "core/demo/shape_renderer.h"
#include "core/io/atomic_file.h"
#include "core/methods/method_description.h"
#include "core/models/clip_backbone.h"
#include "core/models/masked_lm_backbone.h"
#include "core/text/clip_vocabulary.h"
#include "core/text/wordpiece_vocabulary.h"
#include "core/train/clip_pretraining.h"
#include "core/train/masked_lm_pretraining.h"
#include "core/train/step_clock.h"
#include "core/util/error.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

class Reporter {
 public:
  explicit Reporter(const DemoCallback& callback) : callback_(callback) {}
  void operator()(const std::string& phase, long long done, long long total, double remaining = -1.0) const {
    if (!callback_) return;
    const DemoProgress report{phase, done, total, clock_.elapsed_seconds(), remaining};
    if (!callback_(report)) throw Error("demo workspace: cancelled");
  }
  bool forward(const std::string& phase, long long done, long long total, double remaining) const {
    (*this)(phase, done, total, remaining);
    return true;
  }

 private:
  const DemoCallback& callback_;
  StepClock clock_;
};

void build_clip(const fs::path& root, const DemoOptions& options, const Reporter& report) {
  std::vector<CaptionedImage> clean;
  for (const auto& pair : read_captions_csv(root / "shapes/captions.csv"))
    if (pair.image.parent_path().parent_path().filename() == shape_style_name(ShapeStyle::Clean)) clean.push_back(pair);
  write_pairing_shapes(
      root / "clip-pretraining", options.reduced ? 120 : 1200, demo_clip_config().image_size, options.seed,
      [&](int done, int total) { return report.forward("rendering pre-training images", done, total, -1.0); });
  for (auto& pair : read_captions_csv(root / "clip-pretraining/captions.csv")) clean.push_back(std::move(pair));
  std::vector<std::string> captions;
  for (const auto& pair : clean) captions.push_back(pair.caption);
  write_clip_vocabulary(root / "clip", learn_clip_merges(captions));
  const auto tokenizer = ClipTokenizer::from_directory(root / "clip");

  const ClipConfig config = demo_clip_config();
  ImagePreprocessing preprocessing;
  preprocessing.resize_short_side = preprocessing.crop_size = config.image_size;
  ClipPretrainingOptions training;
  training.epochs = options.reduced ? 12 : 15;
  training.batch_size = 40;
  training.seed = options.seed;
  const auto result = pretrain_clip(clean, *tokenizer, config, preprocessing, training, [&](const auto& p) {
    return report.forward("pre-training CLIP", p.step, p.total_steps, p.remaining_seconds);
  });
  ClipBackbone backbone;
  backbone.model = result.model;
  backbone.identity.name = "promptune-demo-clip";
  backbone.preprocessing = preprocessing;
  backbone.save_huggingface(root / "clip", {});
}

void build_text(const fs::path& root, const DemoOptions& options, const Reporter& report) {
  report("writing text", 0, 1);
  SentimentGrammar grammar(static_cast<std::uint32_t>(options.seed) + 11);
  const auto corpus = grammar.corpus(options.reduced ? 400 : 3000, 1, 2);
  std::string lines;
  for (const auto& line : corpus) lines += line + "\n";
  fs::create_directories(root / "text");
  write_file_atomically(root / "text/corpus.txt", lines);
  const int rows = options.reduced ? 32 : 200;
  write_file_atomically(root / "text/source_train.csv", grammar.labeled_csv(source_register(), 64));
  write_file_atomically(root / "text/source_validation.csv", grammar.labeled_csv(source_register(), rows));
  write_file_atomically(root / "text/target.csv", grammar.labeled_csv(target_register(), 64));
  write_file_atomically(root / "text/target_validation.csv", grammar.labeled_csv(target_register(), rows));

  const auto tokens = build_wordpiece_vocabulary(corpus);
  write_wordpiece_tokenizer(root / "bert", tokens);
  const auto tokenizer = load_masked_lm_tokenizer(root / "bert");
  const MaskedLmConfig config = demo_bert_config(tokenizer->vocabulary_size());
  MaskedLmPretrainingOptions training;
  training.epochs = options.reduced ? 2 : 12;
  training.learning_rate = 2e-3;
  training.seed = options.seed + 6;
  const auto result = pretrain_masked_lm(corpus, *tokenizer, config, training, [&](const auto& p) {
    return report.forward("pre-training BERT", p.step, p.total_steps, p.remaining_seconds);
  });
  MaskedLmBackbone backbone;
  backbone.model = result.model;
  backbone.identity.name = "promptune-demo-bert";
  backbone.save_huggingface(root / "bert", {});
}

/// A session that adapts the demo CLIP to the textured renders, as the comparison does for every domain.
nlohmann::json vision_session(const std::string& method, const nlohmann::json& training,
                              const nlohmann::json& options = nlohmann::json::object()) {
  return {{"format", "promptune-session"},
          {"name", "demo-" + method},
          {"backbone", {{"path", "../clip"}}},
          {"data", demo_adaptation_data(method, "textured", 16, 0.5, 1)},
          {"templates", "photo"},
          {"method", {{"name", method}, {"options", options}}},
          {"training", training},
          {"output", "../runs"}};
}

nlohmann::json text_session(const std::string& method, const nlohmann::json& data, const nlohmann::json& training) {
  return {{"format", "promptune-session"},
          {"name", "demo-" + method},
          {"backbone", {{"path", "../bert"}}},
          {"data", data},
          {"text",
           {{"template", "{sentence} it was [MASK] ."},
            {"label_words", {{"0", "terrible"}, {"1", "great"}}},
            {"max_length", 32}}},
          {"method", {{"name", method}}},
          {"training", training},
          {"output", "../runs"}};
}

std::vector<fs::path> write_sessions(const fs::path& root, const fs::path& final_root) {
  const nlohmann::json labeled_source = {{"train", {{"path", "../text/source_train.csv"}}},
                                         {"validation", {{"path", "../text/source_validation.csv"}}},
                                         {"target", {{"path", "../text/target_validation.csv"}}}};
  const nlohmann::json unlabeled_target = {{"target", {{"path", "../text/target.csv"}}},
                                           {"validation", {{"path", "../text/target_validation.csv"}}}};
  const std::vector<std::pair<std::string, nlohmann::json>> sessions = {
      {"zero_shot", vision_session("zero_shot", nlohmann::json::object())},
      {"linear_probe", vision_session("linear_probe", nlohmann::json::object())},
      {"coop", vision_session("coop", {{"epochs", 20}})},
      {"cocoop", vision_session("cocoop", {{"epochs", 5}})},
      {"vpt_shallow", vision_session("vpt_shallow", {{"epochs", 20}})},
      // 8 prompts, not SPT's 100: the demo ViT has 16 patch tokens. Random crops of 32-pixel renders lose the shape.
      {"spt_shallow", vision_session("spt_shallow", {{"epochs", 30}, {"warmup_epochs", 3}, {"augmentation", "none"}},
                                     {{"n_tokens", 8}})},
      // The official 1e-5 is for ViT-B/16 pre-trained on 400 M pairs; the 2-layer demo CLIP needs 1e-3 to move.
      {"proreg", vision_session("proreg", {{"epochs", 20}, {"learning_rate", 1e-3}})},
      {"pouf_prompt", vision_session("pouf_prompt", {{"epochs", 10}})},
      {"mlm_zero_shot", text_session("mlm_zero_shot", labeled_source, nlohmann::json::object())},
      {"lm_bff", text_session("lm_bff", labeled_source, {{"epochs", 15}, {"batch_size", 16}, {"learning_rate", 1e-4}})},
      {"prompt_tuning",
       text_session("prompt_tuning", labeled_source, {{"epochs", 40}, {"batch_size", 16}, {"learning_rate", 0.05}})},
      {"pouf_mlm",
       text_session("pouf_mlm", unlabeled_target, {{"epochs", 60}, {"batch_size", 16}, {"learning_rate", 1e-4}})}};
  std::vector<fs::path> files;
  fs::create_directories(root / "sessions");
  for (const auto& [name, document] : sessions) {
    write_file_atomically(root / "sessions" / (name + ".promptune.json"), document.dump(2) + "\n");
    files.push_back(final_root / "sessions" / (name + ".promptune.json"));
  }
  return files;
}

const char* kReadme = R"(# Promptune demo workspace

Made by `promptune-cli demo create`, entirely by Promptune's own code (nothing downloaded):

- `shapes/`: ten shape classes (`classes.txt`) rendered in four styles: `clean` (the source domain) and the
  target domains `textured`, `sketch` (line drawings without colour) and `noisy` (blur, noise, rotated palette);
  `captions.csv` holds each image's caption.
- `clip/`: a tiny CLIP pre-trained contrastively on the clean renders and their captions, and on the renders of
  every colour x shape pairing in `clip-pretraining/` (`promptune-cli pretrain-clip`), in the Hugging Face layout
  with its own vocab.json and merges.txt.
- `text/`: movie-review sentences in a source register (`source_*.csv`) and a target register (`target*.csv`),
  and `corpus.txt`, the corpus `bert/` was pre-trained on (`promptune-cli pretrain-mlm`).
- `sessions/`: one session per method family; the image ones adapt to the textured renders (16 labeled images per
  class, or POUF from the unlabeled ones). Run one with `promptune-cli run sessions/coop.promptune.json`;
  `promptune-cli demo compare .` runs every method on every domain and prints the table.
)";

}  // namespace

nlohmann::json demo_adaptation_data(const std::string& method, const std::string& domain, int shots,
                                    double held_out_fraction, std::uint64_t seed) {
  const nlohmann::json images = {{"path", "../shapes"}, {"domain", domain}};
  if (find_method_description(method).training_data == TrainingData::UnlabeledTarget)
    return {{"target", images}, {"seed", seed}};  // labels read only for the score
  return {{"train", images}, {"shots", shots}, {"validation_fraction", held_out_fraction}, {"seed", seed}};
}

ClipConfig demo_clip_config() {
  ClipConfig config;
  config.vision = {64, 2, 4, 256, Activation::QuickGelu, 1e-5};
  config.text = {64, 2, 4, 256, Activation::QuickGelu, 1e-5};
  config.patch_size = 8;
  config.image_size = 32;
  config.context_length = 32;  // room for CoOp's 16 context vectors before the class name
  config.embed_dim = 32;
  return config;
}

MaskedLmConfig demo_bert_config(int vocabulary_size) {
  MaskedLmConfig config = default_masked_lm_config(MaskedLmFamily::Bert);
  config.vocab_size = vocabulary_size;
  config.hidden_size = 64;
  config.layers = 2;
  config.heads = 4;
  config.intermediate_size = 128;
  config.max_positions = 64;
  return config;
}

DemoWorkspace create_demo_workspace(const fs::path& folder, const DemoOptions& options, const DemoCallback& progress) {
  if (fs::exists(folder)) throw file_error(folder, "already exists; the demo is created in a new folder");
  const fs::path staging = folder.string() + ".partial";
  fs::remove_all(staging);  // what an interrupted build left
  const Reporter report(progress);
  try {
    ShapeDatasetOptions shapes;
    shapes.images_per_class = options.reduced ? 12 : 60;
    shapes.image_size = 32;
    shapes.seed = options.seed;
    write_shape_dataset(staging / "shapes", shapes,
                        [&](int done, int total) { return report.forward("rendering images", done, total, -1.0); });
    build_clip(staging, options, report);
    build_text(staging, options, report);
    DemoWorkspace workspace;
    workspace.folder = folder;
    workspace.sessions = write_sessions(staging, folder);
    write_file_atomically(staging / "README.md", kReadme);
    if (!folder.parent_path().empty()) fs::create_directories(folder.parent_path());
    fs::rename(staging, folder);
    return workspace;
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
}

}  // namespace promptune
