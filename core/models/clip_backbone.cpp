#include "core/models/clip_backbone.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "core/io/atomic_file.h"
#include "core/io/safetensors_format.h"
#include "core/models/backbone_summary.h"
#include "core/util/error.h"
#include "core/util/hashing.h"
#include "core/util/join.h"

namespace promptune {
namespace fs = std::filesystem;
namespace {

// open_clip checkpoints saved from DistributedDataParallel carry "module."; some exports carry "model.".
TensorMap strip_common_prefix(TensorMap tensors) {
  for (const std::string prefix : {"module.", "model."}) {
    if (tensors.empty()) break;
    bool all = true;
    for (const auto& [key, value] : tensors) all = all && starts_with(key, prefix);
    if (!all) continue;
    TensorMap stripped;
    for (auto& [key, value] : tensors) stripped.emplace(key.substr(prefix.size()), value);
    tensors = std::move(stripped);
  }
  return tensors;
}

// Sub-module names that differ between the layouts, HF -> OpenAI, inside one encoder layer.
const std::vector<std::pair<std::string, std::string>>& layer_renames() {
  static const std::vector<std::pair<std::string, std::string>> renames = {{"self_attn.out_proj.", "attn.out_proj."},
                                                                           {"layer_norm1.", "ln_1."},
                                                                           {"layer_norm2.", "ln_2."},
                                                                           {"mlp.fc1.", "mlp.c_fc."},
                                                                           {"mlp.fc2.", "mlp.c_proj."}};
  return renames;
}

const std::vector<std::pair<std::string, std::string>>& top_level_renames() {
  static const std::vector<std::pair<std::string, std::string>> renames = {
      {"vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight"},
      {"vision_model.embeddings.class_embedding", "visual.class_embedding"},
      {"vision_model.embeddings.position_embedding.weight", "visual.positional_embedding"},
      {"vision_model.pre_layrnorm.weight", "visual.ln_pre.weight"},
      {"vision_model.pre_layrnorm.bias", "visual.ln_pre.bias"},
      {"vision_model.post_layernorm.weight", "visual.ln_post.weight"},
      {"vision_model.post_layernorm.bias", "visual.ln_post.bias"},
      {"text_model.embeddings.token_embedding.weight", "token_embedding.weight"},
      {"text_model.embeddings.position_embedding.weight", "positional_embedding"},
      {"text_model.final_layer_norm.weight", "ln_final.weight"},
      {"text_model.final_layer_norm.bias", "ln_final.bias"},
      {"logit_scale", "logit_scale"}};
  return renames;
}

std::string image_preprocessing_text(const ImagePreprocessing& p) {
  std::ostringstream out;
  out << "resize " << p.resize_short_side << ", crop " << p.crop_size;
  return out.str();
}

ImagePreprocessing read_preprocessing(const fs::path& folder, int image_size) {
  ImagePreprocessing settings;
  settings.resize_short_side = settings.crop_size = image_size;
  const fs::path file = folder / "preprocessor_config.json";
  if (!fs::exists(file)) return settings;
  const auto config = read_json_file(file);
  const auto size_of = [&](const char* key, const char* inner, int fallback) {
    if (!config.contains(key)) return fallback;
    const auto& value = config.at(key);
    if (value.is_number_integer()) return value.get<int>();
    if (value.is_object() && value.contains(inner) && value.at(inner).is_number_integer())
      return value.at(inner).get<int>();
    throw file_error(file, std::string("field ") + key + " is neither an integer nor {\"" + inner + "\": integer}");
  };
  settings.resize_short_side = size_of("size", "shortest_edge", image_size);
  settings.crop_size = size_of("crop_size", "height", image_size);
  for (const auto& [key, target] :
       {std::pair<const char*, std::array<float, 3>*>{"image_mean", &settings.mean}, {"image_std", &settings.std}}) {
    if (!config.contains(key)) continue;
    const auto& values = config.at(key);
    if (!values.is_array() || values.size() != 3) throw file_error(file, std::string(key) + " must hold 3 numbers");
    for (int c = 0; c < 3; ++c) (*target)[c] = values.at(c).get<float>();
  }
  if (settings.crop_size != image_size) {
    throw file_error(file, "crop_size " + std::to_string(settings.crop_size) + " differs from the model's image size " +
                               std::to_string(image_size));
  }
  return settings;
}

// Chooses the weight file(s) in a folder, most specific first.
std::vector<fs::path> weight_files_in(const fs::path& folder) {
  const fs::path index = folder / "model.safetensors.index.json";
  if (fs::exists(index)) return shard_files(index);
  for (const char* name : {"model.safetensors", "open_clip_model.safetensors", "model.pt", "pytorch_model.bin",
                           "open_clip_pytorch_model.bin"}) {
    if (fs::exists(folder / name)) return {folder / name};
  }
  std::vector<fs::path> candidates;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const auto extension = entry.path().extension();
    if (extension == ".safetensors" || extension == ".pt") candidates.push_back(entry.path());
  }
  if (candidates.size() == 1) return candidates;
  throw file_error(folder, candidates.empty()
                               ? "holds no CLIP weights (expected model.safetensors, a .safetensors or a .pt file)"
                               : "holds several weight files; open the one you mean directly");
}

TensorMap read_weights(const std::vector<fs::path>& files, std::vector<std::string>& warnings) {
  return strip_common_prefix(load_weight_files(files, warnings));
}

std::unique_ptr<ClipTokenizer> find_tokenizer(const fs::path& folder, const ClipLoadOptions& options) {
  if (!options.tokenizer.empty()) {
    return fs::is_directory(options.tokenizer) ? ClipTokenizer::from_directory(options.tokenizer)
                                               : ClipTokenizer::from_bpe_archive(options.tokenizer);
  }
  for (const fs::path& candidate : {folder, folder.parent_path()}) {
    if ((fs::exists(candidate / "vocab.json") && fs::exists(candidate / "merges.txt")) ||
        fs::exists(candidate / "bpe_simple_vocab_16e6.txt.gz")) {
      return ClipTokenizer::from_directory(candidate);
    }
  }
  throw file_error(folder,
                   "no CLIP tokenizer found beside the weights: put vocab.json + merges.txt or openai/CLIP's "
                   "bpe_simple_vocab_16e6.txt.gz there (or in the parent folder), or name it with --tokenizer");
}

}  // namespace

