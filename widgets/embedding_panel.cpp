#include "widgets/embedding_panel.h"

#include <QLabel>
#include <QVBoxLayout>

#include "widgets/embedding_viewer.h"

namespace promptune {

EmbeddingPanel::EmbeddingPanel(QWidget* parent) : QDockWidget(tr("Embedding"), parent) {
  setObjectName("EmbeddingPanel");
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(2, 2, 2, 2);
  viewer_ = new EmbeddingViewer(content);
  message_ = new QLabel(content);
  message_->setObjectName("EmbeddingMessage");
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_->setText(tr("Class prototypes (diamonds) and target features: PCA during training, t-SNE on request."));
  layout->addWidget(viewer_, 1);
  layout->addWidget(message_);
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

QString EmbeddingPanel::message() const {
  return message_->text();
}

}  // namespace promptune
