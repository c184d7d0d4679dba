#include "widgets/embedding_viewer.h"

#include <imgui.h>

#include <QFileInfo>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLTexture>
#include <QWheelEvent>

#include "core/util/error.h"
#include "widgets/imgui_layer.h"
#include "widgets/theme.h"

namespace promptune {
namespace {

constexpr int kGlideMilliseconds = 350;
constexpr int kSnapshotInterval = 250;    // ms between two snapshots shown
constexpr int kGlideAfterPauseMs = 1000;  // snapshots closer together than this jump instead of gliding
constexpr int kThumbnailPixels = 96;

}  // namespace

std::string EmbeddingViewer::imgui_text(const char* source) const {
  const QString translated = tr(source);
  // ImGui's built-in font has Latin-1 glyphs only; other scripts would be drawn as '?', so they stay English
  // inside the view (the panel's Qt labels around it are translated).
  for (const QChar character : translated)
    if (character.unicode() > 0xff) return source;
  return translated.toStdString();
}

EmbeddingViewer::EmbeddingViewer(QWidget* parent) : QOpenGLWidget(parent), imgui_(std::make_unique<ImGuiLayer>()) {
  setObjectName("embedding_viewer");
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(320, 240);
  setAccessibleName(tr("Embedding view"));
  setToolTip({});
  texts_ = translated_texts();
  dark_ = palette_is_dark(palette());
  follow_up_.setInterval(16);
  connect(&follow_up_, &QTimer::timeout, this, [this] {
    update();
    const bool gliding = glide_clock_.isValid() && glide_clock_.elapsed() < kGlideMilliseconds + 20;
    if (!gliding && !tsne_running()) follow_up_.stop();
  });
  frame_clock_.start();
  pending_timer_.setSingleShot(true);
  connect(&pending_timer_, &QTimer::timeout, this, &EmbeddingViewer::apply_pending_snapshot);
}

EmbeddingViewer::~EmbeddingViewer() {
  join_tsne();
  if (context()) {
    // QOpenGLWidget's own destructor destroys the context later, when this object's members are gone already.
    disconnect(context(), nullptr, this, nullptr);
    makeCurrent();
    release_gl();
    doneCurrent();
  }
}

bool EmbeddingViewer::renderer_ready() const {
  return imgui_->renderer_ready();
}

CanvasTexts EmbeddingViewer::translated_texts() const {
  CanvasTexts texts;
  texts.pca = imgui_text(QT_TR_NOOP("PCA"));
  texts.tsne = imgui_text(QT_TR_NOOP("t-SNE"));
  texts.compute = imgui_text(QT_TR_NOOP("Compute"));
  texts.cancel = imgui_text(QT_TR_NOOP("Cancel"));
  texts.colour_by = imgui_text(QT_TR_NOOP("Colour"));
  texts.by_class = imgui_text(QT_TR_NOOP("by class"));
  texts.by_domain = imgui_text(QT_TR_NOOP("by domain"));
  texts.lines = imgui_text(QT_TR_NOOP("Lines to prototypes"));
  texts.fit = imgui_text(QT_TR_NOOP("Fit"));
  texts.isolate = imgui_text(QT_TR_NOOP("Isolate selection"));
  texts.show_all = imgui_text(QT_TR_NOOP("Show all"));
  texts.no_snapshot = imgui_text(QT_TR_NOOP("No embedding yet: start a run (its first evaluation sends one)"));
  texts.computing = imgui_text(QT_TR_NOOP("t-SNE..."));
  texts.stale = imgui_text(QT_TR_NOOP("newer snapshot: choose t-SNE again to recompute"));
  texts.prototype = imgui_text(QT_TR_NOOP("class prototype"));
  texts.labeled = imgui_text(QT_TR_NOOP("labeled feature"));
  texts.unlabeled = imgui_text(QT_TR_NOOP("unlabeled target"));
  texts.true_class = imgui_text(QT_TR_NOOP("true class"));
  texts.predicted = imgui_text(QT_TR_NOOP("predicted"));
  texts.domain = imgui_text(QT_TR_NOOP("domain"));
  texts.perplexity = imgui_text(QT_TR_NOOP("perplexity"));
  texts.iterations = imgui_text(QT_TR_NOOP("iterations"));
  texts.learning_rate = imgui_text(QT_TR_NOOP("learning rate (0: auto)"));
  texts.seed = imgui_text(QT_TR_NOOP("seed"));
  texts.points = imgui_text(QT_TR_NOOP("points"));
  texts.step = imgui_text(QT_TR_NOOP("step"));
  texts.variance = imgui_text(QT_TR_NOOP("variance kept"));
  texts.help = imgui_text(QT_TR_NOOP("Drag: pan  Wheel: zoom  Shift+drag: select  Double-click: fit  Esc: show all"));
  texts.unknown = imgui_text(QT_TR_NOOP("unknown"));
  texts.edited = imgui_text(QT_TR_NOOP("edited prompts (hollow)"));
  return texts;
}

void EmbeddingViewer::initializeGL() {
  if (!imgui_->initialise_renderer()) {
    emit renderer_unavailable();
    return;
  }
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] {
    makeCurrent();
    release_gl();
    doneCurrent();
  });
  imgui_->set_dark(dark_);
}

