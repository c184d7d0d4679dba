#include "widgets/embedding_canvas.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace promptune {
namespace {

constexpr float kLegendWidth = 170.0f;
constexpr float kPointRadius = 3.0f;
constexpr float kPrototypeRadius = 8.0f;
constexpr float kLabelRoom = 90.0f;  ///< pixels kept free right of the points for prototype labels

/// Tableau 10 followed by its lighter companions: distinct on light and dark backgrounds.
constexpr unsigned int kPalette[20] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
                                       0x7f7f7f, 0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896,
                                       0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5};

const char* name_or(const std::vector<std::string>& names, int index, const std::string& fallback) {
  return index >= 0 && index < static_cast<int>(names.size()) ? names[static_cast<std::size_t>(index)].c_str()
                                                              : fallback.c_str();
}

}  // namespace

unsigned int EmbeddingCanvas::palette_colour(int index, float alpha) {
  if (index < 0) return IM_COL32(150, 150, 150, static_cast<int>(alpha * 200.0f));
  const unsigned int rgb = kPalette[index % 20];
  return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, static_cast<int>(alpha * 255.0f));
}

float EmbeddingCanvas::to_screen_x(float x) const {
  return origin_x_ + width_ / 2 + (x - centre_x_) * scale_;
}
float EmbeddingCanvas::to_screen_y(float y) const {
  return origin_y_ + height_ / 2 - (y - centre_y_) * scale_;
}
float EmbeddingCanvas::to_world_x(float x) const {
  return centre_x_ + (x - origin_x_ - width_ / 2) / scale_;
}
float EmbeddingCanvas::to_world_y(float y) const {
  return centre_y_ - (y - origin_y_ - height_ / 2) / scale_;
}

