#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace promptune {

/// Named template sets shipped with Promptune (from openai/CLIP's prompts.md and ImageNet notebook, kept verbatim,
/// article errors included, because changing them changes the embeddings).
///   "imagenet80": the 80 ImageNet templates; "imagenet7": the 7-template subset; "cifar": the 18 CIFAR templates;
///   "photo": the single "a photo of a {}." that CoOp uses as its zero-shot baseline.
std::vector<std::string> template_set_names();
/// Templates of a named set; throws Error listing the known names.
const std::vector<std::string>& named_templates(const std::string& name);
/// A name from template_set_names(), or a text file with one template per line (blank lines and # comments skipped).
std::vector<std::string> load_templates(const std::string& name_or_file);

/// Fills `{}` or `{class}` with the class name; throws Error when the template has neither placeholder.
std::string format_template(const std::string& text, const std::string& class_name);
/// Folder or label names as prompts write them: underscores become spaces.
std::string class_name_for_prompt(const std::string& label);

}  // namespace promptune
