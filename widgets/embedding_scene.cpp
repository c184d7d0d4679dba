#include "widgets/embedding_scene.h"

#include <algorithm>
#include <cmath>

namespace promptune {
namespace {

struct Rotation {
  float cos = 1.0f, sin = 0.0f;
  bool mirror = false;  ///< y is negated before the rotation
  double score = 0.0;
};

/// The rotation (optionally after mirroring y) that best maps centred `from` onto centred `to`.
Rotation best_rotation(const std::vector<float>& from, const std::vector<float>& to, bool mirror) {
  double along = 0.0, across = 0.0;
  for (std::size_t i = 0; i + 1 < from.size(); i += 2) {
    const double ax = from[i], ay = mirror ? -from[i + 1] : from[i + 1];
    along += ax * to[i] + ay * to[i + 1];
    across += ax * to[i + 1] - ay * to[i];
  }
  const double angle = std::atan2(across, along);
  return {static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle)), mirror, std::hypot(along, across)};
}

void centre(std::vector<float>& xy, float& mean_x, float& mean_y) {
  mean_x = mean_y = 0.0f;
  const auto n = static_cast<float>(xy.size() / 2);
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) mean_x += xy[i], mean_y += xy[i + 1];
  mean_x /= n, mean_y /= n;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) xy[i] -= mean_x, xy[i + 1] -= mean_y;
}

}  // namespace

void EmbeddingScene::set_snapshot(std::shared_ptr<const EmbeddingSnapshotEvent> snapshot) {
  if (!snapshot) return;
  const bool same_rows = latest_ && latest_->prototypes.size() == snapshot->prototypes.size() &&
                         latest_->features.size() == snapshot->features.size();
  latest_ = std::move(snapshot);
  if (projection_ == Projection::Tsne) return;
  if (!same_rows) reset_view_state();
  rebuild_points(latest_, nullptr);
}

void EmbeddingScene::show_tsne(std::shared_ptr<const EmbeddingSnapshotEvent> source, const TsneEmbedding& layout) {
  if (!source || layout.xy.size() != 2 * (source->prototypes.size() + source->features.size())) return;
  projection_ = Projection::Tsne;  // before the rebuild: no preview over a nonlinear layout
  rebuild_points(source, &layout.xy);
  previous_xy_.clear();  // a different space: no glide from PCA
}

void EmbeddingScene::show_pca() {
  projection_ = Projection::Pca;
  if (latest_) rebuild_points(latest_, nullptr);
  project_preview();
  previous_xy_.clear();
}

void EmbeddingScene::clear() {
  projection_ = Projection::Pca;
  latest_.reset();
  shown_.reset();
  points_.clear();
  previous_xy_.clear();
  preview_.reset();
  preview_points_.clear();
  reset_view_state();
}

bool EmbeddingScene::tsne_is_stale() const {
  return projection_ == Projection::Tsne && latest_ && shown_ && latest_ != shown_;
}

int EmbeddingScene::class_count() const {
  return shown_ ? static_cast<int>(shown_->class_names.size()) : 0;
}

const std::vector<std::string>& EmbeddingScene::domains() const {
  static const std::vector<std::string> none;
  return shown_ ? shown_->domains : none;
}

void EmbeddingScene::rebuild_points(std::shared_ptr<const EmbeddingSnapshotEvent> source,
                                    const std::vector<float>* layout) {
  const auto& snapshot = *source;
  std::vector<ScenePoint> fresh;
  fresh.reserve(snapshot.prototypes.size() + snapshot.features.size());
  for (std::size_t c = 0; c < snapshot.prototypes.size(); ++c) {
    ScenePoint point;
    point.x = snapshot.prototypes[c].x;
    point.y = snapshot.prototypes[c].y;
    point.kind = PointKind::Prototype;
    point.class_index = static_cast<int>(c);
    point.predicted = static_cast<int>(c);
    fresh.push_back(point);
  }
  for (std::size_t i = 0; i < snapshot.features.size(); ++i) {
    ScenePoint point;
    point.x = snapshot.features[i].x;
    point.y = snapshot.features[i].y;
    point.class_index = i < snapshot.feature_labels.size() ? snapshot.feature_labels[i] : -1;
    point.kind = point.class_index >= 0 ? PointKind::LabeledFeature : PointKind::UnlabeledFeature;
    point.predicted = i < snapshot.predicted.size() ? snapshot.predicted[i] : -1;
    point.domain = i < snapshot.feature_domains.size() ? snapshot.feature_domains[i] : -1;
    point.feature = static_cast<int>(i);
    fresh.push_back(point);
  }
  if (layout)
    for (std::size_t i = 0; i < fresh.size(); ++i) fresh[i].x = (*layout)[2 * i], fresh[i].y = (*layout)[2 * i + 1];
  else
    align_to_previous(fresh);
  previous_xy_.clear();
  if (points_.size() == fresh.size())
    for (const auto& point : points_) previous_xy_.push_back(point.x), previous_xy_.push_back(point.y);
  points_ = std::move(fresh);
  shown_ = std::move(source);
  project_preview();
  if (visible_.size() != points_.size()) reset_view_state();
}

