#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/io/tensor_archive.h"
#include "core/models/masked_lm_backbone.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"
#include "tests/support/tiny_masked_lm.h"

namespace promptune {
namespace {

using testing::error_of;
using testing::TemporaryFolder;

const std::vector<std::string> kWords = {"it", "was", "great", "terrible", "the", "movie", "film", "."};

torch::Tensor run(MaskedLmBackbone& backbone, const torch::Tensor& ids, const torch::Tensor& mask = {}) {
  torch::NoGradGuard no_grad;
  MaskedLmInput input;
  input.input_embeddings = backbone.model->embed_tokens(ids);
  input.attention_mask = mask.defined() ? mask : torch::ones_like(ids);
  return backbone.model->forward(input);
}

double relative_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).norm() / b.norm()).item<double>();
}

torch::Tensor layer_norm(const torch::Tensor& x, const TensorMap& w, const std::string& name, double eps) {
  const auto mean = x.mean(-1, true);
  const auto variance = (x - mean).pow(2).mean(-1, true);
  return (x - mean) / torch::sqrt(variance + eps) * w.at(name + ".weight") + w.at(name + ".bias");
}

torch::Tensor linear(const torch::Tensor& x, const TensorMap& w, const std::string& name) {
  return torch::matmul(x, w.at(name + ".weight").t()) + w.at(name + ".bias");
}

// The forward pass of METHODS-language.md §5.3 for one sequence, written out with plain tensor operations from the
// checkpoint's tensors (exact GELU, no padding).
torch::Tensor reference_bert(const TensorMap& w, const MaskedLmConfig& config, const torch::Tensor& ids) {
  const std::string p = "bert.";
  const auto length = ids.size(0);
  auto x = w.at(p + "embeddings.word_embeddings.weight").index_select(0, ids) +
           w.at(p + "embeddings.position_embeddings.weight").slice(0, 0, length) +
           w.at(p + "embeddings.token_type_embeddings.weight")[0];
  x = layer_norm(x, w, p + "embeddings.LayerNorm", config.layer_norm_eps);
  const int heads = config.heads, d = config.head_dim();
  for (int l = 0; l < config.layers; ++l) {
    const std::string layer = p + "encoder.layer." + std::to_string(l) + ".";
    const auto q = linear(x, w, layer + "attention.self.query").view({length, heads, d}).transpose(0, 1);
    const auto k = linear(x, w, layer + "attention.self.key").view({length, heads, d}).transpose(0, 1);
    const auto v = linear(x, w, layer + "attention.self.value").view({length, heads, d}).transpose(0, 1);
    const auto a = torch::softmax(torch::matmul(q, k.transpose(1, 2)) / std::sqrt(double(d)), -1);
    const auto context = torch::matmul(a, v).transpose(0, 1).reshape({length, config.hidden_size});
    x = layer_norm(x + linear(context, w, layer + "attention.output.dense"), w, layer + "attention.output.LayerNorm",
                   config.layer_norm_eps);
    const auto ffn = linear(torch::gelu(linear(x, w, layer + "intermediate.dense")), w, layer + "output.dense");
    x = layer_norm(x + ffn, w, layer + "output.LayerNorm", config.layer_norm_eps);
  }
  return x;
}

TEST(MaskedLm, BertForwardMatchesTheSpecificationWrittenOut) {
  TemporaryFolder folder;
  const auto path = testing::write_tiny_bert(folder, "bert", kWords);
  auto backbone = MaskedLmBackbone::load(path);
  const auto weights = load_safetensors(path / "model.safetensors").tensors;
  const auto ids = torch::tensor({2, 5, 6, 7, 4, 12, 3}, torch::kInt64);
  const auto ours = run(*backbone, ids.unsqueeze(0))[0];
  const auto reference = reference_bert(weights, backbone->model->config(), ids);
  EXPECT_LT(relative_difference(ours, reference), 1e-5);
  // Head: logits of all tokens = LN(gelu(dense h)) E^T + b, with the decoder tied to the word embeddings.
  torch::NoGradGuard no_grad;
  const auto z = layer_norm(torch::gelu(linear(reference, weights, "cls.predictions.transform.dense")), weights,
                            "cls.predictions.transform.LayerNorm", backbone->model->config().layer_norm_eps);
  const auto expected_logits =
      torch::matmul(z, weights.at("bert.embeddings.word_embeddings.weight").t()) + weights.at("cls.predictions.bias");
  const auto logits = backbone->model->token_logits(backbone->model->head_transform(ours));
  EXPECT_LT(relative_difference(logits, expected_logits), 1e-5);
  const auto some = torch::tensor({6, 7}, torch::kInt64);
  EXPECT_TRUE(torch::allclose(backbone->model->token_logits(backbone->model->head_transform(ours), some),
                              logits.index_select(1, some), 1e-5, 1e-5));
  EXPECT_FALSE(weights.count("cls.predictions.decoder.weight"));  // tied: stored once, as transformers does
}