const char* clip_layout_name(ClipLayout layout) {
  return layout == ClipLayout::HuggingFace ? "Hugging Face layout" : "OpenAI layout";
}

ClipLayout detect_clip_layout(const TensorMap& tensors, const std::string& source) {
  bool huggingface = false, openai = false;
  for (const auto& [key, tensor] : tensors) {
    if (starts_with(key, "visual.layer1.") || starts_with(key, "visual.attnpool.")) {
      throw Error(source + ": this is a ResNet CLIP (RN50 family); Promptune supports ViT CLIP models so far");
    }
    huggingface = huggingface || starts_with(key, "vision_model.") || starts_with(key, "text_model.");
    openai = openai || starts_with(key, "visual.");
  }
  if (huggingface && !openai) return ClipLayout::HuggingFace;
  if (openai && !huggingface) return ClipLayout::OpenAi;
  std::string examples;
  int shown = 0;
  for (auto it = tensors.begin(); it != tensors.end() && shown < 3; ++it, ++shown)
    examples += (shown ? ", " : "") + it->first;
  throw Error(source + (huggingface ? ": mixes Hugging Face and OpenAI key names"
                                    : ": is not a CLIP checkpoint (no vision_model.* or visual.* tensors; found " +
                                          examples + ")"));
}

TensorMap huggingface_to_openai(const TensorMap& tensors) {
  static const std::regex layer_key(R"(^(vision_model|text_model)\.encoder\.layers\.(\d+)\.(.+)$)");
  TensorMap result;
  std::map<std::string, std::map<std::string, torch::Tensor>> packed;  // in_proj key -> q/k/v parts
  for (const auto& [key, tensor] : tensors) {
    if (key.find("position_ids") != std::string::npos) continue;
    if (key == "visual_projection.weight") {
      result["visual.proj"] = tensor.t().contiguous();
      continue;
    }
    if (key == "text_projection.weight") {
      result["text_projection"] = tensor.t().contiguous();
      continue;
    }
    bool renamed = false;
    for (const auto& [from, to] : top_level_renames()) {
      if (key == from) result[to] = tensor, renamed = true;
    }
    if (renamed) continue;
    std::smatch match;
    if (!std::regex_match(key, match, layer_key)) {
      result[key] = tensor;  // unknown: load_weights reports it as unexpected
      continue;
    }
    const std::string prefix =
        (match[1] == "vision_model" ? "visual.transformer.resblocks." : "transformer.resblocks.") + match[2].str() +
        ".";
    std::string rest = match[3];
    if (starts_with(rest, "self_attn.") && (rest[10] == 'q' || rest[10] == 'k' || rest[10] == 'v') &&
        starts_with(rest.substr(11), "_proj.")) {
      const std::string kind = ends_with(rest, ".weight") ? "in_proj_weight" : "in_proj_bias";
      packed[prefix + "attn." + kind][std::string(1, rest[10])] = tensor;
      continue;
    }
    for (const auto& [from, to] : layer_renames()) {
      if (starts_with(rest, from)) rest = to + rest.substr(from.size());
    }
    result[prefix + rest] = tensor;
  }
  for (auto& [key, parts] : packed) {
    if (parts.size() == 3) {
      result[key] = torch::cat({parts.at("q"), parts.at("k"), parts.at("v")}, 0);
    }  // otherwise in_proj stays missing and load_weights names it
  }
  return result;
}

