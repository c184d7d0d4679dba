#include <gtest/gtest.h>

#include "core/util/error.h"
#include "core/util/hashing.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

TEST(Sha256, MatchesTheFipsTestVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileHashEqualsTheHashOfItsBytesReadInChunks) {
  testing::TemporaryFolder folder;
  const std::string content(3 * 1024 * 1024 + 17, 'x');  // spans several 1 MiB read chunks
  EXPECT_EQ(sha256_file(folder.write("f.bin", content)), sha256_hex(content));
  EXPECT_THROW(sha256_file(folder / "absent.bin"), Error);
}

}  // namespace
}  // namespace promptune
