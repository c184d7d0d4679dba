#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <cstdio>

#include "core/system/system_info.h"
#include "promptune/version.h"
#include "widgets/application_log.h"
#include "widgets/main_window.h"

int main(int argc, char** argv) {
  QApplication application(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Promptune"));
  QApplication::setApplicationName(QStringLiteral("Promptune"));
  QApplication::setApplicationVersion(QString::fromLatin1(promptune::kVersion));
  QGuiApplication::setDesktopFileName(QStringLiteral("io.github.promptune.Promptune"));
  promptune::ApplicationLog::install_qt_message_handler();

  QTranslator qt_translator;
  if (qt_translator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QApplication::installTranslator(&qt_translator);
  }
  QTranslator translator;
  if (translator.load(QLocale(), QStringLiteral("promptune"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
    QApplication::installTranslator(&translator);
  }

  if (QApplication::arguments().contains(QStringLiteral("--version"))) {
    std::printf("promptune %s\n", promptune::kVersion);
    return 0;
  }

  const int threads = promptune::configure_threads();
  promptune::ApplicationLog::instance().append(
      promptune::LogLevel::Info,
      QObject::tr("Promptune %1 started; LibTorch uses %2 intra-op threads").arg(promptune::kVersion).arg(threads));

  promptune::MainWindow window;
  window.show();
  return QApplication::exec();
}