void EmbeddingScene::align_to_previous(std::vector<ScenePoint>& fresh) const {
  if (points_.size() != fresh.size() || fresh.size() < 2) return;
  std::vector<float> from, to;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    from.push_back(fresh[i].x), from.push_back(fresh[i].y);
    to.push_back(points_[i].x), to.push_back(points_[i].y);
  }
  float from_x, from_y, to_x, to_y;
  centre(from, from_x, from_y);
  centre(to, to_x, to_y);
  const auto plain = best_rotation(from, to, false), mirrored = best_rotation(from, to, true);
  const auto& rotation = mirrored.score > plain.score ? mirrored : plain;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    const float x = from[2 * i], y = rotation.mirror ? -from[2 * i + 1] : from[2 * i + 1];
    fresh[i].x = rotation.cos * x - rotation.sin * y + to_x;
    fresh[i].y = rotation.sin * x + rotation.cos * y + to_y;
  }
}

float EmbeddingScene::blended_x(std::size_t index, float fraction) const {
  if (previous_xy_.size() != 2 * points_.size() || fraction >= 1.0f) return points_[index].x;
  return previous_xy_[2 * index] + (points_[index].x - previous_xy_[2 * index]) * fraction;
}

float EmbeddingScene::blended_y(std::size_t index, float fraction) const {
  if (previous_xy_.size() != 2 * points_.size() || fraction >= 1.0f) return points_[index].y;
  return previous_xy_[2 * index + 1] + (points_[index].y - previous_xy_[2 * index + 1]) * fraction;
}

EmbeddingScene::Bounds EmbeddingScene::bounds() const {
  Bounds box{1e30f, 1e30f, -1e30f, -1e30f};
  bool any = false;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    if (!visible(i)) continue;
    any = true;
    box.min_x = std::min(box.min_x, points_[i].x), box.max_x = std::max(box.max_x, points_[i].x);
    box.min_y = std::min(box.min_y, points_[i].y), box.max_y = std::max(box.max_y, points_[i].y);
  }
  if (!any) return {};
  // A single point or a line still gets an area to show.
  const float pad_x = std::max(1e-3f, (box.max_x - box.min_x) * 0.05f);
  const float pad_y = std::max(1e-3f, (box.max_y - box.min_y) * 0.05f);
  return {box.min_x - pad_x, box.min_y - pad_y, box.max_x + pad_x, box.max_y + pad_y};
}

std::size_t EmbeddingScene::selection_size() const {
  return static_cast<std::size_t>(std::count(selected_.begin(), selected_.end(), true));
}

int EmbeddingScene::hit_test(float x, float y, float radius) const {
  int best = -1;
  float best_distance = radius * radius;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    if (!visible(i)) continue;
    const float dx = points_[i].x - x, dy = points_[i].y - y;
    // Prototypes win ties: they are drawn on top.
    const float distance = dx * dx + dy * dy - (points_[i].kind == PointKind::Prototype ? 1e-12f : 0.0f);
    if (distance <= best_distance) best_distance = distance, best = static_cast<int>(i);
  }
  return best;
}

void EmbeddingScene::select_rectangle(float x0, float y0, float x1, float y1, bool add) {
  if (!add || selected_.size() != points_.size()) selected_.assign(points_.size(), false);
  const float left = std::min(x0, x1), right = std::max(x0, x1), bottom = std::min(y0, y1), top = std::max(y0, y1);
  for (std::size_t i = 0; i < points_.size(); ++i)
    if (visible(i) && points_[i].x >= left && points_[i].x <= right && points_[i].y >= bottom && points_[i].y <= top)
      selected_[i] = true;
}

void EmbeddingScene::clear_selection() {
  selected_.clear();
}

void EmbeddingScene::isolate_selection() {
  if (selection_size() == 0) return;
  std::vector<bool> classes(static_cast<std::size_t>(std::max(class_count(), 0)), false);
  for (std::size_t i = 0; i < points_.size(); ++i)
    if (selected_[i] && points_[i].class_index >= 0 && points_[i].class_index < class_count())
      classes[static_cast<std::size_t>(points_[i].class_index)] = true;
  visible_ = selected_;
  for (std::size_t i = 0; i < points_.size(); ++i)
    if (points_[i].kind == PointKind::Prototype && classes[static_cast<std::size_t>(points_[i].class_index)])
      visible_[i] = true;
  selected_.clear();
}

void EmbeddingScene::isolate_class(int class_index) {
  visible_.assign(points_.size(), false);
  for (std::size_t i = 0; i < points_.size(); ++i)
    visible_[i] = points_[i].class_index == class_index || points_[i].predicted == class_index;
  selected_.clear();
}

