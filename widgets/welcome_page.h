#pragma once

#include <QWidget>

namespace promptune {

/// The central page shown when no session is open: what Promptune does, the workflow, and this machine's summary.
class WelcomePage : public QWidget {
  Q_OBJECT
 public:
  explicit WelcomePage(QWidget* parent = nullptr);

 signals:
  void system_information_requested();
  void demo_requested();
};

}  // namespace promptune