TensorMap openai_to_huggingface(const TensorMap& tensors) {
  static const std::regex layer_key(R"(^(visual\.transformer|transformer)\.resblocks\.(\d+)\.(.+)$)");
  TensorMap result;
  for (const auto& [key, tensor] : tensors) {
    if (key == "visual.proj") {
      result["visual_projection.weight"] = tensor.t().contiguous();
      continue;
    }
    if (key == "text_projection") {
      result["text_projection.weight"] = tensor.t().contiguous();
      continue;
    }
    bool renamed = false;
    for (const auto& [from, to] : top_level_renames()) {
      if (key == to) result[from] = tensor, renamed = true;
    }
    if (renamed) continue;
    std::smatch match;
    if (!std::regex_match(key, match, layer_key)) {
      result[key] = tensor;
      continue;
    }
    const std::string prefix = (match[1] == "visual.transformer" ? "vision_model" : "text_model") +
                               std::string(".encoder.layers.") + match[2].str() + ".";
    std::string rest = match[3];
    if (rest == "attn.in_proj_weight" || rest == "attn.in_proj_bias") {
      const auto parts = tensor.chunk(3, 0);
      const std::string kind = rest == "attn.in_proj_weight" ? "weight" : "bias";
      result[prefix + "self_attn.q_proj." + kind] = parts[0].contiguous();
      result[prefix + "self_attn.k_proj." + kind] = parts[1].contiguous();
      result[prefix + "self_attn.v_proj." + kind] = parts[2].contiguous();
      continue;
    }
    for (const auto& [from, to] : layer_renames()) {
      if (starts_with(rest, to)) rest = from + rest.substr(to.size());
    }
    result[prefix + rest] = tensor;
  }
  return result;
}

ClipConfig infer_clip_config(const TensorMap& tensors, const std::string& source) {
  const auto need = [&](const std::string& key) -> const torch::Tensor& {
    const auto found = tensors.find(key);
    if (found == tensors.end()) throw Error(source + ": cannot infer the architecture: tensor " + key + " is missing");
    return found->second;
  };
  ClipConfig config;
  const auto& conv = need("visual.conv1.weight");
  config.vision.width = static_cast<int>(conv.size(0));
  config.patch_size = static_cast<int>(conv.size(-1));
  const auto grid = std::lround(std::sqrt(static_cast<double>(need("visual.positional_embedding").size(0) - 1)));
  config.image_size = static_cast<int>(grid) * config.patch_size;
  std::set<std::string> vision_blocks, text_blocks;
  static const std::regex block(R"(^(visual\.transformer|transformer)\.resblocks\.(\d+)\.)");
  for (const auto& [key, tensor] : tensors) {
    std::smatch match;
    if (std::regex_search(key, match, block))
      (match[1] == "transformer" ? text_blocks : vision_blocks).insert(match[2]);
  }
  config.vision.layers = static_cast<int>(vision_blocks.size());
  config.vision.heads = std::max(1, config.vision.width / 64);
  config.vision.mlp_width = static_cast<int>(need("visual.transformer.resblocks.0.mlp.c_fc.weight").size(0));
  config.embed_dim = static_cast<int>(need("text_projection").size(1));
  config.context_length = static_cast<int>(need("positional_embedding").size(0));
  config.vocab_size = static_cast<int>(need("token_embedding.weight").size(0));
  config.text.width = static_cast<int>(need("ln_final.weight").size(0));
  config.text.heads = std::max(1, config.text.width / 64);
  config.text.layers = static_cast<int>(text_blocks.size());
  config.text.mlp_width = static_cast<int>(need("transformer.resblocks.0.mlp.c_fc.weight").size(0));
  config.validate(source);
  return config;
}

