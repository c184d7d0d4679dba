#include "widgets/prompt_editor_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <fstream>

#include "core/export/prompt_prediction.h"
#include "core/methods/method_description.h"
#include "core/methods/zero_shot_evaluation.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_templates.h"
#include "widgets/background_tasks.h"
#include "widgets/embedding_scene.h"
#include "widgets/inline_error.h"
#include "widgets/session_controller.h"

namespace promptune {
namespace {

const QString kCustom = QStringLiteral("custom");

/// The tokenizer files sit beside a Hugging Face checkpoint, or in the folder of an OpenAI weight file.
QString tokenizer_folder(const SessionConfig& session) {
  if (!session.tokenizer.empty()) {
    const QFileInfo given(QString::fromStdString(session.tokenizer.string()));
    return given.isDir() ? given.filePath() : given.absolutePath();
  }
  const QFileInfo backbone(QString::fromStdString(session.backbone.string()));
  return backbone.isDir() ? backbone.filePath() : backbone.absolutePath();
}

}  // namespace

PromptEditorPanel::PromptEditorPanel(SessionController* controller, QWidget* parent)
    : QDockWidget(tr("Prompts"), parent),
      controller_(controller),
      tasks_(std::make_unique<BackgroundTasks>(this)),
      describe_tasks_(std::make_unique<BackgroundTasks>(this)),
      preview_tasks_(std::make_unique<BackgroundTasks>(this)) {
  setObjectName("PromptsPanel");
  auto* content = new QWidget(this);
  auto* layout = new QVBoxLayout(content);

  clip_part_ = new QWidget(content);
  auto* clip_layout = new QVBoxLayout(clip_part_);
  clip_layout->setContentsMargins(0, 0, 0, 0);
  auto* form = new QFormLayout;
  set_box_ = new QComboBox(clip_part_);
  for (const auto& name : template_set_names()) set_box_->addItem(QString::fromStdString(name));
  set_box_->addItem(kCustom);
  set_box_->setToolTip(tr("A shipped template set (openai/CLIP's, verbatim) or your own list below"));
  class_box_ = new QComboBox(clip_part_);
  class_box_->setEditable(true);
  class_box_->setToolTip(tr("The class name the preview fills in"));
  form->addRow(tr("Template &set"), set_box_);
  form->addRow(tr("Preview &class"), class_box_);
  clip_layout->addLayout(form);
  templates_ = new QPlainTextEdit(clip_part_);
  templates_->setObjectName("TemplatesEdit");
  templates_->setPlaceholderText(tr("One template per line, with {class} where the class name goes"));
  templates_->setAccessibleName(tr("Templates"));
  clip_layout->addWidget(templates_, 1);
  class_names_edit_ = new QPlainTextEdit(clip_part_);
  class_names_edit_->setObjectName("ClassNamesEdit");
  class_names_edit_->setAccessibleName(tr("Class names"));
  class_names_edit_->setToolTip(
      tr("One class per line as id, tab, name: the name is what prompts say for that class "
         "(the id is the folder or label of the data)"));
  class_names_edit_->setMaximumHeight(110);
  clip_layout->addWidget(new QLabel(tr("Class names in prompts:"), clip_part_));
  clip_layout->addWidget(class_names_edit_);
  tokens_ = new QLabel(clip_part_);
  tokens_->setWordWrap(true);
  tokens_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  budget_ = new QLabel(clip_part_);
  clip_layout->addWidget(tokens_);
  clip_layout->addWidget(budget_);
  auto* preview_row = new QHBoxLayout;
  preview_ = new QPushButton(tr("&Zero-Shot Accuracy"), clip_part_);
  preview_->setToolTip(
      tr("Zero-shot accuracy of these templates on the session's target images (else validation, "
         "else training), on a worker; usable while a run trains"));
  live_ = new QCheckBox(tr("&Live"), clip_part_);
  live_->setToolTip(tr("Recompute after each edit (half a second after typing stops)"));
  preview_row->addWidget(preview_);
  preview_row->addWidget(live_);
  preview_row->addStretch(1);
  zero_shot_ = new QLabel(clip_part_);
  zero_shot_->setObjectName("ZeroShotPreview");
  zero_shot_->setWordWrap(true);
  clip_layout->addLayout(preview_row);
  clip_layout->addWidget(zero_shot_);
  live_timer_ = new QTimer(this);
  live_timer_->setSingleShot(true);
  live_timer_->setInterval(500);
  layout->addWidget(clip_part_, 1);

  text_part_ = new QWidget(content);
  auto* text_form = new QFormLayout(text_part_);
  lm_template_ = new QLineEdit(text_part_);
  lm_template_->setToolTip(
      tr("How an example becomes a prompt: {sentence} (or the LM-BFF mini-language) and one "
         "[MASK] where the label word goes"));
  text_form->addRow(tr("LM &template"), lm_template_);
  layout->addWidget(text_part_);

  problem_ = make_error_label(content);
  note_ = new QLabel(tr("Applied edits are used by the next run; a run in progress keeps the prompts it started "
                        "with."),
                     content);
  note_->setWordWrap(true);
  apply_ = new QPushButton(tr("&Apply to Session"), content);
  layout->addWidget(problem_);
  layout->addWidget(note_);
  layout->addWidget(apply_);
  nearest_ = new QPushButton(tr("Show &Nearest Words of the Learned Context"), content);
  nearest_->setToolTip(
      tr("Each learned context vector's nearest vocabulary words: from the newest checkpoint while a run trains, "
         "from the prompt file after it (loads the backbone)"));
  learned_ = new QPlainTextEdit(content);
  learned_->setObjectName("LearnedContext");
  learned_->setReadOnly(true);
  learned_->setMaximumHeight(160);
  learned_->hide();
  layout->addWidget(nearest_);
  layout->addWidget(learned_);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setWidget(content);
  setWidget(scroll);

  connect(set_box_, &QComboBox::currentTextChanged, this, &PromptEditorPanel::set_chosen);
  connect(templates_, &QPlainTextEdit::textChanged, this, [this] {
    if (!loading_ && set_box_->currentText() != kCustom) {
      loading_ = true;
      set_box_->setCurrentText(kCustom);  // the list no longer is the shipped set
      loading_ = false;
    }
    update_preview();
  });
  connect(templates_, &QPlainTextEdit::cursorPositionChanged, this, &PromptEditorPanel::update_preview);
  connect(class_box_, &QComboBox::currentTextChanged, this, &PromptEditorPanel::update_preview);
  connect(lm_template_, &QLineEdit::textChanged, this, &PromptEditorPanel::update_preview);
  connect(apply_, &QPushButton::clicked, this, [this] { apply(); });
  connect(nearest_, &QPushButton::clicked, this, &PromptEditorPanel::show_learned_context);
  connect(preview_, &QPushButton::clicked, this, &PromptEditorPanel::preview_zero_shot);
  connect(class_names_edit_, &QPlainTextEdit::textChanged, this, [this] {
    update_preview();
    if (live_->isChecked()) live_timer_->start();
  });
  connect(live_timer_, &QTimer::timeout, this, &PromptEditorPanel::preview_zero_shot);
  connect(templates_, &QPlainTextEdit::textChanged, this, [this] {
    if (live_->isChecked()) live_timer_->start();
  });
  connect(controller_, &SessionController::session_changed, this, &PromptEditorPanel::session_changed);
  connect(controller_, &SessionController::state_changed, this, [this] {
    apply_->setEnabled(controller_->editable() && problem_->text().isEmpty());
    nearest_->setEnabled(controller_->state() == SessionController::State::Running ||
                         !controller_->prompt_file().isEmpty());
  });
  session_changed();
}

PromptEditorPanel::~PromptEditorPanel() = default;

QString PromptEditorPanel::token_preview() const {
  return tokens_->text();
}
QString PromptEditorPanel::budget_text() const {
  return budget_->text();
}
QString PromptEditorPanel::problem_text() const {
  return problem_->text();
}

void PromptEditorPanel::set_class_names(const QStringList& names, const QStringList& ids) {
  class_names_ = names;
  if (ids.size() == names.size() && !ids.isEmpty()) {
    QStringList lines;
    for (int i = 0; i < ids.size(); ++i) lines << ids[i] + QLatin1Char('\t') + names[i];
    data_classes_ = lines.join('\n');
    const QSignalBlocker quiet(class_names_edit_);
    class_names_edit_->setPlainText(data_classes_);
  }
  const QString keep = class_box_->currentText();
  class_box_->clear();
  class_box_->addItems(names);
  if (!keep.isEmpty() && names.contains(keep)) class_box_->setCurrentText(keep);
  update_preview();
}

void PromptEditorPanel::session_changed() {
  if (!controller_->has_session()) {
    setEnabled(false);
    return;
  }
  setEnabled(true);
  nearest_->setEnabled(!controller_->prompt_file().isEmpty());
  const SessionConfig& session = controller_->session();
  const bool text = text_session();
  clip_part_->setVisible(!text);
  text_part_->setVisible(text);
  loading_ = true;
  lm_template_->setText(QString::fromStdString(session.text.template_text));
  const QString templates = QString::fromStdString(session.templates);
  std::vector<std::string> lines;
  try {
    lines = load_templates(session.templates);
  } catch (const std::exception& error) {
    problem_->setText(QString::fromStdString(error.what()));
  }
  QStringList list;
  for (const auto& line : lines) list << QString::fromStdString(line);
  set_box_->setCurrentText(set_box_->findText(templates) >= 0 ? templates : kCustom);
  templates_->setPlainText(list.join('\n'));
  loading_ = false;
  if (class_names_.isEmpty() && class_box_->currentText().isEmpty()) class_box_->setEditText(QStringLiteral("cat"));

  const QString source = tokenizer_folder(session);
  if (!text && source != tokenizer_source_) {
    tokenizer_source_ = source;
    tokenizer_.reset();
    tasks_->run<std::shared_ptr<ClipTokenizer>>(
        [folder = source.toStdString()] {
          return std::shared_ptr<ClipTokenizer>(ClipTokenizer::from_directory(folder));
        },
        [this](const std::shared_ptr<ClipTokenizer>& tokenizer) {
          tokenizer_ = tokenizer;
          update_preview();
          emit tokenizer_loaded();
        },
        [this](const QString& message) {
          tokens_->setText(tr("No tokenizer for the preview: %1").arg(message));
          emit tokenizer_loaded();
        });
  }
  update_preview();
}

void PromptEditorPanel::set_chosen() {
  if (loading_) return;
  const QString name = set_box_->currentText();
  if (name == kCustom) return;
  QStringList list;
  for (const auto& line : named_templates(name.toStdString())) list << QString::fromStdString(line);
  loading_ = true;
  templates_->setPlainText(list.join('\n'));
  loading_ = false;
  update_preview();
}

QStringList PromptEditorPanel::template_lines() const {
  QStringList lines;
  for (const QString& line : templates_->toPlainText().split('\n')) {
    const QString trimmed = line.trimmed();
    if (!trimmed.isEmpty() && !trimmed.startsWith('#')) lines << trimmed;
  }
  return lines;
}

void PromptEditorPanel::update_preview() {
  QString problem;
  if (text_session()) {
    if (!lm_template_->text().contains(QStringLiteral("[MASK]")) &&
        !lm_template_->text().contains(QStringLiteral("*mask*")))
      problem = tr("The LM template needs a [MASK] where the label word goes.");
  } else {
    const QStringList lines = template_lines();
    if (lines.isEmpty()) problem = tr("Give at least one template.");
    for (const QString& line : lines)
      if (!line.contains(QStringLiteral("{class}")) && !line.contains(QStringLiteral("{}"))) {
        problem = tr("\"%1\" has no {class} placeholder.").arg(line);
        break;
      }
    for (const QString& line : class_names_edit_->toPlainText().split('\n', Qt::SkipEmptyParts))
      if (problem.isEmpty() && (line.count('\t') != 1 || line.section('\t', 1).trimmed().isEmpty()))
        problem = tr("Class names: \"%1\" is not \"id<TAB>name\".").arg(line);
    const QString current = templates_->textCursor().block().text().trimmed();
    const QString line = current.isEmpty() && !lines.isEmpty() ? lines.front() : current;
    const QString class_name = class_box_->currentText().isEmpty() ? QStringLiteral("cat") : class_box_->currentText();
    if (!line.isEmpty() && tokenizer_) {
      std::string filled;
      try {
        filled = format_template(line.toStdString(), class_name.toStdString());
      } catch (const std::exception&) {
        filled = line.toStdString();
      }
      const auto ids = tokenizer_->encode(filled);
      QStringList pieces;
      for (int id : ids) pieces << QString::fromStdString(tokenizer_->token(id)).remove(QStringLiteral("</w>"));
      tokens_->setText(pieces.join(QStringLiteral(" · ")));
      const int used = static_cast<int>(ids.size()) + 2;  // start and end of text
      budget_->setText(tr("%1 of %2 tokens (with start and end)").arg(used).arg(ClipTokenizer::kContextLength));
      budget_->setStyleSheet(used > ClipTokenizer::kContextLength ? QStringLiteral("color: #c0392b;") : QString());
      if (used > ClipTokenizer::kContextLength && problem.isEmpty())
        problem = tr("The current template is %1 tokens long; CLIP reads 77 and cuts the rest.").arg(used);
    }
  }
  problem_->setText(problem);
  apply_->setEnabled(controller_->editable() && problem.isEmpty());
}

QString PromptEditorPanel::write_beside_session(const QString& suffix, const QString& text) {
  // Beside the session file, named after the session (a never-saved session: in its output folder).
  const SessionConfig& session = controller_->session();
  const QString base = controller_->session_file().isEmpty() ? QString::fromStdString(session.output.string())
                                                             : QFileInfo(controller_->session_file()).absolutePath();
  QDir().mkpath(base);
  const QString file = QDir(base).filePath(QString::fromStdString(session.name) + suffix);
  QSaveFile out(file);
  const QByteArray bytes = (text + '\n').toUtf8();
  if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
    problem_->setText(tr("Cannot write %1: %2").arg(file, out.errorString()));
    return {};
  }
  return file;
}

