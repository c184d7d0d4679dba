#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "core/models/backbone_summary.h"

namespace promptune::cli {
namespace {

int run_backbone(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"tokenizer"}, {});
  if (arguments.positional().size() != 1) throw UsageError("give exactly one model folder or weight file");
  const BackboneSummary summary =
      summarize_clip_backbone(arguments.positional().front(), arguments.value("tokenizer").value_or(""));
  for (const auto& warning : summary.warnings) std::cerr << "warning: " << warning << '\n';
  std::cout << "Name: " << summary.name << '\n'
            << "Architecture: " << summary.architecture << '\n'
            << "Parameters: " << summary.parameters << '\n'
            << "Layout: " << summary.layout << '\n'
            << "Weights: " << summary.weights_file << '\n'
            << "SHA-256: " << summary.weights_hash << '\n'
            << "Preprocessing: " << summary.preprocessing << '\n'
            << "Tokenizer: " << summary.tokenizer << '\n';
  return 0;
}

int run_convert(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {}, {});
  if (arguments.positional().size() != 2) throw UsageError("give the input archive and the output .safetensors file");
  const std::string& output = arguments.positional()[1];
  if (output.size() < 12 || output.substr(output.size() - 12) != ".safetensors") {
    throw UsageError("the output file must end in .safetensors");
  }
  const int count = convert_to_safetensors(arguments.positional()[0], output);
  std::cout << "wrote " << count << " tensors to " << output << '\n';
  return 0;
}

}  // namespace

Command backbone_command() {
  return {"backbone", "load a CLIP checkpoint and show its architecture, parameters and weights hash",
          "promptune-cli backbone DIR|FILE [--tokenizer DIR|FILE]\n", run_backbone};
}

Command convert_command() {
  return {"convert", "convert a .pt/.bin archive to safetensors (which cannot hold code)",
          "promptune-cli convert INPUT.pt OUTPUT.safetensors\n"
          "  Reads TorchScript archives (parameters and buffers only) and torch.save zip archives of tensors.\n",
          run_convert};
}

}  // namespace promptune::cli
