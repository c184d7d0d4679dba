#include "widgets/curves_panel.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

namespace promptune {
namespace {

constexpr int kRedrawIntervalMs = 40;  // at most 25 redraws per second

/// Series on the 0..1 axis: accuracies, NMI, F1, correlations and weights.
bool is_fraction(const QString& name) {
  for (const char* word : {"accuracy", "nmi", "f1", "matthews", "prompt_weight"})
    if (name.contains(QLatin1String(word))) return true;
  return false;
}

/// What a user wants first: losses, accuracies and the method's terms; not per-class splits, the learning rate or
/// the single zero-shot points.
bool shown_by_default(const QString& name) {
  if (name.count(QLatin1Char('/')) >= 2) return false;  // "validation/accuracy/<class>"
  return !name.startsWith(QLatin1String("zero_shot/")) && !name.endsWith(QLatin1String("learning_rate"));
}

QColor series_colour(int index) {
  static const QColor palette[] = {
      QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),   QColor(214, 39, 40),  QColor(148, 103, 189),
      QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
  return palette[index % 10];
}

}  // namespace

QVector<double> debiased_ema(const QVector<double>& values, double weight) {
  QVector<double> smoothed;
  smoothed.reserve(values.size());
  double state = 0.0, debias = 1.0;
  for (const double value : values) {
    if (!std::isfinite(value)) {  // a NaN is shown as a gap in the raw line, not carried into the average
      smoothed.push_back(value);
      continue;
    }
    state = weight * state + (1.0 - weight) * value;
    debias *= weight;
    smoothed.push_back(weight > 0.0 ? state / (1.0 - debias) : value);
  }
  return smoothed;
}

QVector<double> moving_average(const QVector<double>& values, int window) {
  QVector<double> averaged;
  averaged.reserve(values.size());
  double sum = 0.0;
  int count = 0;
  QVector<double> finite;  // the last `window` finite values; NaNs stay gaps, as in the EMA
  for (const double value : values) {
    if (!std::isfinite(value)) {
      averaged.push_back(value);
      continue;
    }
    finite.push_back(value);
    sum += value;
    ++count;
    if (count > window) {
      sum -= finite[finite.size() - 1 - window];
      --count;
    }
    averaged.push_back(sum / count);
  }
  return averaged;
}

int moving_average_window(double weight) {
  return std::max(1, static_cast<int>(std::lround(1.0 / (1.0 - weight))));
}

QVector<double> CurvesPanel::smooth(const QVector<double>& values) const {
  return smoothing_mode_ == SmoothingMode::MovingAverage ? moving_average(values, moving_average_window(smoothing_))
                                                         : debiased_ema(values, smoothing_);
}

CurvesPanel::CurvesPanel(QWidget* parent) : QDockWidget(tr("Curves"), parent) {
  setObjectName("CurvesPanel");
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* toolbar = new QHBoxLayout;
  auto* smoothing_name = new QLabel(tr("S&moothing:"), body);
  smoothing_slider_ = new QSlider(Qt::Horizontal, body);
  smoothing_slider_->setObjectName("SmoothingSlider");
  smoothing_slider_->setRange(0, 999);
  smoothing_slider_->setToolTip(
      tr("Weight of the exponential moving average (debiased, as in TensorBoard); the "
         "raw values stay visible, faint"));
  smoothing_name->setBuddy(smoothing_slider_);
  smoothing_label_ = new QLabel(body);
  mode_box_ = new QComboBox(body);
  mode_box_->addItems({tr("EMA (debiased)"), tr("Moving average")});
  mode_box_->setToolTip(tr("Moving average: a trailing window of 1 / (1 - weight) points"));
  x_axis_box_ = new QComboBox(body);
  x_axis_box_->addItems({tr("per step"), tr("per epoch")});
  x_axis_box_->setToolTip(tr("Plot against the training step or the epoch"));
  auto* clear_overlays_button = new QPushButton(tr("Clear Overlays"), body);
  clear_overlays_button->setToolTip(tr("Remove the runs overlaid from the Runs panel (the pinned baseline too)"));
  auto* export_button = new QPushButton(tr("&Export..."), body);
  export_button->setToolTip(tr("Save the curves as PNG or PDF, or every point as CSV"));
  auto* fit_button = new QPushButton(tr("&Fit"), body);
  fit_button->setToolTip(tr("Show all points (double-click the plot does the same)"));
  toolbar->addWidget(smoothing_name);
  toolbar->addWidget(smoothing_slider_, 1);
  toolbar->addWidget(smoothing_label_);
  toolbar->addWidget(mode_box_);
  // A second row, so the smoothing slider keeps its width in a narrow dock.
  auto* second_row = new QHBoxLayout;
  second_row->addWidget(x_axis_box_);
  second_row->addWidget(clear_overlays_button);
  second_row->addStretch(1);
  second_row->addWidget(fit_button);
  second_row->addWidget(export_button);
  layout->addLayout(toolbar);
  layout->addLayout(second_row);

  auto* splitter = new QSplitter(Qt::Horizontal, body);
  list_ = new QListWidget(splitter);
  list_->setObjectName("SeriesList");
  list_->setToolTip(tr("Tick the series to plot"));
  list_->setSortingEnabled(true);
  plot_ = new QCustomPlot(splitter);
  plot_->setObjectName("CurvesPlot");
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->xAxis->setLabel(tr("step"));
  plot_->yAxis->setLabel(tr("loss and other terms"));
  plot_->yAxis2->setVisible(true);
  plot_->yAxis2->setLabel(tr("accuracy, NMI"));
  plot_->yAxis2->setRange(0.0, 1.0);
  plot_->axisRect()->setRangeZoomAxes(plot_->xAxis, plot_->yAxis);
  follow_palette();
  plot_->legend->setVisible(true);
  plot_->legend->setFont(QFont(font().family(), 8));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  splitter->addWidget(list_);
  splitter->addWidget(plot_);
  splitter->setStretchFactor(1, 4);
  splitter->setSizes({180, 720});
  layout->addWidget(splitter, 1);
  setWidget(body);

  redraw_timer_ = new QTimer(this);
  redraw_timer_->setSingleShot(true);
  redraw_timer_->setInterval(kRedrawIntervalMs);
  connect(redraw_timer_, &QTimer::timeout, this, &CurvesPanel::redraw);
  connect(smoothing_slider_, &QSlider::valueChanged, this, [this](int value) { set_smoothing(value / 1000.0); });
  connect(mode_box_, &QComboBox::currentIndexChanged, this,
          [this](int index) { set_smoothing_mode(index == 1 ? SmoothingMode::MovingAverage : SmoothingMode::Ema); });
  connect(clear_overlays_button, &QPushButton::clicked, this, [this] { clear_overlays(); });
  connect(x_axis_box_, &QComboBox::currentIndexChanged, this,
          [this](int index) { set_x_axis(index == 1 ? XAxis::Epoch : XAxis::Step); });
  connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    auto found = series_.find(item->text());
    if (found == series_.end()) return;
    const bool visible = item->checkState() == Qt::Checked;
    found->raw->setVisible(visible);
    found->smooth->setVisible(visible);
    found->dirty = true;
    if (visible)
      found->smooth->addToLegend();
    else
      found->smooth->removeFromLegend();
    overlays_dirty_ = true;
    schedule_redraw();
  });
  connect(fit_button, &QPushButton::clicked, this, [this] {
    plot_->rescaleAxes(true);
    plot_->yAxis2->setRange(0.0, 1.0);
    plot_->replot();
  });
  connect(plot_, &QCustomPlot::mouseDoubleClick, fit_button, &QPushButton::click);
  connect(export_button, &QPushButton::clicked, this, &CurvesPanel::choose_export);
  smoothing_slider_->setValue(static_cast<int>(smoothing_ * 1000));
  smoothing_label_->setText(QString::number(smoothing_, 'f', 3));
}

