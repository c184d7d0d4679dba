#include "widgets/dataset_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/data/image_dataset.h"
#include "core/data/text_dataset.h"
#include "core/methods/method_description.h"
#include "widgets/background_tasks.h"
#include "widgets/session_controller.h"

namespace promptune {
namespace {

constexpr int kThumbnailPixels = 64;
constexpr int kThumbnailsPerClass = 2;
constexpr int kThumbnailClasses = 12;
constexpr int kSentences = 8;

QStringList to_list(const std::vector<std::string>& values) {
  QStringList list;
  for (const auto& value : values) list << QString::fromStdString(value);
  return list;
}

DatasetOverview read_images(const std::string& path, const std::string& classes_file, const std::string& domain) {
  const ImageDataset dataset = load_image_dataset(path, {classes_file});
  DatasetOverview overview;
  overview.layout = QString::fromStdString(dataset.layout);
  overview.classes = to_list(dataset.class_names);
  overview.class_ids = to_list(dataset.class_ids);
  overview.domains = to_list(dataset.domains);
  int domain_index = -1;
  for (std::size_t d = 0; d < dataset.domains.size(); ++d)
    if (dataset.domains[d] == domain) domain_index = static_cast<int>(d);
  for (int count : dataset.counts_per_class(domain_index)) overview.class_counts << count;
  overview.domain_counts.fill(0, overview.domains.size());
  const auto indices = dataset.indices_of_domain(domain_index);
  std::vector<int> shown(dataset.class_ids.size(), 0);
  for (int index : indices) {
    const auto& sample = dataset.samples[static_cast<std::size_t>(index)];
    ++overview.samples;
    if (sample.label < 0) ++overview.unlabeled;
    if (sample.domain >= 0) ++overview.domain_counts[sample.domain];
    if (sample.label < 0 || sample.label >= kThumbnailClasses || shown[sample.label] >= kThumbnailsPerClass) continue;
    QImage image(QString::fromStdString(sample.path.string()));
    if (image.isNull()) continue;  // the loader's report lists undecodable files; decoding happens at run time
    ++shown[sample.label];
    overview.thumbnails << image.scaled(kThumbnailPixels, kThumbnailPixels, Qt::KeepAspectRatio,
                                        Qt::SmoothTransformation);
    overview.thumbnail_labels << QString::fromStdString(dataset.class_names[sample.label]);
  }
  for (const auto& item : dataset.report.skipped)
    overview.skipped << QString::fromStdString(item.where + ": " + item.reason);
  return overview;
}

DatasetOverview read_text(const std::string& path, const TextPromptConfig& text, bool labeled) {
  TextDatasetOptions options;
  options.text_column = text.text_column;
  options.pair_column = text.pair_column;
  options.label_column = text.label_column;
  options.labeled = labeled;
  const TextDataset dataset = load_text_dataset(path, options);
  DatasetOverview overview;
  overview.text = true;
  overview.layout = QString::fromStdString(dataset.format);
  overview.classes = to_list(dataset.class_ids);
  overview.class_ids = overview.classes;
  for (int count : dataset.counts_per_class()) overview.class_counts << count;
  for (const auto& sample : dataset.samples) {
    ++overview.samples;
    if (sample.label < 0) ++overview.unlabeled;
    if (overview.sentences.size() < kSentences) {
      const QString label = sample.label >= 0 ? QString::fromStdString(dataset.class_ids[sample.label]) : "?";
      overview.sentences << QStringLiteral("[%1] %2%3")
                                .arg(label, QString::fromStdString(sample.text_a),
                                     sample.text_b.empty()
                                         ? QString()
                                         : QStringLiteral(" || ") + QString::fromStdString(sample.text_b));
    }
  }
  for (const auto& item : dataset.report.skipped)
    overview.skipped << QString::fromStdString(item.where + ": " + item.reason);
  return overview;
}

const DatasetRef& role_ref(const SessionConfig& session, DatasetPanel::Role role) {
  return role == DatasetPanel::Train        ? session.train
         : role == DatasetPanel::Validation ? session.validation
                                            : session.target;
}

}  // namespace

const char* DatasetPanel::role_key(Role role) {
  return role == Train ? "train" : role == Validation ? "validation" : "target";
}

DatasetPanel::DatasetPanel(SessionController* controller, QWidget* parent)
    : QDockWidget(tr("Dataset"), parent), controller_(controller), tasks_(std::make_unique<BackgroundTasks>(this)) {
  setObjectName("DatasetPanel");
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);
  editors_ = new QWidget(content);
  auto* grid = new QGridLayout(editors_);
  grid->setContentsMargins(0, 0, 0, 0);
  const QString role_titles[RoleCount] = {tr("Training"), tr("Validation"), tr("Target")};
  for (int role = 0; role < RoleCount; ++role) {
    paths_[role] = new QLabel(editors_);
    paths_[role]->setTextInteractionFlags(Qt::TextSelectableByMouse);
    paths_[role]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long paths are cut, not widening
    auto* folder = new QPushButton(tr("Folder..."), editors_);
    auto* file = new QPushButton(tr("File..."), editors_);
    auto* clear = new QPushButton(tr("Clear"), editors_);
    folder->setToolTip(tr("Class folders (root/<class>/*) or domain folders (root/<domain>/<class>/*)"));
    file->setToolTip(tr("A CSV manifest of images (path,label[,domain]) or a CSV/TSV/JSONL table of text"));
    // Path on one line, its buttons under it: the dock stays narrow enough to share a column with the others.
    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {folder, file, clear}) buttons->addWidget(button);
    buttons->addStretch(1);
    grid->addWidget(new QLabel(role_titles[role] + QLatin1Char(':'), editors_), 2 * role, 0);
    grid->addWidget(paths_[role], 2 * role, 1);
    grid->addLayout(buttons, 2 * role + 1, 1);
    const auto which = static_cast<Role>(role);
    connect(folder, &QPushButton::clicked, this, [this, which] {
      const QString chosen = QFileDialog::getExistingDirectory(this, tr("Open Dataset Folder"));
      if (!chosen.isEmpty()) set_dataset(which, chosen);
    });
    connect(file, &QPushButton::clicked, this, [this, which] {
      const QString chosen = QFileDialog::getOpenFileName(this, tr("Open Dataset File"), QString(),
                                                          tr("Datasets (*.csv *.tsv *.jsonl);;All files (*)"));
      if (!chosen.isEmpty()) set_dataset(which, chosen);
    });
    connect(clear, &QPushButton::clicked, this, [this, which] { set_dataset(which, QString()); });
  }
  grid->setColumnStretch(1, 1);
  auto* settings = new QFormLayout;
  shots_ = new QSpinBox(editors_);
  shots_->setRange(0, 1000000);
  shots_->setSpecialValueText(tr("all"));
  shots_->setToolTip(tr("Labeled examples per class drawn from the training data (0: all of them)"));
  data_seed_ = new QSpinBox(editors_);
  data_seed_->setRange(0, 2147483647);
  data_seed_->setToolTip(tr("Which examples the few-shot subset and the held-out split take"));
  held_out_ = new QDoubleSpinBox(editors_);
  held_out_->setRange(0.0, 0.9);
  held_out_->setSingleStep(0.05);
  held_out_->setToolTip(tr("Fraction of the training data held out for validation when no validation set is given"));
  settings->addRow(tr("&Shots per class"), shots_);
  settings->addRow(tr("Data s&eed"), data_seed_);
  settings->addRow(tr("&Held out for validation"), held_out_);
  grid->addLayout(settings, 2 * RoleCount, 0, 1, 2);
  layout->addWidget(editors_);

  role_box_ = new QComboBox(content);
  role_box_->addItems({role_titles[0], role_titles[1], role_titles[2]});
  role_box_->setToolTip(tr("Which role's data to show below"));
  status_ = new QLabel(content);
  status_->setObjectName("DatasetStatus");
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* show_row = new QHBoxLayout;
  show_row->addWidget(new QLabel(tr("Show:"), content));
  show_row->addWidget(role_box_, 1);
  layout->addLayout(show_row);
  layout->addWidget(status_);
  auto* splitter = new QSplitter(Qt::Vertical, content);
  counts_ = new QTreeWidget(splitter);
  counts_->setHeaderLabels({tr("Class / domain"), tr("Examples")});
  counts_->setRootIsDecorated(false);
  thumbnails_ = new QListWidget(splitter);
  thumbnails_->setViewMode(QListView::IconMode);
  thumbnails_->setIconSize(QSize(kThumbnailPixels, kThumbnailPixels));
  thumbnails_->setResizeMode(QListView::Adjust);
  thumbnails_->setWordWrap(true);
  skipped_ = new QListWidget(splitter);
  skipped_->setToolTip(tr("Files or rows the loader did not use, and why"));
  layout->addWidget(splitter, 1);
  // In a scroll area, so the role rows' buttons do not force their width on the whole dock column.
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setWidget(content);
  setWidget(scroll);

  connect(role_box_, &QComboBox::currentIndexChanged, this, [this](int index) { show_role(static_cast<Role>(index)); });
  for (QSpinBox* box : {shots_, data_seed_})
    connect(box, &QSpinBox::valueChanged, this, &DatasetPanel::apply_data_settings);
  connect(held_out_, &QDoubleSpinBox::valueChanged, this, &DatasetPanel::apply_data_settings);
  connect(controller_, &SessionController::session_changed, this, &DatasetPanel::session_changed);
  connect(controller_, &SessionController::state_changed, this,
          [this] { editors_->setEnabled(controller_->editable()); });
  session_changed();
}