TEST(MaskedLm, PaddingDoesNotChangeRealTokensForBothFamilies) {
  TemporaryFolder folder;
  for (const auto& path : {testing::write_tiny_bert(folder, "bert", kWords),
                           testing::write_tiny_roberta(folder, "roberta", testing::sentiment_merges())}) {
    auto backbone = MaskedLmBackbone::load(path);
    const int pad = backbone->tokenizer->special_ids().pad;
    const auto ids = torch::tensor({{0, 7, 8, 9, 2}}, torch::kInt64);
    const auto padded = torch::tensor({{0, 7, 8, 9, 2, pad, pad}}, torch::kInt64);
    const auto mask = torch::tensor({{1, 1, 1, 1, 1, 0, 0}}, torch::kInt64);
    const auto plain = run(*backbone, ids);
    const auto with_padding = run(*backbone, padded, mask).slice(1, 0, 5);
    EXPECT_LT(relative_difference(with_padding, plain), 1e-5) << path;
  }
}

TEST(MaskedLm, PrefixKeysAndValuesActLikeTokensBeforeTheInput) {
  // One layer: the keys and values of tokens a b at layer 0 depend only on their embeddings, so running [c d] with
  // them as a prefix (positions shifted by 2) must equal the rows of c d in a run of [a b c d].
  TemporaryFolder folder;
  auto backbone = MaskedLmBackbone::load(testing::write_tiny_bert(folder, "bert", kWords, 3, /*layers=*/1));
  const auto w = load_safetensors(folder / "bert" / "model.safetensors").tensors;
  const auto& config = backbone->model->config();
  const auto full = run(*backbone, torch::tensor({{5, 6, 7, 8}}, torch::kInt64));
  torch::NoGradGuard no_grad;
  const auto prefix_ids = torch::tensor({5, 6}, torch::kInt64);
  auto embedded = w.at("bert.embeddings.word_embeddings.weight").index_select(0, prefix_ids) +
                  w.at("bert.embeddings.position_embeddings.weight").slice(0, 0, 2) +
                  w.at("bert.embeddings.token_type_embeddings.weight")[0];
  embedded = layer_norm(embedded, w, "bert.embeddings.LayerNorm", config.layer_norm_eps);
  auto heads = [&](const torch::Tensor& t) { return t.view({1, 2, config.heads, config.head_dim()}).transpose(1, 2); };
  MaskedLmInput input;
  const auto rest = torch::tensor({{7, 8}}, torch::kInt64);
  input.input_embeddings = backbone->model->embed_tokens(rest);
  input.attention_mask = torch::ones_like(rest);
  input.prefix = {{heads(linear(embedded, w, "bert.encoder.layer.0.attention.self.key")),
                   heads(linear(embedded, w, "bert.encoder.layer.0.attention.self.value"))}};
  input.position_offset = 2;
  const auto with_prefix = backbone->model->forward(input);
  EXPECT_LT(relative_difference(with_prefix, full.slice(1, 2, 4)), 1e-5);
}

TEST(MaskedLm, CheckpointVariantsUsersBringLoadToTheSameModel) {
  TemporaryFolder folder;
  const auto path = testing::write_tiny_bert(folder, "bert", kWords);
  auto reference = MaskedLmBackbone::load(path);
  const auto ids = torch::tensor({{2, 5, 6, 7, 4, 3}}, torch::kInt64);
  const auto expected = run(*reference, ids);
  const auto weights = load_safetensors(path / "model.safetensors").tensors;

  auto write_variant = [&](const std::string& name, const TensorMap& tensors) {
    std::filesystem::create_directories(folder / name);
    for (const char* file : {"config.json", "vocab.txt"})
      std::filesystem::copy_file(file == std::string("vocab.txt") ? folder / "bert-tokenizer" / file : path / file,
                                 folder / name / file);
    save_safetensors(folder / name / "model.safetensors", tensors);
    return folder / name;
  };
  // Legacy gamma/beta names, a "model." wrapper, an explicit (equal) decoder, its bias alias, pooler and NSP head.
  TensorMap legacy;
  for (const auto& [key, tensor] : weights) {
    std::string name = key;
    if (name.find("LayerNorm.weight") != std::string::npos) name.replace(name.find("weight"), 6, "gamma");
    if (name.find("LayerNorm.bias") != std::string::npos) name.replace(name.find("bias"), 4, "beta");
    legacy["model." + name] = tensor;
  }
  legacy["model.cls.predictions.decoder.weight"] = weights.at("bert.embeddings.word_embeddings.weight");
  legacy["model.bert.pooler.dense.weight"] = torch::zeros({32, 32});
  legacy["model.cls.seq_relationship.weight"] = torch::zeros({2, 32});
  legacy["model.bert.embeddings.position_ids"] = torch::arange(64).unsqueeze(0);
  auto loaded = MaskedLmBackbone::load(write_variant("legacy", legacy));
  EXPECT_TRUE(loaded->model->tied_decoder());
  EXPECT_LT(relative_difference(run(*loaded, ids), expected), 1e-6);
  EXPECT_NE(loaded->warnings.front().find("gamma/beta"), std::string::npos);

  // A bare BertModel (no bert. prefix, no head): loads, says so, and refuses head reads with a message.
  TensorMap bare;
  for (const auto& [key, tensor] : weights)
    if (key.rfind("bert.", 0) == 0) bare[key.substr(5)] = tensor;
  auto headless = MaskedLmBackbone::load(write_variant("bare", bare));
  EXPECT_FALSE(headless->model->has_head());
  EXPECT_LT(relative_difference(run(*headless, ids), expected), 1e-6);
  EXPECT_NE(error_of([&] {
              headless->model->head_transform(torch::zeros({1, 32}));
            }).find("no MLM head"),
            std::string::npos);

  // A fine-tuned checkpoint whose decoder differs from the embeddings stays untied, and its logits use it.
  TensorMap untied = weights;
  untied["cls.predictions.decoder.weight"] = torch::randn_like(weights.at("bert.embeddings.word_embeddings.weight"));
  auto separate = MaskedLmBackbone::load(write_variant("untied", untied));
  EXPECT_FALSE(separate->model->tied_decoder());
  EXPECT_TRUE(torch::equal(separate->model->decoder_weight(), untied["cls.predictions.decoder.weight"]));
}