void CurvesPanel::clear() {
  plot_->clearGraphs();
  for (auto& overlay : overlays_) overlay.graphs.clear();  // deleted with the plot's graphs; made again on redraw
  overlays_dirty_ = true;
  list_->clear();
  series_.clear();
  colour_index_ = 0;
  steps_per_epoch_ = 0.0;
  schedule_redraw();
}

QVector<double> CurvesPanel::x_values(const QVector<double>& steps) const {
  if (x_axis_ == XAxis::Step || steps_per_epoch_ <= 0.0) return steps;
  QVector<double> epochs;
  epochs.reserve(steps.size());
  for (const double step : steps) epochs.push_back(step / steps_per_epoch_);
  return epochs;
}

void CurvesPanel::mark_all_dirty() {
  for (auto& entry : series_) entry.dirty = true;
  overlays_dirty_ = true;
  schedule_redraw();
}

void CurvesPanel::set_x_axis(XAxis axis) {
  x_axis_ = axis;
  {
    const QSignalBlocker quiet(x_axis_box_);
    x_axis_box_->setCurrentIndex(axis == XAxis::Epoch ? 1 : 0);
  }
  plot_->xAxis->setLabel(axis == XAxis::Epoch ? tr("epoch") : tr("step"));
  mark_all_dirty();
  plot_->rescaleAxes(true);
  plot_->yAxis2->setRange(0.0, 1.0);
}

