#include "core/system/cpu_allocator.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <unistd.h>

#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace promptune {
namespace {

constexpr std::size_t kMinimumCachedBlock = std::size_t{1} << 20;  // smaller blocks never reach mmap
constexpr std::size_t kGranule = std::size_t{1} << 20;             // sizes rounded up to whole MiB
constexpr std::size_t kAlignment = 64;                             // what LibTorch's own allocator aligns to

class CachingCpuAllocator final : public c10::Allocator {
 public:
  CachingCpuAllocator(c10::Allocator* fallback, std::size_t limit) : fallback_(fallback), limit_(limit) {}

  c10::DataPtr allocate(std::size_t bytes) const override {
    if (bytes < kMinimumCachedBlock) return fallback_->allocate(bytes);
    std::size_t size = (bytes + kGranule - 1) / kGranule * kGranule;
    void* block = take_cached(size);  // may be a larger block; `size` becomes its size
    if (!block && posix_memalign(&block, kAlignment, size) != 0)
      // The message the user sees in the log and the run's failure, as LibTorch's own allocator words it.
      TORCH_CHECK(false, "not enough memory: a tensor of ", size >> 20,
                  " MiB could not be allocated; use a smaller batch size or fewer classes per step");
    {
      std::lock_guard<std::mutex> lock(mutex_);
      live_sizes_[block] = size;
    }
    // Data and context are the same pointer, as raw_allocate()/raw_deallocate() require.
    return {block, block, &CachingCpuAllocator::release, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &CachingCpuAllocator::release; }

  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, block] : free_blocks_) std::free(block);
    free_blocks_.clear();
    cached_bytes_ = 0;
  }

  CpuAllocatorStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {true, cached_bytes_, limit_, reused_, fresh_};
  }

  static CachingCpuAllocator* instance;

 private:
  // Best fit among the cached blocks no more than a quarter larger than asked (shapes vary a little between
  // batches: the text encoder cuts each batch after its last end-of-text token).
  void* take_cached(std::size_t& size) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = free_blocks_.lower_bound(size);
    if (found == free_blocks_.end() || found->first > size + size / 4) {
      ++fresh_;
      return nullptr;
    }
    void* block = found->second;
    size = found->first;
    cached_bytes_ -= size;
    free_blocks_.erase(found);
    ++reused_;
    return block;
  }

  static void release(void* block) { instance->keep_or_free(block); }

  void keep_or_free(void* block) const {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto live = live_sizes_.find(block);
      if (live == live_sizes_.end()) {
        // A small block of the fallback allocator that came back through raw_deleter().
        fallback_->raw_deleter()(block);
        return;
      }
      const std::size_t size = live->second;
      live_sizes_.erase(live);
      if (size <= limit_) {
        // Make room by dropping the largest cached blocks: they are the least likely to fit the next request.
        while (cached_bytes_ + size > limit_ && !free_blocks_.empty()) {
          auto largest = std::prev(free_blocks_.end());
          std::free(largest->second);
          cached_bytes_ -= largest->first;
          free_blocks_.erase(largest);
        }
        free_blocks_.emplace(size, block);
        cached_bytes_ += size;
        return;
      }
    }
    std::free(block);
  }

  c10::Allocator* fallback_;
  std::size_t limit_;
  mutable std::mutex mutex_;
  mutable std::multimap<std::size_t, void*> free_blocks_;
  mutable std::unordered_map<void*, std::size_t> live_sizes_;
  mutable std::size_t cached_bytes_ = 0;
  mutable std::int64_t reused_ = 0;
  mutable std::int64_t fresh_ = 0;
};

CachingCpuAllocator* CachingCpuAllocator::instance = nullptr;
std::once_flag installed;

std::size_t default_limit() {
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  const std::size_t eighth = pages > 0 && page_size > 0 ? static_cast<std::size_t>(pages) * page_size / 8 : 0;
  return std::min<std::size_t>(eighth, std::size_t{1} << 30);
}

}  // namespace

void install_caching_cpu_allocator(std::size_t cache_limit_bytes) {
  std::call_once(installed, [cache_limit_bytes] {
    std::size_t limit = cache_limit_bytes ? cache_limit_bytes : default_limit();
    if (const char* megabytes = std::getenv("PROMPTUNE_CPU_CACHE_MB"); megabytes && *megabytes)
      limit = static_cast<std::size_t>(std::strtoull(megabytes, nullptr, 10)) << 20;
    if (limit == 0) return;
    // Lives as long as the process: tensors freed during static destruction still call its deleter.
    CachingCpuAllocator::instance = new CachingCpuAllocator(c10::GetCPUAllocator(), limit);
    c10::SetCPUAllocator(CachingCpuAllocator::instance, /*priority=*/1);
  });
}

void release_cached_cpu_memory() {
  if (CachingCpuAllocator::instance) CachingCpuAllocator::instance->clear();
#ifdef __GLIBC__
  // glibc keeps freed memory in its arenas (one per thread that allocated: every run's workers add theirs) and
  // hands it back only from the top of a heap; after a run, give back every free page.
  malloc_trim(0);
#endif
}

CpuAllocatorStats cpu_allocator_stats() {
  return CachingCpuAllocator::instance ? CachingCpuAllocator::instance->stats() : CpuAllocatorStats{};
}

}  // namespace promptune
