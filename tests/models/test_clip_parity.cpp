#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/models/clip_backbone.h"
#include "tests/support/refdata.h"

namespace promptune {
namespace {

double relative_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  return ((actual - expected).norm() / expected.norm()).item<double>();
}

torch::Tensor first_eot(const torch::Tensor& ids) {
  return (ids == ClipTokenizer::kEndOfText).to(torch::kInt).argmax(1);
}

struct Goldens {
  TensorMap tensors;
  explicit Goldens(const std::filesystem::path& folder)
      : tensors(load_safetensors(folder / "clip_goldens.safetensors").tensors) {}
  const torch::Tensor& operator[](const std::string& key) const { return tensors.at(key); }
};

void expect_parity(ClipBackbone& backbone, const Goldens& goldens) {
  torch::NoGradGuard no_grad;
  const auto text = backbone.model->encode_text(goldens["token_ids"], first_eot(goldens["token_ids"]));
  std::cout << "[ parity ] relative error text " << relative_error(text, goldens["text_features"]);
  EXPECT_LT(relative_error(text, goldens["text_features"]), 1e-4);
  const auto pixels = torch::cat({goldens["pixels_from_png"], goldens["pixels_random"]});
  const auto image = backbone.model->encode_image(pixels).features;
  EXPECT_LT(relative_error(image, goldens["image_features"]), 1e-4);
  const auto logits = backbone.model->logit_scale_value() *
                      torch::matmul(image / image.norm(2, -1, true), (text / text.norm(2, -1, true)).t());
  std::cout << ", image " << relative_error(image, goldens["image_features"]) << ", logits "
            << relative_error(logits, goldens["logits_per_image"]) << std::endl;
  EXPECT_LT(relative_error(logits, goldens["logits_per_image"]), 1e-4);
}

TEST(ClipParity, HuggingFaceLayoutMatchesTheReference) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  auto backbone = ClipBackbone::load(folder / "tiny-clip-hf");
  EXPECT_EQ(backbone->identity.layout, ClipLayout::HuggingFace);
  EXPECT_EQ(backbone->model->config().text.heads, 4);
  EXPECT_EQ(backbone->identity.weights_hash.size(), 64u);
  expect_parity(*backbone, Goldens(folder));
}

TEST(ClipParity, OpenAiSafetensorsMatchesTheReference) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  auto backbone = ClipBackbone::load(folder / "tiny-clip-openai" / "model.safetensors");
  EXPECT_EQ(backbone->identity.layout, ClipLayout::OpenAi);
  expect_parity(*backbone, Goldens(folder));
}

TEST(ClipParity, OpenAiTorchArchiveMatchesTheReferenceAndWarns) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  auto backbone = ClipBackbone::load(folder / "tiny-clip-openai" / "model.pt");
  ASSERT_FALSE(backbone->warnings.empty());
  EXPECT_NE(backbone->warnings.front().find("prefer safetensors"), std::string::npos);
  expect_parity(*backbone, Goldens(folder));
}

TEST(ClipParity, TokenizerReproducesTheGoldenTokenBatch) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  auto backbone = ClipBackbone::load(folder / "tiny-clip-hf", {{}, false});
  std::ifstream in(folder / "tokenizer_goldens.json");
  const auto strings = nlohmann::json::parse(in);
  std::vector<std::string> texts;
  for (const auto& entry : strings) texts.push_back(entry["text"]);
  const auto [ids, eot] = backbone->tokenize(texts);
  const Goldens goldens(folder);
  // The golden batch pads with zeros, as OpenAI's tokenizer does; compare up to each EOT.
  ASSERT_EQ(ids.sizes(), goldens["token_ids"].sizes());
  for (std::int64_t row = 0; row < ids.size(0); ++row) {
    const auto end = eot[row].item<std::int64_t>() + 1;
    EXPECT_TRUE(torch::equal(ids[row].narrow(0, 0, end), goldens["token_ids"][row].narrow(0, 0, end))) << texts[row];
  }
}

TEST(ClipParity, PreprocessingOfThePngsIsCloseToTheReference) {
  PROMPTUNE_REQUIRE_REFDATA(folder, "clip");
  auto backbone = ClipBackbone::load(folder / "tiny-clip-hf", {{}, false});
  std::vector<std::filesystem::path> files;
  for (int i = 0; i < 4; ++i) files.push_back(folder / "images" / ("img" + std::to_string(i) + ".png"));
  const auto pixels = backbone->load_images(files);
  const Goldens goldens(folder);
  ASSERT_EQ(pixels.sizes(), goldens["pixels_from_png"].sizes());
  const double mean_absolute = (pixels - goldens["pixels_from_png"]).abs().mean().item<double>();
  std::cout << "[ parity ] preprocessing mean absolute difference: " << mean_absolute << std::endl;
  EXPECT_LT(mean_absolute, 0.02);
}

}  // namespace
}  // namespace promptune