void CurvesPanel::set_smoothing_mode(SmoothingMode mode) {
  smoothing_mode_ = mode;
  {
    const QSignalBlocker quiet(mode_box_);
    mode_box_->setCurrentIndex(mode == SmoothingMode::MovingAverage ? 1 : 0);
  }
  for (auto& entry : series_) entry.dirty = true;
  overlays_dirty_ = true;
  schedule_redraw();
}

void CurvesPanel::add_overlay(const QString& label, const SeriesData& series, bool baseline) {
  if (baseline)
    for (int i = overlays_.size() - 1; i >= 0; --i)
      if (overlays_[i].baseline) remove_overlay(i);
  for (int i = overlays_.size() - 1; i >= 0; --i)
    if (overlays_[i].label == label) remove_overlay(i);
  Overlay overlay;
  overlay.label = label;
  overlay.baseline = baseline;
  overlay.colour = series_colour(3 + overlays_.size() * 3);
  overlay.series = series;
  overlays_.push_back(overlay);
  overlays_dirty_ = true;
  schedule_redraw();
}

void CurvesPanel::remove_overlay(int index) {
  for (QCPGraph* graph : overlays_[index].graphs) plot_->removeGraph(graph);
  overlays_.remove(index);
}

void CurvesPanel::clear_overlays() {
  while (!overlays_.isEmpty()) remove_overlay(overlays_.size() - 1);
  schedule_redraw();
}

QStringList CurvesPanel::overlay_labels() const {
  QStringList labels;
  for (const auto& overlay : overlays_) labels << overlay.label;
  return labels;
}

QString CurvesPanel::baseline_label() const {
  for (const auto& overlay : overlays_)
    if (overlay.baseline) return overlay.label;
  return {};
}

int CurvesPanel::visible_overlay_graphs() const {
  int count = 0;
  for (const auto& overlay : overlays_)
    for (const QCPGraph* graph : overlay.graphs) count += graph->visible() ? 1 : 0;
  return count;
}

void CurvesPanel::update_overlays() {
  // An overlaid run shows the metrics the current run shows (or, before a run, those shown by default), smoothed
  // like them: dashed grey for the pinned baseline, dotted in its own colour for the others.
  const QColor baseline_colour = palette().color(QPalette::Text);
  for (auto& overlay : overlays_) {
    for (auto it = overlay.series.cbegin(); it != overlay.series.cend(); ++it) {
      const QString& name = it.key();
      const auto current = series_.constFind(name);
      const bool visible = current != series_.cend() ? current->raw->visible() : shown_by_default(name);
      QCPGraph* graph = overlay.graphs.value(name);
      if (!graph && !visible) continue;
      if (!graph) {
        graph = plot_->addGraph(plot_->xAxis, is_fraction(name) ? plot_->yAxis2 : plot_->yAxis);
        graph->setPen(overlay.baseline ? QPen(baseline_colour, 2.0, Qt::DashLine)
                                       : QPen(overlay.colour, 1.5, Qt::DotLine));
        graph->setName(QStringLiteral("%1: %2").arg(overlay.label, name));
        overlay.graphs.insert(name, graph);
      }
      graph->setVisible(visible);
      if (visible) {
        graph->setData(x_values(it->first), smooth(it->second), true);
        graph->addToLegend();
      } else {
        graph->removeFromLegend();
      }
    }
  }
  overlays_dirty_ = false;
}

