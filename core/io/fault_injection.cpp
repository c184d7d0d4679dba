#include "core/io/fault_injection.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace promptune {
namespace {

struct FaultPlan {
  WriteFault fault = WriteFault::None;
  std::string name_part;
  long long occurrence = 1;
  long long out_of_memory_step = 0;  ///< 0: none
};

FaultPlan read_plan() {
  FaultPlan plan;
  const char* text = std::getenv("PROMPTUNE_FAULT");
  if (text == nullptr || *text == '\0') return plan;
  std::string value = text;
  const auto first = value.find(':');
  const std::string kind = value.substr(0, first);
  std::string rest = first == std::string::npos ? std::string() : value.substr(first + 1);
  if (kind == "out-of-memory-at-step") {
    plan.out_of_memory_step = std::atoll(rest.c_str());
    if (plan.out_of_memory_step < 1)
      std::fprintf(stderr, "PROMPTUNE_FAULT=%s: the step must be a number from 1; ignored\n", text);
    return plan;
  }
  if (const auto second = rest.rfind(':'); second != std::string::npos) {
    plan.occurrence = std::atoll(rest.c_str() + second + 1);
    rest = rest.substr(0, second);
  }
  plan.name_part = rest;
  if (kind == "kill-during-write") plan.fault = WriteFault::KillHalfway;
  if (kind == "fail-write") plan.fault = WriteFault::DiskFull;
  // A mistyped plan would make a fault test pass for the wrong reason (nothing injected): say so.
  if (plan.fault == WriteFault::None || plan.name_part.empty() || plan.occurrence < 1) {
    std::fprintf(stderr,
                 "PROMPTUNE_FAULT=%s is not kill-during-write:NAME[:N], fail-write:NAME[:N] or "
                 "out-of-memory-at-step:N; ignored\n",
                 text);
    plan.fault = WriteFault::None;
  }
  return plan;
}

const FaultPlan& fault_plan() {
  static const FaultPlan read_once = read_plan();
  return read_once;
}

}  // namespace

WriteFault write_fault_for(const std::filesystem::path& path) {
  const FaultPlan& plan = fault_plan();
  static std::atomic<long long> matched{0};
  if (plan.fault == WriteFault::None) return WriteFault::None;
  if (path.filename().string().find(plan.name_part) == std::string::npos) return WriteFault::None;
  return ++matched == plan.occurrence ? plan.fault : WriteFault::None;
}

bool out_of_memory_at_step(long long step) {
  return fault_plan().out_of_memory_step == step;
}

}  // namespace promptune
