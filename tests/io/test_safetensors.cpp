#include <gtest/gtest.h>

#include <fstream>

#include "core/io/safetensors_format.h"
#include "core/io/tensor_archive.h"
#include "core/util/error.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A safetensors file from a header text and a data block, as a hostile or broken writer might produce.
std::string make_file(const std::string& header, const std::string& data) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  return bytes + header + data;
}

std::string parse_error(const std::string& bytes) {
  try {
    parse_safetensors_header(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), "x.safetensors");
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

TEST(Safetensors, WriterProducesTheSpecificationsWorkedExample) {
  TemporaryFolder folder;
  const auto path = folder / "prompt.safetensors";
  save_safetensors(path, {{"prompt_embeddings", torch::arange(1, 7, torch::kFloat32).view({2, 3})}},
                   {{"format", "pt"}});
  const std::string bytes = file_bytes(path);
  ASSERT_EQ(bytes.size(), 136u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x68\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(
      bytes.substr(8, 104),
      R"({"__metadata__":{"format":"pt"},"prompt_embeddings":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})");
  EXPECT_EQ(bytes.substr(112, 8), std::string("\x00\x00\x80\x3f\x00\x00\x00\x40", 8));
}

TEST(Safetensors, RoundTripKeepsValuesDtypesAndMetadata) {
  TemporaryFolder folder;
  const auto path = folder / "round.safetensors";
  const TensorMap tensors = {{"a", torch::randn({3, 4})},
                             {"ids", torch::arange(5, torch::kInt64)},
                             {"scalar", torch::full({}, 2.5)},
                             {"empty", torch::zeros({0, 3})},
                             {"flags", torch::tensor({true, false})}};
  save_safetensors(path, tensors, {{"method", "coop"}});
  const TensorFile loaded = load_safetensors(path);
  EXPECT_EQ(loaded.metadata.at("method"), "coop");
  ASSERT_EQ(loaded.tensors.size(), tensors.size());
  for (const auto& [name, tensor] : tensors) {
    EXPECT_EQ(loaded.tensors.at(name).scalar_type(), tensor.scalar_type()) << name;
    EXPECT_TRUE(torch::equal(loaded.tensors.at(name), tensor)) << name;
  }
}

TEST(Safetensors, HalfPrecisionIsConvertedToFloat32OnLoad) {
  TemporaryFolder folder;
  const auto path = folder / "half.safetensors";
  const auto values = torch::tensor({0.5f, -1.25f, 3.0f});
  save_safetensors(path, {{"h", values.to(torch::kFloat16)}, {"b", values.to(torch::kBFloat16)}});
  const TensorFile loaded = load_safetensors(path);
  EXPECT_EQ(loaded.tensors.at("h").scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::equal(loaded.tensors.at("h"), values));
  EXPECT_TRUE(torch::equal(loaded.tensors.at("b"), values));
}

TEST(Safetensors, HostileHeadersAreRefusedWithTheProblemNamed) {
  const std::string f32 = R"("dtype":"F32","shape":[2])";
  const std::string eight(8, '\0');
  EXPECT_NE(parse_error("abc").find("too short for a header"), std::string::npos);
  EXPECT_NE(parse_error(make_file("{}", "").substr(0, 8) + "{").find("truncated file"), std::string::npos);
  std::string huge(8, '\xff');
  EXPECT_NE(parse_error(huge + "{}").find("the limit is 100,000,000"), std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"a\":", "")).find("not valid JSON"), std::string::npos);
  EXPECT_NE(parse_error(make_file("[1,2]", "")).find("not a JSON object"), std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", "x"))
                .find("dtype F8_E4M3, which Promptune does not read"),
            std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[0,4]}}", eight))
                .find("holds 4 bytes, but its shape and F32 need 8"),
            std::string::npos);
  EXPECT_NE(
      parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[0,8]},\"b\":{" + f32 + ",\"data_offsets\":[4,12]}}",
                            eight + "abcd"))
          .find("overlaps"),
      std::string::npos);
  EXPECT_NE(
      parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[8,16]}}", eight + eight)).find("gap of 8 bytes"),
      std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[0,8]}}", "abc")).find("truncated file?"),
            std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[0,8]}}", eight + "extra"))
                .find("the data block has 13"),
            std::string::npos);
  EXPECT_NE(
      parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[0,8]},\"a\":{" + f32 + ",\"data_offsets\":[8,16]}}",
                            eight + eight))
          .find("'a' appears twice"),
      std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", ""))
                .find("non-negative"),
            std::string::npos);
  EXPECT_NE(parse_error(make_file("{\"__metadata__\":{\"k\":1}}", "")).find("is not a string"), std::string::npos);
  EXPECT_NE(parse_error(make_file(std::string("{\"\xff\":1}"), "")).find("not valid UTF-8"), std::string::npos);
  EXPECT_EQ(parse_error(make_file("{\"a\":{" + f32 + ",\"data_offsets\":[0,8]}}", eight)), "no error");
}

TEST(Safetensors, MissingAndTruncatedFilesNameTheFile) {
  TemporaryFolder folder;
  try {
    load_safetensors(folder / "absent.safetensors");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("absent.safetensors: does not exist"), std::string::npos);
  }
  const auto path = folder / "cut.safetensors";
  save_safetensors(path, {{"w", torch::randn({64})}});
  const std::string bytes = file_bytes(path);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 10);
  try {
    load_safetensors(path);
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cut.safetensors: invalid safetensors file"), std::string::npos)
        << error.what();
  }
}

TEST(Safetensors, WritesAreAtomicAndLeaveNoTemporaryFiles) {
  TemporaryFolder folder;
  const auto path = folder / "w.safetensors";
  save_safetensors(path, {{"w", torch::ones({4})}});
  EXPECT_THROW(save_safetensors(path, {{"bad", torch::ones({2}, torch::kComplexFloat)}}), Error);
  EXPECT_TRUE(torch::equal(load_safetensors(path).tensors.at("w"), torch::ones({4})));  // old content intact
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(TorchArchive, NonArchivesGetAClearError) {
  TemporaryFolder folder;
  const auto path = folder.write("model.pt", "this is not a zip archive");
  try {
    load_torch_archive(path);
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("neither a TorchScript archive nor a torch.save zip archive"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace promptune