CurvesPanel::Series& CurvesPanel::series(const QString& name) {
  auto found = series_.find(name);
  if (found != series_.end()) return *found;
  Series created;
  const bool fraction = is_fraction(name);
  QCPAxis* value_axis = fraction ? plot_->yAxis2 : plot_->yAxis;
  const QColor colour = series_colour(colour_index_++);
  created.raw = plot_->addGraph(plot_->xAxis, value_axis);
  QColor faint = colour;
  faint.setAlpha(60);
  created.raw->setPen(QPen(faint, 1.0));
  created.raw->removeFromLegend();
  created.smooth = plot_->addGraph(plot_->xAxis, value_axis);
  created.smooth->setPen(QPen(colour, 2.0));
  created.smooth->setName(name);
  const bool visible = shown_by_default(name);
  created.raw->setVisible(visible);
  created.smooth->setVisible(visible);
  if (!visible) created.smooth->removeFromLegend();
  {
    const QSignalBlocker quiet(list_);
    created.item = new QListWidgetItem(name, list_);
    created.item->setCheckState(visible ? Qt::Checked : Qt::Unchecked);
    created.item->setForeground(colour);
    created.item->setToolTip(fraction ? tr("%1 (right axis)").arg(name) : tr("%1 (left axis)").arg(name));
  }
  return *series_.insert(name, created);
}

void CurvesPanel::add_point(const QString& name, double step, double value, int epoch) {
  // Evaluation metrics come at an epoch's last step, so step / epoch peaks at the steps per epoch.
  if (epoch > 0 && step / epoch > steps_per_epoch_) {
    steps_per_epoch_ = step / epoch;
    if (x_axis_ == XAxis::Epoch) mark_all_dirty();
  }
  auto& target = series(name);
  target.steps.push_back(step);
  target.values.push_back(value);
  target.dirty = true;
  schedule_redraw();
}

void CurvesPanel::set_smoothing(double weight) {
  smoothing_ = std::clamp(weight, 0.0, 0.999);
  {
    const QSignalBlocker quiet(smoothing_slider_);
    smoothing_slider_->setValue(static_cast<int>(std::lround(smoothing_ * 1000)));
  }
  smoothing_label_->setText(QString::number(smoothing_, 'f', 3));
  for (auto& entry : series_) entry.dirty = true;
  overlays_dirty_ = true;
  schedule_redraw();
}

void CurvesPanel::set_series_visible(const QString& name, bool visible) {
  auto found = series_.find(name);
  if (found != series_.end()) found->item->setCheckState(visible ? Qt::Checked : Qt::Unchecked);
}

QStringList CurvesPanel::series_names() const {
  QStringList names = series_.keys();
  names.sort();
  return names;
}

QVector<double> CurvesPanel::raw_values(const QString& name) const {
  return series_.value(name).values;
}

QVector<double> CurvesPanel::smoothed_values(const QString& name) const {
  return smooth(series_.value(name).values);
}

bool CurvesPanel::series_visible(const QString& name) const {
  const auto found = series_.find(name);
  return found != series_.end() && found->raw->visible();
}

void CurvesPanel::schedule_redraw() {
  if (!redraw_timer_->isActive()) redraw_timer_->start();
}

