#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace promptune {

/// Type of one method option, so that the GUI can generate its form and sessions can be validated.
enum class OptionType { Integer, Number, Boolean, Text, Choice };

/// One option a method accepts in `method.options` of a session.
struct MethodOption {
  std::string name;
  OptionType type = OptionType::Number;
  nlohmann::json default_value;
  std::string description;
  double minimum = 0.0;              ///< Integer/Number: smallest allowed value
  double maximum = 0.0;              ///< Integer/Number: largest allowed value
  std::vector<std::string> choices;  ///< Choice: the allowed values
};

/// What a method reads while it trains and predicts.
enum class MethodInput {
  FrozenFeatures,  ///< image features of the frozen encoder: computed once and cached (zero-shot, CoOp, probes)
  Images,          ///< images: the method changes the image encoder (VPT, SPT, BitFit), so nothing can be cached
  Text             ///< prompts of text through a masked LM (token ids, attention mask, mask position)
};

/// Which backbone a method works with.
enum class Modality {
  Vision,  ///< CLIP
  Text     ///< BERT / RoBERTa masked LMs
};

/// What a method trains on.
enum class TrainingData {
  LabeledTrain,    ///< data.train with its labels
  UnlabeledTarget  ///< data.target without labels (POUF): labels, where the data has them, only score the curves
};

/// What a method is, what it needs and which options it takes. Torch-free: the GUI and session validation read it.
struct MethodDescription {
  std::string name;                 ///< as written in sessions: "coop"
  std::string title;                ///< "CoOp (context optimisation)"
  std::string summary;              ///< one sentence for lists and tooltips
  bool trains_by_gradient = false;  ///< false: closed-form or no training at all
  std::vector<MethodOption> options;
  nlohmann::json training_defaults = nlohmann::json::object();  ///< the official recipe, merged under `training`
  MethodInput input = MethodInput::FrozenFeatures;
  TrainingData training_data = TrainingData::LabeledTrain;
  Modality modality = Modality::Vision;
};

/// Every method Promptune knows, in the order menus show them.
const std::vector<MethodDescription>& method_catalog();
/// The method called `name`; throws Error listing the known names.
const MethodDescription& find_method_description(const std::string& name);
/// `options` checked against the method's schema with defaults filled in. Errors name the field
/// ("method.options.n_ctx: must be an integer from 1 to 64, got 0") and list the allowed keys or values.
nlohmann::json validate_method_options(const MethodDescription& method, const nlohmann::json& options);

}  // namespace promptune