std::unique_ptr<ClipBackbone> ClipBackbone::load(const fs::path& path, const ClipLoadOptions& options) {
  if (!fs::exists(path)) throw file_error(path, "does not exist");
  const fs::path folder = fs::is_directory(path) ? path : path.parent_path();
  const std::vector<fs::path> files = fs::is_directory(path) ? weight_files_in(path) : std::vector<fs::path>{path};
  auto backbone = std::make_unique<ClipBackbone>();
  const std::string source = files.front().string();
  TensorMap tensors;
  try {
    tensors = read_weights(files, backbone->warnings);
  } catch (const c10::Error& error) {
    throw file_error(files.front(), std::string("cannot be read: ") + error.what_without_backtrace());
  }
  backbone->identity.layout = detect_clip_layout(tensors, source);
  backbone->identity.weights_file = files.front();
  ClipConfig config;
  std::string name = fs::is_directory(path) ? path.filename().string() : path.stem().string();
  if (name.empty()) name = folder.filename().string();
  if (backbone->identity.layout == ClipLayout::HuggingFace) {
    tensors = huggingface_to_openai(tensors);
    if (fs::exists(folder / "config.json")) {
      const auto json = read_json_file(folder / "config.json");
      config = clip_config_from_hf_json(json, (folder / "config.json").string());
      name = json.value("_name_or_path", name);
      if (name.empty()) name = folder.filename().string();
    } else {
      config = infer_clip_config(tensors, source);
      backbone->warnings.push_back(
          "no config.json beside the weights: architecture inferred from tensor shapes "
          "(heads = width / 64, QuickGELU)");
    }
  } else if (fs::exists(folder / "architecture.json")) {
    config = clip_config_from_architecture_json(read_json_file(folder / "architecture.json"),
                                                (folder / "architecture.json").string());
  } else {
    config = infer_clip_config(tensors, source);
    backbone->warnings.push_back(
        "architecture inferred from tensor shapes as the reference build_model does "
        "(attention heads = width / 64, QuickGELU); put an architecture.json beside the "
        "weights if the model differs");
  }
  try {
    backbone->model = ClipModel(config);
    backbone->model->load_weights(tensors, source);
  } catch (const c10::Error& error) {
    throw file_error(files.front(), std::string("cannot build the model: ") + error.what_without_backtrace());
  }
  backbone->model->eval();
  for (auto& parameter : backbone->model->parameters()) parameter.set_requires_grad(false);
  backbone->tokenizer = find_tokenizer(folder, options);
  if (backbone->tokenizer->vocabulary_size() > config.vocab_size) {
    throw file_error(folder, "the tokenizer has " + std::to_string(backbone->tokenizer->vocabulary_size()) +
                                 " tokens but the model embeds only " + std::to_string(config.vocab_size));
  }
  backbone->preprocessing = read_preprocessing(folder, config.image_size);
  backbone->identity.name = name;
  if (options.compute_hash) {
    backbone->identity.weights_hash = weights_hash(files);
  }
  return backbone;
}

torch::Tensor ClipBackbone::load_images(const std::vector<fs::path>& files) const {
  std::vector<torch::Tensor> images;
  images.reserve(files.size());
  const int size = preprocessing.crop_size;
  for (const auto& file : files) {
    auto pixels = preprocess_rgb(decode_image_rgb(file), preprocessing);
    images.push_back(torch::from_blob(pixels.data(), {3, size, size}, torch::kFloat32).clone());
  }
  if (images.empty()) return torch::empty({0, 3, size, size});
  return torch::stack(images);
}

