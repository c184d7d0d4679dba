// POUF, ProReg and the adapter baselines train for real through the runner on generated images (tiny_session.h):
// POUF raises target accuracy above zero-shot without reading a target label, ProReg keeps more of what the
// zero-shot prompt knows than plain fine-tuning on domain-biased labels, the adapters beat zero-shot, and WiSE-FT at
// 0 returns exactly the zero-shot model.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "core/export/prompt_file.h"
#include "core/io/safetensors_format.h"
#include "core/methods/method_registry.h"
#include "tests/support/errors.h"
#include "tests/support/tiny_session.h"

namespace promptune {
namespace {

using testing::error_of;
using testing::summary_accuracy;
using testing::TinyWorkspace;

/// Writes a CSV manifest `path,label` of the class folders of `folder`; with `scramble` every label is drawn at
/// random (seeded) instead, over the same set of classes.
std::filesystem::path write_manifest(const std::filesystem::path& folder, const std::string& name, bool scramble) {
  const auto classes = TinyWorkspace::classes();
  std::mt19937 random(7);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& label : classes)
    for (const auto& entry : std::filesystem::directory_iterator(folder / label))
      rows.emplace_back(label + "/" + entry.path().filename().string(), label);
  std::sort(rows.begin(), rows.end());
  std::ofstream out(folder / name);
  out << "path,label\n";
  for (std::size_t i = 0; i < rows.size(); ++i)
    out << rows[i].first << ","
        << (scramble ? classes[(i < classes.size() ? i : random() % classes.size())] : rows[i].second) << "\n";
  return folder / name;
}

nlohmann::json sgd(double learning_rate, int epochs, int batch_size) {
  return {{"optimizer", "sgd"},       {"learning_rate", learning_rate}, {"epochs", epochs},
          {"batch_size", batch_size}, {"augmentation", "none"},         {"warmup_epochs", 0},
          {"weight_decay", 1e-3}};
}

class AdaptationTraining : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { workspace_ = new TinyWorkspace(TinyWorkspace::Shift::ColourCast); }
  static void TearDownTestSuite() { delete workspace_; }
  static TinyWorkspace* workspace_;

  static std::filesystem::path folder(const std::string& name) { return workspace_->folder() / name; }

  /// A POUF session adapting to `target` (a CSV manifest or folder), with no labeled training data at all.
  static nlohmann::json unsupervised_session(const std::string& method, const std::filesystem::path& target,
                                             const nlohmann::json& training,
                                             const nlohmann::json& options = nlohmann::json::object()) {
    auto document = workspace_->session(method, options, training);
    document["data"] = {{"target", {{"path", target.string()}}}};
    return document;
  }
};
TinyWorkspace* AdaptationTraining::workspace_ = nullptr;

std::vector<const MetricEvent*> metrics_named(const std::vector<RunEvent>& events, const std::string& name) {
  std::vector<const MetricEvent*> found;
  for (const auto& event : events)
    if (const auto* metric = std::get_if<MetricEvent>(&event); metric && metric->name == name) found.push_back(metric);
  return found;
}

bool logged(const std::vector<RunEvent>& events, const std::string& text) {
  for (const auto& event : events)
    if (const auto* log = std::get_if<LogEvent>(&event); log && log->message.find(text) != std::string::npos)
      return true;
  return false;
}

