#include "widgets/welcome_page.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/system/system_info.h"
#include "promptune/version.h"

namespace promptune {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
  setObjectName("WelcomePage");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(32, 24, 32, 24);

  auto* title = new QLabel(tr("<h1>Promptune %1</h1>").arg(QString::fromLatin1(kVersion)), this);
  auto* text = new QLabel(this);
  text->setWordWrap(true);
  text->setTextFormat(Qt::RichText);
  text->setText(
      tr("<p>Adapt CLIP-like vision-language models and masked language models to your own data by "
         "tuning their prompts.</p>"
         "<ol><li>Load a <b>backbone</b>: a CLIP model (Hugging Face or OpenAI layout) or a BERT/RoBERTa "
         "masked language model.</li>"
         "<li>Load a <b>dataset</b>: labeled, few-shot, or unlabeled target data.</li>"
         "<li>Pick a <b>prompt method</b> and start training; it runs in the background.</li>"
         "<li>Watch loss, accuracy and NMI curves and the embedding of class prototypes.</li>"
         "<li><b>Export</b> the tuned prompt file and load it back to predict.</li></ol>"));

  const SystemInfo info = collect_system_info();
  const QString device = info.cuda_devices.empty() ? tr("CPU (%1 threads)").arg(info.intra_op_threads)
                                                   : tr("%1 CUDA device(s), first: %2")
                                                         .arg(info.cuda_devices.size())
                                                         .arg(QString::fromStdString(info.cuda_devices.front().name));
  auto* machine = new QLabel(
      tr("<p><b>This machine:</b> %1 · BLAS: %2 · LibTorch %3</p>")
          .arg(device, QString::fromStdString(info.blas_description), QString::fromStdString(info.libtorch_version)),
      this);
  machine->setWordWrap(true);
  auto* system_button = new QPushButton(tr("System &information..."), this);
  system_button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
  connect(system_button, &QPushButton::clicked, this, &WelcomePage::system_information_requested);

  auto* demo_button = new QPushButton(tr("Create the &demo workspace"), this);
  demo_button->setObjectName("CreateDemoButton");
  demo_button->setToolTip(
      tr("New here? Rendered images, a tiny CLIP and BERT pre-trained on this machine, and "
         "ready sessions for every method family (about 3 minutes)"));
  demo_button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
  connect(demo_button, &QPushButton::clicked, this, &WelcomePage::demo_requested);

  layout->addWidget(title);
  layout->addWidget(text);
  layout->addWidget(machine);
  layout->addWidget(demo_button);
  layout->addWidget(system_button);
  layout->addStretch();
}

}  // namespace promptune
