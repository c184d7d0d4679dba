#include "core/system/runtime_environment.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace promptune {

void restart_with_passive_openmp_waiting(char** argv) {
  if (const char* chosen = std::getenv("OMP_WAIT_POLICY"); chosen && *chosen) return;
  if (const char* off = std::getenv("PROMPTUNE_NO_RESTART"); off && std::strcmp(off, "0") != 0) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  setenv("PROMPTUNE_SET_OMP_WAIT_POLICY", "1", 1);  // so that benchmarks can run their references without it
  execv("/proc/self/exe", argv);
  // Only reached when the restart failed: go on with the spinning default rather than not at all.
  unsetenv("OMP_WAIT_POLICY");
  unsetenv("PROMPTUNE_SET_OMP_WAIT_POLICY");
}

}  // namespace promptune
