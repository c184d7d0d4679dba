#include "app/cli/man_page.h"

#include <sstream>
#include <string>

#include "promptune/version.h"

namespace promptune::cli {
namespace {

// man(7) reads a backslash as an escape, a line starting with '.' or '\'' as a request, and '-' as a hyphen
// that may be rendered as a Unicode dash (which breaks copy-and-paste of options).
std::string escape_roff(const std::string& text) {
  std::string escaped;
  for (const char character : text) {
    if (character == '\\')
      escaped += "\\e";
    else if (character == '-')
      escaped += "\\-";
    else
      escaped += character;
  }
  return escaped;
}

std::string escape_line(const std::string& line) {
  const std::string escaped = escape_roff(line);
  if (!escaped.empty() && (escaped.front() == '.' || escaped.front() == '\'')) return "\\&" + escaped;
  return escaped;
}

void write_preformatted(std::ostream& out, const std::string& text) {
  out << ".nf\n";
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) out << escape_line(line) << '\n';
  out << ".fi\n";
}

}  // namespace

void write_man_page(std::ostream& out, const std::vector<Command>& commands) {
  out << ".TH PROMPTUNE\\-CLI 1 \"\" \"Promptune " << kVersion << "\" \"User Commands\"\n"
      << ".SH NAME\npromptune\\-cli \\- headless prompt tuning of CLIP and masked language models\n"
      << ".SH SYNOPSIS\n.B promptune\\-cli\n.I COMMAND\n[\\fIOPTIONS\\fR]\n.br\n"
      << ".B promptune\\-cli help\n[\\fICOMMAND\\fR]\n.br\n.B promptune\\-cli \\-\\-version\n"
      << ".SH DESCRIPTION\n"
      << "promptune\\-cli runs the engine of the Promptune desktop application without a display: it inspects "
         "backbones and datasets, trains the session files that the GUI saves, exports tuned prompt files and "
         "predicts with them. Every command accepts \\fB\\-\\-help\\fR.\n"
      << ".SH COMMANDS\n";
  for (const Command& command : commands) {
    out << ".SS " << escape_roff(command.name) << "\n" << escape_line(command.summary) << ".\n";
    write_preformatted(out, command.usage);
  }
  out << ".SH EXIT STATUS\n0 on success, 1 when a command failed (the message says why), 2 on a usage error; "
         "\\fBrun\\fR exits with 130 when it was interrupted and saved a checkpoint to resume from.\n"
      << ".SH ENVIRONMENT\n"
      << ".TP\n.B PROMPTUNE_CACHE_DIR\nfolder of the image feature cache (default "
         "\\fI$XDG_CACHE_HOME/promptune/features\\fR or \\fI~/.cache/promptune/features\\fR).\n"
      << ".TP\n.B PROMPTUNE_CPU_CACHE_MB\nmost memory, in MiB, that freed tensors of 1 MiB and more are kept in for "
         "reuse between training steps (default: an eighth of physical memory, at most 1024); 0 turns the cache off.\n"
      << ".TP\n.B OMP_WAIT_POLICY\nwhen unset, promptune\\-cli restarts itself once with PASSIVE, so that idle OpenMP "
         "threads sleep instead of competing with the BLAS threads; a value you set is kept.\n"
      << ".TP\n.B PROMPTUNE_NO_RESTART\n1 leaves OMP_WAIT_POLICY alone and runs without that restart (profilers, "
         "debuggers).\n"
      << ".TP\n.B OMP_NUM_THREADS\noverridden: LibTorch uses one intra\\-op thread per available core; "
         "\\fBpromptune\\-cli info\\fR shows the count.\n"
      << ".SH FILES\n"
      << ".TP\n.I *.promptune.json\na session: backbone, data, method and options (saved by the GUI, or printed by "
         "\\fBpromptune\\-cli run \\-\\-example\\fR).\n"
      << ".TP\n.I *.prompt.safetensors\na tuned prompt with the metadata needed to predict with it again.\n"
      << ".SH SECURITY\nsafetensors files hold nothing but numbers and are preferred. Pickle\\-based \\fI.pt\\fR/"
         "\\fI.bin\\fR archives are read without running code (of a TorchScript archive only its parameters and "
         "buffers are read), with a warning; \\fBpromptune\\-cli convert\\fR turns them into safetensors once.\n"
      << ".SH SEE ALSO\n.BR promptune (1)\n";
}

}  // namespace promptune::cli