bool PromptEditorPanel::text_session() const {
  return controller_->has_session() &&
         find_method_description(controller_->session().method).modality == Modality::Text;
}

QString PromptEditorPanel::apply() {
  if (!controller_->has_session()) return tr("There is no session.");
  const SessionConfig& session = controller_->session();
  const bool text = text_session();
  QString templates = set_box_->currentText();
  if (!text && templates == kCustom) {
    templates = write_beside_session(QStringLiteral(".templates.txt"), template_lines().join('\n'));
    if (templates.isEmpty()) return problem_->text();
  }
  QString classes_file;
  if (!text && !edited_classes().isEmpty()) {
    classes_file = write_beside_session(QStringLiteral(".classes.txt"), edited_classes());
    if (classes_file.isEmpty()) return problem_->text();
  }
  const QString lm = lm_template_->text();
  const QString error = controller_->edit_session([&](nlohmann::json& document) {
    if (text) {
      document["text"]["template"] = lm.toStdString();
      return;
    }
    document["templates"] = templates.toStdString();
    // Names follow ids, so one classes file serves the role that names the classes (training, else target).
    if (!classes_file.isEmpty())
      document["data"][session.train.used() ? "train" : "target"]["classes_file"] = classes_file.toStdString();
  });
  problem_->setText(error.isEmpty() ? QString() : tr("Not applied: %1").arg(error));
  return error;
}

