// The run workflow as a user drives it: a demo session opened, Start, live curves, Pause (checkpoint), Resume,
// Stop, a second run to the end; and the pieces on their own: the buttons of every state, the smoothing, the
// coalesced redraws and the exports.

#include <gtest/gtest.h>

#include <qcustomplot.h>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QTreeWidget>
#include <cmath>

#include "core/demo/demo_workspace.h"
#include "core/export/prompt_file.h"
#include "tests/support/tiny_session.h"
#include "widgets/curves_panel.h"
#include "widgets/embedding_panel.h"
#include "widgets/embedding_viewer.h"
#include "widgets/export_dialog.h"
#include "widgets/main_window.h"
#include "widgets/prompt_editor_panel.h"
#include "widgets/run_controls_panel.h"
#include "widgets/runs_panel.h"
#include "widgets/session_controller.h"

namespace promptune {
namespace {

using State = SessionController::State;

bool wait_for_state(SessionController& controller, State wanted, int milliseconds) {
  QElapsedTimer clock;
  clock.start();
  while (controller.state() != wanted && clock.elapsed() < milliseconds) QTest::qWait(20);
  return controller.state() == wanted;
}

TEST(SessionControls, DemoSessionStartsPausesResumesStopsAndFinishes) {
  QSettings().clear();
  QTemporaryDir folder;
  DemoOptions reduced;
  reduced.reduced = true;
  create_demo_workspace(folder.filePath("demo").toStdString(), reduced);

  MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  auto& controller = *window.session_controller();
  auto& controls = *window.run_controls();
  EXPECT_EQ(controller.state(), State::NoSession);
  EXPECT_FALSE(controls.start_button()->isEnabled());

  window.create_demo_workspace(folder.filePath("demo"), true);  // exists: opens its CoOp session
  ASSERT_EQ(controller.state(), State::Ready);
  EXPECT_TRUE(window.windowTitle().startsWith("demo-coop"));
  EXPECT_TRUE(controls.start_button()->isEnabled());
  EXPECT_FALSE(controls.pause_button()->isEnabled());

  // Long enough to pause in the middle; the feature cache stays in the test's folder.
  SessionConfig session = controller.session();
  session.training.epochs = 400;
  session.cache_folder = folder.filePath("cache").toStdString();
  ASSERT_TRUE(controller.set_session(session, controller.session_file()));

  QSignalSpy metrics(&controller, &SessionController::metric);
  QSignalSpy snapshots(&controller, &SessionController::embedding);
  QTest::mouseClick(controls.start_button(), Qt::LeftButton);
  EXPECT_EQ(controller.state(), State::Running);
  EXPECT_FALSE(controls.start_button()->isEnabled());
  EXPECT_TRUE(controls.pause_button()->isEnabled());
  ASSERT_TRUE(metrics.wait(60000));
  QElapsedTimer clock;
  clock.start();
  while (window.curves_panel()->raw_values("train/loss").size() < 5 && clock.elapsed() < 60000) QTest::qWait(20);
  ASSERT_GE(window.curves_panel()->raw_values("train/loss").size(), 5);
  EXPECT_TRUE(window.curves_panel()->series_visible("train/loss"));
  EXPECT_TRUE(controls.progress_text().contains("epoch")) << controls.progress_text().toStdString();

  QTest::mouseClick(controls.pause_button(), Qt::LeftButton);
  EXPECT_EQ(controller.state(), State::Pausing);
  EXPECT_FALSE(controls.pause_button()->isEnabled());
  ASSERT_TRUE(wait_for_state(controller, State::Paused, 60000));
  EXPECT_TRUE(controls.resume_button()->isEnabled());
  const QString run_folder = controller.run_folder();
  EXPECT_FALSE(QDir(run_folder + "/checkpoints").entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty())
      << "Pause writes a checkpoint";
  const auto points_before_resume = window.curves_panel()->raw_values("train/loss").size();

  QTest::mouseClick(controls.resume_button(), Qt::LeftButton);
  EXPECT_EQ(controller.state(), State::Running);
  clock.restart();
  while (window.curves_panel()->raw_values("train/loss").size() <= points_before_resume + 2 && clock.elapsed() < 60000)
    QTest::qWait(20);
  EXPECT_GT(window.curves_panel()->raw_values("train/loss").size(), points_before_resume + 2)
      << "the resumed run continues the same curves";
  // While it trains, the learned context reads as words from the newest checkpoint.
  QSignalSpy described(window.prompt_panel(), &PromptEditorPanel::learned_context_shown);
  window.prompt_panel()->show_learned_context();
  ASSERT_TRUE(described.wait(60000));
  EXPECT_TRUE(window.prompt_panel()->learned_context_text().startsWith("checkpoint: step-"))
      << window.prompt_panel()->learned_context_text().toStdString();
  EXPECT_TRUE(window.prompt_panel()->learned_context_text().contains("ctx[0]:"));
  QSignalSpy finished(&controller, &SessionController::finished);
  QTest::mouseClick(controls.stop_button(), Qt::LeftButton);
  ASSERT_TRUE(wait_for_state(controller, State::Finished, 60000));
  EXPECT_EQ(controller.run_folder(), run_folder) << "resumed in the same run folder";
  ASSERT_EQ(finished.count(), 1);
  EXPECT_TRUE(controller.last_result().cancelled);
  EXPECT_TRUE(QFileInfo::exists(QString::fromStdString(controller.last_result().prompt_file.string())));
  EXPECT_FALSE(controls.stop_button()->isEnabled());
  EXPECT_TRUE(controls.start_button()->isEnabled());
  EXPECT_LT(window.curves_panel()->redraw_count(), metrics.count()) << "redraws are coalesced";

  // A short run to its end: the curves start afresh.
  session.training.epochs = 2;
  ASSERT_TRUE(controller.set_session(session, controller.session_file()));
  QTest::mouseClick(controls.start_button(), Qt::LeftButton);
  ASSERT_TRUE(wait_for_state(controller, State::Finished, 60000));
  EXPECT_FALSE(controller.last_result().cancelled);
  EXPECT_NE(controller.run_folder(), run_folder);
  EXPECT_LE(window.curves_panel()->raw_values("train/loss").size(), 4);
  EXPECT_GE(snapshots.count(), 1) << "the embedding view gets snapshots";
  EXPECT_GT(window.embedding_panel()->viewer()->scene().points().size(), 0u) << "and shows them";

  // Export: the finished run's prompt file, its metrics and a report; then the exported prompt reopens.
  const QString prompt = window.current_prompt_file();
  ASSERT_FALSE(prompt.isEmpty());
  {
    ExportDialog dialog(prompt, window.curves_panel(), window.embedding_panel()->viewer());
    ASSERT_TRUE(dialog.loaded());
    EXPECT_GT(dialog.metadata_view()->topLevelItemCount(), 1);
    EXPECT_FALSE(dialog.peft_check()->isEnabled()) << "CoOp has no PEFT form";
    EXPECT_TRUE(dialog.csv_check()->isChecked());
    dialog.prompt_path()->setText(folder.filePath("out/coop.prompt.safetensors"));
    dialog.csv_path()->setText(folder.filePath("out/metrics.csv"));
    dialog.report_path()->setText(folder.filePath("out/report.png"));
    QDir().mkpath(folder.filePath("out"));
    ASSERT_TRUE(dialog.export_all()) << dialog.result_text().toStdString();
    for (const char* name : {"out/coop.prompt.safetensors", "out/metrics.csv", "out/report.png"})
      EXPECT_TRUE(QFileInfo(folder.filePath(name)).size() > 0) << name;
    EXPECT_FALSE(QImage(folder.filePath("out/report.png")).isNull());
  }
  {
    ExportDialog reopened(folder.filePath("out/coop.prompt.safetensors"), nullptr, nullptr);
    EXPECT_TRUE(reopened.loaded());
    const auto items = reopened.metadata_view()->findItems("coop", Qt::MatchExactly | Qt::MatchRecursive, 1);
    EXPECT_FALSE(items.isEmpty()) << "the method is in the metadata shown";
    ExportDialog broken(folder.filePath("out/metrics.csv"), nullptr, nullptr);
    EXPECT_FALSE(broken.loaded());
    EXPECT_FALSE(broken.export_all());
    // What `promptune FILE.prompt.safetensors` (the file manager's "open with") shows.
    bool inspected = false;
    QTimer::singleShot(200, [&inspected] {
      for (QWidget* widget : QApplication::topLevelWidgets())
        if (auto* shown = qobject_cast<ExportDialog*>(widget); shown && shown->isVisible()) {
          inspected = shown->loaded() && shown->windowTitle() == "Prompt File";
          shown->reject();
        }
    });
    window.inspect_prompt_file(folder.filePath("out/coop.prompt.safetensors"));
    EXPECT_TRUE(inspected);
  }

  // The runs table lists both runs from their folders; notes are kept in the run folder.
  auto& runs = *window.runs_panel();
  runs.refresh();
  ASSERT_EQ(runs.table()->rowCount(), 2);
  int stopped_row = -1;
  for (int row = 0; row < 2; ++row) {
    EXPECT_EQ(runs.table()->item(row, RunsPanel::Method)->text(), "coop");
    EXPECT_FALSE(runs.table()->item(row, RunsPanel::BestAccuracy)->text().isEmpty());
    if (runs.folder(row) == run_folder) stopped_row = row;
  }
  ASSERT_GE(stopped_row, 0);
  EXPECT_EQ(runs.table()->item(stopped_row, RunsPanel::Status)->text(), "cancelled");
  runs.table()->item(stopped_row, RunsPanel::Notes)->setText("lr too high?");
  EXPECT_TRUE(QFileInfo::exists(run_folder + "/notes.txt"));
  runs.refresh();
  for (int row = 0; row < 2; ++row) {
    if (runs.folder(row) == run_folder) {
      EXPECT_EQ(runs.table()->item(row, RunsPanel::Notes)->text(), "lr too high?");
    }
  }

  // Pin the stopped run as the baseline: its curves stay over the current ones.
  ASSERT_TRUE(window.overlay_run(run_folder, true));
  EXPECT_EQ(window.curves_panel()->baseline_label(),
            QFileInfo(run_folder).dir().dirName() + "/" + QFileInfo(run_folder).fileName());

  // Reopen the stopped run: its curves come back and it can be resumed.
  ASSERT_TRUE(window.reopen_run(run_folder));
  EXPECT_EQ(controller.state(), State::Paused);
  EXPECT_GT(window.curves_panel()->raw_values("train/loss").size(), points_before_resume);
  EXPECT_TRUE(controls.resume_button()->isEnabled());
  // Run again: the run's settings become a new unsaved session.
  ASSERT_TRUE(window.clone_run(run_folder));
  EXPECT_EQ(controller.state(), State::Ready);
  EXPECT_TRUE(controller.modified());
  EXPECT_TRUE(controller.session_file().isEmpty());
  EXPECT_EQ(controller.session().training.epochs, 400);
  // Delete (confirmed as the dialog would): the folder goes, the table follows.
  for (int row = 0; row < runs.table()->rowCount(); ++row)
    if (runs.folder(row) == run_folder) runs.table()->selectRow(row);
  runs.delete_selected(true);
  EXPECT_FALSE(QFileInfo::exists(run_folder));
  EXPECT_EQ(runs.table()->rowCount(), 1);
}

TEST(SessionControls, ButtonsFollowTheStateAndRequestsOutOfTurnAreIgnored) {
  SessionController controller;
  RunControlsPanel controls(&controller);
  EXPECT_FALSE(controller.start());
  controller.pause();
  controller.resume();
  controller.stop();
  EXPECT_EQ(controller.state(), State::NoSession);
  for (auto* button :
       {controls.start_button(), controls.pause_button(), controls.resume_button(), controls.stop_button()})
    EXPECT_FALSE(button->isEnabled());
  EXPECT_EQ(controls.start_button()->shortcut(), QKeySequence(Qt::Key_F5));

  QTemporaryDir folder;
  const QString missing = folder.filePath("missing.promptune.json");
  EXPECT_TRUE(controller.open_session(missing).contains("missing.promptune.json"));
  QFile broken(folder.filePath("broken.promptune.json"));
  ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
  broken.write(
      R"({"format": "promptune-session", "backbone": {"path": "clip"}, "method": {"name": "no_such_method"}})");
  broken.close();
  const QString error = controller.open_session(broken.fileName());
  EXPECT_TRUE(error.contains("broken.promptune.json: data: is required")) << error.toStdString();
  EXPECT_EQ(controller.state(), State::NoSession) << "a failed open keeps what was open";
}

TEST(CurvesPanel, SmoothsWithDebiasedEmaAndExports) {
  const QVector<double> values = {1.0, 0.0, 1.0, 0.0};
  const auto smoothed = debiased_ema(values, 0.5);
  ASSERT_EQ(smoothed.size(), 4);
  EXPECT_DOUBLE_EQ(smoothed[0], 1.0) << "debiased: the first point is itself";
  EXPECT_NEAR(smoothed[1], 0.25 / 0.75, 1e-12);
  EXPECT_NEAR(smoothed[2], 0.625 / 0.875, 1e-12);
  EXPECT_EQ(debiased_ema(values, 0.0), values);

  CurvesPanel panel;
  panel.resize(800, 500);
  panel.show();
  for (int step = 1; step <= 2000; ++step) {
    panel.add_point("train/loss", step, 1.0 / step);
    panel.add_point("validation/accuracy", step, 0.5);
    panel.add_point("validation/accuracy/red circle", step, 0.4);
  }
  QTest::qWait(120);
  EXPECT_LE(panel.redraw_count(), 3) << "6000 points, a few redraws";
  EXPECT_EQ(panel.series_names(), (QStringList{"train/loss", "validation/accuracy", "validation/accuracy/red circle"}));
  EXPECT_FALSE(panel.series_visible("validation/accuracy/red circle")) << "per-class series on demand";
  panel.set_series_visible("validation/accuracy/red circle", true);
  EXPECT_TRUE(panel.series_visible("validation/accuracy/red circle"));
  panel.set_smoothing(0.9);
  EXPECT_NEAR(panel.smoothed_values("train/loss")[1], (0.09 * 1.0 + 0.1 * 0.5) / (1 - 0.81), 1e-12);

  QTemporaryDir folder;
  ASSERT_TRUE(panel.export_csv(folder.filePath("curves.csv")));
  QFile csv(folder.filePath("curves.csv"));
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
  EXPECT_EQ(lines.size(), 1 + 6000);
  EXPECT_EQ(lines.front(), "series,step,value,smoothed");
  EXPECT_EQ(lines.at(1), "train/loss,1,1,1");
  ASSERT_TRUE(panel.export_png(folder.filePath("curves.png")));
  EXPECT_GT(QFileInfo(folder.filePath("curves.png")).size(), 1000);
  ASSERT_TRUE(panel.export_svg(folder.filePath("curves.svg")));
  QFile svg(folder.filePath("curves.svg"));
  ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
  const QByteArray vector = svg.readAll();
  EXPECT_TRUE(vector.contains("<svg")) << "a vector image";
  EXPECT_TRUE(vector.contains("<path") || vector.contains("<polyline")) << "with the curves drawn as paths";
  EXPECT_FALSE(panel.export_svg(folder.filePath("no-such-folder/curves.svg"))) << "a failed write is reported";
  ASSERT_TRUE(panel.export_pdf(folder.filePath("curves.pdf")));
  QFile pdf(folder.filePath("curves.pdf"));
  ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
  EXPECT_TRUE(pdf.readAll().startsWith("%PDF")) << "written through QSaveFile, no .partial left";
  EXPECT_FALSE(QFileInfo::exists(folder.filePath("curves.pdf.partial")));
  panel.clear();
  EXPECT_TRUE(panel.series_names().isEmpty());
}

TEST(CurvesPanel, MovingAverageAndOverlaidRunsWithAPinnedBaseline) {
  const QVector<double> values{1, 2, 3, 4, std::nan(""), 6};
  const auto averaged = moving_average(values, 2);
  EXPECT_DOUBLE_EQ(averaged[0], 1.0);
  EXPECT_DOUBLE_EQ(averaged[1], 1.5);
  EXPECT_DOUBLE_EQ(averaged[3], 3.5);
  EXPECT_TRUE(std::isnan(averaged[4])) << "a NaN stays a gap";
  EXPECT_DOUBLE_EQ(averaged[5], 5.0) << "the window skips the gap";
  EXPECT_EQ(moving_average_window(0.9), 10);
  EXPECT_EQ(moving_average_window(0.0), 1);

  CurvesPanel curves;
  curves.set_smoothing(0.5);  // window 2
  curves.set_smoothing_mode(CurvesPanel::SmoothingMode::MovingAverage);
  for (int step = 1; step <= 4; ++step) curves.add_point("train/loss", step, step);
  EXPECT_DOUBLE_EQ(curves.smoothed_values("train/loss")[3], 3.5);

  CurvesPanel::SeriesData earlier;
  earlier["train/loss"] = {{1, 2, 3}, {3, 2, 1}};
  earlier["validation/accuracy/cat"] = {{3}, {0.5}};  // per-class: hidden, as in the current run
  curves.add_overlay("coop/run-1", earlier, false);
  curves.add_overlay("coop/run-0", earlier, true);
  QTest::qWait(80);
  EXPECT_EQ(curves.overlay_labels(), QStringList({"coop/run-1", "coop/run-0"}));
  EXPECT_EQ(curves.baseline_label(), "coop/run-0");
  EXPECT_EQ(curves.visible_overlay_graphs(), 2) << "train/loss of each overlaid run";
  curves.set_series_visible("train/loss", false);
  QTest::qWait(80);
  EXPECT_EQ(curves.visible_overlay_graphs(), 0) << "overlays follow the metrics the user shows";
  curves.set_series_visible("train/loss", true);
  curves.clear();  // a new run starts: the overlays stay
  curves.add_point("train/loss", 1, 1.0);
  QTest::qWait(80);
  EXPECT_EQ(curves.visible_overlay_graphs(), 2);
  curves.add_overlay("coop/run-2", earlier, true);  // a new baseline replaces the old one
  EXPECT_EQ(curves.baseline_label(), "coop/run-2");
  EXPECT_EQ(curves.overlay_labels().size(), 2);
  curves.clear_overlays();
  EXPECT_TRUE(curves.overlay_labels().isEmpty());

  // Against epochs: 5 steps per epoch, as the evaluation at the end of epoch 2 (step 10) tells.
  curves.clear();
  for (int step = 1; step <= 10; ++step) curves.add_point("train/loss", step, 1.0 / step, (step - 1) / 5 + 1);
  curves.add_point("validation/accuracy", 10, 0.5, 2);
  EXPECT_DOUBLE_EQ(curves.steps_per_epoch(), 5.0);
  EXPECT_EQ(curves.plotted_x("train/loss").back(), 10.0);
  curves.set_x_axis(CurvesPanel::XAxis::Epoch);
  EXPECT_DOUBLE_EQ(curves.plotted_x("train/loss")[4], 1.0);
  EXPECT_DOUBLE_EQ(curves.plotted_x("validation/accuracy").front(), 2.0);
  EXPECT_EQ(curves.plot()->xAxis->label(), "epoch");
}

TEST(SessionControls, PanelsSpeakSimplifiedChinese) {
  QTranslator translator;
  ASSERT_TRUE(translator.load(QStringLiteral(":/i18n/promptune_zh_CN.qm")));
  QCoreApplication::installTranslator(&translator);
  SessionController controller;
  RunControlsPanel controls(&controller);
  CurvesPanel curves;
  RunsPanel runs(&controller);
  EmbeddingPanel embedding;
  QCoreApplication::removeTranslator(&translator);
  EXPECT_EQ(controls.start_button()->text(), QString::fromUtf8("开始(&S)"));
  EXPECT_EQ(controls.windowTitle(), QString::fromUtf8("运行"));
  EXPECT_EQ(curves.windowTitle(), QString::fromUtf8("曲线"));
  EXPECT_EQ(runs.table()->horizontalHeaderItem(RunsPanel::BestAccuracy)->text(), QString::fromUtf8("最佳准确率"));
  EXPECT_EQ(embedding.windowTitle(), QString::fromUtf8("嵌入"));
}

TEST(SessionControls, AFailedRunSaysWhyAndTheWindowStaysUsable) {
  testing::TinyWorkspace workspace;
  // A backbone whose weights file was cut short (a copy interrupted, a disk that filled up).
  const auto damaged = workspace.folder() / "damaged-clip";
  std::filesystem::copy(workspace.folder() / "clip", damaged, std::filesystem::copy_options::recursive);
  std::filesystem::resize_file(damaged / "model.safetensors", 1000);
  auto document = workspace.session("coop", {{"n_ctx", 4}}, {{"epochs", 2}});
  document["backbone"]["path"] = damaged.string();

  SessionController controller;
  RunControlsPanel controls(&controller);
  ASSERT_TRUE(controller.set_session(SessionConfig::from_json(document), QString()));
  ASSERT_TRUE(controller.start());
  ASSERT_TRUE(wait_for_state(controller, State::Failed, 60000)) << static_cast<int>(controller.state());
  EXPECT_TRUE(controller.last_error().contains("model.safetensors")) << controller.last_error().toStdString();
  EXPECT_TRUE(controller.last_error().contains("truncated file?")) << controller.last_error().toStdString();
  EXPECT_TRUE(controls.start_button()->isEnabled()) << "the user can fix the session and start again";
  EXPECT_FALSE(controls.resume_button()->isEnabled()) << "it failed before any checkpoint: nothing to resume";

  document["backbone"]["path"] = (workspace.folder() / "clip").string();
  ASSERT_TRUE(controller.set_session(SessionConfig::from_json(document), QString()));
  ASSERT_TRUE(controller.start());
  EXPECT_TRUE(wait_for_state(controller, State::Finished, 120000)) << controller.last_error().toStdString();
}
TEST(SessionControls, AFailedRunWithACheckpointResumesOnceTheCauseIsFixed) {
  // VPT reads its training images at every step; they vanish once training has begun (a disk unmounted, a folder
  // moved): the run stops with a checkpoint and says to put them back and resume. 400 steps leave the UI thread,
  // which moves the folder when it hears of step 1, a wide margin on a loaded machine (here it stopped near 20).
  testing::TinyWorkspace workspace;
  const auto images = workspace.folder() / "vanishing", moved = workspace.folder() / "vanishing-moved";
  std::filesystem::copy(workspace.folder() / "train", images, std::filesystem::copy_options::recursive);
  auto document =
      workspace.session("vpt_shallow", {{"n_tokens", 4}},
                        {{"optimizer", "sgd"}, {"learning_rate", 0.01}, {"epochs", 100}, {"batch_size", 16}});
  document["data"]["train"]["path"] = images.string();

  SessionController controller;
  RunControlsPanel controls(&controller);
  bool vanished = false;  // once: the resumed run must find them
  QObject::connect(&controller, &SessionController::progress, [&](const ProgressEvent& event) {
    if (event.phase == "training" && event.done >= 1 && !vanished) {
      std::filesystem::rename(images, moved);
      vanished = true;
    }
  });
  ASSERT_TRUE(controller.set_session(SessionConfig::from_json(document), QString()));
  ASSERT_TRUE(controller.start());
  ASSERT_TRUE(wait_for_state(controller, State::Failed, 60000))
      << "the run should stop when its images vanish; state " << static_cast<int>(controller.state());
  EXPECT_TRUE(controller.last_error().contains("put the files back and resume"))
      << controller.last_error().toStdString();
  const QString run_folder = controller.run_folder();
  ASSERT_FALSE(run_folder.isEmpty()) << "the failed run's folder is known, to resume it";
  EXPECT_TRUE(controls.resume_button()->isEnabled());
  EXPECT_TRUE(controls.resume_button()->toolTip().contains("failed run"))
      << controls.resume_button()->toolTip().toStdString();
  EXPECT_TRUE(controls.start_button()->isEnabled());

  // Reopened from the Runs panel in another window, the failed run offers Resume too.
  {
    SessionController other;
    RunControlsPanel other_controls(&other);
    ASSERT_TRUE(other.reopen_run(run_folder).isEmpty());
    EXPECT_EQ(other.state(), State::Failed);
    EXPECT_TRUE(other_controls.resume_button()->isEnabled());
  }

  // Resumed before the files are back: it fails again, saying so, and can still be resumed.
  controls.resume_button()->click();
  ASSERT_TRUE(wait_for_state(controller, State::Failed, 60000)) << static_cast<int>(controller.state());
  EXPECT_TRUE(controller.last_error().contains("vanishing")) << controller.last_error().toStdString();
  EXPECT_TRUE(controls.resume_button()->isEnabled());

  std::filesystem::rename(moved, images);
  controls.resume_button()->click();
  ASSERT_TRUE(wait_for_state(controller, State::Finished, 120000)) << controller.last_error().toStdString();
  EXPECT_EQ(controller.run_folder(), run_folder) << "the same run continued";
  EXPECT_EQ(load_prompt_file(controller.last_result().prompt_file).metadata["steps"], 400);
  EXPECT_FALSE(controls.resume_button()->isEnabled());
}

}  // namespace
}  // namespace promptune
