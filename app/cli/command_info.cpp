#include <iostream>

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "core/system/system_info.h"

namespace promptune::cli {
namespace {

#ifdef PROMPTUNE_QT_VERSION
constexpr const char* kQtVersion = PROMPTUNE_QT_VERSION " (the GUI of this build)";
#else
constexpr const char* kQtVersion = "";
#endif

int run_info(const std::vector<std::string>& argv) {
  const Arguments arguments(argv, {"threads"}, {"matmul"});
  configure_threads(arguments.integer("threads", 0));
  const SystemInfo info = collect_system_info();
  std::cout << format_system_info(info, kQtVersion);
  if (arguments.has("matmul")) {
    std::cout << "Matmul 512x512 float32: " << static_cast<int>(measure_matmul_gflops()) << " GFLOP/s\n";
  }
  if (info.blas_is_slow) {
    std::cerr << "warning: LibTorch is using the reference BLAS, about 20x slower than OpenBLAS; "
                 "install libopenblas0-pthread\n";
  }
  return 0;
}

}  // namespace

Command info_command() {
  return {"info", "versions, BLAS, threads and CUDA devices of this machine",
          "promptune-cli info [--threads N] [--matmul]\n"
          "  --threads N  intra-op threads to use (default: all available cores)\n"
          "  --matmul     also measure float32 matmul throughput (GFLOP/s)\n",
          run_info};
}

}  // namespace promptune::cli
