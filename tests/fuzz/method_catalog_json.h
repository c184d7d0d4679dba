#pragma once

// The method catalog as JSON. The session-file harness validates method options against the real catalog, whose
// descriptions live in the methods' LibTorch translation units; make_fuzz_seeds (built with the application)
// writes the catalog and the harness reads it back instead of compiling every method with clang.

#include <nlohmann/json.hpp>
#include <vector>

#include "core/methods/method_description.h"

namespace promptune::fuzz {

inline nlohmann::json method_catalog_to_json(const std::vector<MethodDescription>& catalog) {
  nlohmann::json methods = nlohmann::json::array();
  for (const auto& method : catalog) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& option : method.options)
      options.push_back({{"name", option.name},
                         {"type", static_cast<int>(option.type)},
                         {"default", option.default_value},
                         {"minimum", option.minimum},
                         {"maximum", option.maximum},
                         {"choices", option.choices}});
    methods.push_back({{"name", method.name},
                       {"trains_by_gradient", method.trains_by_gradient},
                       {"options", options},
                       {"training_defaults", method.training_defaults},
                       {"input", static_cast<int>(method.input)},
                       {"training_data", static_cast<int>(method.training_data)},
                       {"modality", static_cast<int>(method.modality)}});
  }
  return methods;
}

inline std::vector<MethodDescription> method_catalog_from_json(const nlohmann::json& methods) {
  std::vector<MethodDescription> catalog;
  for (const auto& entry : methods) {
    MethodDescription method;
    method.name = entry.at("name").get<std::string>();
    method.trains_by_gradient = entry.at("trains_by_gradient").get<bool>();
    for (const auto& item : entry.at("options")) {
      MethodOption option;
      option.name = item.at("name").get<std::string>();
      option.type = static_cast<OptionType>(item.at("type").get<int>());
      option.default_value = item.at("default");
      option.minimum = item.at("minimum").get<double>();
      option.maximum = item.at("maximum").get<double>();
      option.choices = item.at("choices").get<std::vector<std::string>>();
      method.options.push_back(option);
    }
    method.training_defaults = entry.at("training_defaults");
    method.input = static_cast<MethodInput>(entry.at("input").get<int>());
    method.training_data = static_cast<TrainingData>(entry.at("training_data").get<int>());
    method.modality = static_cast<Modality>(entry.at("modality").get<int>());
    catalog.push_back(method);
  }
  return catalog;
}

}  // namespace promptune::fuzz
