#include "core/train/session_config.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/io/atomic_file.h"
#include "core/methods/method_description.h"
#include "core/util/error.h"
#include "core/util/join.h"
#include "core/util/json_number.h"

namespace promptune {
namespace {

constexpr const char* kFormatName = "promptune-session";

/// Reads the fields of one JSON object, remembering which were asked for, so that typos are reported with the
/// list of fields the object may have.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) throw Error(where() + "must be an object, got " + object_.dump());
  }

  std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const std::string& key) {
    known_.push_back(key);
    return object_.contains(key) && !object_.at(key).is_null();
  }
  const nlohmann::json& at(const std::string& key) const { return object_.at(key); }

  std::string text(const std::string& key, const std::string& fallback) {
    if (!has(key)) return fallback;
    if (!at(key).is_string()) throw Error(field(key) + ": must be a string, got " + at(key).dump());
    return at(key).get<std::string>();
  }
  std::string choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed) {
    const std::string value = text(key, fallback);
    for (const auto& option : allowed)
      if (option == value) return value;
    throw Error(field(key) + ": must be one of " + join(allowed) + ", got \"" + value + "\"");
  }
  bool boolean(const std::string& key, bool fallback) {
    if (!has(key)) return fallback;
    if (!at(key).is_boolean()) throw Error(field(key) + ": must be true or false, got " + at(key).dump());
    return at(key).get<bool>();
  }
  long long integer(const std::string& key, long long fallback, long long minimum, long long maximum) {
    if (!has(key)) return fallback;
    const auto& value = at(key);
    const auto number = json_integer_in(value, minimum, maximum);
    if (!number)
      throw Error(field(key) + ": must be an integer from " + std::to_string(minimum) + " to " +
                  std::to_string(maximum) + ", got " + value.dump());
    return *number;
  }
  double number(const std::string& key, double fallback, double minimum, double maximum) {
    if (!has(key)) return fallback;
    const auto& value = at(key);
    if (!value.is_number() || value.get<double>() < minimum || value.get<double>() > maximum) {
      std::ostringstream range;
      range << minimum << " to " << maximum;
      throw Error(field(key) + ": must be a number from " + range.str() + ", got " + value.dump());
    }
    return value.get<double>();
  }
  std::filesystem::path path(const std::string& key, const std::filesystem::path& base) {
    const std::string value = text(key, "");
    if (value.empty()) return {};
    const std::filesystem::path path(value);
    return path.is_absolute() || base.empty() ? path : (base / path).lexically_normal();
  }
  /// Throws when the object holds a key nobody asked for.
  void finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known_.begin(), known_.end(), key) == known_.end())
        throw Error(field(key) + ": unknown field (" + (path_.empty() ? "a session" : path_) +
                    " may have: " + join(known_) + ")");
    }
  }

 private:
  std::string where() const { return path_.empty() ? "session: " : path_ + ": "; }
  const nlohmann::json& object_;
  std::string path_;
  std::vector<std::string> known_;
};

DatasetRef read_dataset(ObjectReader& parent, const std::string& key, const std::filesystem::path& base) {
  if (!parent.has(key)) return {};
  ObjectReader reader(parent.at(key), parent.field(key));
  DatasetRef dataset;
  dataset.path = reader.path("path", base);
  dataset.classes_file = reader.path("classes_file", base);
  dataset.domain = reader.text("domain", "");
  reader.finish();
  if (dataset.path.empty()) throw Error(parent.field(key) + ".path: is required");
  return dataset;
}

nlohmann::json dataset_json(const DatasetRef& dataset) {
  if (!dataset.used()) return nullptr;
  return {{"path", dataset.path.string()}, {"classes_file", dataset.classes_file.string()}, {"domain", dataset.domain}};
}

