#pragma once

#include <QDockWidget>

class QLabel;

namespace promptune {

class EmbeddingViewer;

/// Dock around the embedding viewer: the OpenGL/ImGui view and a line that says what the view shows or why it
/// cannot (no OpenGL, t-SNE refused or finished).
class EmbeddingPanel : public QDockWidget {
  Q_OBJECT
 public:
  explicit EmbeddingPanel(QWidget* parent = nullptr);
  ~EmbeddingPanel() override;
  EmbeddingViewer* viewer() const { return viewer_; }
  QString message() const;

 private:
  EmbeddingViewer* viewer_ = nullptr;
  QLabel* message_ = nullptr;
};

}  // namespace promptune