QString PromptEditorPanel::learned_context_text() const {
  return learned_->toPlainText();
}

void PromptEditorPanel::show_learned_context() {
  learned_->show();
  if (!controller_->has_session()) return;
  // While a run trains, its newest checkpoint is fresher than any prompt file (there may be none yet).
  QString checkpoint;
  if (controller_->state() == SessionController::State::Running && !controller_->run_folder().isEmpty()) {
    QDir checkpoints(controller_->run_folder() + QStringLiteral("/checkpoints"));
    QStringList files = checkpoints.entryList({QStringLiteral("step-*.safetensors")}, QDir::Files);
    std::sort(files.begin(), files.end(), [](const QString& a, const QString& b) {
      return a.section('-', 1).section('.', 0, 0).toLongLong() < b.section('-', 1).section('.', 0, 0).toLongLong();
    });
    if (!files.isEmpty()) checkpoint = checkpoints.filePath(files.back());
  }
  const QString prompt = controller_->prompt_file();
  if (checkpoint.isEmpty() && prompt.isEmpty()) {
    learned_->setPlainText(
        tr("Nothing learned yet: the first checkpoint (end of the first epoch) or a stopped, "
           "paused or finished run has context vectors to show."));
    emit learned_context_shown();
    return;
  }
  learned_->setPlainText(tr("Loading the backbone to find the nearest words..."));
  const SessionConfig& session = controller_->session();
  describe_tasks_->run<std::string>(
      [prompt = prompt.toStdString(), checkpoint = checkpoint.toStdString(), backbone = session.backbone,
       tokenizer = session.tokenizer] {
        return checkpoint.empty() ? describe_prompt_file(prompt, backbone, tokenizer, 3)
                                  : describe_checkpoint_context(checkpoint, backbone, tokenizer, 3);
      },
      [this](const std::string& description) {
        learned_->setPlainText(QString::fromStdString(description));
        emit learned_context_shown();
      },
      [this](const QString& message) {
        learned_->setPlainText(tr("Cannot show the learned context: %1").arg(message));
        emit learned_context_shown();
      });
}

