#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace promptune {

/// One run directory as the runs table shows it, read from its files (never from memory), so runs made by the
/// CLI, by another window or before a crash all appear.
struct RunRecord {
  std::filesystem::path folder;
  std::string session;  ///< the session name (the parent folder)
  std::string name;     ///< the run's folder name (its start time)
  std::string method;
  std::string state;            ///< running | finished | cancelled | failed; "" when run.json is missing
  double best_accuracy = -1.0;  ///< highest target (else validation) accuracy logged; -1: none
  std::string accuracy_split;   ///< "target" or "validation"
  double nmi = -1.0;            ///< last mean prompt-patch NMI logged (SPT/VPT); -1: none
  long long steps = 0;          ///< last step logged
  double seconds = -1.0;        ///< from the session written to its last state change
  std::string notes;            ///< the user's notes (notes.txt)
  std::string message;          ///< failed runs: why
};

/// What the runs table takes from a run's metrics.jsonl, and how far the file has been read.
struct MetricSummary {
  double best_target = -1.0, best_validation = -1.0, nmi = -1.0;
  long long steps = 0;
  std::uintmax_t read_bytes = 0;  ///< complete lines read so far
  std::uintmax_t file_id = 0;     ///< the file's inode: a resume rewrites the file under a new one
};

/// Every run under `output` (output/<session>/<run>/config.json), newest first. Unreadable folders are listed
/// with state "damaged" and the reason in `message` instead of being skipped.
std::vector<RunRecord> list_runs(const std::filesystem::path& output);

/// list_runs with a memory of the metrics read: a run's metrics.jsonl only grows (a resume that cuts it back writes
/// a new file), so each listing reads the lines added since the last one. The runs table lists again whenever a
/// run starts or ends; reading every line of every run each time cost seconds on the UI thread once an output
/// folder held a few dozen long runs (found by the soak). Safe to call from several threads.
class RunIndex {
 public:
  std::vector<RunRecord> list(const std::filesystem::path& output);

 private:
  std::mutex mutex_;
  std::map<std::filesystem::path, MetricSummary> metrics_;
};
/// Writes the run's notes (notes.txt, atomically).
void write_run_notes(const std::filesystem::path& folder, const std::string& notes);
/// Deletes a run directory after checking it is one (it holds config.json); throws Error otherwise.
void delete_run(const std::filesystem::path& folder);

}  // namespace promptune
