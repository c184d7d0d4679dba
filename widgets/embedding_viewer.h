#pragma once

#include <QElapsedTimer>
#include <QOpenGLWidget>
#include <QString>
#include <QTimer>
#include <atomic>
#include <memory>
#include <thread>

#include "core/train/run_events.h"
#include "widgets/embedding_canvas.h"
#include "widgets/embedding_scene.h"

class QOpenGLTexture;

namespace promptune {

class ImGuiLayer;

/// The 2-D view of class prototypes against target features, drawn with Dear ImGui inside a QOpenGLWidget.
/// Snapshots arrive from the session controller; PCA layouts are shown at once (aligned to the previous one),
/// t-SNE runs on request on a worker thread with its parameters chosen first. Repaints happen on input, on new
/// data and while points glide, never in a busy loop.
class EmbeddingViewer : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit EmbeddingViewer(QWidget* parent = nullptr);
  ~EmbeddingViewer() override;

  EmbeddingScene& scene() { return scene_; }
  EmbeddingCanvas& canvas() { return canvas_; }
  /// False where the platform gives no OpenGL context (offscreen tests): the view then stays empty.
  bool renderer_ready() const;
  /// CPU time of the last paintGL in milliseconds (ImGui frame building and submission).
  double last_frame_milliseconds() const { return last_frame_ms_; }
  long long frames_drawn() const { return frames_; }
  /// The image file whose thumbnail the hover tooltip shows; empty when the mouse is on no feature.
  const std::string& hovered_item() const { return thumbnail_item_; }
  bool tsne_running() const { return tsne_thread_.joinable(); }

 public slots:
  void show_snapshot(std::shared_ptr<const promptune::EmbeddingSnapshotEvent> snapshot);
  /// Draws the prototypes of edited prompts into the view (hollow diamonds); null removes them.
  void show_preview(std::shared_ptr<const promptune::PromptPreview> preview);
  /// Starts t-SNE on the newest snapshot (the popup's Compute does this too).
  void compute_tsne(const promptune::TsneOptions& options);
  void cancel_tsne();
  void clear();
  void set_dark(bool dark);

 signals:
  void tsne_finished(bool cancelled, double kl_divergence);
  void tsne_failed(const QString& message);
  /// The GL context cannot run the ImGui renderer; the view stays empty.
  void renderer_unavailable();

 protected:
  void initializeGL() override;
  void paintGL() override;
  void changeEvent(QEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  CanvasTexts translated_texts() const;
  std::string imgui_text(const char* source) const;
  void handle(const CanvasRequests& requests);
  void update_thumbnail(const std::string& item);
  void release_gl();
  /// Input changes ImGui's state only at the next frame: paint now and once more shortly after (ImGui #1066).
  void repaint_soon();
  void join_tsne();

  std::unique_ptr<ImGuiLayer> imgui_;
  EmbeddingScene scene_;
  EmbeddingCanvas canvas_;
  CanvasTexts texts_;
  bool dark_ = false;
  QTimer follow_up_;  ///< the extra frame after input and the glide of new layouts
  QElapsedTimer frame_clock_, glide_clock_;
  /// Snapshots shown at most every kSnapshotInterval: a fast run sends many per second, and each one drawn costs
  /// a frame (with Mesa's software renderer ~10 ms of the UI thread); the newest waits here.
  std::shared_ptr<const EmbeddingSnapshotEvent> pending_snapshot_;
  QTimer pending_timer_;
  QElapsedTimer snapshot_clock_;
  void apply_pending_snapshot();
  double last_frame_ms_ = 0.0;
  long long frames_ = 0;
  std::unique_ptr<QOpenGLTexture> thumbnail_;
  std::string thumbnail_item_;

  std::thread tsne_thread_;
  std::atomic<bool> tsne_cancel_{false};
  std::atomic<double> tsne_progress_{-1.0};
};

}  // namespace promptune
