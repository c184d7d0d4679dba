#include <gtest/gtest.h>

#include <ATen/autocast_mode.h>

#include <nlohmann/json.hpp>

#include "core/methods/context_prompts.h"
#include "core/models/clip_backbone.h"
#include "core/util/error.h"
#include "core/util/hashing.h"
#include "tests/support/errors.h"
#include "tests/support/tiny_clip.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

using testing::error_of;

class TinyClip : public ::testing::Test {
 protected:
  TemporaryFolder folder;
  std::unique_ptr<ClipBackbone> backbone = testing::write_tiny_clip(folder.path());
  torch::Tensor images = torch::randn({3, 3, 32, 32});
  torch::NoGradGuard no_grad;
};

TEST_F(TinyClip, ASharedPromptPrefixEncodedOnceGivesTheFeaturesAndGradientsOfTheFullPrompts) {
  torch::AutoGradMode with_gradients(true);
  // Names of different token lengths: the EOTs sit at different positions after the shared [SOS][context].
  ContextPrompts prompts(*backbone, {"cat", "dog fox", "owl cat dog", "fox"}, 4, "", ClassPosition::End);
  const auto context = (torch::randn({4, prompts.width()}) * 0.02).requires_grad_(true);
  const auto weights = torch::randn({4, backbone->model->config().embed_dim});

  const auto shared = prompts.encode(context);  // the shared-prefix path
  (shared * weights).sum().backward();
  const auto shared_gradient = context.grad().clone();
  context.mutable_grad() = torch::Tensor();
  const auto full = backbone->model->encode_text_embeddings(prompts.assemble(context.unsqueeze(0).expand({4, -1, -1})),
                                                            prompts.eot_positions());
  (full * weights).sum().backward();

  EXPECT_TRUE(torch::allclose(shared, full, 1e-5, 1e-6)) << (shared - full).abs().max().item<float>();
  EXPECT_TRUE(torch::allclose(shared_gradient, context.grad(), 1e-4, 1e-6))
      << (shared_gradient - context.grad()).abs().max().item<float>();

  const auto prefix = torch::zeros({1, 6, prompts.width()});
  const auto suffixes = torch::zeros({2, 10, prompts.width()});
  const auto misplaced = error_of([&] {
    backbone->model->encode_text_shared_prefix(prefix, suffixes, torch::tensor({7, 3}));
  });
  EXPECT_NE(misplaced.find("after the shared prefix of 6 tokens"), std::string::npos) << misplaced;
  const auto unshared =
      error_of([&] { backbone->model->encode_text_shared_prefix(suffixes, suffixes, torch::tensor({7})); });
  EXPECT_NE(unshared.find("a shared prefix [1, P,"), std::string::npos) << unshared;
}

TEST_F(TinyClip, WeightsHashIsTheSha256OfTheWeightFile) {
  EXPECT_EQ(backbone->identity.weights_hash, sha256_file(folder / "model.safetensors"));
}

TEST_F(TinyClip, ZeroLengthPromptReproducesThePlainEncoderExactly) {
  const auto plain = backbone->model->encode_image(images).features;
  VisualPrompts empty_shallow;
  empty_shallow.tokens_per_layer = {torch::zeros({0, 32})};
  EXPECT_TRUE(torch::equal(backbone->model->encode_image(images, empty_shallow).features, plain));
}