void EmbeddingScene::show_all() {
  visible_.clear();
  selected_.clear();
}

void EmbeddingScene::set_preview(std::shared_ptr<const PromptPreview> preview) {
  preview_ = std::move(preview);
  project_preview();
}

void EmbeddingScene::project_preview() {
  preview_points_.clear();
  if (!preview_ || !shown_ || projection_ != Projection::Pca || preview_->dimensions != shown_->dimensions ||
      shown_->dimensions <= 0 ||
      shown_->vectors.size() != points_.size() * static_cast<std::size_t>(shown_->dimensions))
    return;
  const int d = shown_->dimensions;
  // Rows that fit the map: every point, or an even sample of at most 800 (the solve is cubic in the rows).
  std::vector<std::size_t> rows;
  const std::size_t count = std::min<std::size_t>(points_.size(), 800);
  for (std::size_t i = 0; i < count; ++i) rows.push_back(i * points_.size() / count);
  const std::size_t n = rows.size();
  std::vector<double> mean(static_cast<std::size_t>(d), 0.0);
  double target_x = 0.0, target_y = 0.0;
  for (std::size_t row : rows) {
    for (int k = 0; k < d; ++k) mean[k] += shown_->vectors[row * d + k];
    target_x += points_[row].x, target_y += points_[row].y;
  }
  for (double& value : mean) value /= static_cast<double>(n);
  target_x /= static_cast<double>(n), target_y /= static_cast<double>(n);
  auto centred = [&](std::size_t row, int k) { return shown_->vectors[row * d + k] - mean[k]; };
  // Dual ridge regression: W = Xc^T (Xc Xc^T + lambda I)^-1 Yc, exact on the span of the data when lambda -> 0.
  std::vector<double> gram(n * n, 0.0);
  double trace = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double dot = 0.0;
      for (int k = 0; k < d; ++k) dot += centred(rows[i], k) * centred(rows[j], k);
      gram[i * n + j] = gram[j * n + i] = dot;
      if (i == j) trace += dot;
    }
  const double ridge = 1e-9 * trace / static_cast<double>(n) + 1e-12;
  for (std::size_t i = 0; i < n; ++i) gram[i * n + i] += ridge;
  // Cholesky factor L (lower) in place, then two triangular solves for both target columns.
  for (std::size_t j = 0; j < n; ++j) {
    double diagonal = gram[j * n + j];
    for (std::size_t k = 0; k < j; ++k) diagonal -= gram[j * n + k] * gram[j * n + k];
    if (diagonal <= 0.0) return;  // not positive definite: leave the preview out rather than draw nonsense
    gram[j * n + j] = std::sqrt(diagonal);
    for (std::size_t i = j + 1; i < n; ++i) {
      double value = gram[i * n + j];
      for (std::size_t k = 0; k < j; ++k) value -= gram[i * n + k] * gram[j * n + k];
      gram[i * n + j] = value / gram[j * n + j];
    }
  }
  std::vector<double> alpha_x(n), alpha_y(n);
  for (std::size_t i = 0; i < n; ++i) {
    alpha_x[i] = points_[rows[i]].x - target_x;
    alpha_y[i] = points_[rows[i]].y - target_y;
  }
  for (auto* alpha : {&alpha_x, &alpha_y}) {
    auto& b = *alpha;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < i; ++k) b[i] -= gram[i * n + k] * b[k];
      b[i] /= gram[i * n + i];
    }
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t k = i + 1; k < n; ++k) b[i] -= gram[k * n + i] * b[k];
      b[i] /= gram[i * n + i];
    }
  }
  std::vector<double> map_x(static_cast<std::size_t>(d), 0.0), map_y(static_cast<std::size_t>(d), 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (int k = 0; k < d; ++k) {
      map_x[k] += centred(rows[i], k) * alpha_x[i];
      map_y[k] += centred(rows[i], k) * alpha_y[i];
    }
  // The same class list (renamed classes included) matches by position; another one by name.
  const bool same_classes = preview_->class_names.size() == shown_->class_names.size();
  for (std::size_t c = 0; c < preview_->class_names.size(); ++c) {
    const auto found =
        same_classes ? shown_->class_names.begin() + static_cast<std::ptrdiff_t>(c)
                     : std::find(shown_->class_names.begin(), shown_->class_names.end(), preview_->class_names[c]);
    if (found == shown_->class_names.end() || (c + 1) * d > preview_->prototypes.size()) continue;
    double x = target_x, y = target_y;
    for (int k = 0; k < d; ++k) {
      const double value = preview_->prototypes[c * d + k] - mean[k];
      x += value * map_x[k];
      y += value * map_y[k];
    }
    preview_points_.push_back(
        {static_cast<float>(x), static_cast<float>(y), static_cast<int>(found - shown_->class_names.begin())});
  }
}

void EmbeddingScene::reset_view_state() {
  visible_.clear();
  selected_.clear();
}

}  // namespace promptune
