#include "core/methods/pouf_mlm.h"

#include "core/methods/lm_bff.h"
#include "core/methods/pouf.h"

namespace promptune {
namespace {

std::vector<MethodOption> pouf_mlm_options() {
  return {{"transport_weight", OptionType::Number, 1.0, "lambda_T: weight of the transport alignment", 0.0, 100.0, {}},
          {"information_weight",
           OptionType::Number,
           0.6,
           "lambda_IM: weight of the information-maximisation term (lower it for imbalanced target text)",
           0.0,
           100.0,
           {}},
          {"temperature", OptionType::Number, 10.0, "tau of the transport plans", 0.01, 1000.0, {}}};
}

}  // namespace

torch::Tensor mlm_transport_loss(const torch::Tensor& features, const torch::Tensor& prototypes, double temperature) {
  const auto similarity = torch::matmul(normalize_rows(features), normalize_rows(prototypes).t());  // [B, C]
  return conditional_transport(similarity, temperature * similarity);
}

const MethodDescription& PoufMlmMethod::method_description() {
  static const MethodDescription description{
      "pouf_mlm", "POUF for masked LMs (unsupervised)",
      "Fine-tunes the masked LM on unlabeled target text by aligning mask features with label-word prototypes.", true,
      pouf_mlm_options(),
      // Official: batch 2, 1000 steps on 32 sentences (about 60 epochs); larger batches steady the batch-level terms.
      masked_lm_fine_tuning_recipe(2, 60), MethodInput::Text, TrainingData::UnlabeledTarget, Modality::Text};
  return description;
}

const MethodDescription& PoufMlmFewShotMethod::method_description() {
  static const MethodDescription description{
      "pouf_mlm_few_shot",
      "POUF for masked LMs (few labels)",
      "Prompt-based fine-tuning with cross-entropy on a few labels plus POUF's alignment and entropy terms.",
      true,
      pouf_mlm_options(),
      masked_lm_fine_tuning_recipe(2, 60),
      MethodInput::Text,
      TrainingData::LabeledTrain,
      Modality::Text};
  return description;
}

const MethodDescription& PoufMlmMethod::description() const {
  return few_shot_ ? PoufMlmFewShotMethod::method_description() : method_description();
}

PoufMlmMethod::PoufMlmMethod(const MethodSetup& setup, bool few_shot)
    : MaskedLmPromptMethod(setup),
      few_shot_(few_shot),
      transport_weight_(setup.options.at("transport_weight").get<double>()),
      information_weight_(setup.options.at("information_weight").get<double>()),
      temperature_(setup.options.at("temperature").get<double>()),
      model_(trainable_masked_lm_copy(*setup.language_model, setup.device)) {}

LossOutput PoufMlmMethod::loss(const MethodBatch& batch) {
  auto& lm = *model_;
  const auto hidden = mask_hidden_states(lm, batch.text, {});
  // The official feature path writes GELU with the tanh approximation; the logits use the head's own.
  const bool roberta = lm.config().family == MaskedLmFamily::Roberta;
  const auto features = lm.head_transform(hidden, roberta).to(torch::kFloat32);
  const auto z = roberta ? lm.head_transform(hidden) : features;
  LossOutput output;
  output.logits = label_word_scores(lm, z, words_).to(torch::kFloat32);
  const auto transport = mlm_transport_loss(features, label_word_prototypes(lm, words_), temperature_);
  const auto information = information_maximisation(output.logits);
  output.loss = transport_weight_ * transport + information_weight_ * information;
  output.terms = {{"transport", transport.detach()}, {"information_maximisation", information.detach()}};
  if (few_shot_) {
    const auto cross_entropy = classification_loss(output.logits, batch.labels);
    output.loss = output.loss + cross_entropy;
    output.terms["cross_entropy"] = cross_entropy.detach();
  }
  return output;
}

nlohmann::json PoufMlmMethod::export_metadata() const {
  auto metadata = MaskedLmPromptMethod::export_metadata();
  metadata["transport_weight"] = transport_weight_;
  metadata["information_weight"] = information_weight_;
  metadata["temperature"] = temperature_;
  return metadata;
}

}  // namespace promptune