CanvasRequests EmbeddingCanvas::draw(EmbeddingScene& scene, const CanvasTexts& texts, float blend, double tsne_progress,
                                     unsigned int thumbnail, const ImVec2& thumbnail_size, bool dark) {
  CanvasRequests requests;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("##embedding", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  draw_toolbar(scene, texts, tsne_progress, requests);
  draw_tsne_popup(scene, texts, requests);
  draw_points(scene, texts, blend, thumbnail, thumbnail_size, dark, requests);
  ImGui::SameLine();
  draw_legend(scene, texts);
  ImGui::End();
  return requests;
}

namespace {

/// Keeps the next toolbar item on the current line when it fits, else starts a new line (narrow docks).
void next_on_line_if_fits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

float button_width(const std::string& label) {
  return ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

float check_width(const std::string& label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x;
}

}  // namespace

void EmbeddingCanvas::draw_toolbar(EmbeddingScene& scene, const CanvasTexts& texts, double tsne_progress,
                                   CanvasRequests& requests) {
  const bool pca = scene.projection() == EmbeddingScene::Projection::Pca;
  if (ImGui::RadioButton(texts.pca.c_str(), pca) && !pca) {
    requests.show_pca = true;
    fit();
  }
  const std::string tsne_label = texts.tsne + "...";
  next_on_line_if_fits(check_width(tsne_label));
  if (ImGui::RadioButton(tsne_label.c_str(), !pca)) ImGui::OpenPopup("tsne");
  const float combo_width = ImGui::CalcTextSize(texts.by_domain.c_str()).x + 40.0f;
  next_on_line_if_fits(combo_width + ImGui::GetStyle().ItemInnerSpacing.x +
                       ImGui::CalcTextSize(texts.colour_by.c_str()).x);
  ImGui::SetNextItemWidth(combo_width);
  int colour = colour_by_ == ColourBy::Class ? 0 : 1;
  const char* colour_names[] = {texts.by_class.c_str(), texts.by_domain.c_str()};
  if (ImGui::Combo(texts.colour_by.c_str(), &colour, colour_names, 2))
    colour_by_ = colour == 0 ? ColourBy::Class : ColourBy::Domain;
  next_on_line_if_fits(check_width(texts.lines));
  ImGui::Checkbox(texts.lines.c_str(), &lines_);
  next_on_line_if_fits(button_width(texts.fit));
  if (ImGui::Button(texts.fit.c_str())) fit();
  next_on_line_if_fits(button_width(texts.isolate));
  ImGui::BeginDisabled(scene.selection_size() == 0);
  if (ImGui::Button(texts.isolate.c_str())) {
    scene.isolate_selection();
    fit();
  }
  ImGui::EndDisabled();
  next_on_line_if_fits(button_width(texts.show_all));
  ImGui::BeginDisabled(!scene.isolating() && scene.selection_size() == 0);
  if (ImGui::Button(texts.show_all.c_str())) {
    scene.show_all();
    fit();
  }
  ImGui::EndDisabled();
  if (tsne_progress >= 0.0) {
    next_on_line_if_fits(140.0f + button_width(texts.cancel));
    ImGui::ProgressBar(static_cast<float>(tsne_progress), ImVec2(140.0f, 0.0f), texts.computing.c_str());
    ImGui::SameLine();
    if (ImGui::Button(texts.cancel.c_str())) requests.cancel_tsne = true;
  }
  // What is shown, on its own line: step, point count, variance kept, and whether a t-SNE layout is stale.
  if (const auto& shown = scene.shown()) {
    ImGui::TextDisabled("%s %lld  %s %zu", texts.step.c_str(), shown->step, texts.points.c_str(),
                        scene.points().size());
    if (pca) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s %.0f%%", texts.variance.c_str(), shown->explained_variance * 100.0);
    }
    if (scene.tsne_is_stale()) {
      next_on_line_if_fits(ImGui::CalcTextSize(texts.stale.c_str()).x);
      ImGui::TextColored(ImVec4(0.9f, 0.6f, 0.1f, 1.0f), "%s", texts.stale.c_str());
    }
  }
}

void EmbeddingCanvas::draw_tsne_popup(EmbeddingScene& scene, const CanvasTexts& texts, CanvasRequests& requests) {
  if (!ImGui::BeginPopup("tsne")) return;
  const auto& source = scene.latest();
  const int points = source ? static_cast<int>(source->prototypes.size() + source->features.size()) : 0;
  ImGui::Text("%s: %d", texts.points.c_str(), points);
  ImGui::SetNextItemWidth(120.0f);
  ImGui::InputDouble(texts.perplexity.c_str(), &tsne_options_.perplexity, 1.0, 5.0, "%.1f");
  ImGui::SetNextItemWidth(120.0f);
  ImGui::InputInt(texts.iterations.c_str(), &tsne_options_.iterations, 50, 250);
  ImGui::SetNextItemWidth(120.0f);
  ImGui::InputDouble(texts.learning_rate.c_str(), &tsne_options_.learning_rate, 10.0, 100.0, "%.0f");
  int seed = static_cast<int>(tsne_options_.seed);
  ImGui::SetNextItemWidth(120.0f);
  if (ImGui::InputInt(texts.seed.c_str(), &seed)) tsne_options_.seed = static_cast<std::uint64_t>(std::max(seed, 0));
  const std::string problem =
      source && source->dimensions > 0 ? check_tsne_options(tsne_options_, points) : texts.no_snapshot;
  if (!problem.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1.0f), "%s", problem.c_str());
  ImGui::TextDisabled("%s", texts.help.c_str());
  ImGui::BeginDisabled(!problem.empty());
  if (ImGui::Button(texts.compute.c_str())) {
    requests.compute_tsne = true;
    requests.tsne_options = tsne_options_;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(texts.cancel.c_str())) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void EmbeddingCanvas::handle_input(EmbeddingScene& scene, const ImVec2& origin, const ImVec2& size) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::InvisibleButton("canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  if (hovered && io.MouseWheel != 0.0f) {
    const float world_x = to_world_x(io.MousePos.x), world_y = to_world_y(io.MousePos.y);
    follow_ = false;  // the user took the camera
    scale_ = std::clamp(scale_ * std::pow(1.2f, io.MouseWheel), 1e-3f, 1e7f);
    centre_x_ = world_x - (io.MousePos.x - origin.x - size.x / 2) / scale_;
    centre_y_ = world_y + (io.MousePos.y - origin.y - size.y / 2) / scale_;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) fit();
  if (ImGui::IsItemActivated() && io.KeyShift) {
    selecting_ = true;
    select_x_ = io.MousePos.x, select_y_ = io.MousePos.y;
  }
  if (ImGui::IsItemActive() && !selecting_ && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    follow_ = false;
    centre_x_ -= io.MouseDelta.x / scale_;
    centre_y_ += io.MouseDelta.y / scale_;
  }
  if (selecting_ && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    selecting_ = false;
    scene.select_rectangle(to_world_x(select_x_), to_world_y(select_y_), to_world_x(io.MousePos.x),
                           to_world_y(io.MousePos.y), io.KeyCtrl);
  }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) scene.clear_selection();
  if (ImGui::IsWindowFocused() && !io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      scene.clear_selection();
      scene.show_all();
      fit();
    }
  }
}

