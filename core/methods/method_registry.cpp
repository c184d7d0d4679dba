#include "core/methods/method_registry.h"

#include "core/methods/bitfit.h"
#include "core/methods/clip_adapter.h"
#include "core/methods/cocoop.h"
#include "core/methods/coop.h"
#include "core/methods/linear_probe.h"
#include "core/methods/lm_bff.h"
#include "core/methods/mlm_zero_shot.h"
#include "core/methods/p_tuning.h"
#include "core/methods/partial_k.h"
#include "core/methods/pouf.h"
#include "core/methods/pouf_mlm.h"
#include "core/methods/prefix_tuning.h"
#include "core/methods/prompt_tuning.h"
#include "core/methods/proreg.h"
#include "core/methods/spt.h"
#include "core/methods/tip_adapter.h"
#include "core/methods/vpt.h"
#include "core/methods/zero_shot.h"
#include "core/util/error.h"

namespace promptune {
namespace {

struct MethodEntry {
  const MethodDescription& (*description)();
  std::unique_ptr<PromptMethod> (*create)(const MethodSetup& setup);
};

template <typename Method>
MethodEntry entry() {
  return {&Method::method_description,
          [](const MethodSetup& setup) -> std::unique_ptr<PromptMethod> { return std::make_unique<Method>(setup); }};
}

/// The one list of methods, in menu order. A new method adds its line here and nothing else outside its files.
const std::vector<MethodEntry>& registry() {
  static const std::vector<MethodEntry> entries{
      entry<ZeroShotMethod>(), entry<LinearProbeMethod>(), entry<CoOpMethod>(), entry<CoCoOpMethod>(),
      entry<VptShallowMethod>(), entry<VptDeepMethod>(), entry<SptShallowMethod>(), entry<SptDeepMethod>(),
      entry<BitFitMethod>(), entry<PartialKMethod>(), entry<ProRegMethod>(), entry<PoufPromptMethod>(),
      entry<PoufModelMethod>(), entry<ClipAdapterMethod>(), entry<TipAdapterMethod>(), entry<TipAdapterFMethod>(),
      // Masked language models.
      entry<MlmZeroShotMethod>(), entry<LmBffMethod>(), entry<PromptTuningMethod>(), entry<PTuningMethod>(),
      entry<PrefixTuningMethod>(), entry<PoufMlmMethod>(), entry<PoufMlmFewShotMethod>()};
  return entries;
}

}  // namespace

const std::vector<MethodDescription>& method_catalog() {
  static const std::vector<MethodDescription> catalog = [] {
    std::vector<MethodDescription> descriptions;
    for (const auto& method : registry()) descriptions.push_back(method.description());
    return descriptions;
  }();
  return catalog;
}

std::unique_ptr<PromptMethod> create_method(const std::string& name, MethodSetup setup) {
  const MethodDescription& description = find_method_description(name);
  setup.options = validate_method_options(description, setup.options);
  if (description.modality == Modality::Text && setup.language_model == nullptr)
    throw Error("method.name: " + name + " is a masked-LM method; backbone.path must be a BERT or RoBERTa folder");
  if (description.modality == Modality::Vision && setup.backbone == nullptr)
    throw Error("method.name: " + name + " is a CLIP method" +
                (setup.language_model != nullptr ? "; the backbone is a masked LM (use mlm_zero_shot, lm_bff, "
                                                   "prompt_tuning, pouf_mlm, ...)"
                                                 : ": no backbone loaded"));
  for (const auto& method : registry()) {
    if (method.description().name != name) continue;
    try {
      return method.create(setup);
    } catch (const c10::Error& error) {
      throw Error(name + ": could not be set up: " + error.what_without_backtrace());
    }
  }
  throw Error("method.name: unknown method '" + name + "'");
}

// Helpers shared by the methods; they live here to keep the number of LibTorch translation units down.

namespace {
TextBatch trimmed(TextBatch batch) {
  if (batch.size() == 0) return batch;
  const auto longest = batch.attention_mask.sum(1).max().item<std::int64_t>();
  batch.ids = batch.ids.narrow(1, 0, longest);
  batch.attention_mask = batch.attention_mask.narrow(1, 0, longest);
  batch.token_types = batch.token_types.narrow(1, 0, longest);
  return batch;
}
}  // namespace

TextBatch TextBatch::select(const torch::Tensor& rows) const {
  const auto index = rows.to(ids.device());
  return trimmed({ids.index_select(0, index), attention_mask.index_select(0, index), token_types.index_select(0, index),
                  mask_positions.index_select(0, index)});
}

TextBatch TextBatch::narrow(std::int64_t start, std::int64_t count) const {
  return trimmed({ids.narrow(0, start, count), attention_mask.narrow(0, start, count),
                  token_types.narrow(0, start, count), mask_positions.narrow(0, start, count)});
}

TextBatch TextBatch::to(const torch::Device& device) const {
  return {ids.to(device), attention_mask.to(device), token_types.to(device), mask_positions.to(device)};
}

LossOutput PromptMethod::loss(const MethodBatch& batch) {
  LossOutput output;
  output.logits = logits(batch);
  output.loss = classification_loss(output.logits, batch.labels);
  return output;
}

MethodPrediction PromptMethod::predict(const MethodBatch& batch) {
  return {logits(batch), normalize_rows(batch.features)};
}

torch::Tensor classification_loss(const torch::Tensor& logits, const torch::Tensor& labels) {
  if (!labels.defined()) throw Error("this method needs labeled training data");
  return torch::nn::functional::cross_entropy(logits, labels.to(logits.device()));
}

torch::Tensor normalize_rows(const torch::Tensor& x) {
  return x / x.norm(2, -1, true).clamp_min(1e-12);
}

torch::Tensor state_tensor(const TensorMap& state, const std::string& name, const std::vector<std::int64_t>& shape,
                           const std::string& method) {
  const auto found = state.find(name);
  if (found == state.end()) throw Error(method + ": the saved state has no tensor '" + name + "'");
  if (found->second.sizes().vec() != shape) {
    auto text = [](const std::vector<std::int64_t>& dims) {
      std::string out = "[";
      for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? "," : "") + std::to_string(dims[i]);
      return out + "]";
    };
    throw Error(method + ": tensor '" + name + "' has shape " + text(found->second.sizes().vec()) + ", expected " +
                text(shape) + " (a different backbone or class list?)");
  }
  return found->second.to(torch::kFloat32);
}

}  // namespace promptune