TEST_F(TinyClip, ShallowAndDeepPromptsChangeTheOutputThroughTheSlot) {
  const auto plain = backbone->model->encode_image(images).features;
  VisualPrompts shallow;
  shallow.tokens_per_layer = {torch::randn({4, 32})};
  shallow.capture_tokens = shallow.capture_attention = true;
  const VisionOutput out = backbone->model->encode_image(images, shallow);
  EXPECT_FALSE(torch::allclose(out.features, plain));
  EXPECT_EQ(out.prompt_count, 4);
  ASSERT_EQ(out.block_inputs.size(), 2u);
  EXPECT_EQ(out.block_inputs[0].sizes(), (std::vector<std::int64_t>{3, 1 + 4 + 16, 32}));
  ASSERT_EQ(out.attention.size(), 2u);
  EXPECT_EQ(out.attention[1].sizes(), (std::vector<std::int64_t>{3, 1, 21, 21}));
  EXPECT_TRUE(torch::allclose(out.attention[0].sum(-1), torch::ones({3, 1, 21}), 1e-5, 1e-5));

  VisualPrompts deep = shallow;
  deep.tokens_per_layer = {shallow.tokens_per_layer[0], torch::randn({4, 32})};
  const VisionOutput deep_out = backbone->model->encode_image(images, deep);
  EXPECT_TRUE(torch::equal(deep_out.block_inputs[1].narrow(1, 1, 4)[0], deep.tokens_per_layer[1]));
  EXPECT_FALSE(torch::allclose(deep_out.features, out.features));
  // Replacing deep prompts with block 0's own prompt outputs must give the shallow result again.
  VisualPrompts replay = shallow;
  replay.tokens_per_layer = {shallow.tokens_per_layer[0], out.block_inputs[1].narrow(1, 1, 4)};
  EXPECT_TRUE(torch::allclose(backbone->model->encode_image(images, replay).features, out.features, 1e-5, 1e-6));
  VisualPrompts wrong = shallow;
  wrong.tokens_per_layer.push_back(torch::randn({4, 32}));
  wrong.tokens_per_layer.push_back(torch::randn({4, 32}));
  EXPECT_NE(error_of([&] { backbone->model->encode_image(images, wrong); }).find("use 1 (shallow) or 2 (deep)"),
            std::string::npos);
}

TEST_F(TinyClip, TextFeaturesDoNotDependOnWhatFollowsTheEot) {
  auto [ids, eot] = backbone->tokenize({"a photo of a", "of"});
  const auto features = backbone->model->encode_text(ids, eot);
  auto noisy = ids.clone();
  noisy.narrow(1, 10, 60).fill_(1234);  // after every EOT
  EXPECT_TRUE(torch::allclose(backbone->model->encode_text(noisy, eot), features, 1e-6, 1e-6));
  const auto embeddings = backbone->model->token_embedding(ids);
  EXPECT_TRUE(torch::allclose(backbone->model->encode_text_embeddings(embeddings, eot), features));
}

TEST_F(TinyClip, HuggingFaceAndOpenAiLayoutsRoundTrip) {
  const auto features = backbone->model->encode_image(images).features;
  const auto openai_file = folder / "openai" / "model.safetensors";
  save_safetensors(openai_file, backbone->model->weights());
  nlohmann::json architecture = {{"embed_dim", 16},        {"image_resolution", 32},  {"vision_layers", 2},
                                 {"vision_width", 32},     {"vision_patch_size", 8},  {"context_length", 77},
                                 {"vocab_size", 49408},    {"transformer_width", 32}, {"transformer_heads", 2},
                                 {"transformer_layers", 2}};
  folder.write("openai/architecture.json", architecture.dump());
  const auto reloaded = ClipBackbone::load(openai_file, {folder / "tokenizer", true});
  EXPECT_EQ(reloaded->identity.layout, ClipLayout::OpenAi);
  EXPECT_TRUE(torch::equal(reloaded->model->encode_image(images).features, features));
  EXPECT_EQ(huggingface_to_openai(openai_to_huggingface(backbone->model->weights())).size(),
            backbone->model->weights().size());
}

TEST_F(TinyClip, InferredArchitectureWarnsAndUsesWidthOver64Heads) {
  const auto file = folder / "plain" / "model.safetensors";
  save_safetensors(file, backbone->model->weights());
  const auto loaded = ClipBackbone::load(file, {folder / "tokenizer", false});
  EXPECT_EQ(loaded->model->config().vision.heads, 1);
  ASSERT_FALSE(loaded->warnings.empty());
  EXPECT_NE(loaded->warnings.back().find("inferred from tensor shapes"), std::string::npos);
}

