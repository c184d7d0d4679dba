#include "widgets/imgui_layer.h"

#include <imgui.h>
#include <imgui/backends/imgui_impl_opengl3.h>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPointF>
#include <QWheelEvent>

namespace promptune {
namespace {

/// ImGui 1.86 reads keys from io.KeysDown[512] through io.KeyMap; Qt's special keys are mapped onto 256 + n.
int key_index(int qt_key) {
  switch (qt_key) {
    case Qt::Key_Tab:
      return 256;
    case Qt::Key_Left:
      return 257;
    case Qt::Key_Right:
      return 258;
    case Qt::Key_Up:
      return 259;
    case Qt::Key_Down:
      return 260;
    case Qt::Key_PageUp:
      return 261;
    case Qt::Key_PageDown:
      return 262;
    case Qt::Key_Home:
      return 263;
    case Qt::Key_End:
      return 264;
    case Qt::Key_Insert:
      return 265;
    case Qt::Key_Delete:
      return 266;
    case Qt::Key_Backspace:
      return 267;
    case Qt::Key_Space:
      return 268;
    case Qt::Key_Return:
      return 269;
    case Qt::Key_Enter:
      return 270;
    case Qt::Key_Escape:
      return 271;
    default:
      return qt_key >= Qt::Key_A && qt_key <= Qt::Key_Z ? qt_key : -1;
  }
}

}  // namespace

ImGuiLayer::ImGuiLayer() {
  IMGUI_CHECKVERSION();
  ImGuiContext* previous = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the dock layout lives in QSettings; nothing of ours belongs in imgui.ini
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  const std::pair<ImGuiKey, int> keys[] = {{ImGuiKey_Tab, Qt::Key_Tab},
                                           {ImGuiKey_LeftArrow, Qt::Key_Left},
                                           {ImGuiKey_RightArrow, Qt::Key_Right},
                                           {ImGuiKey_UpArrow, Qt::Key_Up},
                                           {ImGuiKey_DownArrow, Qt::Key_Down},
                                           {ImGuiKey_PageUp, Qt::Key_PageUp},
                                           {ImGuiKey_PageDown, Qt::Key_PageDown},
                                           {ImGuiKey_Home, Qt::Key_Home},
                                           {ImGuiKey_End, Qt::Key_End},
                                           {ImGuiKey_Insert, Qt::Key_Insert},
                                           {ImGuiKey_Delete, Qt::Key_Delete},
                                           {ImGuiKey_Backspace, Qt::Key_Backspace},
                                           {ImGuiKey_Space, Qt::Key_Space},
                                           {ImGuiKey_Enter, Qt::Key_Return},
                                           {ImGuiKey_KeyPadEnter, Qt::Key_Enter},
                                           {ImGuiKey_Escape, Qt::Key_Escape},
                                           {ImGuiKey_A, Qt::Key_A},
                                           {ImGuiKey_C, Qt::Key_C},
                                           {ImGuiKey_V, Qt::Key_V},
                                           {ImGuiKey_X, Qt::Key_X},
                                           {ImGuiKey_Y, Qt::Key_Y},
                                           {ImGuiKey_Z, Qt::Key_Z}};
  for (const auto& [imgui_key, qt_key] : keys) io.KeyMap[imgui_key] = key_index(qt_key);
  ImGui::StyleColorsDark();
  ImGui::SetCurrentContext(previous);
}

ImGuiLayer::~ImGuiLayer() {
  // The renderer's GL objects must have been released with the context current (release_renderer); what remains
  // is CPU-side state.
  ImGui::DestroyContext(context_);
}

void ImGuiLayer::make_current() const {
  ImGui::SetCurrentContext(context_);
}

bool ImGuiLayer::initialise_renderer() {
  make_current();
  if (!renderer_ready_) renderer_ready_ = ImGui_ImplOpenGL3_Init("#version 130");
  return renderer_ready_;
}

void ImGuiLayer::release_renderer() {
  make_current();
  if (renderer_ready_) ImGui_ImplOpenGL3_Shutdown();
  renderer_ready_ = false;
}

void ImGuiLayer::begin_frame(QSize logical_size, double device_pixel_ratio, double seconds_since_last_frame) {
  make_current();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(logical_size.width()), static_cast<float>(logical_size.height()));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(device_pixel_ratio), static_cast<float>(device_pixel_ratio));
  io.DeltaTime = static_cast<float>(seconds_since_last_frame > 0.0 ? seconds_since_last_frame : 1.0 / 60.0);
  if (renderer_ready_) ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
}

void ImGuiLayer::render() {
  make_current();
  ImGui::Render();
  if (renderer_ready_) ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void ImGuiLayer::set_dark(bool dark) {
  make_current();
  if (dark)
    ImGui::StyleColorsDark();
  else
    ImGui::StyleColorsLight();
}

void ImGuiLayer::mouse_moved(const QPointF& position) {
  make_current();
  ImGui::GetIO().MousePos = ImVec2(static_cast<float>(position.x()), static_cast<float>(position.y()));
}

void ImGuiLayer::mouse_button(QMouseEvent* event, bool pressed) {
  make_current();
  mouse_moved(event->position());
  const int button = event->button() == Qt::LeftButton     ? 0
                     : event->button() == Qt::RightButton  ? 1
                     : event->button() == Qt::MiddleButton ? 2
                                                           : -1;
  if (button >= 0) ImGui::GetIO().MouseDown[button] = pressed;
}

void ImGuiLayer::mouse_left() {
  make_current();
  ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

void ImGuiLayer::wheel(QWheelEvent* event) {
  make_current();
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheel += static_cast<float>(event->angleDelta().y()) / 120.0f;
  io.MouseWheelH += static_cast<float>(event->angleDelta().x()) / 120.0f;
}

void ImGuiLayer::key(QKeyEvent* event, bool pressed) {
  make_current();
  ImGuiIO& io = ImGui::GetIO();
  const int index = key_index(event->key());
  if (index >= 0) io.KeysDown[index] = pressed;
  const auto modifiers = event->modifiers();
  io.KeyCtrl = modifiers.testFlag(Qt::ControlModifier);
  io.KeyShift = modifiers.testFlag(Qt::ShiftModifier);
  io.KeyAlt = modifiers.testFlag(Qt::AltModifier);
  io.KeySuper = modifiers.testFlag(Qt::MetaModifier);
  if (pressed)
    for (const QChar character : event->text())
      if (character.isPrint()) io.AddInputCharacterUTF16(character.unicode());
}

bool ImGuiLayer::wants_mouse() const {
  make_current();
  return ImGui::GetIO().WantCaptureMouse;
}

bool ImGuiLayer::wants_keyboard() const {
  make_current();
  return ImGui::GetIO().WantCaptureKeyboard;
}

}  // namespace promptune
