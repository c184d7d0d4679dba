#include "widgets/embedding_panel.h"

#include <QGuiApplication>
#include <QLabel>
#include <QOpenGLContext>
#include <QVBoxLayout>

#include "widgets/embedding_viewer.h"

namespace promptune {
namespace {

/// Qt 6.4 crashes composing a window that shows a QOpenGLWidget where the platform has no OpenGL (the offscreen
/// platform of headless tests and CI), so the viewer is only shown where a context can be made.
bool opengl_available() {
  if (QGuiApplication::platformName() == QLatin1String("offscreen")) return false;
  QOpenGLContext probe;
  return probe.create();
}

}  // namespace

EmbeddingPanel::EmbeddingPanel(QWidget* parent) : QDockWidget(tr("Embedding"), parent) {
  setObjectName("EmbeddingPanel");
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(2, 2, 2, 2);
  const bool drawable = opengl_available();
  // Without OpenGL the viewer is not put into the window at all (even hidden, it would switch the window to OpenGL
  // composition); it still receives snapshots, so t-SNE and the scene keep working.
  viewer_ = new EmbeddingViewer(drawable ? content : nullptr);
  message_ = new QLabel(content);
  message_->setObjectName("EmbeddingMessage");
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_->setText(tr("Class prototypes (diamonds) and target features: PCA during training, t-SNE on request."));
  if (drawable) layout->addWidget(viewer_, 1);
  layout->addWidget(message_);
  if (!drawable) {
    layout->addStretch(1);
    message_->setText(
        tr("The embedding view needs OpenGL, which this display does not offer (start Promptune on a "
           "desktop, or under Xvfb with QT_QPA_PLATFORM=xcb)."));
  }
  setWidget(content);
  connect(viewer_, &EmbeddingViewer::tsne_failed, message_,
          [this](const QString& text) { message_->setText(tr("t-SNE: %1").arg(text)); });
  connect(viewer_, &EmbeddingViewer::tsne_finished, message_, [this](bool cancelled, double divergence) {
    message_->setText(cancelled
                          ? tr("t-SNE cancelled; the previous layout is kept.")
                          : tr("t-SNE done (KL divergence %1). PCA returns the live view.").arg(divergence, 0, 'f', 3));
  });
  connect(viewer_, &EmbeddingViewer::renderer_unavailable, message_,
          [this] { message_->setText(tr("The embedding view needs OpenGL 3, which this display does not offer.")); });
}

EmbeddingPanel::~EmbeddingPanel() {
  if (!viewer_->parent()) delete viewer_;
}

QString EmbeddingPanel::message() const {
  return message_->text();
}

}  // namespace promptune
