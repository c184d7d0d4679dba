#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QTimer>
#include <thread>

#include "promptune/version.h"
#include "widgets/application_log.h"
#include "widgets/demo_builder.h"
#include "widgets/log_panel.h"
#include "widgets/main_window.h"
#include "widgets/recent_files.h"
#include "widgets/system_info_dialog.h"

namespace promptune {
namespace {

QStringList menu_titles(const QMainWindow& window) {
  QStringList titles;
  for (QAction* action : window.menuBar()->actions()) titles << action->text();
  return titles;
}

TEST(MainWindow, ShowsMenusStatusBarAndLogPanel) {
  QSettings().clear();
  MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  EXPECT_EQ(menu_titles(window), (QStringList{"&File", "&View", "&Help"}));
  ASSERT_NE(window.log_panel(), nullptr);
  EXPECT_TRUE(window.log_panel()->isVisible());
  EXPECT_EQ(window.dockWidgetArea(window.log_panel()), Qt::BottomDockWidgetArea);
  EXPECT_TRUE(QFileInfo::exists(":/icons/promptune.svg")) << "the icon resource is registered";
  EXPECT_FALSE(window.windowIcon().isNull());
}

TEST(MainWindow, HelpMenuAndWelcomePageOfferTheDemoWorkspace) {
  QSettings().clear();
  MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  EXPECT_NE(window.findChild<QAction*>("CreateDemoAction"), nullptr);
  EXPECT_NE(window.findChild<QPushButton*>("CreateDemoButton"), nullptr);

  QTemporaryDir folder;
  const QString demo = folder.filePath("demo");
  QSignalSpy finished(window.demo_builder(), &DemoBuilder::finished);
  QSignalSpy progress(window.demo_builder(), &DemoBuilder::progress);
  window.create_demo_workspace(demo, true);  // the seconds-sized workspace
  EXPECT_NE(window.findChild<QProgressDialog*>("DemoProgressDialog"), nullptr);
  ASSERT_TRUE(finished.wait(180000));
  EXPECT_GT(progress.count(), 10);
  EXPECT_TRUE(QFileInfo::exists(demo + "/sessions/coop.promptune.json"));
  QTest::qWait(50);
  EXPECT_EQ(window.findChild<QProgressDialog*>("DemoProgressDialog"), nullptr) << "closed when done";
  bool logged = false;
  for (const auto& entry : ApplicationLog::instance().entries())
    logged = logged || entry.text.contains("Demo workspace created in");
  EXPECT_TRUE(logged);

  window.create_demo_workspace(demo, true);  // already there: said, not rebuilt
  EXPECT_FALSE(window.demo_builder()->running());
}

TEST(MainWindow, DockStateIsSavedAndRestored) {
  QSettings().clear();
  {
    MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.log_panel()->hide();
    window.close();
  }
  MainWindow reopened;
  reopened.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&reopened));
  EXPECT_FALSE(reopened.log_panel()->isVisible());
  reopened.reset_layout();
  EXPECT_TRUE(reopened.log_panel()->isVisible());
}

TEST(MainWindow, LayoutOfAnotherVersionIsIgnored) {
  QSettings().clear();
  {
    MainWindow window;
    window.show();
    window.log_panel()->hide();
    window.close();
  }
  QSettings().setValue("MainWindow/layoutVersion", MainWindow::kLayoutVersion - 1);
  MainWindow reopened;
  reopened.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&reopened));
  EXPECT_TRUE(reopened.log_panel()->isVisible());
}

TEST(MainWindow, PanelToggleShortcutHidesAndShowsTheLog) {
  QSettings().clear();
  MainWindow window;
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  QAction* toggle = window.log_panel()->toggleViewAction();
  EXPECT_EQ(toggle->shortcut(), QKeySequence("Ctrl+Shift+L"));
  toggle->trigger();
  EXPECT_FALSE(window.log_panel()->isVisible());
  toggle->trigger();
  EXPECT_TRUE(window.log_panel()->isVisible());
}

