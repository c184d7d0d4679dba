#pragma once

#include <ostream>
#include <vector>

#include "app/cli/commands.h"

namespace promptune::cli {

/// Writes promptune-cli(1) in man(7) format from the same command table that `help` prints, so the installed
/// manual cannot drift from the program (`promptune-cli help --man`; the build writes it for the package).
void write_man_page(std::ostream& out, const std::vector<Command>& commands);

}  // namespace promptune::cli
