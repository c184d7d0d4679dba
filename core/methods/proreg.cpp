#include "core/methods/proreg.h"

#include "core/methods/vision_tuning.h"
#include "core/util/error.h"

namespace promptune {

ProRegTerms proreg_terms(const torch::Tensor& student, const torch::Tensor& teacher, const torch::Tensor& labels,
                         double temperature, double sharpen) {
  namespace F = torch::nn::functional;
  ProRegTerms terms;
  const auto none = F::CrossEntropyFuncOptions().reduction(torch::kNone);
  terms.cross_entropy = F::cross_entropy(student, labels, none);
  const auto teacher_probabilities = torch::softmax(teacher / temperature, 1);
  terms.distillation =
      temperature * temperature * -(teacher_probabilities * torch::log_softmax(student / temperature, 1)).sum(1);
  torch::NoGradGuard no_grad;
  const auto student_true = torch::exp(-terms.cross_entropy.detach());
  const auto teacher_true = torch::exp(-sharpen * F::cross_entropy(teacher, labels, none));
  terms.weight = teacher_true / (student_true + teacher_true + 1e-5);
  return terms;
}

torch::Tensor proreg_loss(const ProRegTerms& terms, bool adaptive, double alpha) {
  if (adaptive)
    return ((1.0 - terms.weight) * terms.cross_entropy).mean() + alpha * (terms.weight * terms.distillation).mean();
  return (1.0 - alpha) * terms.cross_entropy.mean() + alpha * terms.distillation.mean();
}

const MethodDescription& ProRegMethod::method_description() {
  static const MethodDescription description{
      "proreg",
      "ProReg (prompt-regularised fine-tuning)",
      "Fine-tunes the image encoder while keeping each prediction close to the zero-shot prompt where that is "
      "confident.",
      true,
      {{"tuned",
        OptionType::Choice,
        "full",
        "what trains: the whole image encoder, or its last k blocks",
        0,
        0,
        {"full", "last_k"}},
       {"k", OptionType::Integer, 2, "blocks fine-tuned with tuned = last_k, counted from the last", 1, 48, {}},
       {"template",
        OptionType::Text,
        "a photo of a",
        "prompt of the zero-shot classifier the head starts from and the loss leans on: \"{template} {class}.\"",
        0,
        0,
        {}},
       {"trade_off",
        OptionType::Choice,
        "adaptive",
        "adaptive: per-sample weight from the zero-shot and fine-tuned confidence in the label (DomainNet configs); "
        "fixed: (1 - a) CE + a KD (BAR, NICO, PACS configs)",
        0,
        0,
        {"adaptive", "fixed"}},
       {"kd_weight",
        OptionType::Number,
        2.0,
        "adaptive trade-off: weight of the distillation term (alpha)",
        0.0,
        100.0,
        {}},
       {"fixed_alpha",
        OptionType::Number,
        0.5,
        "fixed trade-off: a (0.5 for BAR and PACS, 0.9 for NICO)",
        0.0,
        1.0,
        {}},
       {"sharpen",
        OptionType::Number,
        10.0,
        "adaptive trade-off: exponent on the zero-shot probability of the label, w = p0^e / (p + p0^e)",
        0.0,
        100.0,
        {}},
       {"temperature", OptionType::Number, 1.0, "distillation temperature T", 0.01, 100.0, {}},
       wise_ft_option()},
      // vilt/config.py: AdamW (0.9, 0.98), weight decay 0.01 except biases, 1e-5 (head x100), 10 % linear warm-up
      // then linear decay per step, 10 epochs. The official batch is 256 (16 x 4 GPUs with accumulation); 32 here
      // keeps memory in reach of one machine.
      {{"epochs", 10},
       {"batch_size", 32},
       {"optimizer", "adamw"},
       {"learning_rate", 1e-5},
       {"beta1", 0.9},
       {"beta2", 0.98},
       {"weight_decay", 0.01},
       {"warmup_epochs", 1},
       {"warmup_type", "linear"},
       {"schedule", "linear"},
       {"schedule_unit", "step"},
       {"augmentation", "coop"}},
      MethodInput::Images};
  return description;
}

namespace {

std::function<bool(const std::string&)> proreg_selection(const MethodSetup& setup) {
  if (setup.options.at("tuned").get<std::string>() == "full") return [](const std::string&) { return true; };
  return last_vision_blocks(*setup.backbone, setup.options.at("k").get<int>());
}

}  // namespace

ProRegMethod::ProRegMethod(const MethodSetup& setup)
    : backbone_(setup.backbone),
      tower_(trainable_vision_copy(*setup.backbone, setup.device, proreg_selection(setup))),
      tuned_(setup.options.at("tuned").get<std::string>()),
      template_(setup.options.at("template").get<std::string>()),
      blocks_(setup.options.at("k").get<int>()),
      adaptive_(setup.options.at("trade_off").get<std::string>() == "adaptive"),
      kd_weight_(setup.options.at("kd_weight").get<double>()),
      fixed_alpha_(setup.options.at("fixed_alpha").get<double>()),
      sharpen_(setup.options.at("sharpen").get<double>()),
      temperature_(setup.options.at("temperature").get<double>()),
      wise_ft_alpha_(setup.options.at("wise_ft_alpha").get<double>()) {
  torch::NoGradGuard no_grad;
  std::vector<std::string> prompts;
  for (const auto& name : setup.class_names) prompts.push_back(template_ + " " + name + ".");
  zero_shot_ = normalize_rows(backbone_->encode_texts(prompts).to(torch::kFloat32)).to(setup.device);
  classifier_ = zero_shot_.clone().set_requires_grad(true);
  log_scale_ = backbone_->model->logit_scale.detach().clone().to(setup.device).set_requires_grad(true);
}

std::vector<torch::Tensor> ProRegMethod::parameters() {
  std::vector<torch::Tensor> result;
  for (const auto& group : parameter_groups()) result.insert(result.end(), group.tensors.begin(), group.tensors.end());
  return result;
}

std::vector<ParameterGroup> ProRegMethod::parameter_groups() {
  ParameterGroup weights{"encoder", {}, 1.0, std::nullopt}, biases{"encoder biases", {}, 1.0, 0.0};
  for (const auto& item : tower_->named_parameters(true)) {
    if (!item.value().requires_grad()) continue;
    (item.key().find("bias") != std::string::npos ? biases : weights).tensors.push_back(item.value());
  }
  return {weights, biases, {"head", {classifier_, log_scale_}, 100.0, std::nullopt}};
}

void ProRegMethod::prepare(const PreparationData& data, const FitProgress& /*progress*/, const LogCallback& log) {
  if (!data.train_features.defined() || data.train_features.size(0) != static_cast<std::int64_t>(data.train.size()))
    throw Error("proreg: the zero-shot predictions of the training images need their frozen features");
  torch::NoGradGuard no_grad;
  // The teacher of the official code: an untouched CLIP with the same text head and scale 100.
  teacher_logits_ = 100.0 * torch::matmul(normalize_rows(data.train_features.to(torch::kFloat32)),
                                          zero_shot_.t().to(data.train_features.device()));
  if (log)
    log("ProReg: zero-shot predictions of " + std::to_string(teacher_logits_.size(0)) +
        " training images computed once from their cached features (the teacher sees the un-augmented image)");
}

torch::Tensor ProRegMethod::student_logits(const torch::Tensor& features) const {
  return log_scale_.exp() *
         torch::matmul(normalize_rows(features.to(torch::kFloat32)), normalize_rows(classifier_).t());
}

torch::Tensor ProRegMethod::logits(const MethodBatch& batch) {
  return predict(batch).logits;
}

LossOutput ProRegMethod::loss(const MethodBatch& batch) {
  if (!teacher_logits_.defined()) throw Error("proreg: the zero-shot predictions were not prepared");
  if (!batch.sample_indices.defined()) throw Error("proreg: a training batch must say which images it holds");
  if (!batch.labels.defined()) throw Error("proreg needs labeled training data");
  LossOutput output;
  output.logits = student_logits(tower_->forward(batch.images).features);
  const auto labels = batch.labels.to(output.logits.device());
  const auto teacher = teacher_logits_.index_select(0, batch.sample_indices.to(teacher_logits_.device()));
  const auto terms = proreg_terms(output.logits, teacher.to(output.logits.device()), labels, temperature_, sharpen_);
  output.loss = proreg_loss(terms, adaptive_, adaptive_ ? kd_weight_ : fixed_alpha_);
  output.terms = {{"cross_entropy", terms.cross_entropy.mean().detach()},
                  {"distillation", terms.distillation.mean().detach()}};
  if (adaptive_) output.terms["prompt_weight"] = terms.weight.mean();
  return output;
}

MethodPrediction ProRegMethod::predict(const MethodBatch& batch) {
  const auto features = tower_->forward(batch.images).features;
  return {student_logits(features), normalize_rows(features.detach().to(torch::kFloat32))};
}

bool ProRegMethod::end_training(const FeatureSet& /*validation*/, const LogCallback& log) {
  auto pairs = tuned_and_zero_shot(*tower_, *backbone_);
  pairs.emplace_back(classifier_, zero_shot_);
  pairs.emplace_back(log_scale_, backbone_->model->logit_scale.detach());
  return interpolate_weights(pairs, wise_ft_alpha_, log);
}

torch::Tensor ProRegMethod::class_prototypes() {
  torch::NoGradGuard no_grad;
  return normalize_rows(classifier_.detach());
}

TensorMap ProRegMethod::state() const {
  TensorMap result = trainable_tower_state(*tower_);
  result["head.weight"] = classifier_.detach().to(torch::kCPU).clone();
  result["head.logit_scale"] = log_scale_.detach().to(torch::kCPU).clone();
  return result;
}

void ProRegMethod::load_state(const TensorMap& state) {
  load_trainable_tower_state(*tower_, state, "proreg");
  const auto weight = state_tensor(state, "head.weight", classifier_.sizes().vec(), "proreg");
  const auto scale = state_tensor(state, "head.logit_scale", log_scale_.sizes().vec(), "proreg");
  torch::NoGradGuard no_grad;
  classifier_.copy_(weight);
  log_scale_.copy_(scale);
}

nlohmann::json ProRegMethod::export_metadata() const {
  std::int64_t count = 0;
  for (const auto& parameter : tower_->parameters(true))
    if (parameter.requires_grad()) count += parameter.numel();
  return {{"tuned", tuned_ == "full" ? std::string("the whole image encoder")
                                     : "last " + std::to_string(blocks_) + " blocks, ln_post, proj"},
          {"tuned_parameters", count},
          {"tensor_prefix", "visual."},
          {"head_tensor", "head.weight"},
          {"template", template_},
          {"trade_off", adaptive_ ? "adaptive" : "fixed"},
          {"wise_ft_alpha", wise_ft_alpha_}};
}

}  // namespace promptune
