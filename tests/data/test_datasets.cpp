#include <gtest/gtest.h>

#include <functional>
#include <opencv2/imgcodecs.hpp>

#include "core/data/dataset_summary.h"
#include "core/data/image_dataset.h"
#include "core/data/text_dataset.h"
#include "core/util/error.h"
#include "tests/support/errors.h"
#include "tests/support/temporary_folder.h"

namespace promptune {
namespace {

using testing::TemporaryFolder;

void write_png(const std::filesystem::path& file, int value = 128) {
  std::filesystem::create_directories(file.parent_path());
  cv::imwrite(file.string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(value, value, value)));
}

using testing::error_of;

TEST(ImageDataset, ClassFoldersWithPromptNamesAndAReportOfSkippedFiles) {
  TemporaryFolder root;
  write_png(root / "golden_retriever/a.png");
  write_png(root / "golden_retriever/b.JPG");
  write_png(root / "cat/c.png");
  root.write("cat/readme.md", "not an image");
  const ImageDataset dataset = load_image_dataset(root.path());
  EXPECT_EQ(dataset.layout, "class folders");
  EXPECT_EQ(dataset.class_ids, (std::vector<std::string>{"cat", "golden_retriever"}));
  EXPECT_EQ(dataset.class_names, (std::vector<std::string>{"cat", "golden retriever"}));
  EXPECT_EQ(dataset.counts_per_class(), (std::vector<int>{1, 2}));
  ASSERT_EQ(dataset.report.skipped.size(), 1u);
  EXPECT_NE(dataset.report.skipped[0].where.find("readme.md"), std::string::npos);
  EXPECT_TRUE(dataset.domains.empty());
}

TEST(ImageDataset, DomainFoldersAsOfficeHomeIsDistributed) {
  TemporaryFolder root;
  write_png(root / "Art/mug/1.png");
  write_png(root / "Art/pen/1.png");
  write_png(root / "Clipart/mug/1.png");
  write_png(root / "Clipart/mug/2.png");
  write_png(root / "Clipart/pen/9.png");
  const ImageDataset dataset = load_image_dataset(root.path());
  EXPECT_EQ(dataset.layout, "domain folders");
  EXPECT_EQ(dataset.domains, (std::vector<std::string>{"Art", "Clipart"}));
  EXPECT_EQ(dataset.counts_per_class(1), (std::vector<int>{2, 1}));
  EXPECT_EQ(dataset.indices_of_domain(0).size(), 2u);
  const std::string summary = summarize(dataset);
  EXPECT_NE(summary.find("5 images, 2 classes, 2 domains"), std::string::npos) << summary;
}

TEST(ImageDataset, CsvManifestWithRelativePathsDomainsAndBadRows) {
  TemporaryFolder root;
  write_png(root / "img/x.png");
  write_png(root / "img/y.png");
  write_png(root / "img/z.png");
  const auto csv = root.write("set/manifest.csv",
                              "path,label,domain\n../img/x.png,zebra,photo\n../img/y.png,ant,sketch\n"
                              "../img/missing.png,ant,photo\n../img/x.png,zebra,photo\nonly-one-field\n"
                              "\"../img/z.png\",ant,photo\n");
  EXPECT_TRUE(is_image_manifest(csv));
  const ImageDataset dataset = load_image_dataset(csv);
  EXPECT_EQ(dataset.class_ids, (std::vector<std::string>{"ant", "zebra"}));  // sorted like folders
  ASSERT_EQ(dataset.samples.size(), 3u);
  EXPECT_EQ(dataset.samples[0].label, 1);
  EXPECT_EQ(dataset.domains, (std::vector<std::string>{"photo", "sketch"}));
  ASSERT_EQ(dataset.report.skipped.size(), 3u);
  EXPECT_EQ(dataset.report.skipped[0].where, "manifest.csv:4");
  EXPECT_NE(dataset.report.skipped[0].reason.find("does not exist"), std::string::npos);
  EXPECT_NE(dataset.report.skipped[1].reason.find("listed twice"), std::string::npos);
  EXPECT_NE(dataset.report.skipped[2].reason.find("expected path,label[,domain]"), std::string::npos);
}

TEST(ImageDataset, ClassesFileSelectsOrdersOrNamesClasses) {
  TemporaryFolder root;
  write_png(root / "images/n01/a.png");
  write_png(root / "images/n02/a.png");
  write_png(root / "images/n03/a.png");
  const auto names = root.write("names.txt", "tench\ngoldfish\nwhite shark\n");
  EXPECT_EQ(load_image_dataset(root / "images", {names}).class_names,
            (std::vector<std::string>{"tench", "goldfish", "white shark"}));
  const auto order = root.write("order.txt", "n03\nn01\n");
  const ImageDataset selected = load_image_dataset(root / "images", {order});
  EXPECT_EQ(selected.class_ids, (std::vector<std::string>{"n03", "n01"}));
  EXPECT_EQ(selected.samples.size(), 2u);
  EXPECT_EQ(selected.report.notes.size(), 1u);
  const auto pairs = root.write("pairs.txt", "n02\tgoldfish\n");
  EXPECT_EQ(load_image_dataset(root / "images", {pairs}).class_names, (std::vector<std::string>{"goldfish"}));
  const auto wrong = root.write("wrong.txt", "one\ntwo\n");
  EXPECT_NE(
      error_of([&] { load_image_dataset(root / "images", {wrong}); }).find("lists 2 names, but the data has 3 classes"),
      std::string::npos);
}

TEST(ImageDataset, UnusableDatasetsAreRefusedWithTheReason) {
  TemporaryFolder root;
  EXPECT_NE(error_of([&] { load_image_dataset(root / "absent"); }).find("does not exist"), std::string::npos);
  EXPECT_NE(error_of([&] { load_image_dataset(root.path()); }).find("has no sub-folders"), std::string::npos);
  write_png(root / "a/1.png");
  std::filesystem::create_directories(root / "b");
  root.write("b/notes.txt", "x");
  EXPECT_NE(error_of([&] { load_image_dataset(root.path()); }).find("class 'b' has no images (empty class)"),
            std::string::npos);
  EXPECT_NE(
      error_of([&] { load_image_dataset(root.write("x.json", "{}")); }).find("neither a folder of images nor a .csv"),
      std::string::npos);
}

TEST(TextDataset, GlueTsvWithHeaderAndNoQuoteProcessing) {
  TemporaryFolder root;
  const auto file =
      root.write("train.tsv", "sentence\tlabel\nit 's \"great\"\t1\nawful , truly\t0\n\t1\nno label here\n");
  const TextDataset dataset = load_text_dataset(file);
  EXPECT_EQ(dataset.format, "TSV");
  ASSERT_EQ(dataset.samples.size(), 2u);
  EXPECT_EQ(dataset.samples[0].text_a, "it 's \"great\"");
  EXPECT_EQ(dataset.class_ids, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(dataset.samples[1].label, 0);
  ASSERT_EQ(dataset.report.skipped.size(), 2u);
  EXPECT_EQ(dataset.report.skipped[0].where, "train.tsv:5");  // "no label here" has one column
  EXPECT_EQ(dataset.report.skipped[1].reason, "empty text");
}

TEST(TextDataset, HeaderlessLmBffCsvWithQuotedCommasAndNewlines) {
  TemporaryFolder root;
  const auto file = root.write("test.csv", "1,\"good, and\nlong\"\n0,bad\n10,okay\n");
  const TextDataset dataset = load_text_dataset(file);
  EXPECT_EQ(dataset.class_ids, (std::vector<std::string>{"0", "1", "10"}));  // numeric order
  ASSERT_EQ(dataset.samples.size(), 3u);
  EXPECT_EQ(dataset.samples[0].text_a, "good, and\nlong");
  EXPECT_EQ(dataset.samples[1].line, 3);
}

TEST(TextDataset, NliPairsByColumnNameAndLabelNames) {
  TemporaryFolder root;
  const auto file = root.write("dev.tsv",
                               "premise\thypothesis\tgold_label\nA man eats.\tSomeone eats.\tentailment\n"
                               "A dog runs.\tA cat sleeps.\tcontradiction\nX.\tY.\tmaybe\n");
  TextDatasetOptions options;
  options.classes = {"contradiction", "entailment", "neutral"};
  const TextDataset dataset = load_text_dataset(file, options);
  EXPECT_TRUE(dataset.pairs);
  ASSERT_EQ(dataset.samples.size(), 2u);
  EXPECT_EQ(dataset.samples[0].text_b, "Someone eats.");
  EXPECT_EQ(dataset.samples[0].label, 1);
  ASSERT_EQ(dataset.report.skipped.size(), 1u);
  EXPECT_EQ(dataset.report.skipped[0].reason, "unknown label 'maybe'");
  EXPECT_EQ(dataset.report.notes.size(), 1u);  // neutral has no examples
}

TEST(TextDataset, JsonlWithPairsUnlabeledTargetsAndBadLines) {
  TemporaryFolder root;
  const auto file = root.write("target.jsonl",
                               "{\"text\": \"fine\", \"label\": \"pos\"}\n{\"text\": \"meh\"}\nnot json\n"
                               "{\"text\": \"bad \xff\"}\n{\"label\": 1}\n{\"text\": \"multi\", \"label\": [1, 2]}\n");
  TextDatasetOptions options;
  options.labeled = false;
  const TextDataset dataset = load_text_dataset(file, options);
  ASSERT_EQ(dataset.samples.size(), 2u);
  EXPECT_EQ(dataset.samples[1].label, -1);
  ASSERT_EQ(dataset.report.skipped.size(), 4u);
  EXPECT_EQ(dataset.report.skipped[0].reason, "not a JSON object");
  EXPECT_EQ(dataset.report.skipped[1].reason, "not valid UTF-8");
  EXPECT_EQ(dataset.report.skipped[2].reason, "has no text field");
  // A multi-label list is not a class name: it is refused, not read as the class "[1,2]".
  EXPECT_EQ(dataset.report.skipped[3].reason,
            "holds a list or an object where a text or a label belongs (strings and numbers are read)");
  TextDatasetOptions named;
  named.text_column = "text";
  named.header = TextDatasetOptions::Header::Yes;
  EXPECT_NE(error_of([&] {
              load_text_dataset(root.write("x.tsv", "a\tb\n"), named);
            }).find("has no text column named 'text'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { load_text_dataset(root.write("bad.csv", "1,\"never closed\n")); }).find("never closed"),
            std::string::npos);
}

TEST(TextDataset, IntegerLabelsOfAnyLengthAreOrderedNumerically) {
  // Found by the dataset fuzzer: a 27-digit label overflowed the conversion used for sorting.
  TemporaryFolder root;
  const auto file = root.write("numbers.csv", "text,label\na,10\nb,9\nc,-3\nd,999999999999999999999999999\ne,-\n");
  const auto mixed = load_text_dataset(file);
  EXPECT_EQ(mixed.class_ids, (std::vector<std::string>{"-", "-3", "10", "9", "999999999999999999999999999"}))
      << "'-' is not a number: the order is by text";
  const auto numbers =
      load_text_dataset(root.write("only.csv", "text,label\na,10\nb,9\nc,-3\nd,99999999999999999999\n"));
  EXPECT_EQ(numbers.class_ids, (std::vector<std::string>{"-3", "9", "10", "99999999999999999999"}));
}
}  // namespace
}  // namespace promptune
