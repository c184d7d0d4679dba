// Editing a session as a user does: the method form generated from the option schema, edits checked inline by
// the engine's validation, the "*" of unsaved edits, Save / Save As, and recovery of edits a crash left behind.

#include <gtest/gtest.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "core/train/run_index.h"
#include "core/train/session_config.h"
#include "core/util/error.h"
#include "widgets/main_window.h"
#include "widgets/method_panel.h"
#include "widgets/session_controller.h"
#include "widgets/session_recovery.h"

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
