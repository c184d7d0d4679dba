// Atomic writes on a disk that is really full: a small tmpfs, mounted where the machine allows it (root, mount
// permitted), otherwise the test says why it skipped. The injected variant (PROMPTUNE_FAULT=fail-write) is covered
// end to end by tests/app/test_cli_faults.cpp.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/io/atomic_file.h"
#include "core/io/tensor_archive.h"
#include "core/util/error.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

namespace fs = std::filesystem;

std::string content_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
    mount_point_ = folder_ / "full";
    fs::create_directories(mount_point_);
    const std::string command = "mount -t tmpfs -o size=256k tmpfs '" + mount_point_.string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) GTEST_SKIP() << "this machine does not allow mounting a tmpfs";
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) std::system(("umount '" + mount_point_.string() + "'").c_str());
  }
  std::vector<fs::path> temporary_files() const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(mount_point_))
      if (entry.path().filename().string().find(".tmp-") != std::string::npos) found.push_back(entry.path());
    return found;
  }

  testing::TemporaryFolder folder_;
  fs::path mount_point_;
  bool mounted_ = false;
};

TEST_F(FullDisk, AWriteThatDoesNotFitKeepsThePreviousFileAndSaysTheDiskIsFull) {
  const auto file = mount_point_ / "metrics.jsonl";
  write_file_atomically(file, std::string("the previous content\n"));
  try {
    write_file_atomically(file, std::string(1 << 20, 'x'));
    FAIL() << "1 MiB fitted on a 256 KiB disk";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("No space left on device (is the disk full?)"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos) << error.what();
  }
  EXPECT_EQ(content_of(file), "the previous content\n");
  EXPECT_TRUE(temporary_files().empty()) << "the failed write's temporary file is removed, freeing the space";
}

TEST_F(FullDisk, ACheckpointThatDoesNotFitKeepsTheOlderOne) {
  const auto file = mount_point_ / "step-00000004.safetensors";
  save_safetensors(file, {{"ctx", torch::ones({4, 8})}});
  EXPECT_THROW(save_safetensors(file, {{"ctx", torch::ones({512, 512})}}), Error);  // 1 MiB
  EXPECT_TRUE(torch::equal(load_safetensors(file).tensors.at("ctx"), torch::ones({4, 8})));
  EXPECT_TRUE(temporary_files().empty());
}

}  // namespace
}  // namespace promptune
