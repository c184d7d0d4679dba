#include "core/train/run_evaluation.h"

#include "core/metrics/classification_metrics.h"
#include "core/metrics/projection.h"
#include "core/util/error.h"

namespace promptune {
namespace {

constexpr std::int64_t kEvaluationChunk = 256;
constexpr int kImageEvaluationBatch = 64;
constexpr int kTextEvaluationBatch = 64;

/// Calls `visit` with batches of `split` in order (labels never in the batch): its frozen features in chunks of
/// `batch_size`, or, with `images`, its images decoded again. `visit` receives the batch and its labels (-1 where
/// unknown).
void for_each_batch(const RunSplit& split, int batch_size, const torch::Device& device,
                    const ImagePreprocessing* images,
                    const std::function<void(const MethodBatch&, const torch::Tensor&)>& visit) {
  if (split.text.defined()) {
    for (std::int64_t start = 0; start < split.text.size(); start += batch_size) {
      const std::int64_t size = std::min<std::int64_t>(batch_size, split.text.size() - start);
      MethodBatch batch;
      batch.text = split.text.narrow(start, size);
      visit(batch, split.labels.narrow(0, start, size).to(torch::kCPU));
    }
    return;
  }
  if (images == nullptr) {
    const std::int64_t rows = split.features.size(0);
    for (std::int64_t start = 0; start < rows; start += batch_size) {
      const std::int64_t size = std::min<std::int64_t>(batch_size, rows - start);
      MethodBatch batch;
      batch.features = split.features.narrow(0, start, size);
      visit(batch, split.labels.narrow(0, start, size).to(torch::kCPU));
    }
    return;
  }
  ImageLoaderOptions options;
  options.batch_size = batch_size;
  options.preprocessing = *images;
  options.pin_memory = device.is_cuda();
  ImageBatchLoader loader(split.samples, options);
  while (auto loaded = loader.next()) {
    if (loaded->images.size(0) == 0) continue;
    MethodBatch batch;
    batch.images = loaded->images.to(device);
    visit(batch, loaded->labels);
  }
}

}  // namespace

double split_accuracy(const torch::Tensor& predicted, const torch::Tensor& labels) {
  const auto known = labels.ge(0);
  const auto count = known.sum().item<std::int64_t>();
  if (count == 0) return -1.0;
  const auto correct = predicted.to(labels.device()).eq(labels).logical_and(known).sum().item<std::int64_t>();
  return static_cast<double>(correct) / static_cast<double>(count);
}

SplitEvaluation evaluate_split(PromptMethod& method, const RunSplit& split, int class_count,
                               const torch::Device& device, Precision precision, const ImagePreprocessing* images) {
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device, precision);
  method.begin_evaluation();
  std::vector<torch::Tensor> predictions, labels, features;
  const bool own_features = images != nullptr || split.text.defined();
  const int batch_size = images != nullptr      ? kImageEvaluationBatch
                         : split.text.defined() ? kTextEvaluationBatch
                                                : static_cast<int>(kEvaluationChunk);
  for_each_batch(split, batch_size, device, images, [&](const MethodBatch& batch, const torch::Tensor& known) {
    if (!own_features) {
      predictions.push_back(method.logits(batch).argmax(1).to(torch::kCPU));
    } else {
      const auto prediction = method.predict(batch);
      predictions.push_back(prediction.logits.argmax(1).to(torch::kCPU));
      features.push_back(prediction.features.to(torch::kCPU, torch::kFloat32));
    }
    labels.push_back(known);
  });
  method.end_evaluation();
  SplitEvaluation result;
  result.predicted = predictions.empty() ? torch::zeros({0}, torch::kInt64) : torch::cat(predictions);
  result.labels = labels.empty() ? torch::zeros({0}, torch::kInt64) : torch::cat(labels);
  if (!features.empty()) result.features = torch::cat(features);
  result.accuracy = split_accuracy(result.predicted, result.labels);
  result.per_class.assign(static_cast<std::size_t>(class_count), -1.0);
  for (int k = 0; k < class_count; ++k) {
    const auto members = result.labels.eq(k);
    const auto count = members.sum().item<std::int64_t>();
    if (count == 0) continue;
    const auto correct = result.predicted.eq(k).logical_and(members).sum().item<std::int64_t>();
    result.per_class[static_cast<std::size_t>(k)] = static_cast<double>(correct) / static_cast<double>(count);
  }
  std::vector<std::vector<int>> confusion(static_cast<std::size_t>(class_count),
                                          std::vector<int>(static_cast<std::size_t>(class_count), 0));
  const auto predicted = result.predicted.accessor<std::int64_t, 1>();
  const auto known = result.labels.accessor<std::int64_t, 1>();
  for (std::int64_t i = 0; i < known.size(0); ++i)
    if (known[i] >= 0) ++confusion[static_cast<std::size_t>(known[i])][static_cast<std::size_t>(predicted[i])];
  result.macro_f1 = macro_f1_score(confusion);
  result.matthews = matthews_correlation(confusion);
  return result;
}

