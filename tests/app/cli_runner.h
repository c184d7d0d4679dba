#pragma once

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

namespace promptune::testing {

/// Output and exit status of one promptune-cli run.
struct CliResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs the built promptune-cli with `arguments` (already shell-quoted) and captures what it prints.
inline CliResult run_cli(const std::string& arguments) {
  const std::string command = std::string("'") + PROMPTUNE_CLI_PATH + "' " + arguments + " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (const std::size_t count = fread(buffer.data(), 1, buffer.size(), pipe))
    result.output.append(buffer.data(), count);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace promptune::testing
