#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace promptune {

/// One CUDA device as the LibTorch runtime reports it.
struct CudaDevice {
  int index = 0;                        ///< device ordinal, as in "cuda:0"
  std::string name;                     ///< marketing name, e.g. "NVIDIA H100 80GB HBM3"
  std::int64_t total_memory_bytes = 0;  ///< physical memory of the device
};

/// What a user needs to know about the machine before training: library versions, BLAS, threads, GPUs.
/// Plain values only, so Qt code can show it without including torch.
struct SystemInfo {
  std::string promptune_version;         ///< from the CMake project version
  std::string libtorch_version;          ///< version LibTorch was built as
  std::string opencv_version;            ///< OpenCV runtime version
  std::string blas_library;              ///< resolved path of the BLAS shared library mapped into this process
  std::string blas_description;          ///< "OpenBLAS (pthreads)", "reference BLAS", ...
  bool blas_is_slow = false;             ///< true for the reference BLAS, which is ~20x slower than OpenBLAS
  int intra_op_threads = 0;              ///< LibTorch intra-op thread count now in effect
  int available_cores = 0;               ///< cores this process may run on (affinity mask)
  std::string openmp_waiting;            ///< how idle OpenMP threads wait, and who chose it
  bool cuda_compiled = false;            ///< whether this LibTorch build has CUDA at all
  std::vector<CudaDevice> cuda_devices;  ///< usable CUDA devices (empty when none)
  std::string cuda_status;               ///< why there are no devices, or a one-line summary when there are
};

/// Cores this process may run on (sched_getaffinity), at least 1.
int available_cores();

/// Sets LibTorch's intra-op thread count: `requested` when > 0, otherwise the available cores (Debian's LibTorch
/// defaults to 1, which leaves half of a 2-core machine idle). Returns the count now in effect.
int configure_threads(int requested = 0);

/// Collects versions, BLAS, threads and CUDA devices. Cheap (no benchmark); safe on any thread.
SystemInfo collect_system_info();

/// Runs a short float32 matmul and returns the achieved GFLOP/s with the current thread settings (~0.2 s).
double measure_matmul_gflops(int size = 512);

/// Human-readable report, one "Key: value" line each. `qt_version` is empty for builds without the GUI.
std::string format_system_info(const SystemInfo& info, const std::string& qt_version);

}  // namespace promptune
