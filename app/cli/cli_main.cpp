#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/man_page.h"
#include "core/system/cpu_allocator.h"
#include "core/system/runtime_environment.h"
#include "core/system/system_info.h"
#include "promptune/version.h"

namespace {

using promptune::cli::Command;

std::vector<Command> all_commands() {
  using namespace promptune::cli;
  return {info_command(),    backbone_command(),      dataset_command(),      zeroshot_command(),
          run_command(),     predict_command(),       prompt_command(),       cache_command(),
          convert_command(), pretrain_clip_command(), pretrain_mlm_command(), demo_command()};
}

void print_help(std::ostream& out) {
  out << "promptune-cli " << promptune::kVersion << ": headless prompt tuning with the engine of the Promptune GUI\n\n"
      << "usage: promptune-cli COMMAND [OPTIONS]\n\ncommands:\n";
  for (const Command& command : all_commands())
    out << "  "
        << std::string(command.name) + std::string(std::max<std::size_t>(1, 14 - std::string(command.name).size()), ' ')
        << command.summary << '\n';
  out << "  help          this text, `help COMMAND` for one command, `help --man` the manual page in man(7) format\n"
      << "\noptions for every command: --version, --help\n";
}

}  // namespace

int main(int argc, char** argv) {
  promptune::restart_with_passive_openmp_waiting(argv);
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    if (words.size() >= 2 && words[1] == "--man") {
      promptune::cli::write_man_page(std::cout, all_commands());
      return 0;
    }
    if (words.size() >= 2) {
      for (const Command& command : all_commands()) {
        if (words[1] == command.name) {
          std::cout << command.usage;
          return 0;
        }
      }
    }
    print_help(std::cout);
    return words.empty() ? 2 : 0;
  }
  if (words[0] == "--version") {
    std::cout << "promptune-cli " << promptune::kVersion << '\n';
    return 0;
  }
  for (const Command& command : all_commands()) {
    if (words[0] != command.name) continue;
    const std::vector<std::string> rest(words.begin() + 1, words.end());
    for (const std::string& word : rest) {
      if (word == "--help" || word == "-h") {
        std::cout << command.usage;
        return 0;
      }
    }
    try {
      promptune::install_caching_cpu_allocator();
      promptune::configure_threads();
      return command.run(rest);
    } catch (const promptune::cli::UsageError& error) {
      std::cerr << "promptune-cli " << command.name << ": " << error.what() << "\n\nusage: " << command.usage;
      return 2;
    } catch (const std::exception& error) {
      std::cerr << "promptune-cli " << command.name << ": error: " << error.what() << '\n';
      return 1;
    }
  }
  std::cerr << "promptune-cli: unknown command '" << words[0] << "'\n\n";
  print_help(std::cerr);
  return 2;
}
