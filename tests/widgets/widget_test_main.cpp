#include <gtest/gtest.h>

#include <QApplication>
#include <QTemporaryDir>
#include <cstdlib>

// Widget tests run with a QApplication on the offscreen platform (no OpenGL shown) and their own settings folder,
// so they neither read nor overwrite the user's saved layout or unsaved-edit recovery.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  QTemporaryDir settings_home;
  setenv("XDG_CONFIG_HOME", settings_home.path().toLocal8Bit().constData(), 1);
  setenv("XDG_DATA_HOME", settings_home.path().toLocal8Bit().constData(), 1);  // session recovery files
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("PromptuneTests"));
  QApplication::setApplicationName(QStringLiteral("PromptuneTests"));
  return RUN_ALL_TESTS();
}