double unsupervised_objective(PromptMethod& method, const RunSplit& split, int batch_size, const torch::Device& device,
                              Precision precision, const ImagePreprocessing* images) {
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device, precision);
  double sum = 0.0;
  long long batches = 0;
  for_each_batch(split, batch_size, device, images, [&](const MethodBatch& batch, const torch::Tensor&) {
    sum += method.loss(batch).loss.item<double>();
    ++batches;
  });
  if (batches == 0) throw Error(split.name + ": no images to compute the unsupervised objective on");
  return sum / static_cast<double>(batches);
}

EmbeddingSnapshotEvent embedding_snapshot(PromptMethod& method, const RunData& data,
                                          const std::map<std::string, SplitEvaluation>& results, int samples,
                                          long long step) {
  torch::NoGradGuard no_grad;
  EmbeddingSnapshotEvent snapshot;
  snapshot.step = step;
  snapshot.class_names = data.class_names;
  const RunSplit* source = !data.target.empty()       ? &data.target
                           : !data.validation.empty() ? &data.validation
                                                      : &data.train;
  snapshot.feature_source = source->name;
  const auto prototypes = normalize_rows(method.class_prototypes().to(torch::kCPU, torch::kFloat32));
  const auto found = results.find(source->name);
  // Methods that change the image encoder report their own features; the others share the frozen ones.
  const bool tuned_features = found != results.end() && found->second.features.defined();
  const torch::Tensor all_features = tuned_features ? found->second.features : source->features;
  torch::Tensor features = torch::zeros({0, prototypes.size(1)});
  std::vector<std::int64_t> rows;
  if (!source->empty() && samples > 0 && all_features.defined()) {
    const std::int64_t available = all_features.size(0);
    const std::int64_t count = std::min<std::int64_t>(samples, available);
    // Evenly spaced rows: deterministic, and every class shows up in class-sorted data.
    for (std::int64_t i = 0; i < count; ++i) rows.push_back(i * available / count);
    const auto index = torch::tensor(rows, torch::kInt64);
    features = normalize_rows(all_features.to(torch::kCPU, torch::kFloat32).index_select(0, index));
  }
  const auto unit_rows = torch::cat({prototypes, features}).contiguous();
  const auto projection = project_pca(unit_rows);
  snapshot.explained_variance = projection.explained_variance;
  const auto points = projection.points;
  for (std::int64_t i = 0; i < points.size(0); ++i) {
    const Point2 point{points[i][0].item<float>(), points[i][1].item<float>()};
    if (i < prototypes.size(0))
      snapshot.prototypes.push_back(point);
    else
      snapshot.features.push_back(point);
  }
  const auto labels = found != results.end()     ? found->second.labels
                      : source->labels.defined() ? source->labels.to(torch::kCPU)
                                                 : torch::Tensor();
  snapshot.domains = source->domains;
  for (std::int64_t row : rows) {
    snapshot.feature_labels.push_back(labels.defined() ? labels[row].item<int>() : -1);
    snapshot.predicted.push_back(found != results.end() ? found->second.predicted[row].item<int>() : -1);
    const auto sample = static_cast<std::size_t>(row);
    if (sample < source->samples.size()) {
      snapshot.feature_items.push_back(source->samples[sample].path.string());
      snapshot.feature_domains.push_back(source->domains.empty() ? -1 : source->samples[sample].domain);
    } else if (sample < source->texts.size()) {  // text runs: the sentence (pair) itself
      const auto& text = source->texts[sample];
      snapshot.feature_items.push_back(text.text_b.empty() ? text.text_a : text.text_a + " || " + text.text_b);
      snapshot.feature_domains.push_back(-1);
    }
  }
  snapshot.dimensions = static_cast<int>(unit_rows.size(1));
  const float* values = unit_rows.data_ptr<float>();
  snapshot.vectors.assign(values, values + unit_rows.numel());
  return snapshot;
}

}  // namespace promptune
