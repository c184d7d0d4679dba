#pragma once

#include <QSize>

struct ImGuiContext;
class QKeyEvent;
class QMouseEvent;
class QWheelEvent;
class QPointF;

namespace promptune {

/// One Dear ImGui context for one QOpenGLWidget: Qt input goes in (ImGui 1.86's key and mouse arrays), frames are
/// built between begin_frame() and render(), drawn by ImGui's OpenGL 3 renderer into the widget's framebuffer.
/// ImGui is single-threaded: everything here runs on the UI thread, and every call makes this context current, so
/// several viewers can live side by side.
class ImGuiLayer {
 public:
  ImGuiLayer();
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;

  /// With the widget's GL context current (initializeGL). Returns false when the context cannot run the renderer.
  bool initialise_renderer();
  /// With the GL context current, before it goes away.
  void release_renderer();
  bool renderer_ready() const { return renderer_ready_; }

  void begin_frame(QSize logical_size, double device_pixel_ratio, double seconds_since_last_frame);
  void render();

  void set_dark(bool dark);

  void mouse_moved(const QPointF& position);
  void mouse_button(QMouseEvent* event, bool pressed);
  void mouse_left();
  void wheel(QWheelEvent* event);
  void key(QKeyEvent* event, bool pressed);
  /// Whether ImGui uses the mouse or keyboard for one of its own controls (then the canvas must not).
  bool wants_mouse() const;
  bool wants_keyboard() const;

 private:
  void make_current() const;
  ImGuiContext* context_ = nullptr;
  bool renderer_ready_ = false;
};

}  // namespace promptune