QString PromptEditorPanel::zero_shot_text() const {
  return zero_shot_->text();
}

void PromptEditorPanel::preview_zero_shot() {
  if (!controller_->has_session()) return;
  const SessionConfig& session = controller_->session();
  const DatasetRef& images = session.target.used()       ? session.target
                             : session.validation.used() ? session.validation
                                                         : session.train;
  const QString split = session.target.used()       ? tr("target")
                        : session.validation.used() ? tr("validation")
                                                    : tr("training");
  const QStringList lines = template_lines();
  if (lines.isEmpty() || !problem_->text().isEmpty()) {
    zero_shot_->setText(tr("Fix the templates first."));
    emit zero_shot_preview_ready();
    return;
  }
  ZeroShotRequest request;
  request.backbone = session.backbone;
  request.tokenizer = session.tokenizer;
  request.images = images.path;
  request.classes_file = images.classes_file;
  request.domain = images.domain;
  if (session.cache_folder == "off")
    request.use_cache = false;
  else
    request.cache_folder = session.cache_folder;
  zero_shot_->setText(tr("Computing zero-shot accuracy on the %1 images...").arg(split));
  const std::string templates = lines.join('\n').toStdString() + "\n";
  const std::string classes = edited_classes().toStdString();
  preview_tasks_->run<ZeroShotResult>(
      [request, templates, classes]() mutable {
        // The edited lists go through files, as a session's own template and classes files would.
        QTemporaryDir folder;
        const std::string file = folder.filePath(QStringLiteral("templates.txt")).toStdString();
        std::ofstream(file) << templates;
        request.templates = file;
        if (!classes.empty()) {
          request.classes_file = folder.filePath(QStringLiteral("classes.txt")).toStdString();
          std::ofstream(request.classes_file) << classes << "\n";
        }
        return run_zero_shot_evaluation(request);
      },
      [this, split, count = lines.size()](const ZeroShotResult& result) {
        zero_shot_->setText(tr("Zero-shot on the %1 images: %2 % top-1 over %3 images with %n template(s).", nullptr,
                               static_cast<int>(count))
                                .arg(split)
                                .arg(result.report.top1 * 100.0, 0, 'f', 1)
                                .arg(result.report.samples));
        auto preview = std::make_shared<PromptPreview>();
        preview->class_names = result.class_names;
        preview->dimensions = result.dimensions;
        preview->prototypes = result.prototypes;
        emit prototypes_previewed(preview);
        emit zero_shot_preview_ready();
      },
      [this](const QString& message) {
        zero_shot_->setText(tr("Zero-shot accuracy not computed: %1").arg(message));
        emit zero_shot_preview_ready();
      });
}

QString PromptEditorPanel::edited_classes() const {
  QStringList lines;
  for (const QString& line : class_names_edit_->toPlainText().split('\n', Qt::SkipEmptyParts)) lines << line.trimmed();
  const QString text = lines.join('\n');
  return text == data_classes_ ? QString() : text;
}

}  // namespace promptune
