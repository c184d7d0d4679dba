#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/system/cpu_allocator.h"
#include "core/system/runtime_environment.h"
#include "core/system/system_info.h"
#include "promptune/version.h"
#include "widgets/application_log.h"
#include "widgets/main_window.h"
#include "widgets/session_controller.h"

int main(int argc, char** argv) {
  promptune::restart_with_passive_openmp_waiting(argv);
  // --version and --help print and exit: they must work without a display (scripts, packaging checks).
  bool text_only = false;
  for (int i = 1; i < argc; ++i)
    for (const char* option : {"--version", "--help", "-h", "--help-all"})
      text_only = text_only || std::strcmp(argv[i], option) == 0;
  std::unique_ptr<QCoreApplication> application_owner;
  if (text_only)
    application_owner = std::make_unique<QCoreApplication>(argc, argv);
  else
    application_owner = std::make_unique<QApplication>(argc, argv);
  QCoreApplication& application = *application_owner;
  QApplication::setOrganizationName(QStringLiteral("Promptune"));
  QApplication::setApplicationName(QStringLiteral("Promptune"));
  QApplication::setApplicationVersion(QString::fromLatin1(promptune::kVersion));
  if (!text_only) QGuiApplication::setDesktopFileName(QStringLiteral("io.github.promptune.Promptune"));
  promptune::ApplicationLog::install_qt_message_handler();

  QTranslator qt_translator;
  if (qt_translator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(&qt_translator);
  }
  // The installed catalogues (share/promptune/translations beside bin/) come first, so an updated translation
  // can be dropped in without a rebuild; the ones built into the binary are the fallback.
  QTranslator translator;
  for (const QString& folder :
       {QCoreApplication::applicationDirPath() + QStringLiteral("/../share/promptune/translations"),
        QStringLiteral(":/i18n")})
    if (translator.load(QLocale(), QStringLiteral("promptune"), QStringLiteral("_"), folder)) {
      QCoreApplication::installTranslator(&translator);
      break;
    }

  QCommandLineParser parser;
  parser.setApplicationDescription(QObject::tr("Interactive prompt tuning of CLIP and masked language models"));
  parser.addHelpOption();
  const QCommandLineOption version_option(QStringLiteral("version"), QObject::tr("Print the version and exit."));
  parser.addOption(version_option);
  const QCommandLineOption start_option(QStringLiteral("start"), QObject::tr("Start training the opened session."));
  parser.addOption(start_option);
  const QCommandLineOption panel_option(
      QStringLiteral("panel"),
      QObject::tr("Bring a panel to the front: runs, method, backbone, dataset, prompts, embedding, curves, log."),
      QStringLiteral("name"));
  parser.addOption(panel_option);
  parser.addPositionalArgument(
      QStringLiteral("file"),
      QObject::tr("A session file (*.promptune.json) to open, or a prompt file (*.prompt.safetensors) to inspect."),
      QStringLiteral("[file]"));
  parser.process(application);
  if (parser.isSet(version_option)) {
    std::printf("promptune %s\n", promptune::kVersion);
    return 0;
  }

  promptune::install_caching_cpu_allocator();
  const int threads = promptune::configure_threads();
  promptune::ApplicationLog::instance().append(
      promptune::LogLevel::Info,
      QObject::tr("Promptune %1 started; LibTorch uses %2 intra-op threads").arg(promptune::kVersion).arg(threads));

  promptune::MainWindow window;
  window.show();
  for (const QString& panel : parser.values(panel_option))
    if (!window.raise_panel(panel)) std::fprintf(stderr, "promptune: no panel called %s\n", qPrintable(panel));
  const QString file = parser.positionalArguments().value(0);
  if (file.isEmpty())
    window.offer_recovery();
  else if (file.endsWith(QStringLiteral(".prompt.safetensors")))
    // After exec() starts, so that the dialog opens over a window that is already shown.
    QTimer::singleShot(0, &window, [&window, file] { window.inspect_prompt_file(file); });
  else if (window.open_session(file) && parser.isSet(start_option))
    window.session_controller()->start();
  return QApplication::exec();
}
