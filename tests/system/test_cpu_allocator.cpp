#include <gtest/gtest.h>

#include <c10/core/CPUAllocator.h>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/system/cpu_allocator.h"
#include "core/util/torch.h"

namespace promptune {
namespace {

constexpr std::size_t kLimit = std::size_t{64} << 20;

// ctest runs every test in its own process; run together in one process, the first install wins (call_once).
void install_for_test() {
  install_caching_cpu_allocator(kLimit);
  ASSERT_TRUE(cpu_allocator_stats().installed);
}

TEST(CpuAllocator, ALargeTensorReusesTheBlockOfOneFreedBefore) {
  install_for_test();
  release_cached_cpu_memory();
  const void* first = nullptr;
  {
    const auto tensor = torch::full({1 << 20}, 1.5f);  // 4 MiB
    first = tensor.data_ptr();
  }
  const auto before = cpu_allocator_stats();
  EXPECT_EQ(before.cached_bytes, std::size_t{4} << 20);
  const auto again = torch::full({1 << 20}, 2.5f);
  EXPECT_EQ(again.data_ptr(), first);
  EXPECT_EQ(cpu_allocator_stats().reused, before.reused + 1);
  EXPECT_EQ(cpu_allocator_stats().cached_bytes, 0u);
  EXPECT_FLOAT_EQ(again.sum().item<float>(), 2.5f * (1 << 20));
}

TEST(CpuAllocator, ASlightlySmallerTensorFitsACachedBlockAMuchSmallerOneDoesNot) {
  install_for_test();
  release_cached_cpu_memory();
  const void* block = nullptr;
  { block = torch::empty({8 << 20}, torch::kUInt8).data_ptr(); }
  EXPECT_EQ(torch::empty({7 << 20}, torch::kUInt8).data_ptr(), block);  // 8 MiB serves 7 MiB (within a quarter)
  { block = torch::empty({8 << 20}, torch::kUInt8).data_ptr(); }
  const auto small = torch::empty({2 << 20}, torch::kUInt8);  // 2 MiB would waste 6 MiB: a fresh block
  EXPECT_NE(small.data_ptr(), block);
}

TEST(CpuAllocator, SmallTensorsStayWithTheDefaultAllocator) {
  install_for_test();
  const auto before = cpu_allocator_stats();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(torch::ones({1000}).sum().item<float>(), 1000.0f);
  const auto after = cpu_allocator_stats();
  EXPECT_EQ(after.fresh + after.reused, before.fresh + before.reused);
}

TEST(CpuAllocator, FreedMemoryKeptStaysWithinTheLimit) {
  install_for_test();
  release_cached_cpu_memory();
  {
    std::vector<torch::Tensor> alive;
    for (int i = 0; i < 12; ++i) alive.push_back(torch::empty({8 << 20}, torch::kUInt8));  // 96 MiB together
  }
  EXPECT_LE(cpu_allocator_stats().cached_bytes, kLimit);
  EXPECT_GE(cpu_allocator_stats().cached_bytes, kLimit - (std::size_t{8} << 20));
  { const auto huge = torch::empty({128 << 20}, torch::kUInt8); }  // above the limit: never cached
  EXPECT_LE(cpu_allocator_stats().cached_bytes, kLimit);
  release_cached_cpu_memory();
  EXPECT_EQ(cpu_allocator_stats().cached_bytes, 0u);
}

TEST(CpuAllocator, RawAllocationsRoundTrip) {
  install_for_test();
  c10::Allocator* allocator = c10::GetCPUAllocator();
  for (const std::size_t bytes : {std::size_t{64}, std::size_t{3} << 20}) {
    void* memory = allocator->raw_allocate(bytes);
    ASSERT_NE(memory, nullptr);
    static_cast<char*>(memory)[bytes - 1] = 7;
    allocator->raw_deallocate(memory);
  }
}

TEST(CpuAllocator, ThreadsAllocatingAtOnceEachGetTheirOwnMemory) {
  install_for_test();
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 100; ++i) {
        const auto tensor = torch::full({(1 << 19) + 1000 * (i % 7)}, static_cast<float>(t));  // 2-2.03 MiB
        if (tensor.min().item<float>() != t || tensor.max().item<float>() != t) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
  EXPECT_GT(cpu_allocator_stats().reused, 0);
}

TEST(CpuAllocator, AnImpossibleAllocationSaysWhatToDo) {
  install_for_test();
  try {
    const auto huge = torch::empty({std::int64_t{1} << 48}, torch::kUInt8);  // 256 TiB
    FAIL() << "allocated 256 TiB";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("not enough memory"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("smaller batch size"), std::string::npos) << error.what();
  }
}

TEST(CpuAllocator, ZeroInTheEnvironmentLeavesTheDefaultAllocator) {
  if (cpu_allocator_stats().installed) GTEST_SKIP() << "installed by an earlier test in this process";
  setenv("PROMPTUNE_CPU_CACHE_MB", "0", 1);
  install_caching_cpu_allocator();
  unsetenv("PROMPTUNE_CPU_CACHE_MB");
  EXPECT_FALSE(cpu_allocator_stats().installed);
}

}  // namespace
}  // namespace promptune
