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

/// Runs `command` through the shell and captures what it prints.
inline CliResult run_shell(const std::string& shell_command) {
  const std::string command = shell_command + " 2>&1";
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

/// Runs the built promptune-cli with `arguments` (already shell-quoted) and captures what it prints.
inline CliResult run_cli(const std::string& arguments) {
  return run_shell(std::string("'") + PROMPTUNE_CLI_PATH + "' " + arguments);
}

}  // namespace promptune::testing