DatasetPanel::~DatasetPanel() = default;

bool DatasetPanel::loading() const {
  return tasks_->busy();
}

QString DatasetPanel::status_text() const {
  return status_->text();
}

void DatasetPanel::session_changed() {
  editors_->setEnabled(controller_->editable());
  if (!controller_->has_session()) {
    status_->setText(tr("Open or create a session to choose its data."));
    return;
  }
  const SessionConfig& session = controller_->session();
  loading_form_ = true;
  for (int role = 0; role < RoleCount; ++role) {
    const auto& ref = role_ref(session, static_cast<Role>(role));
    paths_[role]->setToolTip(QString::fromStdString(ref.path.string()));
    paths_[role]->setText(
        !ref.used()
            ? tr("(not used)")
            : QString::fromStdString(ref.path.string()) +
                  (ref.domain.empty() ? QString() : tr(" (domain %1)").arg(QString::fromStdString(ref.domain))));
  }
  shots_->setValue(session.shots);
  data_seed_->setValue(static_cast<int>(std::min<std::uint64_t>(session.data_seed, 2147483647)));
  held_out_->setValue(session.validation_fraction);
  loading_form_ = false;
  show_role(shown_role_);
}

void DatasetPanel::apply_data_settings() {
  if (loading_form_ || !controller_->has_session()) return;
  const QString error = controller_->edit_session([this](nlohmann::json& document) {
    document["data"]["shots"] = shots_->value();
    document["data"]["seed"] = data_seed_->value();
    document["data"]["validation_fraction"] = held_out_->value();
  });
  if (!error.isEmpty()) status_->setText(tr("Not applied: %1").arg(error));
}

