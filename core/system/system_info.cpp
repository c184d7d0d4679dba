#include "core/system/system_info.h"

#include <cstdlib>

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <opencv2/core/version.hpp>
#include <sstream>
#include <thread>

#include "core/util/torch.h"
#include "promptune/version.h"

#ifdef PROMPTUNE_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#endif

namespace promptune {
namespace {

// The BLAS LibTorch calls is chosen at run time by the Debian alternatives system, so the only reliable answer is
// the library file actually mapped into this process.
std::string mapped_blas_library() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    const std::string file = std::filesystem::path(path).filename().string();
    if (file.rfind("libblas", 0) == 0 || file.rfind("libopenblas", 0) == 0 || file.rfind("libmkl", 0) == 0) {
      std::error_code error;
      const auto resolved = std::filesystem::canonical(path, error);
      return error ? path : resolved.string();
    }
  }
  return {};
}

void describe_blas(SystemInfo& info) {
  info.blas_library = mapped_blas_library();
  const std::string& path = info.blas_library;
  if (path.empty()) {
    info.blas_description = "none mapped (LibTorch may use its own kernels)";
  } else if (path.find("openblas-pthread") != std::string::npos) {
    info.blas_description = "OpenBLAS (pthreads)";
  } else if (path.find("openblas-openmp") != std::string::npos) {
    info.blas_description = "OpenBLAS (OpenMP)";
  } else if (path.find("openblas") != std::string::npos) {
    info.blas_description = "OpenBLAS";
  } else if (path.find("mkl") != std::string::npos) {
    info.blas_description = "Intel MKL";
  } else if (path.find("atlas") != std::string::npos) {
    info.blas_description = "ATLAS";
  } else {
    info.blas_description = "reference BLAS (slow: install libopenblas0-pthread)";
    info.blas_is_slow = true;
  }
}

void describe_cuda(SystemInfo& info) {
#ifdef PROMPTUNE_WITH_CUDA
  info.cuda_compiled = true;
  if (!torch::cuda::is_available()) {
    info.cuda_status = "LibTorch has CUDA, but the driver reports no usable device (check nvidia-smi and the driver)";
    return;
  }
  const int count = static_cast<int>(torch::cuda::device_count());
  for (int index = 0; index < count; ++index) {
    const cudaDeviceProp* properties = at::cuda::getDeviceProperties(index);
    info.cuda_devices.push_back({index, properties->name, static_cast<std::int64_t>(properties->totalGlobalMem)});
  }
  info.cuda_status = std::to_string(count) + " device(s)";
#else
  info.cuda_compiled = false;
  info.cuda_status =
      "this LibTorch was built without CUDA (Debian's libtorch is CPU-only); docs/BUILD.md explains the CUDA build";
#endif
}

std::string format_bytes(std::int64_t bytes) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0) << " GiB";
  return out.str();
}

}  // namespace

int available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

int configure_threads(int requested) {
  const int threads = requested > 0 ? requested : available_cores();
  at::set_num_threads(threads);
  return at::get_num_threads();
}

SystemInfo collect_system_info() {
  SystemInfo info;
  info.promptune_version = kVersion;
  info.libtorch_version = TORCH_VERSION;
  info.opencv_version = CV_VERSION;
  info.intra_op_threads = at::get_num_threads();
  info.available_cores = available_cores();
  if (const char* policy = std::getenv("OMP_WAIT_POLICY"); policy && *policy)
    info.openmp_waiting = std::string(policy) + (std::getenv("PROMPTUNE_SET_OMP_WAIT_POLICY")
                                                     ? " (set by Promptune at start; OMP_WAIT_POLICY overrides)"
                                                     : " (OMP_WAIT_POLICY)");
  else
    info.openmp_waiting = "spin, then sleep (OpenMP's default; Promptune did not restart with PASSIVE)";
  describe_blas(info);
  describe_cuda(info);
  return info;
}

double measure_matmul_gflops(int size) {
  torch::NoGradGuard no_grad;
  const auto a = torch::randn({size, size});
  const auto b = torch::randn({size, size});
  auto c = torch::mm(a, b);  // warm-up: first call pays for thread start and page faults
  const double flops = 2.0 * size * size * size;
  double best_seconds = 1e9;
  for (int repeat = 0; repeat < 5; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    c = torch::mm(a, b);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    best_seconds = std::min(best_seconds, elapsed.count());
  }
  return flops / best_seconds / 1e9;
}

std::string format_system_info(const SystemInfo& info, const std::string& qt_version) {
  std::ostringstream out;
  out << "Promptune: " << info.promptune_version << '\n';
  out << "Qt: " << (qt_version.empty() ? "not part of this build (built without the GUI)" : qt_version) << '\n';
  out << "LibTorch: " << info.libtorch_version << '\n';
  out << "OpenCV: " << info.opencv_version << '\n';
  out << "BLAS: " << info.blas_description;
  if (!info.blas_library.empty()) out << " (" << info.blas_library << ')';
  out << '\n';
  out << "Intra-op threads: " << info.intra_op_threads << " of " << info.available_cores << " available cores\n";
  out << "Idle OpenMP threads: " << info.openmp_waiting << '\n';
  out << "CUDA: " << info.cuda_status << '\n';
  for (const auto& device : info.cuda_devices) {
    out << "  cuda:" << device.index << ": " << device.name << ", " << format_bytes(device.total_memory_bytes) << '\n';
  }
  return out.str();
}

}  // namespace promptune
