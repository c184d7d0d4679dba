// Writes the seed corpora of the fuzz harnesses (one folder per harness) and the method catalog the session-file
// harness validates against, all through the application's own writers, so the seeds are files as users have them.
// Usage: make_fuzz_seeds OUTPUT_FOLDER
#include <zlib.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/export/prompt_file.h"
#include "core/io/tensor_archive.h"
#include "core/methods/method_description.h"
#include "core/models/clip_config.h"
#include "core/models/masked_lm_config.h"
#include "core/text/wordpiece_vocabulary.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/method_catalog_json.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm_vocabulary.h"
#include "tests/support/tiny_vocabulary.h"

namespace promptune {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SeedWriter {
 public:
  explicit SeedWriter(fs::path root) : root_(std::move(root)) {}

  void add(const std::string& harness, const std::string& content) {
    const auto folder = root_ / harness;
    fs::create_directories(folder);
    std::ofstream(folder / ("seed-" + std::to_string(++count_)), std::ios::binary) << content;
  }
  void add_parts(const std::string& harness, const std::vector<std::string>& parts, const std::string& prefix = "") {
    std::string joined = prefix;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) joined += fuzz::kPartSeparator;
      joined += parts[i];
    }
    add(harness, joined);
  }

 private:
  fs::path root_;
  int count_ = 0;
};

const std::vector<std::string> kTexts = {"a photo of a cat.", "It was [MASK]. A GREAT film, 10/10!!",
                                         "naïve café — 東京 😀 <mask> don't", ""};

void safetensors_seeds(SeedWriter& seeds, const testing::TemporaryFolder& scratch) {
  const auto file = scratch / "seed.safetensors";
  save_safetensors(file, {{"weight", torch::arange(6, torch::kFloat32).reshape({2, 3})}}, {{"format", "pt"}});
  seeds.add("safetensors", read_file(file));
  TensorMap every_dtype;
  for (const auto type : {torch::kFloat64, torch::kFloat32, torch::kFloat16, torch::kBFloat16, torch::kInt64,
                          torch::kInt32, torch::kInt16, torch::kInt8, torch::kUInt8, torch::kBool})
    every_dtype[std::string("t_") + c10::toString(type)] = torch::ones({2, 2}, type);
  every_dtype["scalar"] = torch::tensor(3.5f);
  every_dtype["empty"] = torch::zeros({0, 4});
  save_safetensors(file, every_dtype);
  seeds.add("safetensors", read_file(file));
  save_safetensors(file, {});
  seeds.add("safetensors", read_file(file));
}

void prompt_file_seeds(SeedWriter& seeds, const testing::TemporaryFolder& scratch) {
  PromptFile prompt;
  prompt.tensors["context"] = torch::randn({4, 8});
  prompt.metadata = {
      {"method", "coop"},
      {"method_options", {{"n_ctx", 4}, {"class_token_position", "end"}}},
      {"class_names", {"cat", "dog", "traffic light"}},
      {"class_ids", {"cat", "dog", "traffic_light"}},
      {"backbone", {{"name", "clip-vit-b32"}, {"weights_hash", std::string(64, 'a')}, {"layout", "huggingface"}}},
      {"templates", {"a photo of a {}."}},
      {"metrics", {{"validation/accuracy", 0.9}}},
      {"seed", 1}};
  const auto file = scratch / "seed.prompt.safetensors";
  save_prompt_file(file, prompt);
  seeds.add("prompt_file", read_file(file));
  prompt.metadata["method"] = "lm_bff";
  prompt.metadata["class_names"] = {"terrible", "great"};
  prompt.tensors = {{"prompt_embeddings", torch::randn({2, 16})}, {"head.bias", torch::zeros({2})}};
  save_prompt_file(file, prompt);
  seeds.add("prompt_file", read_file(file));
}

void model_config_seeds(SeedWriter& seeds) {
  seeds.add("model_config", clip_config_to_hf_json(vit_b32_config()).dump(2));
  seeds.add("model_config", nlohmann::json{{"embed_dim", 512},
                                           {"image_resolution", 224},
                                           {"vision_layers", 12},
                                           {"vision_width", 768},
                                           {"vision_patch_size", 32},
                                           {"context_length", 77},
                                           {"vocab_size", 49408},
                                           {"transformer_width", 512},
                                           {"transformer_heads", 8},
                                           {"transformer_layers", 12}}
                                .dump());
  for (const auto family : {MaskedLmFamily::Bert, MaskedLmFamily::Roberta})
    seeds.add("model_config", masked_lm_config_to_json(default_masked_lm_config(family)).dump(2));
}

void clip_tokenizer_seeds(SeedWriter& seeds, const testing::TemporaryFolder& scratch) {
  const auto files = testing::write_tiny_vocabulary(scratch / "clip", {"p h", "o t", "ph ot", "c a", "ca t</w>"});
  const std::string vocabulary = read_file(files[0]), merges = read_file(files[1]);
  for (const auto& text : kTexts) seeds.add_parts("clip_tokenizer", {vocabulary, merges, text});
  const auto archive = scratch / "bpe.txt.gz";
  gzFile gz = gzopen(archive.c_str(), "wb");
  const std::string lines = "\"bpe_simple_vocab_16e6.txt#version: 0.2\n" + merges.substr(merges.find('\n') + 1);
  gzwrite(gz, lines.data(), static_cast<unsigned>(lines.size()));
  gzclose(gz);
  seeds.add("clip_tokenizer", "G" + read_file(archive));
}

