#include "core/demo/demo_comparison.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/demo/demo_workspace.h"
#include "core/methods/method_description.h"
#include "core/train/runner.h"
#include "core/train/step_clock.h"
#include "core/util/error.h"

namespace promptune {

namespace fs = std::filesystem;

namespace {

const char* kTextDomain = "target register";

nlohmann::json read_session_document(const fs::path& file) {
  if (!fs::is_regular_file(file))
    throw file_error(file, "is missing; the comparison runs the sessions of a workspace made by `demo create`");
  std::ifstream in(file, std::ios::binary);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw file_error(file, std::string("is not valid JSON: ") + error.what());
  }
}

std::string method_of(const nlohmann::json& session) {
  return session.value("method", nlohmann::json::object()).value("name", std::string("coop"));
}

/// The shipped session `method` (a file name in sessions/) with its data pointed at `domain` of the workspace's
/// shapes.
nlohmann::json image_session(const fs::path& sessions, const std::string& method, const std::string& domain,
                             const DemoComparisonOptions& options) {
  auto document = read_session_document(sessions / (method + ".promptune.json"));
  document["data"] =
      demo_adaptation_data(method_of(document), domain, options.shots, options.held_out_fraction, options.seed);
  document["name"] = method + "-" + domain;
  return document;
}

const SplitSummary* scored_row(const RunOutcome& outcome, bool text_or_label_free) {
  const std::string wanted = text_or_label_free ? "target" : "validation";
  for (const auto& row : outcome.summary)
    if (row.split == wanted) return &row;
  return nullptr;
}

std::string percent_cell(const DemoComparisonCell& cell, bool baseline) {
  if (!cell.error.empty()) return "failed";
  if (cell.tuned_accuracy < 0.0) return "-";
  char text[48];
  if (baseline || cell.zero_shot_accuracy < 0.0)
    std::snprintf(text, sizeof(text), "%.1f", 100.0 * cell.tuned_accuracy);
  else
    std::snprintf(text, sizeof(text), "%.1f (%+.1f)", 100.0 * cell.tuned_accuracy,
                  100.0 * (cell.tuned_accuracy - cell.zero_shot_accuracy));
  return text;
}

}  // namespace

DemoComparison compare_demo_methods(const fs::path& workspace, const DemoComparisonOptions& options,
                                    const DemoComparisonCallback& progress) {
  const fs::path sessions = workspace / "sessions";
  if (!fs::is_directory(sessions))
    throw file_error(workspace, "is not a demo workspace (no sessions/ folder); make one with `demo create`");
  if (options.shots < 1) throw Error("demo comparison: at least 1 shot per class is needed");

  struct Planned {
    std::string method, domain;
    nlohmann::json document;
    bool scored_on_target;
  };
  std::vector<Planned> plan;
  for (const auto& method : options.image_methods)
    for (const auto& domain : options.domains) {
      auto document = image_session(sessions, method, domain, options);
      // Label-free methods adapt on the domain's images and are scored there; the others on the held-out part.
      const bool scored_on_target =
          find_method_description(method_of(document)).training_data == TrainingData::UnlabeledTarget;
      plan.push_back({method, domain, std::move(document), scored_on_target});
    }
  for (const auto& method : options.text_methods) {
    auto document = read_session_document(sessions / (method + ".promptune.json"));
    document["name"] = method;
    plan.push_back({method, kTextDomain, document, true});
  }

  DemoComparison comparison;
  comparison.options = options;
  const fs::path output = options.output.empty() ? workspace / "runs" / "comparison" : fs::absolute(options.output);
  const StepClock clock;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    auto& planned = plan[i];
    planned.document["seed"] = options.seed;
    planned.document["device"] = options.device;
    planned.document["output"] = output.string();
    DemoComparisonCell cell;
    cell.method = planned.method;
    cell.domain = planned.domain;
    DemoComparisonProgress report;
    report.method = planned.method;
    report.domain = planned.domain;
    report.run = static_cast<int>(i) + 1;
    report.runs = static_cast<int>(plan.size());
    RunControl control;
    bool stopped = false;
    const auto notify = [&] {
      report.elapsed_seconds = clock.elapsed_seconds();
      if (progress && !stopped && !progress(report)) {
        stopped = true;
        control.request_cancel();
      }
    };
    notify();
    RunRequest request;
    const StepClock run_clock;
    RunOutcome outcome;
    try {
      request.config = SessionConfig::from_json(planned.document, sessions);
      outcome = run_session(
          request,
          [&](const RunEvent& event) {
            if (const auto* step = std::get_if<ProgressEvent>(&event)) {
              report.phase = step->phase;
              report.done = step->done;
              report.total = step->total;
              notify();
            }
          },
          control);
    } catch (const std::exception& error) {
      outcome.error = error.what();
    }
    if (stopped || outcome.cancelled) throw Error("demo comparison: cancelled");
    cell.seconds = run_clock.elapsed_seconds();
    if (!outcome.succeeded) {
      cell.error = outcome.error.empty() ? "failed" : outcome.error;
    } else if (const auto* row = scored_row(outcome, planned.scored_on_target)) {
      cell.samples = row->samples;
      cell.zero_shot_accuracy = row->zero_shot_accuracy;
      cell.tuned_accuracy = row->tuned_accuracy;
    } else {
      cell.error = "the run reported no score on held-out data";
    }
    comparison.cells.push_back(cell);
    report.finished = &comparison.cells.back();
    notify();
    if (stopped) throw Error("demo comparison: cancelled");
  }
  return comparison;
}

std::string demo_comparison_markdown(const DemoComparison& comparison) {
  const auto& options = comparison.options;
  std::ostringstream out;
  double seconds = 0.0;
  for (const auto& cell : comparison.cells) seconds += cell.seconds;

  const auto cell_of = [&](const std::string& method, const std::string& domain) -> const DemoComparisonCell* {
    for (const auto& cell : comparison.cells)
      if (cell.method == method && cell.domain == domain) return &cell;
    return nullptr;
  };
  if (!options.image_methods.empty()) {
    out << "| image method |";
    for (const auto& domain : options.domains) out << ' ' << domain << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < options.domains.size(); ++i) out << "---|";
    out << '\n';
    for (const auto& method : options.image_methods) {
      out << "| " << method << " |";
      for (const auto& domain : options.domains) {
        const auto* cell = cell_of(method, domain);
        out << ' ' << (cell ? percent_cell(*cell, method == "zero_shot") : "-") << " |";
      }
      out << '\n';
    }
    out << '\n';
  }
  if (!options.text_methods.empty()) {
    out << "| text method | target register |\n|---|---|\n";
    for (const auto& method : options.text_methods) {
      const auto* cell = cell_of(method, kTextDomain);
      out << "| " << method << " | " << (cell ? percent_cell(*cell, method == "mlm_zero_shot") : "-") << " |\n";
    }
    out << '\n';
  }
  for (const auto& cell : comparison.cells)
    if (!cell.error.empty()) out << "- " << cell.method << " on " << cell.domain << " failed: " << cell.error << '\n';
  char footer[256];
  std::snprintf(footer, sizeof(footer),
                "Accuracy in %%, (change against zero-shot on the same images). Image methods: %d shots per class of "
                "each domain, %.0f %% of its images held out and scored; seed %llu, device %s, %.0f s of runs.\n",
                options.shots, 100.0 * options.held_out_fraction, static_cast<unsigned long long>(options.seed),
                options.device.c_str(), seconds);
  out << footer;
  return out.str();
}

}  // namespace promptune