TEST(MaskedLm, MinimalConfigTakesFamilyDefaultsAndBadFilesAreExplained) {
  auto config = masked_lm_config_from_json(
      {{"hidden_size", 128}, {"num_hidden_layers", 2}, {"num_attention_heads", 2}, {"intermediate_size", 512}},
      MaskedLmFamily::Bert, "config.json");
  EXPECT_EQ(config.vocab_size, 30522);
  EXPECT_DOUBLE_EQ(config.layer_norm_eps, 1e-12);
  EXPECT_EQ(config.pad_token_id, 0);
  const auto roberta = masked_lm_config_from_json({{"model_type", "roberta"}}, MaskedLmFamily::Bert, "config.json");
  EXPECT_EQ(roberta.family, MaskedLmFamily::Roberta);
  EXPECT_EQ(roberta.usable_positions(), 512);
  EXPECT_NE(error_of([] {
              masked_lm_config_from_json({{"hidden_size", 100}, {"num_attention_heads", 3}}, MaskedLmFamily::Bert, "c");
            }).find("not divisible"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              masked_lm_config_from_json({{"position_embedding_type", "relative_key"}}, MaskedLmFamily::Bert, "c");
            }).find("relative_key"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              masked_lm_config_from_json({{"model_type", "t5"}}, MaskedLmFamily::Bert, "c");
            }).find("not a masked LM"),
            std::string::npos);
  // Found by the fuzzers: a float far outside int (undefined behaviour when converted), a wrong-typed model_type.
  EXPECT_EQ(error_of([] {
              masked_lm_config_from_json({{"hidden_size", 1.5e82}}, MaskedLmFamily::Bert, "c");
            }),
            "c.hidden_size must be an integer from 1 to 2147483647, got 1.5e+82");
  EXPECT_EQ(masked_lm_config_from_json({{"model_type", 7}}, MaskedLmFamily::Roberta, "c").family,
            MaskedLmFamily::Roberta)
      << "a model_type that is not a string is ignored like a missing one (the weights decide)";

  TemporaryFolder folder;
  const auto path = testing::write_tiny_bert(folder, "bert", kWords);
  // A legacy (pre-1.6, non-zip) pickle cannot be read by LibTorch: the message says how to convert it.
  std::filesystem::remove(path / "model.safetensors");
  write_file_atomically(path / "pytorch_model.bin", std::string("\x80\x02\x8a\x0alegacy pickle", 18));
  EXPECT_NE(error_of([&] { MaskedLmBackbone::load(path); }).find("Convert it to model.safetensors"), std::string::npos);
  // Tokenizer files of the other family.
  const auto roberta_path = testing::write_tiny_roberta(folder, "roberta", testing::sentiment_merges());
  std::filesystem::remove(roberta_path / "vocab.json");
  std::filesystem::copy_file(folder / "bert-tokenizer" / "vocab.txt", roberta_path / "vocab.txt");
  EXPECT_NE(error_of([&] { MaskedLmBackbone::load(roberta_path); }).find("do not belong"), std::string::npos);
  EXPECT_TRUE(is_masked_lm_folder(path));
  EXPECT_FALSE(is_masked_lm_folder(folder / "bert-tokenizer"));
}

}  // namespace
}  // namespace promptune
