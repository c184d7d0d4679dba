#pragma once

#include <cstddef>
#include <cstdint>

namespace promptune {

/// What the caching CPU allocator has done since it was installed.
struct CpuAllocatorStats {
  bool installed = false;
  std::size_t cached_bytes = 0;       ///< freed large blocks kept for reuse now
  std::size_t cache_limit_bytes = 0;  ///< most it keeps
  std::int64_t reused = 0;            ///< large allocations served from the cache
  std::int64_t fresh = 0;             ///< large allocations that went to the system
};

/// Makes LibTorch's CPU tensors of 1 MiB and more come from a cache of freed blocks. glibc returns every block
/// above its mmap threshold (at most 32 MiB by default) to the kernel on free, so each step of a transformer
/// pays a page fault per 4 KiB of every large activation: on a [64, 77, 2048] float tensor that is 80 % of an
/// element-wise op's time (docs/PERFORMANCE.md). Training and inference allocate the same shapes step after
/// step, so reuse removes those faults. Smaller tensors keep LibTorch's default allocator. `cache_limit_bytes`
/// bounds the freed memory kept (0: an eighth of physical memory, at most 1 GiB); PROMPTUNE_CPU_CACHE_MB
/// overrides it and 0 there leaves the default allocator alone. Idempotent; call before the first tensor work.
void install_caching_cpu_allocator(std::size_t cache_limit_bytes = 0);

/// Frees the cached blocks (a run ended; the memory goes back to the system). Safe on any thread.
void release_cached_cpu_memory();

CpuAllocatorStats cpu_allocator_stats();

}  // namespace promptune
