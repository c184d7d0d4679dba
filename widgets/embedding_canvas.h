#pragma once

#include <functional>
#include <string>

#include "core/metrics/tsne.h"
#include "widgets/embedding_scene.h"

struct ImVec2;
struct ImDrawList;

namespace promptune {

/// What the canvas asks its host to do after a frame (the host owns threads, textures and Qt).
struct CanvasRequests {
  bool compute_tsne = false;
  TsneOptions tsne_options;
  bool cancel_tsne = false;
  bool show_pca = false;
  std::string hovered_item;  ///< image file of the hovered feature, for its thumbnail; empty: none
};

/// Translatable words of the canvas, filled by the Qt host through tr().
struct CanvasTexts {
  std::string pca, tsne, compute, cancel, colour_by, by_class, by_domain, lines, fit, isolate, show_all, no_snapshot,
      computing, stale, prototype, labeled, unlabeled, true_class, predicted, domain, perplexity, iterations,
      learning_rate, seed, points, step, variance, help, unknown, edited;
};

/// The ImGui content of the embedding viewer: a toolbar, the point canvas with its camera (pan, zoom, fit,
/// rectangle selection) and a class legend that isolates a class. Draws, within one ImGui frame, the scene
/// it is given; never touches Qt or OpenGL.
class EmbeddingCanvas {
 public:
  enum class ColourBy { Class, Domain };

  /// Builds one frame. `blend` (0..1) glides points from their previous layout; `tsne_progress` < 0 when no
  /// t-SNE runs. `thumbnail` is the host's texture for `CanvasRequests::hovered_item` of the last frame (0: none).
  CanvasRequests draw(EmbeddingScene& scene, const CanvasTexts& texts, float blend, double tsne_progress,
                      unsigned int thumbnail, const ImVec2& thumbnail_size, bool dark);

  /// Fits the points and keeps fitting new layouts until the user pans or zooms.
  void fit() {
    fit_pending_ = true;
    follow_ = true;
  }
  bool following() const { return follow_; }
  ColourBy colour_by() const { return colour_by_; }
  void set_colour_by(ColourBy colour) { colour_by_ = colour; }
  bool lines() const { return lines_; }
  void set_lines(bool on) { lines_ = on; }
  /// Where world point (x, y) is drawn, in the widget's logical pixels (as of the last frame).
  float screen_x(float x) const { return to_screen_x(x); }
  float screen_y(float y) const { return to_screen_y(y); }
  float pixels_per_unit() const { return scale_; }
  /// Points drawn in the last frame (visible ones).
  int drawn_points() const { return drawn_points_; }

  /// The colour of class/domain `index` (a 20-colour palette, repeated), as ImGui's packed ABGR.
  static unsigned int palette_colour(int index, float alpha = 1.0f);

 private:
  void draw_toolbar(EmbeddingScene& scene, const CanvasTexts& texts, double tsne_progress, CanvasRequests& requests);
  void draw_tsne_popup(EmbeddingScene& scene, const CanvasTexts& texts, CanvasRequests& requests);
  void draw_points(EmbeddingScene& scene, const CanvasTexts& texts, float blend, unsigned int thumbnail,
                   const ImVec2& thumbnail_size, bool dark, CanvasRequests& requests);
  void draw_legend(EmbeddingScene& scene, const CanvasTexts& texts);
  void handle_input(EmbeddingScene& scene, const ImVec2& origin, const ImVec2& size);

  float to_screen_x(float x) const;
  float to_screen_y(float y) const;
  float to_world_x(float x) const;
  float to_world_y(float y) const;

  ColourBy colour_by_ = ColourBy::Class;
  bool lines_ = false;
  bool fit_pending_ = true;
  bool follow_ = true;  ///< fit every new layout (training moves the points) until the user pans or zooms
  float centre_x_ = 0.0f, centre_y_ = 0.0f, scale_ = 100.0f;                ///< camera: world centre, pixels per unit
  float origin_x_ = 0.0f, origin_y_ = 0.0f, width_ = 1.0f, height_ = 1.0f;  ///< canvas rectangle on screen
  bool selecting_ = false;
  float select_x_ = 0.0f, select_y_ = 0.0f;  ///< screen corner where the rectangle started
  TsneOptions tsne_options_;
  int drawn_points_ = 0;
};

}  // namespace promptune
