#include "core/train/run_folder.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "core/io/atomic_file.h"
#include "core/util/error.h"

namespace promptune {
namespace fs = std::filesystem;

namespace {

std::string timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  std::ostringstream out;
  out << std::put_time(&local, "%Y%m%d-%H%M%S");
  return out.str();
}

long long checkpoint_step(const fs::path& file) {
  const std::string stem = file.stem().string();  // step-000123
  try {
    return std::stoll(stem.substr(5));
  } catch (const std::exception&) {
    return -1;
  }
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

}  // namespace

RunFolder::RunFolder(fs::path folder) : folder_(std::move(folder)) {
  metrics_.open(folder_ / "metrics.jsonl", std::ios::app);
  log_.open(folder_ / "log.txt", std::ios::app);
  if (!metrics_ || !log_) throw file_error(folder_, "cannot write the run's metric and log files");
}

long long RunFolder::metric_count() const {
  if (!metric_count_) metric_count_ = static_cast<long long>(read_metrics().size());
  return *metric_count_;
}

RunFolder RunFolder::create(const fs::path& output, const std::string& name) {
  const fs::path parent = output / name;
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) throw file_error(parent, "cannot create the run folder: " + error.message());
  const std::string stamp = timestamp();
  fs::path folder = parent / stamp;
  for (int suffix = 2; fs::exists(folder); ++suffix) folder = parent / (stamp + "-" + std::to_string(suffix));
  fs::create_directories(folder / "checkpoints", error);
  if (error) throw file_error(folder, "cannot create the run folder: " + error.message());
  return RunFolder(folder);
}

RunFolder RunFolder::open(const fs::path& folder) {
  if (!fs::exists(folder / "config.json")) throw file_error(folder, "is not a Promptune run folder (no config.json)");
  fs::create_directories(folder / "checkpoints");
  return RunFolder(folder);
}

fs::path RunFolder::checkpoint_file(long long step) const {
  std::ostringstream name;
  name << "step-" << std::setw(8) << std::setfill('0') << step << ".safetensors";
  return checkpoint_folder() / name.str();
}

fs::path RunFolder::prompt_file(const std::string& session_name) const {
  return folder_ / (session_name + ".prompt.safetensors");
}

void RunFolder::write_json(const std::string& file_name, const nlohmann::json& document) const {
  write_file_atomically(folder_ / file_name, document.dump(2) + "\n");
}

nlohmann::json RunFolder::read_json(const std::string& file_name) const {
  std::ifstream in(folder_ / file_name);
  if (!in) throw file_error(folder_ / file_name, "cannot be read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw file_error(folder_ / file_name, std::string("is damaged: ") + error.what());
  }
}

void RunFolder::write_state(const std::string& state, const nlohmann::json& details) const {
  nlohmann::json document = details;
  document["state"] = state;
  document["updated"] = timestamp();
  write_json("run.json", document);
}

std::string RunFolder::state() const {
  if (!fs::exists(folder_ / "run.json")) return "";
  return read_json("run.json").value("state", "");
}

void RunFolder::append_metric(const MetricEvent& metric) {
  metrics_ << nlohmann::json{{"name", metric.name},
                             {"value", metric.value},
                             {"step", metric.step},
                             {"epoch", metric.epoch}}
                  .dump()
           << '\n'
           << std::flush;
  if (metric_count_) ++*metric_count_;
}

void RunFolder::append_log(const LogEvent& log) {
  log_ << timestamp() << ' ' << level_name(log.level) << ": " << log.message << '\n' << std::flush;
}

std::vector<MetricEvent> RunFolder::read_metrics() const {
  std::vector<MetricEvent> metrics;
  std::ifstream in(folder_ / "metrics.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    try {
      const auto record = nlohmann::json::parse(line);
      metrics.push_back({record.at("name").get<std::string>(), record.at("value").get<double>(),
                         record.at("step").get<long long>(), record.at("epoch").get<int>()});
    } catch (const std::exception&) {
      // A line cut short by a crash: not a metric.
    }
  }
  return metrics;
}

void RunFolder::truncate_metrics_after(long long step, bool drop_evaluation_at_step) {
  auto metrics = read_metrics();
  const auto dropped = [&](const MetricEvent& m) {
    // Evaluation metrics are "<split>/accuracy[/<class>]"; per-step ones (loss, rate, running accuracy) stay.
    const bool evaluation = m.name.find("/accuracy") != std::string::npos && m.name.rfind("zero_shot/", 0) != 0 &&
                            m.name != "train/running_accuracy";
    return m.step > step || (drop_evaluation_at_step && m.step == step && evaluation);
  };
  metrics.erase(std::remove_if(metrics.begin(), metrics.end(), dropped), metrics.end());
  rewrite_metrics(metrics);
}

void RunFolder::truncate_metrics_to(long long count) {
  auto metrics = read_metrics();
  if (static_cast<long long>(metrics.size()) > count) metrics.resize(static_cast<std::size_t>(std::max(0LL, count)));
  rewrite_metrics(metrics);
}

void RunFolder::rewrite_metrics(const std::vector<MetricEvent>& metrics) {
  metrics_.close();
  write_file_atomically(folder_ / "metrics.jsonl", [&](std::ostream& out) {
    for (const auto& metric : metrics)
      out << nlohmann::json{{"name", metric.name},
                            {"value", metric.value},
                            {"step", metric.step},
                            {"epoch", metric.epoch}}
                 .dump()
          << '\n';
  });
  metrics_.open(folder_ / "metrics.jsonl", std::ios::app);
  metric_count_ = static_cast<long long>(metrics.size());
}

std::vector<fs::path> RunFolder::checkpoints() const {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(checkpoint_folder(), error)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("step-", 0) == 0 && entry.path().extension() == ".safetensors" && checkpoint_step(entry.path()) >= 0)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return checkpoint_step(a) < checkpoint_step(b); });
  return files;
}

void RunFolder::prune_checkpoints(int keep) const {
  auto files = checkpoints();
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < files.size(); ++i) {
    std::error_code ignored;
    fs::remove(files[i], ignored);
  }
}

std::vector<std::string> RunFolder::remove_interrupted_writes() const {
  std::vector<std::string> removed;
  for (const auto& folder : {folder_, checkpoint_folder()}) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
      const auto name = entry.path().filename().string();
      if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos && entry.is_regular_file()) {
        std::error_code ignored;
        if (fs::remove(entry.path(), ignored)) removed.push_back(name);
      }
    }
  }
  return removed;
}

}  // namespace promptune
