#include "core/train/run_index.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/io/atomic_file.h"
#include "core/util/error.h"

namespace promptune {
namespace fs = std::filesystem;
namespace {

nlohmann::json read_json_file(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  return nlohmann::json::parse(in);
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

/// Best accuracy, last NMI and last step from metrics.jsonl; damaged lines (a crash can cut the last) are skipped.
void read_metric_summary(const fs::path& file, RunRecord& record) {
  std::ifstream in(file);
  double best_target = -1.0, best_validation = -1.0;
  std::string line;
  while (std::getline(in, line)) {
    const auto metric = nlohmann::json::parse(line, nullptr, false);
    if (metric.is_discarded() || !metric.is_object() || !metric.contains("name")) continue;
    const std::string name = metric.value("name", "");
    const double value = metric.value("value", 0.0);
    record.steps = std::max(record.steps, metric.value("step", 0LL));
    if (name == "target/accuracy") best_target = std::max(best_target, value);
    if (name == "validation/accuracy") best_validation = std::max(best_validation, value);
    if (name.find("nmi_") != std::string::npos && ends_with(name, "/mean")) record.nmi = value;
  }
  if (best_target >= 0.0) {
    record.best_accuracy = best_target;
    record.accuracy_split = "target";
  } else if (best_validation >= 0.0) {
    record.best_accuracy = best_validation;
    record.accuracy_split = "validation";
  }
}

RunRecord read_run(const fs::path& folder) {
  RunRecord record;
  record.folder = folder;
  record.name = folder.filename().string();
  record.session = folder.parent_path().filename().string();
  try {
    const auto config = read_json_file(folder / "config.json");
    if (config.is_object() && config.contains("method")) record.method = config["method"].value("name", "");
    const fs::path state_file = folder / "run.json";
    if (fs::exists(state_file)) {
      const auto state = read_json_file(state_file);
      record.state = state.value("state", "");
      record.message = state.value("message", "");
      const auto started = fs::last_write_time(folder / "config.json");
      // A run cut off by a crash never wrote its last state: its metrics tell when it last worked.
      auto ended = fs::last_write_time(state_file);
      if (fs::exists(folder / "metrics.jsonl")) ended = std::max(ended, fs::last_write_time(folder / "metrics.jsonl"));
      record.seconds = std::chrono::duration<double>(ended - started).count();
    }
    read_metric_summary(folder / "metrics.jsonl", record);
    std::ifstream notes(folder / "notes.txt");
    std::ostringstream text;
    text << notes.rdbuf();
    record.notes = text.str();
  } catch (const std::exception& error) {
    record.state = "damaged";
    record.message = error.what();
  }
  return record;
}

}  // namespace

std::vector<RunRecord> list_runs(const fs::path& output) {
  std::vector<RunRecord> runs;
  std::error_code error;
  if (!fs::is_directory(output, error)) return runs;
  for (const auto& session : fs::directory_iterator(output, error)) {
    if (!session.is_directory()) continue;
    for (const auto& run : fs::directory_iterator(session.path(), error))
      if (run.is_directory() && fs::exists(run.path() / "config.json")) runs.push_back(read_run(run.path()));
  }
  // Run folders are named by their start time, so the name orders them; newest first.
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.name != b.name ? a.name > b.name : a.session < b.session;
  });
  return runs;
}

void write_run_notes(const fs::path& folder, const std::string& notes) {
  if (!fs::exists(folder / "config.json")) throw Error(folder.string() + " is not a run folder (no config.json)");
  write_file_atomically(folder / "notes.txt", notes);
}

void delete_run(const fs::path& folder) {
  if (!fs::is_directory(folder) || !fs::exists(folder / "config.json"))
    throw Error(folder.string() + " is not a run folder (no config.json): nothing was deleted");
  std::error_code error;
  fs::remove_all(folder, error);
  if (error) throw Error("could not delete " + folder.string() + ": " + error.message());
}

}  // namespace promptune