void DatasetPanel::set_dataset(Role role, const QString& path) {
  if (!controller_->has_session()) return;
  const QString error = controller_->edit_session([&](nlohmann::json& document) {
    document["data"][role_key(role)] = {{"path", path.toStdString()}, {"classes_file", ""}, {"domain", ""}};
  });
  if (!error.isEmpty()) {
    status_->setText(tr("Not applied: %1").arg(error));
    return;
  }
  role_box_->setCurrentIndex(role);
  show_role(role);
}

void DatasetPanel::show_role(Role role) {
  shown_role_ = role;
  if (!controller_->has_session()) return;
  const SessionConfig& session = controller_->session();
  const DatasetRef ref = role_ref(session, role);
  const QString key = QString::number(role) + QLatin1Char('|') +
                      QString::fromStdString(ref.path.string() + "|" + ref.domain + "|" + ref.classes_file.string());
  if (key == shown_key_ && !loading()) return;
  shown_key_ = key;
  counts_->clear();
  thumbnails_->clear();
  skipped_->clear();
  if (!ref.used()) {
    overview_ = {};
    status_->setText(tr("This role is not used by the session."));
    return;
  }
  status_->setText(tr("Reading %1...").arg(QString::fromStdString(ref.path.string())));
  const bool text = find_method_description(session.method).modality == Modality::Text;
  const TextPromptConfig text_config = session.text;
  const bool labeled = role != Target;
  tasks_->run<DatasetOverview>(
      [ref, text, text_config, labeled] {
        return text ? read_text(ref.path.string(), text_config, labeled)
                    : read_images(ref.path.string(), ref.classes_file.string(), ref.domain);
      },
      [this](const DatasetOverview& overview) {
        overview_ = overview;
        show_overview();
        emit overview_ready();
      },
      [this](const QString& message) {
        overview_ = {};
        status_->setText(tr("Cannot read this dataset: %1").arg(message));
        emit overview_ready();
      });
}

void DatasetPanel::show_overview() {
  status_->setText(tr("%1 · %n example(s)", nullptr, overview_.samples).arg(overview_.layout) +
                   (overview_.unlabeled > 0 ? tr(" · %1 unlabeled").arg(overview_.unlabeled) : QString()) +
                   (overview_.skipped.isEmpty() ? QString() : tr(" · %1 skipped").arg(overview_.skipped.size())));
  for (int c = 0; c < overview_.classes.size(); ++c)
    new QTreeWidgetItem(counts_, {overview_.classes[c], QString::number(overview_.class_counts.value(c))});
  for (int d = 0; d < overview_.domains.size(); ++d)
    new QTreeWidgetItem(
        counts_, {tr("domain: %1").arg(overview_.domains[d]), QString::number(overview_.domain_counts.value(d))});
  for (int i = 0; i < overview_.thumbnails.size(); ++i)
    new QListWidgetItem(QIcon(QPixmap::fromImage(overview_.thumbnails[i])), overview_.thumbnail_labels.value(i),
                        thumbnails_);
  for (const QString& sentence : overview_.sentences) new QListWidgetItem(sentence, thumbnails_);
  thumbnails_->setViewMode(overview_.text ? QListView::ListMode : QListView::IconMode);
  for (const QString& line : overview_.skipped) new QListWidgetItem(line, skipped_);
  if (overview_.skipped.isEmpty()) new QListWidgetItem(tr("No files or rows were skipped."), skipped_);
}

}  // namespace promptune