TrainingConfig read_training(const nlohmann::json& given, const nlohmann::json& method_defaults) {
  nlohmann::json merged = method_defaults;
  if (!given.is_null()) {
    if (!given.is_object()) throw Error("training: must be an object, got " + given.dump());
    merged.update(given);
  }
  ObjectReader reader(merged, "training");
  TrainingConfig training;
  training.epochs = static_cast<int>(reader.integer("epochs", training.epochs, 1, 100000));
  training.batch_size = static_cast<int>(reader.integer("batch_size", training.batch_size, 1, 65536));
  training.max_steps = static_cast<int>(reader.integer("max_steps", training.max_steps, 0, 1000000000));
  training.optimizer = reader.choice("optimizer", training.optimizer, {"sgd", "adamw"});
  training.learning_rate = reader.number("learning_rate", training.learning_rate, 0.0, 100.0);
  training.momentum = reader.number("momentum", training.momentum, 0.0, 0.9999);
  training.nesterov = reader.boolean("nesterov", training.nesterov);
  training.weight_decay = reader.number("weight_decay", training.weight_decay, 0.0, 10.0);
  training.beta1 = reader.number("beta1", training.beta1, 0.0, 0.9999);
  training.beta2 = reader.number("beta2", training.beta2, 0.0, 0.999999);
  training.adam_epsilon = reader.number("adam_epsilon", training.adam_epsilon, 1e-12, 1.0);
  training.warmup_epochs = static_cast<int>(reader.integer("warmup_epochs", training.warmup_epochs, 0, 100000));
  training.warmup_learning_rate = reader.number("warmup_learning_rate", training.warmup_learning_rate, 0.0, 100.0);
  training.schedule = reader.choice("schedule", training.schedule, {"cosine", "constant", "linear", "inverse"});
  training.inverse_gamma = reader.number("inverse_gamma", training.inverse_gamma, 0.0, 1.0);
  training.inverse_power = reader.number("inverse_power", training.inverse_power, 0.0, 10.0);
  training.warmup_type = reader.choice("warmup_type", training.warmup_type, {"constant", "linear"});
  training.schedule_unit = reader.choice("schedule_unit", training.schedule_unit, {"epoch", "step"});
  training.gradient_clip = reader.number("gradient_clip", training.gradient_clip, 0.0, 1e6);
  training.augmentation = reader.choice("augmentation", training.augmentation, {"none", "coop"});
  reader.finish();
  if (training.warmup_epochs >= training.epochs && training.epochs > 1)
    throw Error("training.warmup_epochs: must be smaller than training.epochs (" + std::to_string(training.epochs) +
                "), got " + std::to_string(training.warmup_epochs));
  return training;
}

TextPromptConfig read_text_prompt(const nlohmann::json& json) {
  TextPromptConfig text;
  ObjectReader reader(json, "text");
  text.template_text = reader.text("template", text.template_text);
  if (reader.has("label_words")) {
    const auto& words = reader.at("label_words");
    if (!words.is_object())
      throw Error(
          "text.label_words: must map class ids to a word or a list of words, e.g. "
          "{\"0\": \"terrible\", \"1\": [\"great\", \"good\"]}");
    for (const auto& [class_id, value] : words.items()) {
      std::vector<std::string> list;
      if (value.is_string()) {
        list.push_back(value.get<std::string>());
      } else if (value.is_array() && !value.empty() &&
                 std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return v.is_string(); })) {
        list = value.get<std::vector<std::string>>();
      } else {
        throw Error("text.label_words." + class_id + ": must be a word or a non-empty list of words, got " +
                    value.dump());
      }
      text.label_words.emplace_back(class_id, list);
    }
  }
  text.max_length = static_cast<int>(reader.integer("max_length", text.max_length, 0, 4096));
  text.first_sentence_limit = static_cast<int>(reader.integer("first_sentence_limit", 0, 0, 4096));
  text.other_sentence_limit = static_cast<int>(reader.integer("other_sentence_limit", 0, 0, 4096));
  text.too_long = reader.choice("too_long", text.too_long, {"cut", "error"});
  if (reader.has("columns")) {
    ObjectReader columns(reader.at("columns"), "text.columns");
    text.text_column = columns.text("text", "");
    text.pair_column = columns.text("pair", "");
    text.label_column = columns.text("label", "");
    columns.finish();
  }
  text.calibration = reader.choice("calibration", text.calibration, {"none", "contextual"});
  reader.finish();
  return text;
}

}  // namespace