void masked_lm_tokenizer_seeds(SeedWriter& seeds, const testing::TemporaryFolder& scratch) {
  const std::vector<std::string> words = {"it", "was", "great", "terrible", "film", "##s", "##ing", ",", "."};
  std::string vocab_txt;
  nlohmann::json wordpiece_vocab = nlohmann::json::object();
  for (const auto& token : testing::wordpiece_tokens(words)) {
    wordpiece_vocab[token] = wordpiece_vocab.size();
    vocab_txt += token + "\n";
  }
  const std::string config = nlohmann::json{{"do_lower_case", true}, {"strip_accents", nullptr}}.dump();
  for (const auto& text : kTexts) seeds.add_parts("wordpiece_tokenizer", {vocab_txt, config, text});
  nlohmann::json added = nlohmann::json::array();
  for (const char* token : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"})
    added.push_back({{"id", wordpiece_vocab[token]}, {"content", token}, {"special", true}});
  const nlohmann::json wordpiece_json{
      {"added_tokens", added},
      {"normalizer", {{"type", "BertNormalizer"}, {"lowercase", true}, {"handle_chinese_chars", true}}},
      {"model", {{"type", "WordPiece"}, {"vocab", wordpiece_vocab}, {"unk_token", "[UNK]"}}}};
  seeds.add_parts("wordpiece_tokenizer", {wordpiece_json.dump(), kTexts[1]}, "J");

  const auto merges = testing::sentiment_merges();
  const auto vocabulary = testing::byte_level_vocabulary(merges);
  std::string merges_txt = "#version: 0.2\n";
  for (const auto& merge : merges) merges_txt += merge + "\n";
  for (const auto& text : kTexts) seeds.add_parts("byte_level_bpe_tokenizer", {vocabulary.dump(), merges_txt, text});
  nlohmann::json bpe_added = nlohmann::json::array();
  for (const char* token : {"<s>", "<pad>", "</s>", "<unk>", "<mask>"})
    bpe_added.push_back({{"id", vocabulary[token]}, {"content", token}, {"lstrip", std::string(token) == "<mask>"}});
  const nlohmann::json bpe_json{{"added_tokens", bpe_added},
                                {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
                                {"model", {{"type", "BPE"}, {"vocab", vocabulary}, {"merges", merges}}}};
  seeds.add_parts("byte_level_bpe_tokenizer", {bpe_json.dump(), kTexts[2]}, "J");
  (void)scratch;
}

void session_seeds(SeedWriter& seeds) {
  for (const auto& method : method_catalog()) {
    nlohmann::json session{{"name", "seed-" + method.name},
                           {"backbone", {{"path", "models/clip"}}},
                           {"data", {{"train", {{"path", "data/train"}}}, {"target", {{"path", "data/test"}}}}},
                           {"method", {{"name", method.name}}}};
    if (method.modality == Modality::Text) {
      session["backbone"]["path"] = "models/bert";
      session["data"] = {{"train", {{"path", "train.csv"}}}, {"validation", {{"path", "dev.csv"}}}};
      session["text"] = {{"template", "{sentence} It was [MASK]."},
                         {"label_words", {{"0", "terrible"}, {"1", "great"}}}};
    }
    if (method.training_data == TrainingData::UnlabeledTarget)
      session["data"] = {{"target", {{"path", "data/target"}}}};
    seeds.add("session_file", SessionConfig::from_json(session).to_json().dump(2));
  }
}

void dataset_seeds(SeedWriter& seeds) {
  // The harness picks the format from the first byte, modulo 3.
  const std::string kCsv(1, '\0'), kTsv(1, '\1'), kJsonl(1, '\2');
  seeds.add_parts("datasets", {"text,label\n\"a \"\"quoted\"\", line\",positive\nplain,negative\n"}, kCsv);
  seeds.add_parts("datasets", {"0,\"no header, LM-BFF style\"\n1,second\n"}, kCsv);
  seeds.add_parts("datasets", {"sentence1\tsentence2\tlabel\nA man.\tA person.\tentailment\n"}, kTsv);
  seeds.add_parts("datasets",
                  {"{\"text\": \"fine\", \"label\": 1}\n{\"sentence1\": \"a\", \"sentence2\": \"b\", \"label\": "
                   "\"0\"}\n"},
                  kJsonl);
  seeds.add_parts("datasets", {"path,label,domain\nimg/a.png,cat,photo\nimg/b.jpg,dog,sketch\n", "cat\tfeline\ndog\n"},
                  kCsv);
}

}  // namespace
}  // namespace promptune

int main(int argc, char** argv) {
  using namespace promptune;
  if (argc != 2) {
    std::cerr << "usage: make_fuzz_seeds OUTPUT_FOLDER\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];
  std::filesystem::create_directories(root);
  SeedWriter seeds(root);
  testing::TemporaryFolder scratch;
  safetensors_seeds(seeds, scratch);
  prompt_file_seeds(seeds, scratch);
  model_config_seeds(seeds);
  clip_tokenizer_seeds(seeds, scratch);
  masked_lm_tokenizer_seeds(seeds, scratch);
  session_seeds(seeds);
  dataset_seeds(seeds);
  std::ofstream(root / "method_catalog.json") << fuzz::method_catalog_to_json(method_catalog()).dump();
  std::cout << "seed corpora written to " << root.string() << '\n';
  return 0;
}
