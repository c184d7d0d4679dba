#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/metrics/tsne.h"
#include "core/train/run_events.h"

namespace promptune {

enum class PointKind { Prototype, LabeledFeature, UnlabeledFeature };

/// Class prototypes of edited prompts (zero-shot, computed while a run may train), to be drawn into the view.
struct PromptPreview {
  std::vector<std::string> class_names;
  int dimensions = 0;
  std::vector<float> prototypes;  ///< unit rows, `dimensions` floats per class
};

struct ScenePoint {
  float x = 0.0f, y = 0.0f;
  PointKind kind = PointKind::LabeledFeature;
  int class_index = -1;  ///< prototypes: their class; features: the true class, -1 when unknown
  int predicted = -1;    ///< features: the predicted class
  int domain = -1;       ///< features: index into domains(), -1 when none
  int feature = -1;      ///< features: row in the snapshot's feature lists
};

/// What the embedding viewer shows, without any drawing: the points of the shown snapshot in world coordinates,
/// the projection, the selection and which points are isolated. Kept apart from the OpenGL widget so it is tested
/// without a display.
///
/// Successive PCA snapshots are aligned to the layout on screen (orthogonal Procrustes over the points both have),
/// so a refit that turns or mirrors the axes does not make the picture jump; points then glide to their new place.
class EmbeddingScene {
 public:
  enum class Projection { Pca, Tsne };

  /// A new snapshot from the run. In PCA it becomes the shown layout (aligned); in t-SNE the shown layout stays
  /// that of the snapshot t-SNE ran on, and tsne_is_stale() says that a newer one exists.
  void set_snapshot(std::shared_ptr<const EmbeddingSnapshotEvent> snapshot);
  /// Shows `layout`, computed by t-SNE on the vectors of `source` (a snapshot given before).
  void show_tsne(std::shared_ptr<const EmbeddingSnapshotEvent> source, const TsneEmbedding& layout);
  /// Back to the PCA layout of the newest snapshot.
  void show_pca();
  void clear();

  Projection projection() const { return projection_; }
  bool tsne_is_stale() const;
  /// The newest snapshot received (what t-SNE would run on); null before the first.
  const std::shared_ptr<const EmbeddingSnapshotEvent>& latest() const { return latest_; }
  /// The snapshot whose points are shown.
  const std::shared_ptr<const EmbeddingSnapshotEvent>& shown() const { return shown_; }
  const std::vector<ScenePoint>& points() const { return points_; }
  int class_count() const;
  const std::vector<std::string>& domains() const;

  /// Positions `fraction` (0..1) of the way from the layout before the last change to the current one.
  float blended_x(std::size_t index, float fraction) const;
  float blended_y(std::size_t index, float fraction) const;

  struct Bounds {
    float min_x = -1.0f, min_y = -1.0f, max_x = 1.0f, max_y = 1.0f;
  };
  /// Bounds of the visible points (a unit square when there are none).
  Bounds bounds() const;

  bool visible(std::size_t index) const { return visible_.empty() || visible_[index]; }
  bool selected(std::size_t index) const { return !selected_.empty() && selected_[index]; }
  bool isolating() const { return !visible_.empty(); }
  std::size_t selection_size() const;
  /// The visible point nearest to (x, y) within `radius` (world units), else -1.
  int hit_test(float x, float y, float radius) const;
  /// Selects the visible points inside the rectangle; `add` keeps the previous selection.
  void select_rectangle(float x0, float y0, float x1, float y1, bool add);
  void clear_selection();
  /// Shows only the selection (with the prototypes of the selected classes); no-op when nothing is selected.
  void isolate_selection();
  /// Shows only class `class_index`: its prototype and the features that are, or are predicted as, that class.
  void isolate_class(int class_index);
  void show_all();

  /// Draws `preview`'s prototypes into the shown layout by the linear map that takes the shown snapshot's vectors
  /// to their positions (exact for PCA, whose projection is linear; nothing is drawn over a t-SNE layout). Kept,
  /// and projected again, as new snapshots arrive; null clears it.
  void set_preview(std::shared_ptr<const PromptPreview> preview);
  /// Projected preview prototypes: position and class index in the shown snapshot (classes it lacks are left out).
  struct PreviewPoint {
    float x = 0.0f, y = 0.0f;
    int class_index = -1;
  };
  const std::vector<PreviewPoint>& preview_points() const { return preview_points_; }

 private:
  void project_preview();
  void rebuild_points(std::shared_ptr<const EmbeddingSnapshotEvent> source, const std::vector<float>* layout);
  void align_to_previous(std::vector<ScenePoint>& fresh) const;
  void reset_view_state();

  Projection projection_ = Projection::Pca;
  std::shared_ptr<const EmbeddingSnapshotEvent> latest_, shown_;
  std::vector<ScenePoint> points_;
  std::vector<float> previous_xy_;  ///< layout before the last change, for the glide; empty: no glide
  std::vector<bool> visible_, selected_;
  std::shared_ptr<const PromptPreview> preview_;
  std::vector<PreviewPoint> preview_points_;
};

}  // namespace promptune
