#include <gtest/gtest.h>

#include "core/system/system_info.h"

namespace promptune {
namespace {

TEST(SystemInfo, ConfigureThreadsUsesAllAvailableCoresByDefault) {
  EXPECT_EQ(configure_threads(), available_cores());
  EXPECT_EQ(configure_threads(1), 1);
  EXPECT_EQ(collect_system_info().intra_op_threads, 1);
  configure_threads();
}

TEST(SystemInfo, ReportsVersionsBlasAndCuda) {
  const SystemInfo info = collect_system_info();
  EXPECT_FALSE(info.promptune_version.empty());
  EXPECT_FALSE(info.libtorch_version.empty());
  EXPECT_EQ(info.opencv_version.substr(0, 2), "4.");
  EXPECT_FALSE(info.blas_description.empty());
  EXPECT_FALSE(info.cuda_status.empty());
  if (!info.cuda_compiled) {
    EXPECT_TRUE(info.cuda_devices.empty());
  }
}

TEST(SystemInfo, FormatNamesEveryField) {
  SystemInfo info;
  info.promptune_version = "9.9.9";
  info.libtorch_version = "1.13.1";
  info.opencv_version = "4.6.0";
  info.blas_description = "OpenBLAS (pthreads)";
  info.blas_library = "/usr/lib/libblas.so.3";
  info.intra_op_threads = 2;
  info.available_cores = 2;
  info.cuda_status = "1 device(s)";
  info.cuda_devices.push_back({0, "Test GPU", 8LL * 1024 * 1024 * 1024});
  const std::string text = format_system_info(info, "6.4.2");
  EXPECT_NE(text.find("Promptune: 9.9.9"), std::string::npos);
  EXPECT_NE(text.find("Qt: 6.4.2"), std::string::npos);
  EXPECT_NE(text.find("Intra-op threads: 2 of 2"), std::string::npos);
  EXPECT_NE(text.find("cuda:0: Test GPU, 8.0 GiB"), std::string::npos);
  EXPECT_NE(format_system_info(info, "").find("built without the GUI"), std::string::npos);
}

TEST(SystemInfo, MatmulMeasurementIsPositive) {
  EXPECT_GT(measure_matmul_gflops(64), 0.0);
}

}  // namespace
}  // namespace promptune
