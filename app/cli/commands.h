#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace promptune {
struct ZeroShotResult;
}

namespace promptune::cli {

/// Lists the files a prediction skipped and writes its predictions CSV (zeroshot and predict share this ending).
void report_skipped_and_write_predictions(const ZeroShotResult& result, const std::filesystem::path& predictions_file);

/// One sub-command of promptune-cli. Each lives in its own command_<name>.cpp and is listed in cli_main.cpp.
struct Command {
  const char* name;     ///< the word after promptune-cli
  const char* summary;  ///< one line for `promptune-cli help`
  const char* usage;    ///< full usage text for `promptune-cli help NAME` and usage errors
  int (*run)(const std::vector<std::string>& arguments);  ///< returns the process exit code
};

Command backbone_command();
Command cache_command();
Command dataset_command();
Command demo_command();
Command convert_command();
Command info_command();
Command predict_command();
Command prompt_command();
Command pretrain_clip_command();
Command pretrain_mlm_command();
Command run_command();
Command zeroshot_command();

}  // namespace promptune::cli
