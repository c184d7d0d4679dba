#include "core/models/masked_lm_backbone.h"

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/models/backbone_summary.h"
#include "core/util/error.h"
#include "core/util/join.h"

namespace promptune {
namespace fs = std::filesystem;
namespace {

std::vector<fs::path> masked_lm_weight_files(const fs::path& folder) {
  if (fs::exists(folder / "model.safetensors.index.json")) return shard_files(folder / "model.safetensors.index.json");
  if (fs::exists(folder / "model.safetensors")) return {folder / "model.safetensors"};
  if (fs::exists(folder / "pytorch_model.bin")) return {folder / "pytorch_model.bin"};
  throw file_error(folder, "holds no weights: expected model.safetensors (or pytorch_model.bin)");
}

// Keys that carry nothing the masked LM uses.
bool ignored_key(const std::string& key) {
  return ends_with(key, "position_ids") || key.find("pooler.") != std::string::npos ||
         starts_with(key, "cls.seq_relationship.") || key == "cls.predictions.decoder.bias" ||
         key == "lm_head.decoder.bias";
}

}  // namespace

TensorMap normalize_masked_lm_weights(TensorMap tensors, MaskedLmFamily& family, bool family_known, bool& has_head,
                                      bool& tied, std::vector<std::string>& warnings) {
  // A wrapper prefix every key shares ("model.") is stripped.
  for (const std::string wrapper : {"model.", "module."}) {
    const bool all = !tensors.empty() && std::all_of(tensors.begin(), tensors.end(), [&](const auto& item) {
      return starts_with(item.first, wrapper);
    });
    if (!all) continue;
    TensorMap stripped;
    for (auto& [key, tensor] : tensors) stripped[key.substr(wrapper.size())] = tensor;
    tensors = std::move(stripped);
  }
  bool saw_bert = false, saw_roberta = false;
  for (const auto& item : tensors) {
    saw_bert |= starts_with(item.first, "bert.") || starts_with(item.first, "cls.");
    saw_roberta |= starts_with(item.first, "roberta.") || starts_with(item.first, "lm_head.");
  }
  if (!family_known && (saw_bert || saw_roberta)) family = saw_roberta ? MaskedLmFamily::Roberta : MaskedLmFamily::Bert;
  const std::string prefix = masked_lm_encoder_prefix(family) + ".";
  TensorMap normalized;
  bool legacy_names = false;
  for (auto& [original, tensor] : tensors) {
    std::string key = original;
    // The original bert-base checkpoints name LayerNorm parameters gamma/beta.
    if (ends_with(key, ".gamma")) key = key.substr(0, key.size() - 6) + ".weight", legacy_names = true;
    if (ends_with(key, ".beta")) key = key.substr(0, key.size() - 5) + ".bias", legacy_names = true;
    if (starts_with(key, "embeddings.") || starts_with(key, "encoder.")) key = prefix + key;  // bare BertModel
    if (key == "cls.predictions.decoder.bias" && !tensors.count("cls.predictions.bias")) key = "cls.predictions.bias";
    if (key == "lm_head.decoder.bias" && !tensors.count("lm_head.bias")) key = "lm_head.bias";
    if (ignored_key(key)) continue;
    normalized[key] = tensor.to(torch::kFloat32);
  }
  if (legacy_names) warnings.push_back("legacy LayerNorm names (gamma/beta) were read as weight/bias");
  const std::string head_key =
      family == MaskedLmFamily::Bert ? "cls.predictions.transform.dense.weight" : "lm_head.dense.weight";
  has_head = normalized.count(head_key) > 0;
  const std::string decoder_key =
      family == MaskedLmFamily::Bert ? "cls.predictions.decoder.weight" : "lm_head.decoder.weight";
  const std::string embeddings_key = prefix + "embeddings.word_embeddings.weight";
  tied = true;
  if (const auto decoder = normalized.find(decoder_key); decoder != normalized.end()) {
    const auto embeddings = normalized.find(embeddings_key);
    tied = embeddings != normalized.end() && decoder->second.sizes() == embeddings->second.sizes() &&
           torch::equal(decoder->second, embeddings->second);
    if (tied) normalized.erase(decoder);
  }
  if (!has_head) {
    // Without a transform there is no usable head; drop stray head tensors rather than report them.
    for (auto it = normalized.begin(); it != normalized.end();)
      it =
          (starts_with(it->first, "cls.") || starts_with(it->first, "lm_head.")) ? normalized.erase(it) : std::next(it);
    warnings.push_back(
        "the checkpoint has no MLM head (cls.predictions / lm_head): zero-shot prompts, prompt-based fine-tuning "
        "and POUF need one; load a *ForMaskedLM checkpoint");
  }
  return normalized;
}

bool is_masked_lm_folder(const fs::path& path) {
  if (!fs::is_directory(path) || !fs::exists(path / "config.json")) return false;
  nlohmann::json config;
  try {
    config = read_json_file(path / "config.json");
  } catch (const Error&) {
    return false;
  }
  const std::string type = config.value("model_type", std::string());
  if (type == "bert" || type == "roberta" || type == "xlm-roberta" || type == "camembert") return true;
  if (type == "clip" || config.contains("vision_config")) return false;
  for (const auto& architecture : config.value("architectures", nlohmann::json::array())) {
    const std::string name = architecture.is_string() ? architecture.get<std::string>() : "";
    if (ends_with(name, "ForMaskedLM") || name == "BertForPreTraining" || name == "BertModel" || name == "RobertaModel")
      return true;
  }
  // bert-tiny's minimal config: no model_type, no architectures; vocab.txt beside it.
  return type.empty() && config.contains("num_hidden_layers") && fs::exists(path / "vocab.txt");
}

std::unique_ptr<MaskedLmBackbone> MaskedLmBackbone::load(const fs::path& folder, bool compute_hash) {
  if (!fs::exists(folder)) throw file_error(folder, "does not exist");
  if (!fs::is_directory(folder))
    throw file_error(folder, "is a file; open the model's folder (config.json, model.safetensors, tokenizer files)");
  if (!fs::exists(folder / "config.json")) throw file_error(folder, "has no config.json");
  const nlohmann::json config_json = read_json_file(folder / "config.json");
  const auto files = masked_lm_weight_files(folder);
  auto backbone = std::make_unique<MaskedLmBackbone>();
  TensorMap tensors;
  try {
    tensors = load_weight_files(files, backbone->warnings);
  } catch (const c10::Error& error) {
    throw file_error(files.front(), std::string("cannot be read: ") + error.what_without_backtrace());
  } catch (const Error& error) {
    if (files.front().extension() == ".bin")
      throw Error(std::string(error.what()) +
                  ". Convert it to model.safetensors (promptune-cli convert pytorch_model.bin model.safetensors, or "
                  "safetensors' convert script for legacy pickles) and load the folder again");
    throw;
  }
  const std::string model_type = config_json.value("model_type", std::string());
  MaskedLmFamily family =
      model_type.empty() && fs::exists(folder / "vocab.json") ? MaskedLmFamily::Roberta : MaskedLmFamily::Bert;
  bool has_head = false, tied = true;
  tensors =
      normalize_masked_lm_weights(std::move(tensors), family, !model_type.empty(), has_head, tied, backbone->warnings);
  const std::string config_source = (folder / "config.json").string();
  MaskedLmConfig config = masked_lm_config_from_json(config_json, family, config_source);
  try {
    backbone->model = MaskedLm(config, has_head, tied);
    backbone->model->load_weights(tensors, files.front().string());
  } catch (const c10::Error& error) {
    throw file_error(files.front(), std::string("cannot build the model: ") + error.what_without_backtrace());
  }
  if (!tied) backbone->warnings.push_back("the decoder weights differ from the word embeddings; kept untied");
  backbone->model->eval();
  for (auto& parameter : backbone->model->parameters()) parameter.set_requires_grad(false);
  backbone->tokenizer = load_masked_lm_tokenizer(folder);
  const bool wordpiece = backbone->tokenizer->kind() == MaskedLmTokenizerKind::WordPiece;
  if (wordpiece != (config.family == MaskedLmFamily::Bert))
    throw file_error(folder, std::string("the tokenizer is ") + (wordpiece ? "WordPiece" : "byte-level BPE") +
                                 " but the model is " + (wordpiece ? "RoBERTa" : "BERT") +
                                 "; the tokenizer files do not belong to these weights");
  if (backbone->tokenizer->vocabulary_size() > config.vocab_size)
    throw file_error(folder, "the tokenizer has " + std::to_string(backbone->tokenizer->vocabulary_size()) +
                                 " tokens but the model embeds only " + std::to_string(config.vocab_size));
  backbone->identity.name = config_json.value("_name_or_path", std::string());
  if (backbone->identity.name.empty()) backbone->identity.name = fs::absolute(folder).filename().string();
  backbone->identity.weights_file = files.front();
  if (compute_hash) backbone->identity.weights_hash = weights_hash(files);
  return backbone;
}

std::string MaskedLmBackbone::describe() const {
  std::int64_t count = 0;
  for (const auto& parameter : model->parameters()) count += parameter.numel();
  char parameters[32];
  std::snprintf(parameters, sizeof(parameters), "%.1f M", static_cast<double>(count) / 1e6);
  return identity.name + ": " + model->config().summary() + "; " + tokenizer->describe() + "; " + parameters +
         " parameters" + (model->has_head() ? "" : "; no MLM head");
}

void MaskedLmBackbone::save_huggingface(const fs::path& folder, const std::vector<fs::path>& tokenizer_files) const {
  fs::create_directories(folder);
  nlohmann::json config = masked_lm_config_to_json(model->config());
  config["_name_or_path"] = identity.name;
  write_file_atomically(folder / "config.json", config.dump(2) + "\n");
  TensorMap tensors;
  for (const auto& item : model->named_parameters(true)) tensors[item.key()] = item.value().detach();
  save_safetensors(folder / "model.safetensors", tensors, {{"format", "pt"}});
  for (const auto& file : tokenizer_files)
    fs::copy_file(file, folder / file.filename(), fs::copy_options::overwrite_existing);
}

BackboneSummary summarize_backbone(const fs::path& path, const fs::path& tokenizer) {
  if (!is_masked_lm_folder(path)) return summarize_clip_backbone(path, tokenizer);
  const auto backbone = MaskedLmBackbone::load(path, true);
  BackboneSummary summary;
  summary.modality = "text";
  summary.name = backbone->identity.name;
  summary.architecture = backbone->model->config().summary() + (backbone->model->has_head() ? "" : "; no MLM head");
  summary.layout = "Hugging Face masked LM";
  for (const auto& parameter : backbone->model->parameters()) summary.parameters += parameter.numel();
  summary.weights_hash = backbone->identity.weights_hash;
  summary.weights_file = backbone->identity.weights_file.string();
  summary.preprocessing = "-";
  summary.tokenizer = backbone->tokenizer->describe();
  summary.warnings = backbone->warnings;
  return summary;
}

}  // namespace promptune