void EmbeddingViewer::release_gl() {
  thumbnail_.reset();
  thumbnail_item_.clear();
  imgui_->release_renderer();
}

void EmbeddingViewer::paintGL() {
  QElapsedTimer paint_clock;
  paint_clock.start();
  auto* gl = context()->functions();
  const float shade = dark_ ? 0.12f : 0.96f;
  gl->glClearColor(shade, shade, shade, 1.0f);
  gl->glClear(GL_COLOR_BUFFER_BIT);
  if (!imgui_->renderer_ready()) return;
  const double seconds = frame_clock_.restart() / 1000.0;
  imgui_->begin_frame(size(), devicePixelRatioF(), seconds);
  const float blend =
      glide_clock_.isValid() ? std::min(1.0f, static_cast<float>(glide_clock_.elapsed()) / kGlideMilliseconds) : 1.0f;
  const auto requests = canvas_.draw(
      scene_, texts_, blend, tsne_progress_.load(), thumbnail_ ? thumbnail_->textureId() : 0,
      thumbnail_ ? ImVec2(static_cast<float>(thumbnail_->width()), static_cast<float>(thumbnail_->height()))
                 : ImVec2(0, 0),
      dark_);
  imgui_->render();
  handle(requests);
  last_frame_ms_ = paint_clock.nsecsElapsed() / 1e6;
  ++frames_;
}

void EmbeddingViewer::handle(const CanvasRequests& requests) {
  update_thumbnail(requests.hovered_item);
  // Acted on after the ImGui frame has ended; the t-SNE start is queued so that nothing runs inside a paint.
  if (requests.show_pca) {
    scene_.show_pca();
    repaint_soon();
  }
  if (requests.cancel_tsne) cancel_tsne();
  if (requests.compute_tsne)
    QMetaObject::invokeMethod(
        this, [this, options = requests.tsne_options] { compute_tsne(options); }, Qt::QueuedConnection);
}

void EmbeddingViewer::update_thumbnail(const std::string& item) {
  if (item == thumbnail_item_) return;
  thumbnail_item_ = item;
  thumbnail_.reset();
  if (item.empty()) return;
  if (!QFileInfo(QString::fromStdString(item)).isFile()) return;  // a sentence of a text run: no thumbnail
  QImage image(QString::fromStdString(item));
  if (image.isNull()) return;  // the tooltip still names the file
  image = image.scaled(kThumbnailPixels, kThumbnailPixels, Qt::KeepAspectRatio, Qt::SmoothTransformation)
              .convertToFormat(QImage::Format_RGBA8888);
  thumbnail_ = std::make_unique<QOpenGLTexture>(image, QOpenGLTexture::DontGenerateMipMaps);
  thumbnail_->setMinificationFilter(QOpenGLTexture::Linear);
  repaint_soon();
}

void EmbeddingViewer::repaint_soon() {
  update();
  if (!follow_up_.isActive()) follow_up_.start();
}

void EmbeddingViewer::show_snapshot(std::shared_ptr<const EmbeddingSnapshotEvent> snapshot) {
  pending_snapshot_ = std::move(snapshot);
  const qint64 since = snapshot_clock_.isValid() ? snapshot_clock_.elapsed() : kSnapshotInterval;
  if (since >= kSnapshotInterval)
    apply_pending_snapshot();
  else if (!pending_timer_.isActive())
    pending_timer_.start(static_cast<int>(kSnapshotInterval - since));
}

