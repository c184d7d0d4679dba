// Editing a session as a user does: the method form generated from the option schema, edits checked inline by
// the engine's validation, the "*" of unsaved edits, Save / Save As, and recovery of edits a crash left behind.

#include <gtest/gtest.h>

#include <qcustomplot.h>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include "core/demo/demo_workspace.h"
#include "core/train/run_index.h"
#include "core/train/session_config.h"
#include "core/util/error.h"
#include "widgets/backbone_panel.h"
#include "widgets/curves_panel.h"
#include "widgets/dataset_panel.h"
#include "widgets/embedding_scene.h"
#include "widgets/export_dialog.h"
#include "widgets/main_window.h"
#include "widgets/method_panel.h"
#include "widgets/new_session_dialog.h"
#include "widgets/prompt_editor_panel.h"
#include "widgets/run_controls_panel.h"
#include "widgets/session_controller.h"
#include "widgets/session_recovery.h"
#include "widgets/shortcuts_dialog.h"
#include "widgets/theme.h"

namespace promptune {
namespace {

/// A CoOp session on labeled training data only (files need not exist to edit a session).
QString write_session(const QTemporaryDir& folder) {
  const nlohmann::json document = {{"format", "promptune-session"},
                                   {"version", 1},
                                   {"name", "edit-me"},
                                   {"backbone", {{"path", "clip"}}},
                                   {"data", {{"train", {{"path", "images"}}}, {"shots", 4}}},
                                   {"method", {{"name", "coop"}}}};
  const QString file = folder.filePath("edit-me.promptune.json");
  SessionConfig::from_json(document, folder.path().toStdString()).save(file.toStdString());
  return file;
}

TEST(SessionEditing, MethodFormFollowsTheSchemaAndValidatesInline) {
  QSettings().clear();
  QTemporaryDir folder;
  MainWindow window;
  auto& controller = *window.session_controller();
  auto& panel = *window.method_panel();
  ASSERT_TRUE(window.open_session(write_session(folder)));
  EXPECT_EQ(panel.method_box()->currentData().toString(), "coop");
  EXPECT_EQ(panel.method_box()->findData("mlm_zero_shot"), -1) << "masked-LM methods are not offered for CLIP";
  EXPECT_GE(panel.method_box()->findData("vpt_deep"), 0);

  auto* n_ctx = qobject_cast<QSpinBox*>(panel.option_editor("n_ctx"));
  ASSERT_NE(n_ctx, nullptr);
  EXPECT_EQ(n_ctx->value(), 16);
  EXPECT_EQ(n_ctx->maximum(), 64);
  EXPECT_TRUE(n_ctx->toolTip().contains("context vectors")) << n_ctx->toolTip().toStdString();
  EXPECT_TRUE(n_ctx->toolTip().contains("Default: 16"));
  auto* position = qobject_cast<QComboBox*>(panel.option_editor("class_position"));
  ASSERT_NE(position, nullptr);
  EXPECT_EQ(position->count(), 3);
  EXPECT_NE(qobject_cast<QLineEdit*>(panel.option_editor("init")), nullptr);
  EXPECT_FALSE(controller.modified());
  EXPECT_FALSE(window.isWindowModified());

  n_ctx->setValue(4);
  EXPECT_EQ(controller.session().method_options.at("n_ctx"), 4);
  EXPECT_TRUE(controller.modified());
  EXPECT_TRUE(window.isWindowModified()) << "the title shows *";
  position->setCurrentText("front");
  EXPECT_EQ(controller.session().method_options.at("class_position"), "front");
  panel.epochs_box()->setValue(7);
  EXPECT_EQ(controller.session().training.epochs, 7);
  window.run_controls()->device_box()->setCurrentText("cpu");
  EXPECT_EQ(controller.session().device, "cpu") << "the device is chosen in the Run panel";

  // POUF needs unlabeled target data this session lacks: refused inline, the session keeps CoOp.
  panel.method_box()->setCurrentIndex(panel.method_box()->findData("pouf_prompt"));
  EXPECT_TRUE(panel.validation_message().contains("data.target")) << panel.validation_message().toStdString();
  EXPECT_EQ(controller.session().method, "coop");

  // A method that fits: its own options and official recipe replace CoOp's.
  panel.method_box()->setCurrentIndex(panel.method_box()->findData("vpt_shallow"));
  EXPECT_TRUE(panel.validation_message().isEmpty()) << panel.validation_message().toStdString();
  EXPECT_EQ(controller.session().method, "vpt_shallow");
  EXPECT_EQ(panel.option_editor("n_ctx"), nullptr);
  EXPECT_NE(panel.option_editor("n_tokens"), nullptr);
  EXPECT_EQ(panel.epochs_box()->value(), controller.session().training.epochs);
  EXPECT_NE(controller.session().training.epochs, 7) << "the new method's recipe";
}

TEST(SessionEditing, SavesKeepsUnsavedEditsForRecoveryAndRestoresThem) {
  QSettings().clear();
  QTemporaryDir folder;
  const QString file = write_session(folder);
  {
    MainWindow window;
    ASSERT_TRUE(window.open_session(file));
    EXPECT_FALSE(QFile::exists(window.recovery().file()));
    qobject_cast<QSpinBox*>(window.method_panel()->option_editor("n_ctx"))->setValue(8);
    ASSERT_TRUE(QFile::exists(window.recovery().file())) << "every edit is kept on disk at once";
    EXPECT_EQ(SessionConfig::load(file.toStdString()).method_options.at("n_ctx"), 16) << "the file is untouched";

    // Save As writes the edits to a new file, which becomes the session's file; the recovery copy goes.
    const QString copy = folder.filePath("copy.promptune.json");
    ASSERT_TRUE(window.save_session_as(copy));
    EXPECT_FALSE(window.isWindowModified());
    EXPECT_EQ(window.session_controller()->session_file(), copy);
    EXPECT_EQ(SessionConfig::load(copy.toStdString()).method_options.at("n_ctx"), 8);
    EXPECT_FALSE(QFile::exists(window.recovery().file()));

    // New edits, then the window goes away without saving (as in a crash: no close event, no question).
    window.method_panel()->epochs_box()->setValue(3);
    ASSERT_TRUE(QFile::exists(window.recovery().file()));
  }
  MainWindow restarted;
  const auto pending = restarted.recovery().pending();
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(pending->session.training.epochs, 3);
  EXPECT_TRUE(pending->original_file.endsWith("copy.promptune.json"));
  // offer_recovery() asks with a message box; answer it as a user would.
  QTimer::singleShot(0, [] {
    for (QWidget* widget : QApplication::topLevelWidgets())
      if (auto* box = qobject_cast<QMessageBox*>(widget)) box->button(QMessageBox::Yes)->click();
  });
  restarted.offer_recovery();
  ASSERT_TRUE(restarted.session_controller()->has_session());
  EXPECT_EQ(restarted.session_controller()->session().training.epochs, 3);
  EXPECT_TRUE(restarted.session_controller()->modified());
  EXPECT_EQ(restarted.method_panel()->epochs_box()->value(), 3);
  ASSERT_TRUE(restarted.save_session());
  EXPECT_EQ(SessionConfig::load(folder.filePath("copy.promptune.json").toStdString()).training.epochs, 3);
  EXPECT_FALSE(QFile::exists(restarted.recovery().file()));
}

TEST(SessionEditing, FormIsReadOnlyWhileARunIsActiveOrPaused) {
  QSettings().clear();
  QTemporaryDir folder;
  MainWindow window;
  ASSERT_TRUE(window.open_session(write_session(folder)));
  auto& controller = *window.session_controller();
  EXPECT_TRUE(controller.editable());
  EXPECT_TRUE(window.method_panel()->method_box()->isEnabled());
  // The files do not exist, so the run fails at once; while it is active the form is locked.
  ASSERT_TRUE(controller.start());
  EXPECT_FALSE(controller.editable());
  EXPECT_FALSE(window.method_panel()->method_box()->isEnabled());
  EXPECT_FALSE(controller.set_session(controller.session(), controller.session_file(), true));
  QElapsedTimer clock;
  clock.start();
  while (controller.state() == SessionController::State::Running && clock.elapsed() < 20000) QTest::qWait(20);
  EXPECT_EQ(controller.state(), SessionController::State::Failed);
  EXPECT_TRUE(controller.editable()) << "after a failed run the settings can be fixed";
  EXPECT_TRUE(window.method_panel()->method_box()->isEnabled());
}

// The workflow from nothing: a new session from a backbone folder and a dataset, both panels showing what they
// loaded, a target added, CoOp picked, a run started and stopped with metrics and an embedding, the prompt exported
// and opened again.
TEST(SessionEditing, NewSessionFromBackboneAndDataTrainsAndExports) {
  QSettings().clear();
  QTemporaryDir folder;
  DemoOptions reduced;
  reduced.reduced = true;
  const QString demo = folder.filePath("demo");
  create_demo_workspace(demo.toStdString(), reduced);
  const QString file = folder.filePath("mine/shapes.promptune.json");
  EXPECT_TRUE(NewSessionDialog::create("shapes", demo + "/clip", "", false, file).contains("data"));
  ASSERT_EQ(NewSessionDialog::create("shapes", demo + "/clip", demo + "/shapes", false, file), "");

  MainWindow window;
  QSignalSpy backbone_ready(window.backbone_panel(), &BackbonePanel::summary_ready);
  QSignalSpy data_ready(window.dataset_panel(), &DatasetPanel::overview_ready);
  ASSERT_TRUE(window.open_session(file));
  auto& controller = *window.session_controller();
  EXPECT_EQ(controller.session().method, "coop");
  ASSERT_TRUE(backbone_ready.wait(30000));
  const auto& summary = window.backbone_panel()->summary();
  EXPECT_GT(summary.parameters, 0);
  EXPECT_EQ(summary.weights_hash.size(), 64u);
  EXPECT_EQ(summary.modality, "vision");
  if (data_ready.isEmpty()) {
    ASSERT_TRUE(data_ready.wait(30000));
  }
  const auto& overview = window.dataset_panel()->overview();
  EXPECT_EQ(overview.classes.size(), 10);
  EXPECT_EQ(overview.domains.size(), 4) << "clean, textured, sketch, noisy";
  EXPECT_EQ(window.dataset_panel()->counts_view()->topLevelItemCount(), 14);
  EXPECT_GT(window.dataset_panel()->thumbnails_view()->count(), 10);
  EXPECT_GE(window.dataset_panel()->skipped_view()->count(), 1);

  // A broken backbone is refused with its reason; the session keeps the working one.
  QSignalSpy backbone_failed(window.backbone_panel(), &BackbonePanel::load_failed);
  window.backbone_panel()->open_backbone(folder.filePath("mine"));
  ASSERT_TRUE(backbone_failed.wait(30000));
  EXPECT_TRUE(window.backbone_panel()->status_text().contains("Cannot load"))
      << window.backbone_panel()->status_text().toStdString();
  EXPECT_TRUE(QString::fromStdString(controller.session().backbone.string()).endsWith("clip"));

  // A pickle archive is explained before it is read; declining leaves the session as it was.
  QString explanation;
  QTimer::singleShot(0, [&] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    ASSERT_NE(box, nullptr);
    EXPECT_EQ(box->objectName(), "TorchArchiveWarning");
    explanation = box->informativeText();
    box->reject();
  });
  window.backbone_panel()->open_backbone(folder.filePath("ViT-B-32.pt"));
  EXPECT_TRUE(explanation.contains("never runs code")) << explanation.toStdString();
  EXPECT_TRUE(explanation.contains("promptune-cli convert ViT-B-32.pt model.safetensors")) << explanation.toStdString();
  EXPECT_TRUE(window.backbone_panel()->status_text().startsWith("Not opened"))
      << window.backbone_panel()->status_text().toStdString();
  EXPECT_TRUE(QString::fromStdString(controller.session().backbone.string()).endsWith("clip"));

