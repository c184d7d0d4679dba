#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/export/peft_adapter.h"
#include "core/export/prompt_prediction.h"
#include "core/export/text_prompt_prediction.h"

namespace promptune::cli {
namespace {

int run_text_predict(const Arguments& arguments) {
  TextPredictionRequest request;
  request.prompt = arguments.required("prompt");
  request.backbone = arguments.required("backbone");
  request.texts = arguments.required("text");
  request.text_column = arguments.value("text-column").value_or("");
  request.pair_column = arguments.value("pair-column").value_or("");
  request.label_column = arguments.value("label-column").value_or("");
  request.batch_size = arguments.integer("batch", 32);
  if (request.batch_size < 1) throw UsageError("--batch must be at least 1");
  const std::string predictions_file = arguments.value("predictions").value_or("predictions.csv");

  ProgressBar bar("predict");
  const auto result = run_text_prompt_prediction(request, [&bar](int done, int total) { bar.update(done, total); });
  bar.finish();
  for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << '\n';
  std::cout << "backbone: " << result.backbone_description << '\n'
            << "template: " << result.templates.front() << '\n'
            << "texts: " << result.predictions.size() << " (" << result.report.samples << " with a known class)\n";
  if (result.report.samples > 0) std::cout << '\n' << format_report(result.report, result.class_names, "texts", true);
  report_skipped_and_write_predictions(result, predictions_file);
  return 0;
}

int run_predict(const std::vector<std::string>& argv) {
  const Arguments arguments(argv,
                            {"prompt", "backbone", "images", "text", "text-column", "pair-column", "label-column",
                             "tokenizer", "predictions", "batch", "cache-dir"},
                            {"no-cache"});
  if (arguments.has("text") && arguments.has("images")) throw UsageError("give --images or --text, not both");
  if (arguments.has("text")) return run_text_predict(arguments);
  PredictionRequest request;
  request.prompt = arguments.required("prompt");
  request.backbone = arguments.required("backbone");
  request.images = arguments.required("images");
  request.tokenizer = arguments.value("tokenizer").value_or("");
  request.batch_size = arguments.integer("batch", 64);
  request.use_cache = !arguments.has("no-cache");
  request.cache_folder = arguments.value("cache-dir").value_or("");
  if (request.batch_size < 1) throw UsageError("--batch must be at least 1");
  const std::string predictions_file = arguments.value("predictions").value_or("predictions.csv");

  ProgressBar bar("predict");
  const auto result = run_prompt_prediction(request, [&bar](int done, int total) { bar.update(done, total); });
  bar.finish();
  for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << '\n';
  std::cout << "backbone: " << result.backbone_description << '\n'
            << "images: " << result.predictions.size() << " (" << result.report.samples << " with a known class)\n";
  if (result.report.samples > 0) std::cout << '\n' << format_report(result.report, result.class_names);
  report_skipped_and_write_predictions(result, predictions_file);
  return 0;
}

int run_prompt(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"backbone", "tokenizer", "nearest", "peft"}, {});
  if (arguments.positional().size() != 1) throw UsageError("expected one prompt file");
  if (const auto peft = arguments.value("peft")) {
    const std::filesystem::path file = arguments.positional().front();
    const auto adapter = peft_adapter_from_prompt(load_prompt_file(file), file);
    write_peft_adapter(*peft, adapter);
    std::cout << adapter.peft_type << " adapter written to " << *peft
              << " (adapter_config.json, adapter_model.safetensors: prompt_embeddings "
              << adapter.prompt_embeddings.size(0) << " x " << adapter.prompt_embeddings.size(1) << ")\n";
    if (adapter.peft_type == "PREFIX_TUNING")
      std::cerr << "warning: transformers' masked-LM classes may not accept prefixes at run time "
                   "(RobertaForMaskedLM has no past_key_values)\n";
    return 0;
  }
  const int nearest = arguments.integer("nearest", 3);
  if (nearest < 1) throw UsageError("--nearest must be at least 1");
  std::cout << describe_prompt_file(arguments.positional().front(), arguments.value("backbone").value_or(""),
                                    arguments.value("tokenizer").value_or(""), nearest);
  return 0;
}

}  // namespace

Command predict_command() {
  return {"predict", "classify images or text with a tuned prompt file",
          "promptune-cli predict --prompt FILE --backbone DIR|FILE --images DIR [--predictions FILE] [--batch N]\n"
          "                      [--tokenizer DIR|FILE] [--no-cache] [--cache-dir DIR]\n"
          "promptune-cli predict --prompt FILE --backbone DIR --text FILE [--predictions FILE] [--batch N]\n"
          "                      [--text-column C] [--pair-column C] [--label-column C]\n"
          "  --prompt       a *.prompt.safetensors written by `promptune-cli run` or the GUI\n"
          "  --backbone     the backbone the prompt was trained on (other weights are refused)\n"
          "  --images       class folders named like the prompt's classes (accuracy is reported), or a folder of\n"
          "                 images (predictions only)\n"
          "  --text         CSV, TSV or JSONL of a masked-LM prompt's task; with labels, accuracy, macro-F1 and\n"
          "                 the Matthews correlation are reported (columns default to the session's)\n"
          "  --predictions  CSV to write (default predictions.csv)\n",
          run_predict};
}

Command prompt_command() {
  return {"prompt", "show what a prompt file holds (and its context's nearest words)",
          "promptune-cli prompt FILE [--backbone DIR|FILE] [--nearest N] [--tokenizer DIR|FILE] [--peft DIR]\n"
          "  --peft      write the Hugging Face PEFT adapter (adapter_config.json + adapter_model.safetensors) of a\n"
          "              prompt_tuning, p_tuning or prefix_tuning prompt file into DIR\n"
          "  --backbone  with the training backbone, learned context vectors are shown as their N nearest\n"
          "              vocabulary tokens (Euclidean distance, as CoOp's interpret_prompt.py; default N = 3)\n",
          run_prompt};
}

}  // namespace promptune::cli
