#pragma once

#include <QDockWidget>
#include <QImage>
#include <QStringList>
#include <QVector>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace promptune {

class BackgroundTasks;
class SessionController;

/// What one dataset role holds, read on a worker for the Dataset panel.
struct DatasetOverview {
  bool text = false;
  QString layout;         ///< "class folders", "CSV manifest", "TSV" ...
  QStringList classes;    ///< names as prompts write them
  QStringList class_ids;  ///< labels as the data writes them (folder names, CSV labels)
  QVector<int> class_counts;
  QStringList domains;
  QVector<int> domain_counts;
  int samples = 0;
  int unlabeled = 0;
  QStringList skipped;  ///< "where: reason" of each file or row the loader did not use
  QVector<QImage> thumbnails;
  QStringList thumbnail_labels;
  QStringList sentences;
};

/// Dock for the session's data: the training, validation and target roles (a class or domain folder, a CSV
/// manifest, or a CSV/TSV/JSONL table of text), the domain of each, shots per class, the data seed and the
/// held-out fraction. For the chosen role it shows counts per class and domain, thumbnails of images or sample
/// sentences, and the load report of skipped files. Datasets are read on a worker.
class DatasetPanel : public QDockWidget {
  Q_OBJECT
 public:
  enum Role { Train, Validation, Target, RoleCount };
  explicit DatasetPanel(SessionController* controller, QWidget* parent = nullptr);
  ~DatasetPanel() override;

  /// Sets the dataset of `role` (empty path: role unused) and, when the session accepts it, shows its overview.
  void set_dataset(Role role, const QString& path);
  void show_role(Role role);
  bool loading() const;
  const DatasetOverview& overview() const { return overview_; }
  QString status_text() const;
  QTreeWidget* counts_view() const { return counts_; }
  QListWidget* thumbnails_view() const { return thumbnails_; }
  QListWidget* skipped_view() const { return skipped_; }
  QSpinBox* shots_box() const { return shots_; }

 signals:
  void overview_ready();

 private:
  static const char* role_key(Role role);
  void session_changed();
  void apply_data_settings();
  void show_overview();

  SessionController* controller_;
  std::unique_ptr<BackgroundTasks> tasks_;
  DatasetOverview overview_;
  Role shown_role_ = Train;
  QString shown_key_;  ///< path|domain of the overview shown, to skip reloading
  QLabel* paths_[RoleCount] = {};
  QComboBox* role_box_ = nullptr;
  QSpinBox* shots_ = nullptr;
  QSpinBox* data_seed_ = nullptr;
  QDoubleSpinBox* held_out_ = nullptr;
  QLabel* status_ = nullptr;
  QTreeWidget* counts_ = nullptr;
  QListWidget* thumbnails_ = nullptr;
  QListWidget* skipped_ = nullptr;
  QWidget* editors_ = nullptr;
  bool loading_form_ = false;
};

}  // namespace promptune