  // The prompt editor tokenises with the backbone's own tokenizer and checks the templates as they are typed.
  auto& prompts = *window.prompt_panel();
  if (!prompts.tokenizer_ready()) {
    QSignalSpy tokenizer(&prompts, &PromptEditorPanel::tokenizer_loaded);
    ASSERT_TRUE(tokenizer.wait(30000));
  }
  ASSERT_TRUE(prompts.tokenizer_ready());
  EXPECT_EQ(prompts.set_box()->currentText(), "photo");
  prompts.templates_edit()->setPlainText("a photo of a {class}.\na blurry drawing of a {class}.");
  EXPECT_EQ(prompts.set_box()->currentText(), "custom");
  EXPECT_TRUE(prompts.token_preview().contains("photo")) << prompts.token_preview().toStdString();
  EXPECT_TRUE(prompts.budget_text().contains("of 77")) << prompts.budget_text().toStdString();
  EXPECT_TRUE(prompts.problem_text().isEmpty()) << prompts.problem_text().toStdString();
  prompts.templates_edit()->setPlainText("a photo without placeholder");
  EXPECT_TRUE(prompts.problem_text().contains("placeholder")) << prompts.problem_text().toStdString();
  prompts.templates_edit()->setPlainText("a photo of a {class}.\na blurry drawing of a {class}.");
  QSignalSpy zero_shot(&prompts, &PromptEditorPanel::zero_shot_preview_ready);
  std::shared_ptr<const PromptPreview> preview;
  QObject::connect(&prompts, &PromptEditorPanel::prototypes_previewed,
                   [&](std::shared_ptr<const PromptPreview> sent) { preview = std::move(sent); });
  prompts.preview_zero_shot();
  ASSERT_TRUE(zero_shot.wait(60000));
  ASSERT_NE(preview, nullptr) << "the edited templates' prototypes go to the embedding view";
  EXPECT_EQ(preview->class_names.size(), 10u);
  EXPECT_EQ(preview->prototypes.size(), 10u * static_cast<std::size_t>(preview->dimensions));
  EXPECT_TRUE(prompts.zero_shot_text().contains("% top-1 over")) << prompts.zero_shot_text().toStdString();
  // Renaming a class in prompts: the preview and the session use the new name, the data keeps its folder.
  QStringList class_lines = prompts.class_names_edit()->toPlainText().split('\n');
  ASSERT_EQ(class_lines.size(), 10);
  const QString first_id = class_lines[0].section('\t', 0, 0);
  class_lines[0] = first_id + "\tmidnight crescent";
  prompts.class_names_edit()->setPlainText(class_lines.join('\n'));
  EXPECT_TRUE(prompts.problem_text().isEmpty()) << prompts.problem_text().toStdString();
  prompts.preview_zero_shot();
  ASSERT_TRUE(zero_shot.wait(60000));
  ASSERT_NE(preview, nullptr);
  EXPECT_EQ(preview->class_names.front(), "midnight crescent");
  prompts.class_names_edit()->setPlainText("no tab here");
  EXPECT_TRUE(prompts.problem_text().contains("id<TAB>name")) << prompts.problem_text().toStdString();
  prompts.class_names_edit()->setPlainText(class_lines.join('\n'));
  ASSERT_EQ(prompts.apply(), "");
  EXPECT_TRUE(QString::fromStdString(controller.session().train.classes_file.string()).endsWith("shapes.classes.txt"));
  const QString templates_file = QString::fromStdString(controller.session().templates);
  EXPECT_TRUE(templates_file.endsWith("shapes.templates.txt")) << templates_file.toStdString();
  QFile written(templates_file);
  ASSERT_TRUE(written.open(QIODevice::ReadOnly));
  EXPECT_EQ(written.readAll(), "a photo of a {class}.\na blurry drawing of a {class}.\n");