std::pair<torch::Tensor, torch::Tensor> ClipBackbone::tokenize(const std::vector<std::string>& texts) const {
  const int context = model->config().context_length;
  auto ids = torch::zeros({static_cast<std::int64_t>(texts.size()), context}, torch::kLong);
  auto eot = torch::zeros({static_cast<std::int64_t>(texts.size())}, torch::kLong);
  auto ids_access = ids.accessor<std::int64_t, 2>();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const ClipTokens tokens = tokenizer->encode_for_model(texts[i], context, true);
    for (int j = 0; j < context; ++j)
      ids_access[static_cast<std::int64_t>(i)][j] = tokens.ids[static_cast<std::size_t>(j)];
    eot[static_cast<std::int64_t>(i)] = tokens.eot_position;
  }
  return {ids, eot};
}

torch::Tensor ClipBackbone::encode_texts(const std::vector<std::string>& texts) {
  torch::NoGradGuard no_grad;
  const auto [ids, eot] = tokenize(texts);
  return model->encode_text(ids, eot);
}

std::string ClipBackbone::describe() const {
  std::ostringstream out;
  out.precision(3);
  out << identity.name << ": " << model->config().summary() << " (" << model->parameter_count() / 1e6
      << " M parameters, " << clip_layout_name(identity.layout) << ", " << image_preprocessing_text(preprocessing)
      << ")";
  return out.str();
}

void ClipBackbone::save_huggingface(const fs::path& folder, const std::vector<fs::path>& tokenizer_files) const {
  fs::create_directories(folder);
  save_safetensors(folder / "model.safetensors", openai_to_huggingface(model->weights()), {{"format", "pt"}});
  auto config = clip_config_to_hf_json(model->config());
  config["_name_or_path"] = identity.name;
  write_file_atomically(folder / "config.json", config.dump(2));
  nlohmann::json preprocessor = {
      {"do_resize", true},
      {"size", {{"shortest_edge", preprocessing.resize_short_side}}},
      {"do_center_crop", true},
      {"crop_size", {{"height", preprocessing.crop_size}, {"width", preprocessing.crop_size}}},
      {"do_normalize", true},
      {"image_mean", preprocessing.mean},
      {"image_std", preprocessing.std},
      {"resample", 3},
      {"image_processor_type", "CLIPImageProcessor"}};
  write_file_atomically(folder / "preprocessor_config.json", preprocessor.dump(2));
  for (const auto& file : tokenizer_files)
    fs::copy_file(file, folder / file.filename(), fs::copy_options::overwrite_existing);
}

}  // namespace promptune

namespace promptune {

BackboneSummary summarize_clip_backbone(const std::filesystem::path& path, const std::filesystem::path& tokenizer) {
  const auto backbone = ClipBackbone::load(path, {tokenizer, true});
  BackboneSummary summary;
  summary.name = backbone->identity.name;
  summary.architecture = backbone->model->config().summary();
  summary.layout = clip_layout_name(backbone->identity.layout);
  summary.parameters = backbone->model->parameter_count();
  summary.weights_hash = backbone->identity.weights_hash;
  summary.weights_file = backbone->identity.weights_file.string();
  const auto& p = backbone->preprocessing;
  std::ostringstream preprocessing;
  preprocessing << "resize short side to " << p.resize_short_side << " (bicubic), center crop " << p.crop_size
                << ", mean (" << p.mean[0] << ", " << p.mean[1] << ", " << p.mean[2] << "), std (" << p.std[0] << ", "
                << p.std[1] << ", " << p.std[2] << ")";
  summary.preprocessing = preprocessing.str();
  summary.tokenizer =
      backbone->tokenizer->fingerprint() + ", " + std::to_string(backbone->tokenizer->vocabulary_size()) + " tokens";
  summary.warnings = backbone->warnings;
  return summary;
}

int convert_to_safetensors(const std::filesystem::path& input, const std::filesystem::path& output) {
  const TensorMap tensors =
      input.extension() == ".safetensors" ? load_safetensors(input).tensors : load_torch_archive(input);
  save_safetensors(output, tensors, {{"format", "pt"}, {"converted_from", input.filename().string()}});
  return static_cast<int>(tensors.size());
}

}  // namespace promptune