SessionConfig SessionConfig::from_json(const nlohmann::json& document, const std::filesystem::path& base) {
  ObjectReader reader(document, "");
  const std::string format = reader.text("format", kFormatName);
  if (format != kFormatName)
    throw Error("format: expected \"" + std::string(kFormatName) + "\", got \"" + format + "\"");
  const long long version = reader.integer("version", kFormatVersion, 1, 1000000);
  if (version > kFormatVersion)
    throw Error("version: this session was written by a newer Promptune (format " + std::to_string(version) +
                "; this one reads up to " + std::to_string(kFormatVersion) + ")");

  SessionConfig config;
  config.name = reader.text("name", config.name);
  if (config.name.empty() || config.name.find_first_of("/\\") != std::string::npos)
    throw Error("name: must be a non-empty name without slashes (it names the run folder), got \"" + config.name +
                "\"");

  if (!reader.has("backbone")) throw Error("backbone: is required (a CLIP model folder or weight file)");
  {
    ObjectReader backbone(reader.at("backbone"), "backbone");
    config.backbone = backbone.path("path", base);
    config.tokenizer = backbone.path("tokenizer", base);
    backbone.finish();
    if (config.backbone.empty()) throw Error("backbone.path: is required");
  }

  if (!reader.has("data")) throw Error("data: is required (at least data.train or data.target)");
  {
    ObjectReader data(reader.at("data"), "data");
    config.train = read_dataset(data, "train", base);
    config.validation = read_dataset(data, "validation", base);
    config.target = read_dataset(data, "target", base);
    config.shots = static_cast<int>(data.integer("shots", config.shots, 0, 1000000));
    config.validation_fraction = data.number("validation_fraction", config.validation_fraction, 0.0, 0.9);
    config.data_seed = static_cast<std::uint64_t>(data.integer("seed", 1, 0, 1LL << 62));
    data.finish();
    if (!config.train.used() && !config.target.used()) throw Error("data: needs data.train or data.target");
    if (config.validation.used() && config.validation_fraction > 0.0)
      throw Error("data.validation_fraction: give either data.validation or data.validation_fraction, not both");
  }

  nlohmann::json method_options = nlohmann::json::object();
  if (reader.has("method")) {
    ObjectReader method(reader.at("method"), "method");
    config.method = method.text("name", config.method);
    if (method.has("options")) method_options = method.at("options");
    method.finish();
  }
  const MethodDescription& description = find_method_description(config.method);
  config.method_options = validate_method_options(description, method_options);
  const std::string examples = description.modality == Modality::Text ? "text" : "images";
  if (description.training_data == TrainingData::UnlabeledTarget) {
    if (!config.target.used())
      throw Error("data.target: " + config.method + " adapts to unlabeled target " + examples +
                  "; give them as data.target (their labels, if any, are only used to score the accuracy curves)");
  } else if (description.trains_by_gradient && !config.train.used()) {
    throw Error("data.train: " + config.method + " needs labeled training " + examples);
  }

  config.templates = reader.text("templates", config.templates);
  if (reader.has("text")) config.text = read_text_prompt(reader.at("text"));
  config.training =
      read_training(reader.has("training") ? reader.at("training") : nlohmann::json(), description.training_defaults);
  if (reader.has("evaluation")) {
    ObjectReader evaluation(reader.at("evaluation"), "evaluation");
    config.evaluation.every_epochs = static_cast<int>(evaluation.integer("every_epochs", 1, 1, 100000));
    config.evaluation.embedding_samples = static_cast<int>(evaluation.integer("embedding_samples", 300, 0, 100000));
    config.evaluation.select = evaluation.choice("select", "last", {"last", "unsupervised_objective"});
    evaluation.finish();
  }
  if (reader.has("checkpoints")) {
    ObjectReader checkpoints(reader.at("checkpoints"), "checkpoints");
    config.checkpoints.every_epochs = static_cast<int>(checkpoints.integer("every_epochs", 1, 1, 100000));
    config.checkpoints.keep = static_cast<int>(checkpoints.integer("keep", 2, 1, 1000));
    checkpoints.finish();
  }
  if (config.evaluation.select == "unsupervised_objective") {
    if (description.training_data != TrainingData::UnlabeledTarget)
      throw Error("evaluation.select: \"unsupervised_objective\" is for methods that train on unlabeled target data; " +
                  config.method + " trains on labels, so it ends with the last iterate (\"last\")");
    if (!config.validation.used())
      throw Error(
          "evaluation.select: \"unsupervised_objective\" compares checkpoints on held-out unlabeled images; "
          "give them as data.validation (for example a folder of target images not in data.target)");
  }
  config.device = reader.text("device", config.device);
  if (config.device != "auto" && config.device != "cpu" && config.device.rfind("cuda", 0) != 0)
    throw Error("device: must be one of auto, cpu, cuda, cuda:N, got \"" + config.device + "\"");
  config.precision = reader.choice("precision", config.precision, {"fp32", "fp16", "bf16"});
  config.seed = static_cast<std::uint64_t>(reader.integer("seed", 1, 0, 1LL << 62));
  config.output = reader.path("output", base);
  if (config.output.empty()) config.output = base.empty() ? "runs" : (base / "runs").lexically_normal();
  config.cache_folder = reader.text("cache_folder", "");
  reader.finish();
  return config;
}

