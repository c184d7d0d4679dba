// Build-time tool: renders the application's SVG icon into the PNG sizes of the freedesktop hicolor theme, so
// the package ships exactly the icon the window shows and no generated image is kept in the repository.
// usage: promptune_render_icon ICON.svg OUTPUT_DIR SIZE... (writes OUTPUT_DIR/SIZExSIZE/io.github...png)
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ICON.svg OUTPUT_DIR SIZE...\n", argv[0]);
    return 2;
  }
  // No display is needed to draw into an image; the offscreen platform keeps the build headless.
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication application(argc, argv);
  QSvgRenderer renderer(QString::fromLocal8Bit(argv[1]));
  if (!renderer.isValid()) {
    std::fprintf(stderr, "%s: cannot read the SVG icon %s\n", argv[0], argv[1]);
    return 1;
  }
  const QDir output(QString::fromLocal8Bit(argv[2]));
  for (int i = 3; i < argc; ++i) {
    const int size = std::atoi(argv[i]);
    if (size <= 0 || size > 4096) {
      std::fprintf(stderr, "%s: %s is not an icon size in pixels\n", argv[0], argv[i]);
      return 2;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    const QString folder = QStringLiteral("%1x%1/apps").arg(size);
    const QString file = output.filePath(folder + QStringLiteral("/io.github.promptune.Promptune.png"));
    if (!output.mkpath(folder) || !image.save(file, "PNG")) {
      std::fprintf(stderr, "%s: cannot write %s\n", argv[0], qPrintable(file));
      return 1;
    }
  }
  return 0;
}
