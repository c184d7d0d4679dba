// Machine peak: float32 matmul GFLOP/s with 1..N intra-op threads. Later benchmarks report the fraction of this
// peak that our encoders reach.
#include <cstdio>

#include "core/system/runtime_environment.h"
#include "core/system/system_info.h"

int main(int, char** argv) {
  promptune::restart_with_passive_openmp_waiting(argv);  // as the CLI and GUI do
  const promptune::SystemInfo info = promptune::collect_system_info();
  std::printf("BLAS: %s (%s)\n\n", info.blas_description.c_str(), info.blas_library.c_str());
  std::printf("| threads | matmul 512 GFLOP/s | matmul 1024 GFLOP/s |\n|---|---|---|\n");
  for (int threads = 1; threads <= promptune::available_cores(); ++threads) {
    promptune::configure_threads(threads);
    std::printf("| %d | %.1f | %.1f |\n", threads, promptune::measure_matmul_gflops(512),
                promptune::measure_matmul_gflops(1024));
  }
  return 0;
}
