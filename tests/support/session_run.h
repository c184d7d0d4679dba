#pragma once

// Running a session document to the end on the test's thread, and reading its summary table.

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/train/runner.h"

namespace promptune::testing {

/// Runs `document` to the end; its log lines and embedding snapshots are appended to `log` and `snapshots` when
/// given.
inline RunOutcome run_session_document(const nlohmann::json& document, std::vector<std::string>* log = nullptr,
                                       std::vector<EmbeddingSnapshotEvent>* snapshots = nullptr) {
  RunRequest request;
  request.config = SessionConfig::from_json(document);
  RunControl control;
  return run_session(
      request,
      [&](const RunEvent& event) {
        if (const auto* line = std::get_if<LogEvent>(&event); line && log) log->push_back(line->message);
        if (const auto* snapshot = std::get_if<EmbeddingSnapshotEvent>(&event); snapshot && snapshots)
          snapshots->push_back(*snapshot);
      },
      control);
}

/// The summary row of `split`; throws when the run has none.
inline const SplitSummary& summary_row(const RunOutcome& outcome, const std::string& split) {
  for (const auto& summary : outcome.summary)
    if (summary.split == split) return summary;
  throw std::runtime_error("no summary row " + split);
}

}  // namespace promptune::testing