TEST_F(AdaptationTraining, PoufPromptRaisesTargetAccuracyWithoutReadingATargetLabel) {
  const auto labeled = write_manifest(folder("validation"), "target.csv", false);
  const auto scrambled = write_manifest(folder("validation"), "scrambled.csv", true);
  std::vector<RunEvent> events;
  const auto outcome = workspace_->run(unsupervised_session("pouf_prompt", labeled, sgd(0.01, 30, 16)), &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  const double zero_shot = summary_accuracy(outcome, "target", false);
  const double tuned = summary_accuracy(outcome, "target", true);
  EXPECT_GT(tuned, zero_shot + 0.1) << "zero-shot " << zero_shot << ", POUF " << tuned;
  EXPECT_FALSE(metrics_named(events, "train/transport").empty());
  EXPECT_FALSE(metrics_named(events, "train/information_maximisation").empty());
  EXPECT_TRUE(logged(events, "without their labels"));

  // The same images with random labels: the scores change, the learned prompt does not change by a single bit.
  const auto blind = workspace_->run(unsupervised_session("pouf_prompt", scrambled, sgd(0.01, 30, 16)));
  ASSERT_TRUE(blind.succeeded) << blind.error;
  EXPECT_NE(summary_accuracy(blind, "target", true), tuned);
  const auto learned = load_prompt_file(outcome.prompt_file), learned_blind = load_prompt_file(blind.prompt_file);
  ASSERT_EQ(learned.tensors.size(), 2u);
  for (const auto& [name, tensor] : learned.tensors)
    EXPECT_TRUE(torch::equal(tensor, learned_blind.tensors.at(name))) << name;
  EXPECT_EQ(learned.metadata.at("selection").get<std::string>().rfind("last iterate", 0), 0u);
}

TEST_F(AdaptationTraining, PoufModelTuningRaisesTargetAccuracy) {
  const auto target = write_manifest(folder("validation"), "target.csv", false);
  const auto outcome = workspace_->run(unsupervised_session("pouf_model", target, sgd(0.01, 30, 16)));
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  const double zero_shot = summary_accuracy(outcome, "target", false);
  EXPECT_GT(summary_accuracy(outcome, "target", true), zero_shot + 0.1) << "zero-shot " << zero_shot;
  // Both towers and the logit scale are in the prompt file.
  const auto prompt = load_prompt_file(outcome.prompt_file);
  EXPECT_TRUE(prompt.tensors.count("model.logit_scale"));
  EXPECT_TRUE(prompt.tensors.count("model.token_embedding.weight"));
  EXPECT_TRUE(prompt.tensors.count("model.visual.proj"));
}

TEST_F(AdaptationTraining, PoufCanKeepTheWeightsWithTheLowestUnsupervisedObjectiveOnHeldOutImages) {
  auto document = unsupervised_session("pouf_prompt", folder("validation"), sgd(0.01, 6, 16));
  document["data"]["validation"] = {{"path", folder("train").string()}};  // held-out target-domain images
  document["evaluation"] = {{"select", "unsupervised_objective"}};
  std::vector<RunEvent> events;
  const auto outcome = workspace_->run(document, &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  auto objectives = metrics_named(events, "validation/unsupervised_objective");
  ASSERT_GE(objectives.size(), 6u);
  const MetricEvent* best = objectives.front();
  for (const auto* objective : objectives)
    if (objective->value < best->value) best = objective;
  const auto selection = load_prompt_file(outcome.prompt_file).metadata.at("selection").get<std::string>();
  EXPECT_EQ(selection.rfind("step " + std::to_string(best->step) + ", the lowest unsupervised objective", 0), 0u)
      << selection;
  EXPECT_TRUE(logged(events, "no label was read to choose them"));
}

TEST_F(AdaptationTraining, SessionsSayWhatUnsupervisedMethodsNeed) {
  auto document = workspace_->session("pouf_prompt");
  EXPECT_NE(error_of([&] { SessionConfig::from_json(document); }).find("data.target: pouf_prompt adapts"),
            std::string::npos);
  auto coop = workspace_->session("coop");
  coop["evaluation"] = {{"select", "unsupervised_objective"}};
  EXPECT_NE(error_of([&] { SessionConfig::from_json(coop); }).find("coop trains on labels"), std::string::npos);
  auto pouf = unsupervised_session("pouf_prompt", folder("validation"), sgd(0.01, 1, 16));
  pouf["evaluation"] = {{"select", "unsupervised_objective"}};
  EXPECT_NE(error_of([&] { SessionConfig::from_json(pouf); }).find("give them as data.validation"), std::string::npos);
}

/// ProReg on domain-biased labels: the labeled images all carry a colour cast the zero-shot CLIP was not built for,
/// the target is the clean domain where the zero-shot prompt is right. `alpha` 0 is plain fine-tuning.
RunOutcome proreg_on_biased_labels(TinyWorkspace& workspace, const std::filesystem::path& clean, double alpha,
                                   std::vector<RunEvent>* events = nullptr) {
  auto document = workspace.session(
      "proreg", {{"trade_off", "fixed"}, {"fixed_alpha", alpha}},
      {{"optimizer", "adamw"}, {"learning_rate", 1e-3}, {"epochs", 10}, {"batch_size", 16}, {"augmentation", "none"}});
  document["data"]["target"] = {{"path", clean.string()}};
  return workspace.run(document, events);
}

TEST_F(AdaptationTraining, ProRegKeepsMoreTargetAccuracyThanPlainFineTuningOnBiasedLabels) {
  std::vector<RunEvent> events;
  const auto proreg = proreg_on_biased_labels(*workspace_, folder("source"), 0.5, &events);
  const auto plain = proreg_on_biased_labels(*workspace_, folder("source"), 0.0);
  ASSERT_TRUE(proreg.succeeded) << proreg.error;
  ASSERT_TRUE(plain.succeeded) << plain.error;
  const double regularised = summary_accuracy(proreg, "target", true);
  const double fine_tuned = summary_accuracy(plain, "target", true);
  EXPECT_GT(regularised, fine_tuned + 0.1) << "ProReg " << regularised << ", plain fine-tuning " << fine_tuned;
  EXPECT_GT(summary_accuracy(proreg, "validation", true), summary_accuracy(proreg, "validation", false) + 0.1);
  EXPECT_FALSE(metrics_named(events, "train/cross_entropy").empty());
  EXPECT_FALSE(metrics_named(events, "train/distillation").empty());
  EXPECT_TRUE(logged(events, "computed once"));
}

TEST_F(AdaptationTraining, ProRegAdaptiveTradeOffTrainsAndReportsItsPromptWeight) {
  std::vector<RunEvent> events;
  const auto outcome = workspace_->run(workspace_->session("proreg", {{"tuned", "last_k"}, {"k", 1}},
                                                           {{"optimizer", "adamw"},
                                                            {"learning_rate", 3e-4},
                                                            {"epochs", 10},
                                                            {"batch_size", 16},
                                                            {"augmentation", "coop"}}),
                                       &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  EXPECT_GT(summary_accuracy(outcome, "validation", true), summary_accuracy(outcome, "validation", false) + 0.3);
  const auto weights = metrics_named(events, "train/prompt_weight");
  ASSERT_FALSE(weights.empty());
  for (const auto* weight : weights) {
    EXPECT_GE(weight->value, 0.0);
    EXPECT_LE(weight->value, 1.0);
  }
}

TEST_F(AdaptationTraining, AdapterBaselinesBeatZeroShot) {
  const nlohmann::json adamw{{"optimizer", "adamw"}, {"learning_rate", 1e-2},  {"epochs", 30},
                             {"batch_size", 16},     {"augmentation", "none"}, {"warmup_epochs", 0}};
  auto clip_adapter = adamw;
  clip_adapter["learning_rate"] = 0.1;  // the adapter starts from random weights, a blend of 0.2 of them
  for (const auto& [method, training] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"clip_adapter", clip_adapter}, {"tip_adapter", nlohmann::json::object()}, {"tip_adapter_f", adamw}}) {
    std::vector<RunEvent> events;
    const auto outcome = workspace_->run(workspace_->session(method, nlohmann::json::object(), training), &events);
    ASSERT_TRUE(outcome.succeeded) << method << ": " << outcome.error;
    const double zero_shot = summary_accuracy(outcome, "validation", false);
    EXPECT_GT(summary_accuracy(outcome, "validation", true), zero_shot + 0.1) << method;
    if (method != "clip_adapter") {
      EXPECT_TRUE(logged(events, "searched on 48 validation images")) << method;
      EXPECT_TRUE(logged(events, "each the mean of 10 augmented views")) << method;
    }
  }
}

TEST_F(AdaptationTraining, WiseFtAtZeroReturnsTheZeroShotEncoder) {
  std::vector<RunEvent> events;
  const auto outcome = workspace_->run(workspace_->session("partial_k", {{"k", 1}, {"wise_ft_alpha", 0.0}},
                                                           {{"optimizer", "adamw"},
                                                            {"learning_rate", 2e-3},
                                                            {"epochs", 5},
                                                            {"batch_size", 16},
                                                            {"augmentation", "none"},
                                                            {"warmup_epochs", 0}}),
                                       &events);
  ASSERT_TRUE(outcome.succeeded) << outcome.error;
  EXPECT_DOUBLE_EQ(summary_accuracy(outcome, "validation", true), summary_accuracy(outcome, "validation", false));
  EXPECT_TRUE(logged(events, "1.00 x zero-shot + 0.00 x fine-tuned"));
  auto backbone = ClipBackbone::load(folder("clip"));
  const auto weights = backbone->model->weights();
  for (const auto& [name, tensor] : load_prompt_file(outcome.prompt_file).tensors)
    if (name.rfind("visual.", 0) == 0) {
      EXPECT_TRUE(torch::allclose(tensor, weights.at(name))) << name;
    }
}

}  // namespace
}  // namespace promptune
