#include "core/train/run_index.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

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

/// The step of one metric line as our writer formats it ({"epoch":..,"name":..,"step":N,"value":..}), without
/// parsing the JSON; -1 where the line is not in that form.
long long step_of(std::string_view line) {
  const auto at = line.find("\"step\":");
  if (at == std::string_view::npos) return -1;
  const char* digits = line.data() + at + 7;  // the line ends in '\n' in its buffer, which stops strtoll
  if (*digits != '-' && (*digits < '0' || *digits > '9')) return -1;  // strtoll would skip a newline
  char* end = nullptr;
  const long long step = std::strtoll(digits, &end, 10);
  return end != digits && (*end == ',' || *end == '}') ? step : -1;
}

/// Reads the complete lines of metrics.jsonl after `summary.read_bytes` into `summary` (from the start when the file
/// was replaced or is shorter). Damaged lines (a crash can cut the last) are skipped; a last line without its
/// newline is left for the next read, when the writer will have finished it.
void read_new_metrics(const fs::path& file, MetricSummary& summary) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) {
    summary = {};
    return;
  }
  const auto size = static_cast<std::uintmax_t>(status.st_size);
  if (status.st_ino != summary.file_id || size < summary.read_bytes) {
    summary = MetricSummary{};
    summary.file_id = status.st_ino;
  }
  if (size == summary.read_bytes) return;
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(summary.read_bytes));
  std::string text(size - summary.read_bytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t begin = 0;
  for (std::size_t end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1) {
    const std::string_view line(text.data() + begin, end - begin);
    // Only the accuracy and NMI lines need their value: the others are read for their step alone.
    const bool wanted = line.find("accuracy") != line.npos || line.find("nmi_") != line.npos;
    if (const long long step = step_of(line); !wanted && step >= 0) {
      summary.steps = std::max(summary.steps, step);
      continue;
    }
    const auto metric = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (metric.is_discarded() || !metric.is_object() || !metric.contains("name")) continue;
    const std::string name = metric.value("name", "");
    const double value = metric.value("value", 0.0);
    summary.steps = std::max(summary.steps, metric.value("step", 0LL));
    if (name == "target/accuracy") summary.best_target = std::max(summary.best_target, value);
    if (name == "validation/accuracy") summary.best_validation = std::max(summary.best_validation, value);
    if (name.find("nmi_") != std::string::npos && ends_with(name, "/mean")) summary.nmi = value;
  }
  summary.read_bytes += begin;
}

void apply_metric_summary(const MetricSummary& summary, RunRecord& record) {
  record.steps = summary.steps;
  record.nmi = summary.nmi;
  if (summary.best_target >= 0.0) {
    record.best_accuracy = summary.best_target;
    record.accuracy_split = "target";
  } else if (summary.best_validation >= 0.0) {
    record.best_accuracy = summary.best_validation;
    record.accuracy_split = "validation";
  }
}

RunRecord read_run(const fs::path& folder, MetricSummary& metrics) {
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
    read_new_metrics(folder / "metrics.jsonl", metrics);
    apply_metric_summary(metrics, record);
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
  RunIndex index;
  return index.list(output);
}

std::vector<RunRecord> RunIndex::list(const fs::path& output) {
  const std::lock_guard lock(mutex_);
  std::vector<RunRecord> runs;
  std::map<fs::path, MetricSummary> still_there;
  std::error_code error;
  if (!fs::is_directory(output, error)) return runs;
  for (const auto& session : fs::directory_iterator(output, error)) {
    if (!session.is_directory()) continue;
    for (const auto& run : fs::directory_iterator(session.path(), error)) {
      if (!run.is_directory() || !fs::exists(run.path() / "config.json")) continue;
      MetricSummary& metrics = still_there[run.path()] = std::move(metrics_[run.path()]);
      runs.push_back(read_run(run.path(), metrics));
    }
  }
  metrics_ = std::move(still_there);  // deleted runs, and other output folders, are forgotten
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