SessionConfig SessionConfig::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw file_error(file, "cannot open the session file");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {  // parse errors, and numbers too large for a double
    throw file_error(file, std::string("is not valid JSON: ") + error.what());
  }
  try {
    return from_json(document, std::filesystem::absolute(file).parent_path());
  } catch (const Error& error) {
    throw file_error(file, error.what());
  }
}

nlohmann::json SessionConfig::to_json() const {
  nlohmann::json document;
  document["format"] = kFormatName;
  document["version"] = kFormatVersion;
  document["name"] = name;
  document["backbone"] = {{"path", backbone.string()}, {"tokenizer", tokenizer.string()}};
  document["data"] = {{"train", dataset_json(train)},
                      {"validation", dataset_json(validation)},
                      {"target", dataset_json(target)},
                      {"shots", shots},
                      {"validation_fraction", validation_fraction},
                      {"seed", data_seed}};
  document["method"] = {{"name", method}, {"options", method_options}};
  document["templates"] = templates;
  nlohmann::json label_words = nlohmann::json::object();
  for (const auto& [class_id, words] : text.label_words) label_words[class_id] = words;
  document["text"] = {
      {"template", text.template_text},
      {"label_words", label_words},
      {"max_length", text.max_length},
      {"first_sentence_limit", text.first_sentence_limit},
      {"other_sentence_limit", text.other_sentence_limit},
      {"too_long", text.too_long},
      {"columns", {{"text", text.text_column}, {"pair", text.pair_column}, {"label", text.label_column}}},
      {"calibration", text.calibration}};
  document["training"] = {{"epochs", training.epochs},
                          {"batch_size", training.batch_size},
                          {"max_steps", training.max_steps},
                          {"optimizer", training.optimizer},
                          {"learning_rate", training.learning_rate},
                          {"momentum", training.momentum},
                          {"nesterov", training.nesterov},
                          {"weight_decay", training.weight_decay},
                          {"beta1", training.beta1},
                          {"beta2", training.beta2},
                          {"adam_epsilon", training.adam_epsilon},
                          {"warmup_epochs", training.warmup_epochs},
                          {"warmup_learning_rate", training.warmup_learning_rate},
                          {"schedule", training.schedule},
                          {"inverse_gamma", training.inverse_gamma},
                          {"inverse_power", training.inverse_power},
                          {"warmup_type", training.warmup_type},
                          {"schedule_unit", training.schedule_unit},
                          {"gradient_clip", training.gradient_clip},
                          {"augmentation", training.augmentation}};
  document["evaluation"] = {{"every_epochs", evaluation.every_epochs},
                            {"embedding_samples", evaluation.embedding_samples},
                            {"select", evaluation.select}};
  document["checkpoints"] = {{"every_epochs", checkpoints.every_epochs}, {"keep", checkpoints.keep}};
  document["device"] = device;
  document["precision"] = precision;
  document["seed"] = seed;
  document["output"] = output.string();
  document["cache_folder"] = cache_folder;
  return document;
}

void SessionConfig::save(const std::filesystem::path& file) const {
  write_file_atomically(file, to_json().dump(2) + "\n");
}

}  // namespace promptune
