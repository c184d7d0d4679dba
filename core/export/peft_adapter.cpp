#include "core/export/peft_adapter.h"

#include <map>

#include "core/io/atomic_file.h"
#include "core/util/error.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string>& peft_types() {
  static const std::map<std::string, std::string> types = {
      {"prompt_tuning", "PROMPT_TUNING"}, {"p_tuning", "P_TUNING"}, {"prefix_tuning", "PREFIX_TUNING"}};
  return types;
}

int required_int(const nlohmann::json& block, const char* key, const fs::path& file, const char* where) {
  if (!block.is_object() || !block.contains(key) || !block[key].is_number_integer())
    throw file_error(file, std::string(where) + "." + key + " is missing or not an integer");
  return block[key].get<int>();
}

}  // namespace

bool has_peft_form(const std::string& method) {
  return peft_types().count(method) > 0;
}

PeftAdapter peft_adapter_from_prompt(const PromptFile& prompt, const fs::path& file) {
  const auto type = peft_types().find(prompt.method());
  if (type == peft_types().end())
    throw file_error(file, "method " + prompt.method() +
                               " has no Hugging Face PEFT form (prompt_tuning, p_tuning and prefix_tuning have)");
  const auto found = prompt.tensors.find("prompt_embeddings");
  if (found == prompt.tensors.end()) throw file_error(file, "holds no prompt_embeddings tensor");
  const auto& backbone = prompt.metadata.value("backbone", nlohmann::json::object());
  const int hidden = required_int(backbone, "hidden_size", file, "backbone");
  const int layers = required_int(backbone, "layers", file, "backbone");
  const int heads = required_int(backbone, "heads", file, "backbone");
  const auto embeddings = found->second.to(torch::kFloat32).contiguous();

  PeftAdapter adapter;
  adapter.peft_type = type->second;
  adapter.prompt_embeddings = embeddings;
  // Only the fields PEFT's prompt-learning configs define: older PEFT versions refuse unknown keys.
  nlohmann::json config = {{"auto_mapping", nullptr},
                           {"base_model_name_or_path", backbone.value("name", "")},
                           {"inference_mode", true},
                           {"modules_to_save", nullptr},
                           {"num_attention_heads", heads},
                           {"num_layers", layers},
                           {"num_transformer_submodules", 1},
                           {"num_virtual_tokens", embeddings.size(0)},
                           {"peft_type", adapter.peft_type},
                           {"revision", nullptr},
                           // PEFT has no masked-LM task type; a null task type would not inject the prompt.
                           {"task_type", "FEATURE_EXTRACTION"},
                           {"token_dim", hidden}};
  if (adapter.peft_type == "PROMPT_TUNING") {
    // TEXT init would make PEFT demand a resolvable tokenizer path on load; the values are trained anyway.
    config["prompt_tuning_init"] = "RANDOM";
    config["prompt_tuning_init_text"] = nullptr;
    config["tokenizer_kwargs"] = nullptr;
    config["tokenizer_name_or_path"] = nullptr;
  } else if (adapter.peft_type == "P_TUNING") {
    const auto& learned = prompt.metadata.value("method_metadata", nlohmann::json::object());
    config["encoder_reparameterization_type"] = learned.value("encoder", "mlp") == "lstm" ? "LSTM" : "MLP";
    config["encoder_hidden_size"] = hidden;
  } else {
    // The stored tensor is the projection's output when one was trained: PEFT reads it as a raw prefix.
    config["prefix_projection"] = false;
    config["encoder_hidden_size"] = hidden;
  }
  adapter.config = config;
  const auto expected_width = adapter.peft_type == "PREFIX_TUNING" ? layers * 2 * hidden : hidden;
  if (embeddings.dim() != 2 || embeddings.size(1) != expected_width)
    throw file_error(file, "prompt_embeddings has shape " + shape_text(embeddings.sizes()) + ", expected [P, " +
                               std::to_string(expected_width) + "] for " + adapter.peft_type);
  return adapter;
}

void write_peft_adapter(const fs::path& folder, const PeftAdapter& adapter) {
  fs::create_directories(folder);
  // nlohmann::json objects keep their keys sorted, as PEFT's save_pretrained writes them.
  write_file_atomically(folder / "adapter_config.json", adapter.config.dump(2) + "\n");
  save_safetensors(folder / "adapter_model.safetensors", {{"prompt_embeddings", adapter.prompt_embeddings}},
                   {{"format", "pt"}});
}

PeftAdapter read_peft_adapter(const fs::path& folder) {
  const auto config_file = folder / "adapter_config.json";
  const auto weights_file = folder / "adapter_model.safetensors";
  if (!fs::exists(config_file)) throw file_error(folder, "has no adapter_config.json (not a PEFT adapter folder)");
  if (!fs::exists(weights_file))
    throw file_error(folder, fs::exists(folder / "adapter_model.bin")
                                 ? "holds adapter_model.bin; save the adapter with safe_serialization=True"
                                 : "has no adapter_model.safetensors");
  PeftAdapter adapter;
  adapter.config = read_json_file(config_file);
  adapter.peft_type = adapter.config.value("peft_type", "");
  if (adapter.peft_type != "PROMPT_TUNING" && adapter.peft_type != "P_TUNING" && adapter.peft_type != "PREFIX_TUNING")
    throw file_error(config_file, "peft_type \"" + adapter.peft_type +
                                      "\" is not a prompt-learning adapter (PROMPT_TUNING, P_TUNING, PREFIX_TUNING)");
  const int submodules = adapter.config.value("num_transformer_submodules", 1);
  if (submodules != 1)
    throw file_error(config_file, "num_transformer_submodules is " + std::to_string(submodules) +
                                      "; encoder-only masked LMs take 1");
  const int tokens = required_int(adapter.config, "num_virtual_tokens", config_file, "adapter_config");
  const int hidden = required_int(adapter.config, "token_dim", config_file, "adapter_config");
  auto file = load_safetensors(weights_file);
  const auto found = file.tensors.find("prompt_embeddings");
  if (found == file.tensors.end() || file.tensors.size() != 1)
    throw file_error(weights_file, "must hold exactly one tensor, prompt_embeddings");
  adapter.prompt_embeddings = found->second;
  const long long width = adapter.peft_type == "PREFIX_TUNING"
                              ? 2LL * hidden * required_int(adapter.config, "num_layers", config_file, "adapter_config")
                              : hidden;
  if (adapter.prompt_embeddings.dim() != 2 || adapter.prompt_embeddings.size(0) != tokens ||
      adapter.prompt_embeddings.size(1) != width)
    throw file_error(weights_file, "prompt_embeddings has shape " + shape_text(adapter.prompt_embeddings.sizes()) +
                                       ", adapter_config.json says [" + std::to_string(tokens) + ", " +
                                       std::to_string(width) + "]");
  return adapter;
}

}  // namespace promptune