void EmbeddingCanvas::draw_points(EmbeddingScene& scene, const CanvasTexts& texts, float blend, unsigned int thumbnail,
                                  const ImVec2& thumbnail_size, bool dark, CanvasRequests& requests) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const ImVec2 size(std::max(available.x - kLegendWidth - ImGui::GetStyle().ItemSpacing.x, 50.0f),
                    std::max(available.y, 50.0f));
  origin_x_ = origin.x, origin_y_ = origin.y, width_ = size.x, height_ = size.y;
  if ((fit_pending_ || follow_) && !scene.points().empty()) {
    // Room on the right for the prototypes' class names, which are drawn beside their diamonds.
    const auto box = scene.bounds();
    const float label_room = std::min(kLabelRoom, size.x / 4);
    scale_ = std::min((size.x - label_room) / (box.max_x - box.min_x), size.y / (box.max_y - box.min_y));
    centre_x_ = (box.min_x + box.max_x) / 2 + label_room / 2 / scale_, centre_y_ = (box.min_y + box.max_y) / 2;
    fit_pending_ = false;
  }
  handle_input(scene, origin, size);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 corner(origin.x + size.x, origin.y + size.y);
  draw->AddRectFilled(origin, corner, dark ? IM_COL32(24, 24, 28, 255) : IM_COL32(252, 252, 252, 255));
  draw->AddRect(origin, corner, ImGui::GetColorU32(ImGuiCol_Border));
  draw->PushClipRect(origin, corner, true);
  const auto& points = scene.points();
  if (points.empty()) {
    const ImVec2 text_size = ImGui::CalcTextSize(texts.no_snapshot.c_str());
    draw->AddText(ImVec2(origin.x + (size.x - text_size.x) / 2, origin.y + (size.y - text_size.y) / 2),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled), texts.no_snapshot.c_str());
  }
  const bool by_class = colour_by_ == ColourBy::Class;
  auto colour_index = [&](const ScenePoint& point) {
    if (!by_class) return point.domain;
    return point.kind == PointKind::UnlabeledFeature ? point.predicted : point.class_index;
  };
  std::vector<ImVec2> screen(points.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    screen[i] = ImVec2(to_screen_x(scene.blended_x(i, blend)), to_screen_y(scene.blended_y(i, blend)));
  std::vector<int> prototype_of_class(static_cast<std::size_t>(std::max(scene.class_count(), 0)), -1);
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i].kind == PointKind::Prototype && points[i].class_index < scene.class_count())
      prototype_of_class[static_cast<std::size_t>(points[i].class_index)] = static_cast<int>(i);
  if (lines_)
    for (std::size_t i = 0; i < points.size(); ++i) {
      const auto& point = points[i];
      if (point.kind == PointKind::Prototype || !scene.visible(i) || point.predicted < 0 ||
          point.predicted >= scene.class_count())
        continue;
      const int prototype = prototype_of_class[static_cast<std::size_t>(point.predicted)];
      if (prototype >= 0) draw->AddLine(screen[prototype], screen[i], palette_colour(point.predicted, 0.25f));
    }
  drawn_points_ = 0;
  // Anti-aliased fills double the vertices of every 3-pixel point for an edge no one sees: off for the features
  // (10,000 of them must draw in a frame), on again for the prototypes.
  const ImDrawListFlags draw_flags = draw->Flags;
  draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  const float min_x = origin.x - 10, max_x = corner.x + 10, min_y = origin.y - 10, max_y = corner.y + 10;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& point = points[i];
    if (point.kind == PointKind::Prototype || !scene.visible(i)) continue;
    const ImVec2 at = screen[i];
    if (at.x < min_x || at.x > max_x || at.y < min_y || at.y > max_y) continue;
    ++drawn_points_;
    const unsigned int colour = palette_colour(colour_index(point), 0.85f);
    if (point.kind == PointKind::LabeledFeature)
      draw->AddCircleFilled(at, kPointRadius, colour, 6);
    else
      draw->AddTriangleFilled(ImVec2(at.x, at.y - 4), ImVec2(at.x - 3.5f, at.y + 2.5f),
                              ImVec2(at.x + 3.5f, at.y + 2.5f), colour);
    if (scene.selected(i)) draw->AddCircle(at, kPointRadius + 2.5f, ImGui::GetColorU32(ImGuiCol_Text), 10, 1.5f);
  }
  draw->Flags = draw_flags;
  const unsigned int outline = dark ? IM_COL32(240, 240, 240, 255) : IM_COL32(20, 20, 20, 255);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& point = points[i];
    if (point.kind != PointKind::Prototype || !scene.visible(i)) continue;
    ++drawn_points_;
    const ImVec2 at = screen[i];
    const float r = kPrototypeRadius;
    const ImVec2 top(at.x, at.y - r), right(at.x + r, at.y), bottom(at.x, at.y + r), left(at.x - r, at.y);
    draw->AddQuadFilled(top, right, bottom, left, palette_colour(by_class ? point.class_index : -1));
    draw->AddQuad(top, right, bottom, left, outline, 2.0f);
    const char* label = name_or(scene.shown()->class_names, point.class_index, texts.unknown);
    draw->AddText(ImVec2(at.x + r + 3, at.y - r), outline, label);
  }
  // Prototypes of edited prompts (zero-shot preview): hollow diamonds, where the new templates put each class.
  for (const auto& preview : scene.preview_points()) {
    if (preview.class_index < 0 || preview.class_index >= scene.class_count()) continue;
    const ImVec2 at(to_screen_x(preview.x), to_screen_y(preview.y));
    const float r = kPrototypeRadius + 2.0f;
    draw->AddQuad(ImVec2(at.x, at.y - r), ImVec2(at.x + r, at.y), ImVec2(at.x, at.y + r), ImVec2(at.x - r, at.y),
                  palette_colour(by_class ? preview.class_index : -1), 2.5f);
  }
  if (selecting_) {
    const ImGuiIO& io = ImGui::GetIO();
    draw->AddRectFilled(ImVec2(select_x_, select_y_), io.MousePos, IM_COL32(80, 140, 230, 40));
    draw->AddRect(ImVec2(select_x_, select_y_), io.MousePos, IM_COL32(80, 140, 230, 200));
  }
  draw->PopClipRect();

  if (!ImGui::IsItemHovered() || selecting_ || points.empty()) return;
  const ImGuiIO& io = ImGui::GetIO();
  const int hit = scene.hit_test(to_world_x(io.MousePos.x), to_world_y(io.MousePos.y), 7.0f / scale_);
  if (hit < 0) return;
  const auto& point = points[static_cast<std::size_t>(hit)];
  const auto& snapshot = *scene.shown();
  ImGui::BeginTooltip();
  if (point.kind == PointKind::Prototype) {
    ImGui::Text("%s: %s", texts.prototype.c_str(), name_or(snapshot.class_names, point.class_index, texts.unknown));
  } else {
    const auto feature = static_cast<std::size_t>(point.feature);
    if (feature < snapshot.feature_items.size()) {
      requests.hovered_item = snapshot.feature_items[feature];
      std::error_code no_file;
      if (std::filesystem::is_regular_file(requests.hovered_item, no_file)) {
        ImGui::TextUnformatted(std::filesystem::path(requests.hovered_item).filename().string().c_str());
      } else {  // a text run's sentence
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(requests.hovered_item.c_str());
        ImGui::PopTextWrapPos();
      }
      if (thumbnail != 0)
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(thumbnail)), thumbnail_size);
    }
    ImGui::TextDisabled("%s",
                        point.kind == PointKind::LabeledFeature ? texts.labeled.c_str() : texts.unlabeled.c_str());
    ImGui::Text("%s: %s", texts.true_class.c_str(), name_or(snapshot.class_names, point.class_index, texts.unknown));
    const bool wrong = point.class_index >= 0 && point.predicted != point.class_index;
    ImGui::TextColored(wrong ? ImVec4(0.9f, 0.3f, 0.3f, 1.0f) : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s: %s",
                       texts.predicted.c_str(), name_or(snapshot.class_names, point.predicted, texts.unknown));
    if (point.domain >= 0)
      ImGui::Text("%s: %s", texts.domain.c_str(), name_or(snapshot.domains, point.domain, texts.unknown));
  }
  ImGui::EndTooltip();
}

