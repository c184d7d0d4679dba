#pragma once

#include <QColor>
#include <QDockWidget>
#include <QHash>
#include <QPair>
#include <QVector>

class QCustomPlot;
class QCPGraph;
class QComboBox;
class QListWidget;
class QListWidgetItem;
class QSlider;
class QTimer;
class QLabel;

namespace promptune {

/// Exponential moving average with TensorBoard's debiasing: s_t = w s_(t-1) + (1 - w) x_t, shown as
/// s_t / (1 - w^t), so the first points are not pulled towards zero. Computed over the full series.
QVector<double> debiased_ema(const QVector<double>& values, double weight);
/// Mean of the last `window` values at each point (fewer at the start); NaNs stay gaps.
QVector<double> moving_average(const QVector<double>& values, int window);
/// The window the smoothing weight stands for: 1 / (1 - weight) points.
int moving_average_window(double weight);

/// Dock with the live curves of a run: every scalar the engine reports (loss, accuracies, NMI, learning rate, each
/// method's own terms) against the step, the raw series faint and an EMA-smoothed one solid. Accuracy-like series
/// (0..1) use the right axis. Points are appended as they arrive; the plot redraws at most every 40 ms, so the
/// training speed never depends on the plot. Export as PNG, SVG, PDF or CSV of every series.
class CurvesPanel : public QDockWidget {
  Q_OBJECT
 public:
  enum class SmoothingMode { Ema, MovingAverage };
  enum class XAxis { Step, Epoch };
  /// Per metric name: steps and values.
  using SeriesData = QHash<QString, QPair<QVector<double>, QVector<double>>>;

  explicit CurvesPanel(QWidget* parent = nullptr);

  /// Clears every series (a new run starts).
  void clear();
  /// Adds one point; a series appears in the list on its first point. `epoch` (1-based, 0: unknown) lets the
  /// panel plot against epochs.
  void add_point(const QString& name, double step, double value, int epoch = 0);
  void set_x_axis(XAxis axis);
  XAxis x_axis() const { return x_axis_; }
  /// Training steps per epoch as the points tell it (0 before an evaluation metric arrived).
  double steps_per_epoch() const { return steps_per_epoch_; }
  /// Where the points of `name` are drawn on the x axis now (steps, or fractional epochs).
  QVector<double> plotted_x(const QString& name) const { return x_values(series_.value(name).steps); }
  /// Smoothing weight in [0, 0.999].
  void set_smoothing(double weight);
  double smoothing() const { return smoothing_; }
  void set_smoothing_mode(SmoothingMode mode);
  SmoothingMode smoothing_mode() const { return smoothing_mode_; }
  /// Draws another run's metrics over the current ones (they stay when a new run starts). A `baseline` replaces
  /// the pinned baseline; a run already overlaid under `label` is replaced.
  void add_overlay(const QString& label, const SeriesData& series, bool baseline);
  void clear_overlays();
  QStringList overlay_labels() const;
  QString baseline_label() const;
  /// Overlay graphs shown now (the metrics the current run shows, for each overlaid run).
  int visible_overlay_graphs() const;
  /// Shows or hides a series (its list entry is checked accordingly).
  void set_series_visible(const QString& name, bool visible);

  QStringList series_names() const;
  QVector<double> raw_values(const QString& name) const;
  QVector<double> smoothed_values(const QString& name) const;
  bool series_visible(const QString& name) const;
  /// How often the plot has been redrawn (coalescing: far fewer than points added).
  int redraw_count() const { return redraws_; }
  QCustomPlot* plot() const { return plot_; }

  bool export_png(const QString& file, int width = 1200, int height = 700);
  bool export_pdf(const QString& file, int width = 1200, int height = 700);
  bool export_svg(const QString& file, int width = 1200, int height = 700);
  /// One row per (series, step): series,step,value,smoothed.
  bool export_csv(const QString& file) const;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void follow_palette();
  QVector<double> smooth(const QVector<double>& values) const;
  QVector<double> x_values(const QVector<double>& steps) const;
  void mark_all_dirty();
  void update_overlays();
  void remove_overlay(int index);
  struct Overlay {
    QString label;
    bool baseline = false;
    QColor colour;
    SeriesData series;
    QHash<QString, QCPGraph*> graphs;
  };
  struct Series {
    QVector<double> steps, values;
    QCPGraph* raw = nullptr;
    QCPGraph* smooth = nullptr;
    QListWidgetItem* item = nullptr;
    bool dirty = false;
  };
  Series& series(const QString& name);
  void schedule_redraw();
  void redraw();
  void choose_export();

  QCustomPlot* plot_ = nullptr;
  QListWidget* list_ = nullptr;
  QSlider* smoothing_slider_ = nullptr;
  QLabel* smoothing_label_ = nullptr;
  QTimer* redraw_timer_ = nullptr;
  QHash<QString, Series> series_;
  QVector<Overlay> overlays_;
  bool overlays_dirty_ = false;
  SmoothingMode smoothing_mode_ = SmoothingMode::Ema;
  QComboBox* mode_box_ = nullptr;
  QComboBox* x_axis_box_ = nullptr;
  XAxis x_axis_ = XAxis::Step;
  double steps_per_epoch_ = 0.0;
  double smoothing_ = 0.6;
  int redraws_ = 0;
  int colour_index_ = 0;
};

}  // namespace promptune