TEST_F(TinyClip, WrongWeightsAreListedByKeyAndShape) {
  auto weights = openai_to_huggingface(backbone->model->weights());
  weights.erase("text_model.final_layer_norm.bias");
  weights["vision_model.extra_head.weight"] = torch::ones({2});
  weights["visual_projection.weight"] = torch::ones({16, 31});
  save_safetensors(folder / "model.safetensors", weights);
  const std::string message = error_of([&] { ClipBackbone::load(folder.path()); });
  EXPECT_NE(message.find("model.safetensors: the weights do not fit"), std::string::npos) << message;
  EXPECT_NE(message.find("Shape mismatch: visual.proj expected [32,16], found [31,16]"), std::string::npos) << message;
  EXPECT_NE(message.find("Missing keys: ln_final.bias"), std::string::npos) << message;
  EXPECT_NE(message.find("Unexpected keys: vision_model.extra_head.weight"), std::string::npos) << message;
}

TEST_F(TinyClip, BrokenFoldersGetErrorsNamingFileAndProblem) {
  auto config = nlohmann::json::parse(std::ifstream(folder / "config.json"));
  config["vision_config"].erase("patch_size");
  folder.write("config.json", config.dump());
  EXPECT_NE(error_of([&] {
              ClipBackbone::load(folder.path());
            }).find("config.json: missing config field vision_config.patch_size"),
            std::string::npos);
  folder.write("config.json", "{ not json");
  EXPECT_NE(error_of([&] { ClipBackbone::load(folder.path()); }).find("config.json: is not valid JSON"),
            std::string::npos);

  TemporaryFolder no_tokenizer;
  save_safetensors(no_tokenizer / "model.safetensors", backbone->model->weights());
  EXPECT_NE(
      error_of([&] { ClipBackbone::load(no_tokenizer.path()); }).find("no CLIP tokenizer found beside the weights"),
      std::string::npos);

  TemporaryFolder resnet;
  save_safetensors(resnet / "rn50.safetensors", {{"visual.layer1.0.conv1.weight", torch::ones({1})}});
  EXPECT_NE(error_of([&] { ClipBackbone::load(resnet / "rn50.safetensors"); }).find("ResNet CLIP (RN50 family)"),
            std::string::npos);

  TemporaryFolder other;
  save_safetensors(other / "bert.safetensors", {{"bert.embeddings.word_embeddings.weight", torch::ones({1})}});
  EXPECT_NE(error_of([&] { ClipBackbone::load(other / "bert.safetensors"); }).find("is not a CLIP checkpoint"),
            std::string::npos);

  TemporaryFolder empty;
  EXPECT_NE(error_of([&] { ClipBackbone::load(empty.path()); }).find("holds no CLIP weights"), std::string::npos);
}

TEST_F(TinyClip, ImagesOfTheWrongSizeAndUnreadableFilesAreRefused) {
  EXPECT_NE(error_of([&] {
              backbone->model->encode_image(torch::randn({1, 3, 40, 40}));
            }).find("preprocess them first"),
            std::string::npos);
  const auto broken = folder.write("broken.png", "not an image");
  EXPECT_NE(error_of([&] { backbone->load_images({broken}); }).find("broken.png: cannot be decoded as an image"),
            std::string::npos);
  EXPECT_NE(error_of([&] { backbone->load_images({folder / "absent.png"}); }).find("absent.png: does not exist"),
            std::string::npos);
}

TEST(ClipModel, VitB32HasTheReferenceParameterCount) {
  EXPECT_EQ(ClipModel(vit_b32_config())->parameter_count(), 151277313);  // openai/CLIP notebook, ViT-B/32
}

TEST(Precision, ParsesNamesAndAutocastIsANoOpOffCuda) {
  EXPECT_EQ(parse_precision("bf16"), Precision::BFloat16);
  EXPECT_EQ(parse_precision("float16"), Precision::Float16);
  EXPECT_NE(error_of([] { parse_precision("int8"); }).find("use fp32, fp16 or bf16"), std::string::npos);
  const AutocastScope scope(torch::kCPU, Precision::Float16);
  EXPECT_FALSE(scope.active());
  EXPECT_FALSE(at::autocast::is_enabled());
}

}  // namespace
}  // namespace promptune