TEST(LogPanel, ShowsEntriesAtOrAboveTheChosenLevel) {
  ApplicationLog::instance().clear();
  LogPanel panel;
  ApplicationLog::instance().append(LogLevel::Debug, "a debug line");
  ApplicationLog::instance().append(LogLevel::Warning, "a warning line");
  EXPECT_FALSE(panel.visible_text().contains("a debug line"));
  EXPECT_TRUE(panel.visible_text().contains("a warning line"));
  panel.set_minimum_level(static_cast<int>(LogLevel::Debug));
  EXPECT_TRUE(panel.visible_text().contains("a debug line"));
  panel.set_minimum_level(static_cast<int>(LogLevel::Error));
  EXPECT_FALSE(panel.visible_text().contains("a warning line"));
}

TEST(LogPanel, EntriesFromWorkerThreadsArriveOnTheUiThread) {
  ApplicationLog::instance().clear();
  QSignalSpy spy(&ApplicationLog::instance(), &ApplicationLog::entry_added);
  std::thread worker([] { ApplicationLog::instance().append(LogLevel::Info, "from a worker"); });
  worker.join();
  ASSERT_TRUE(spy.wait(2000));
  EXPECT_EQ(ApplicationLog::instance().entries().back().text, "from a worker");
}

TEST(RecentFiles, NewestFirstWithoutDuplicatesAndBounded) {
  QSettings().clear();
  RecentFiles recent("testRecent");
  QSignalSpy changed(&recent, &RecentFiles::changed);
  for (int index = 0; index < RecentFiles::kMaximumFiles + 3; ++index) recent.add(QString("/tmp/s%1.json").arg(index));
  recent.add("/tmp/s5.json");
  const QStringList files = recent.files();
  EXPECT_EQ(files.size(), RecentFiles::kMaximumFiles);
  EXPECT_EQ(files.front(), "/tmp/s5.json");
  EXPECT_EQ(files.count("/tmp/s5.json"), 1);
  EXPECT_EQ(changed.count(), RecentFiles::kMaximumFiles + 4);

  QTemporaryFile existing;
  ASSERT_TRUE(existing.open());
  recent.add(existing.fileName());
  QMenu menu;
  recent.fill_menu(&menu);
  QSignalSpy chosen(&recent, &RecentFiles::file_chosen);
  QAction* first = menu.actions().front();
  EXPECT_TRUE(first->isEnabled());
  first->trigger();
  ASSERT_EQ(chosen.count(), 1);
  EXPECT_EQ(chosen.front().front().toString(), QFileInfo(existing.fileName()).absoluteFilePath());
  EXPECT_FALSE(menu.actions().at(1)->isEnabled());  // /tmp/s5.json does not exist
  recent.clear();
  EXPECT_TRUE(recent.files().isEmpty());
}

TEST(SystemInfoDialog, ShowsTheSystemReportAndMeasuresOnAWorker) {
  SystemInfoDialog dialog(SystemInfoDialog::Page::System);
  dialog.show();
  EXPECT_TRUE(dialog.report().contains("Intra-op threads:"));
  EXPECT_TRUE(dialog.report().contains(QString("Qt: ") + qVersion()));
  QSignalSpy finished(&dialog, &SystemInfoDialog::measurement_finished);
  auto* measure = dialog.findChild<QPushButton*>();
  ASSERT_NE(measure, nullptr);
  measure->click();
  ASSERT_TRUE(finished.wait(20000));
  EXPECT_TRUE(dialog.report().contains("GFLOP/s"));
}

TEST(MainWindow, AboutDialogOpensFromTheHelpMenuAndCloses) {
  QSettings().clear();
  MainWindow window;
  window.show();
  bool seen = false;
  bool shows_version = false;
  QTimer::singleShot(200, [&seen, &shows_version] {
    for (QWidget* widget : QApplication::topLevelWidgets()) {
      if (widget->objectName() == "SystemInfoDialog" && widget->isVisible()) {
        seen = true;
        for (const QLabel* label : widget->findChildren<QLabel*>())
          shows_version = shows_version || label->text().contains(QString::fromLatin1(kVersion));
        static_cast<QDialog*>(widget)->reject();
      }
    }
  });
  window.show_about();
  EXPECT_TRUE(seen);
  EXPECT_TRUE(shows_version) << "About names the version from project()";
}

}  // namespace
}  // namespace promptune