void EmbeddingViewer::apply_pending_snapshot() {
  if (!pending_snapshot_) return;
  const bool first = scene_.points().empty();
  const bool in_quick_succession = snapshot_clock_.isValid() && snapshot_clock_.elapsed() < kGlideAfterPauseMs;
  snapshot_clock_.restart();
  scene_.set_snapshot(std::move(pending_snapshot_));
  pending_snapshot_.reset();
  if (in_quick_succession)
    glide_clock_.invalidate();  // one frame, not an animation of twenty
  else
    glide_clock_.restart();
  if (first) canvas_.fit();
  repaint_soon();
}

void EmbeddingViewer::show_preview(std::shared_ptr<const PromptPreview> preview) {
  scene_.set_preview(std::move(preview));
  repaint_soon();
}

void EmbeddingViewer::compute_tsne(const TsneOptions& options) {
  const auto source = scene_.latest();
  if (tsne_running()) return;
  if (!source || source->dimensions <= 0) {
    emit tsne_failed(tr("t-SNE needs an embedding snapshot with its original vectors; start a run first."));
    return;
  }
  const int count = static_cast<int>(source->prototypes.size() + source->features.size());
  if (const auto problem = check_tsne_options(options, count); !problem.empty()) {
    emit tsne_failed(QString::fromStdString(problem));
    return;
  }
  tsne_cancel_ = false;
  tsne_progress_ = 0.0;
  tsne_thread_ = std::thread([this, source, options, count] {
    try {
      const auto layout =
          promptune::compute_tsne(source->vectors, count, source->dimensions, options, [this](int done, int total) {
            tsne_progress_ = static_cast<double>(done) / total;
            return !tsne_cancel_.load();
          });
      QMetaObject::invokeMethod(
          this,
          [this, source, layout] {
            join_tsne();
            if (!layout.cancelled) {
              scene_.show_tsne(source, layout);
              canvas_.fit();
            }
            repaint_soon();
            emit tsne_finished(layout.cancelled, layout.kl_divergence);
          },
          Qt::QueuedConnection);
    } catch (const std::exception& error) {
      QMetaObject::invokeMethod(
          this,
          [this, message = QString::fromStdString(error.what())] {
            join_tsne();
            repaint_soon();
            emit tsne_failed(message);
          },
          Qt::QueuedConnection);
    }
  });
  repaint_soon();
}

void EmbeddingViewer::cancel_tsne() {
  tsne_cancel_ = true;
}

void EmbeddingViewer::join_tsne() {
  if (!tsne_thread_.joinable()) return;
  tsne_cancel_ = true;
  tsne_thread_.join();
  tsne_progress_ = -1.0;
}

void EmbeddingViewer::clear() {
  join_tsne();
  pending_timer_.stop();
  pending_snapshot_.reset();
  snapshot_clock_.invalidate();
  scene_.clear();
  canvas_.fit();
  update();
}

void EmbeddingViewer::set_dark(bool dark) {
  dark_ = dark;
  imgui_->set_dark(dark);
  update();
}

void EmbeddingViewer::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) set_dark(palette_is_dark(palette()));
  QOpenGLWidget::changeEvent(event);
}

void EmbeddingViewer::mousePressEvent(QMouseEvent* event) {
  imgui_->mouse_button(event, true);
  repaint_soon();
}

void EmbeddingViewer::mouseReleaseEvent(QMouseEvent* event) {
  imgui_->mouse_button(event, false);
  repaint_soon();
}

void EmbeddingViewer::mouseDoubleClickEvent(QMouseEvent* event) {
  // ImGui detects double clicks itself from two presses; Qt sends the second press as this event.
  imgui_->mouse_button(event, true);
  repaint_soon();
}

void EmbeddingViewer::mouseMoveEvent(QMouseEvent* event) {
  imgui_->mouse_moved(event->position());
  repaint_soon();
}

void EmbeddingViewer::wheelEvent(QWheelEvent* event) {
  imgui_->mouse_moved(event->position());
  imgui_->wheel(event);
  event->accept();
  repaint_soon();
}

void EmbeddingViewer::keyPressEvent(QKeyEvent* event) {
  imgui_->key(event, true);
  if (!imgui_->wants_keyboard() && event->key() == Qt::Key_F) canvas_.fit();
  repaint_soon();
}

void EmbeddingViewer::keyReleaseEvent(QKeyEvent* event) {
  imgui_->key(event, false);
  repaint_soon();
}

void EmbeddingViewer::leaveEvent(QEvent* event) {
  imgui_->mouse_left();
  repaint_soon();
  QOpenGLWidget::leaveEvent(event);
}

}  // namespace promptune