void EmbeddingCanvas::draw_legend(EmbeddingScene& scene, const CanvasTexts& texts) {
  ImGui::BeginChild("legend", ImVec2(kLegendWidth, 0), true);
  const bool by_class = colour_by_ == ColourBy::Class;
  const auto& names = !scene.shown() ? std::vector<std::string>{}
                      : by_class     ? scene.shown()->class_names
                                     : scene.shown()->domains;
  if (!by_class && names.empty()) ImGui::TextDisabled("%s", texts.unknown.c_str());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float side = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + side, at.y + side),
                                              palette_colour(static_cast<int>(i)));
    ImGui::SetCursorScreenPos(ImVec2(at.x + side + 6, at.y));
    ImGui::PushID(static_cast<int>(i));
    // Clicking a class isolates it (its prototype, its features and those predicted as it).
    if (ImGui::Selectable(names[i].c_str(), false) && by_class) {
      scene.isolate_class(static_cast<int>(i));
      fit();
    }
    ImGui::PopID();
  }
  ImGui::Separator();
  ImGui::TextDisabled("<> %s", texts.prototype.c_str());
  ImGui::TextDisabled("o  %s", texts.labeled.c_str());
  ImGui::TextDisabled("^  %s", texts.unlabeled.c_str());
  if (!scene.preview_points().empty()) ImGui::TextDisabled("<> %s", texts.edited.c_str());
  ImGui::EndChild();
}

}  // namespace promptune