void CurvesPanel::redraw() {
  bool first_points = false;
  for (auto& entry : series_) {
    // Hidden series (per-class accuracies...) keep their points and are smoothed when ticked, not at every redraw.
    if (!entry.dirty || !entry.raw->visible()) continue;
    first_points = first_points || entry.steps.size() <= 2;
    const auto x = x_values(entry.steps);
    entry.raw->setData(x, entry.values, true);
    entry.smooth->setData(x, smooth(entry.values), true);
    entry.dirty = false;
  }
  if (overlays_dirty_) {
    update_overlays();
    first_points = first_points || series_.isEmpty();
  }
  if (first_points) {  // follow the run until the user zooms
    plot_->rescaleAxes(true);
    plot_->yAxis2->setRange(0.0, 1.0);
  } else {
    double last_step = 0.0;
    for (const auto& entry : series_)
      if (!entry.steps.isEmpty()) last_step = std::max(last_step, x_values({entry.steps.back()}).front());
    if (last_step > plot_->xAxis->range().upper) plot_->xAxis->setRangeUpper(last_step);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
  ++redraws_;
}

bool CurvesPanel::export_png(const QString& file, int width, int height) {
  redraw();
  const QPixmap image = plot_->toPixmap(width, height);
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly) || !image.save(&out, "PNG")) return false;
  return out.commit();
}

bool CurvesPanel::export_svg(const QString& file, int width, int height) {
  redraw();
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly)) return false;
  {
    QSvgGenerator svg;
    svg.setOutputDevice(&out);
    svg.setSize(QSize(width, height));
    svg.setViewBox(QRect(0, 0, width, height));
    svg.setTitle(tr("Promptune curves"));
    QCPPainter painter(&svg);
    plot_->toPainter(&painter, width, height);
  }  // the painter ends before the file is committed
  return out.commit();
}

bool CurvesPanel::export_pdf(const QString& file, int width, int height) {
  redraw();
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly)) return false;
  {
    QPdfWriter pdf(&out);
    pdf.setTitle(tr("Promptune curves"));
    pdf.setCreator(QStringLiteral("Promptune"));
    pdf.setResolution(96);
    pdf.setPageSize(QPageSize(QSizeF(width, height), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QCPPainter painter(&pdf);
    const double scale =
        std::min(painter.viewport().width() / double(width), painter.viewport().height() / double(height));
    painter.scale(scale, scale);
    plot_->toPainter(&painter, width, height);
  }  // the painter ends the document before the file is committed
  return out.commit();
}

bool CurvesPanel::export_csv(const QString& file) const {
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QByteArray text = "series,step,value,smoothed\n";
  for (const auto& name : series_names()) {
    const auto& entry = series_[name];
    const auto smoothed = smooth(entry.values);
    for (int i = 0; i < entry.steps.size(); ++i)
      text += QStringLiteral("%1,%2,%3,%4\n")
                  .arg(name)
                  .arg(entry.steps[i], 0, 'g', 12)
                  .arg(entry.values[i], 0, 'g', 9)
                  .arg(smoothed[i], 0, 'g', 9)
                  .toUtf8();
  }
  out.write(text);
  return out.commit();
}

void CurvesPanel::choose_export() {
  QString filter;
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Export Curves"), QStringLiteral("curves.png"),
      tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV table (*.csv)"), &filter);
  if (file.isEmpty()) return;
  bool written;
  if (file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
    written = export_csv(file);
  else if (file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
    written = export_pdf(file);
  else if (file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive))
    written = export_svg(file);
  else
    written = export_png(file);
  if (!written) QMessageBox::warning(this, tr("Export Curves"), tr("%1 could not be written.").arg(file));
}

void CurvesPanel::follow_palette() {
  const QPalette colours = palette();
  const QColor text = colours.color(QPalette::Text), grid = colours.color(QPalette::Mid);
  plot_->setBackground(colours.color(QPalette::Base));
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis, plot_->yAxis2}) {
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
  }
  plot_->legend->setBrush(colours.color(QPalette::Base));
  plot_->legend->setTextColor(text);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void CurvesPanel::changeEvent(QEvent* event) {
  // Themes change the application palette; the plot draws with its own colours, so it follows here.
  if (event->type() == QEvent::PaletteChange) follow_palette();
  QDockWidget::changeEvent(event);
}

}  // namespace promptune
