#include "core/text/prompt_templates.h"

#include <fstream>
#include <map>

#include "core/util/error.h"

namespace promptune {
namespace {

const std::map<std::string, std::vector<std::string>>& template_sets() {
  static const std::map<std::string, std::vector<std::string>> sets = {
      {"photo", {"a photo of a {}."}},
      {"imagenet7",
       {"itap of a {}.", "a bad photo of the {}.", "a origami {}.", "a photo of the large {}.", "a {} in a video game.",
        "art of the {}.", "a photo of the small {}."}},
      {"cifar",
       {"a photo of a {}.", "a blurry photo of a {}.", "a black and white photo of a {}.",
        "a low contrast photo of a {}.", "a high contrast photo of a {}.", "a bad photo of a {}.",
        "a good photo of a {}.", "a photo of a small {}.", "a photo of a big {}.", "a photo of the {}.",
        "a blurry photo of the {}.", "a black and white photo of the {}.", "a low contrast photo of the {}.",
        "a high contrast photo of the {}.", "a bad photo of the {}.", "a good photo of the {}.",
        "a photo of the small {}.", "a photo of the big {}."}},
      {"imagenet80",
       {"a bad photo of a {}.",
        "a photo of many {}.",
        "a sculpture of a {}.",
        "a photo of the hard to see {}.",
        "a low resolution photo of the {}.",
        "a rendering of a {}.",
        "graffiti of a {}.",
        "a bad photo of the {}.",
        "a cropped photo of the {}.",
        "a tattoo of a {}.",
        "the embroidered {}.",
        "a photo of a hard to see {}.",
        "a bright photo of a {}.",
        "a photo of a clean {}.",
        "a photo of a dirty {}.",
        "a dark photo of the {}.",
        "a drawing of a {}.",
        "a photo of my {}.",
        "the plastic {}.",
        "a photo of the cool {}.",
        "a close-up photo of a {}.",
        "a black and white photo of the {}.",
        "a painting of the {}.",
        "a painting of a {}.",
        "a pixelated photo of the {}.",
        "a sculpture of the {}.",
        "a bright photo of the {}.",
        "a cropped photo of a {}.",
        "a plastic {}.",
        "a photo of the dirty {}.",
        "a jpeg corrupted photo of a {}.",
        "a blurry photo of the {}.",
        "a photo of the {}.",
        "a good photo of the {}.",
        "a rendering of the {}.",
        "a {} in a video game.",
        "a photo of one {}.",
        "a doodle of a {}.",
        "a close-up photo of the {}.",
        "a photo of a {}.",
        "the origami {}.",
        "the {} in a video game.",
        "a sketch of a {}.",
        "a doodle of the {}.",
        "a origami {}.",
        "a low resolution photo of a {}.",
        "the toy {}.",
        "a rendition of the {}.",
        "a photo of the clean {}.",
        "a photo of a large {}.",
        "a rendition of a {}.",
        "a photo of a nice {}.",
        "a photo of a weird {}.",
        "a blurry photo of a {}.",
        "a cartoon {}.",
        "art of a {}.",
        "a sketch of the {}.",
        "a embroidered {}.",
        "a pixelated photo of a {}.",
        "itap of the {}.",
        "a jpeg corrupted photo of the {}.",
        "a good photo of a {}.",
        "a plushie {}.",
        "a photo of the nice {}.",
        "a photo of the small {}.",
        "a photo of the weird {}.",
        "the cartoon {}.",
        "art of the {}.",
        "a drawing of the {}.",
        "a photo of the large {}.",
        "a black and white photo of a {}.",
        "the plushie {}.",
        "a dark photo of a {}.",
        "itap of a {}.",
        "graffiti of the {}.",
        "a toy {}.",
        "itap of my {}.",
        "a photo of a cool {}.",
        "a photo of a small {}.",
        "a tattoo of the {}."}}};
  return sets;
}

}  // namespace

std::vector<std::string> template_set_names() {
  std::vector<std::string> names;
  for (const auto& [name, templates] : template_sets()) names.push_back(name);
  return names;
}

const std::vector<std::string>& named_templates(const std::string& name) {
  const auto found = template_sets().find(name);
  if (found != template_sets().end()) return found->second;
  std::string known;
  for (const auto& candidate : template_set_names()) known += (known.empty() ? "" : ", ") + candidate;
  throw Error("unknown template set '" + name + "' (known: " + known + "; or give a file with one template per line)");
}

std::vector<std::string> load_templates(const std::string& name_or_file) {
  if (template_sets().count(name_or_file)) return named_templates(name_or_file);
  const std::filesystem::path path(name_or_file);
  if (!std::filesystem::exists(path)) return named_templates(name_or_file);  // throws with the known names
  std::ifstream in(path);
  if (!in) throw file_error(path, "cannot be read");
  std::vector<std::string> templates;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first);
    if (line.find("{}") == std::string::npos && line.find("{class}") == std::string::npos) {
      throw file_error(path, "line " + std::to_string(number) + " has no {} or {class} placeholder: '" + line + "'");
    }
    templates.push_back(line);
  }
  if (templates.empty()) throw file_error(path, "holds no templates");
  return templates;
}

std::string format_template(const std::string& text, const std::string& class_name) {
  std::string result = text;
  bool replaced = false;
  for (const std::string placeholder : {"{class}", "{}"}) {
    for (auto at = result.find(placeholder); at != std::string::npos;
         at = result.find(placeholder, at + class_name.size())) {
      result.replace(at, placeholder.size(), class_name);
      replaced = true;
    }
  }
  if (!replaced) throw Error("the template '" + text + "' has no {} or {class} placeholder for the class name");
  return result;
}

std::string class_name_for_prompt(const std::string& label) {
  std::string name = label;
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  return name;
}

}  // namespace promptune