  data_ready.clear();
  window.dataset_panel()->set_dataset(DatasetPanel::Target, demo + "/shapes");
  ASSERT_TRUE(data_ready.wait(30000));
  EXPECT_TRUE(controller.session().target.used());
  window.dataset_panel()->shots_box()->setValue(2);
  EXPECT_EQ(controller.session().shots, 2);
  EXPECT_TRUE(window.isWindowModified());
  ASSERT_TRUE(window.save_session());

  SessionConfig session = controller.session();
  session.training.epochs = 200;
  session.cache_folder = folder.filePath("cache").toStdString();
  ASSERT_TRUE(controller.set_session(session, controller.session_file()));
  QSignalSpy snapshots(&controller, &SessionController::embedding);
  QSignalSpy finished(&controller, &SessionController::finished);
  ASSERT_TRUE(controller.start());
  ASSERT_TRUE(snapshots.wait(120000));
  controller.stop();
  ASSERT_TRUE(finished.wait(60000));
  const QString prompt = window.current_prompt_file();
  ASSERT_FALSE(prompt.isEmpty());
  // The learned context as words: each CoOp context vector's nearest vocabulary tokens.
  QSignalSpy described(&prompts, &PromptEditorPanel::learned_context_shown);
  prompts.show_learned_context();
  ASSERT_TRUE(described.wait(60000));
  EXPECT_TRUE(prompts.learned_context_text().contains("nearest vocabulary tokens"))
      << prompts.learned_context_text().toStdString();
  ExportDialog dialog(prompt, window.curves_panel(), nullptr);
  dialog.prompt_path()->setText(folder.filePath("shapes.prompt.safetensors"));
  dialog.csv_check()->setChecked(false);
  dialog.report_check()->setChecked(false);
  ASSERT_TRUE(dialog.export_all()) << dialog.result_text().toStdString();
  ExportDialog reopened(folder.filePath("shapes.prompt.safetensors"), nullptr, nullptr);
  EXPECT_TRUE(reopened.loaded());
}

TEST(WindowConventions, ThemesReachThePlotAndTheShortcutsPageListsEveryShortcut) {
  QSettings().clear();
  MainWindow window;
  auto* dark = window.findChild<QAction*>("Theme_dark");
  ASSERT_NE(dark, nullptr);
  dark->trigger();
  EXPECT_TRUE(palette_is_dark());
  EXPECT_LT(window.curves_panel()->plot()->background().toImage().pixelColor(0, 0).lightness(), 128)
      << "the plot follows the theme";
  EXPECT_EQ(QSettings().value("theme").toString(), "dark");
  window.findChild<QAction*>("Theme_light")->trigger();
  EXPECT_FALSE(palette_is_dark());
  window.findChild<QAction*>("Theme_system")->trigger();

  ShortcutsDialog shortcuts(&window);
  QStringList rows;
  for (int row = 0; row < shortcuts.table()->rowCount(); ++row)
    rows << shortcuts.table()->item(row, 0)->text() + " = " + shortcuts.table()->item(row, 1)->text();
  const QString all = rows.join('\n');
  for (const char* expected : {"Start = F5", "Save Session = Ctrl+S", "Open Session = Ctrl+O", "New Session = Ctrl+N",
                               "Export Prompt = Ctrl+E", "Keyboard Shortcuts = Ctrl+/"})
    EXPECT_TRUE(all.contains(expected)) << expected << "\n" << all.toStdString();
}

TEST(RunIndex, ListsDamagedAndCutOffRunsAndDeletesOnlyRunFolders) {
  QTemporaryDir output;
  QDir(output.path()).mkpath("session/20261123-100000");
  QDir(output.path()).mkpath("session/20261123-110000");
  QDir(output.path()).mkpath("session/not-a-run");
  auto write = [&](const QString& name, const QByteArray& bytes) {
    QFile file(output.filePath(name));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(bytes);
  };
  write("session/20261123-100000/config.json", R"({"method": {"name": "coop"}})");
  write("session/20261123-100000/run.json", R"({"state": "running"})");
  // The last metric line was cut by a crash: skipped, the others count.
  write("session/20261123-100000/metrics.jsonl",
        "{\"name\": \"target/accuracy\", \"value\": 0.5, \"step\": 4}\n"
        "{\"name\": \"target/accuracy\", \"value\": 0.75, \"step\": 8}\n"
        "{\"name\": \"train/nmi_softmax/mean\", \"value\": 0.25, \"step\": 8}\n"
        "{\"name\": \"target/acc");
  write("session/20261123-110000/config.json", "{ damaged");
  const auto runs = list_runs(output.path().toStdString());
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].name, "20261123-110000") << "newest first";
  EXPECT_EQ(runs[0].state, "damaged");
  EXPECT_FALSE(runs[0].message.empty());
  EXPECT_EQ(runs[1].method, "coop");
  EXPECT_EQ(runs[1].state, "running");
  EXPECT_DOUBLE_EQ(runs[1].best_accuracy, 0.75);
  EXPECT_EQ(runs[1].accuracy_split, "target");
  EXPECT_DOUBLE_EQ(runs[1].nmi, 0.25);
  EXPECT_EQ(runs[1].steps, 8);

  EXPECT_THROW(delete_run(output.filePath("session/not-a-run").toStdString()), Error);
  EXPECT_TRUE(QFileInfo::exists(output.filePath("session/not-a-run")));
  EXPECT_THROW(write_run_notes(output.filePath("session/not-a-run").toStdString(), "x"), Error);
  delete_run(runs[1].folder);
  EXPECT_EQ(list_runs(output.path().toStdString()).size(), 1u);
}

}  // namespace
}  // namespace promptune
