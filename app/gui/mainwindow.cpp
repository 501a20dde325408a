#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QStyle>
#include <QIcon>
#include <QPalette>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include "agentsview.h"
#include "analysisview.h"
#include "finetuneview.h"
#include "modelloader.h"
#include "paths.h"
#include "sharelens/model.h"

namespace sharelens::app {

void applyTheme(bool dark) {
    QApplication::setStyle(QStringLiteral("Fusion"));
    if (!dark) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), accent(42, 130, 218);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 120, 120));
    QApplication::setPalette(p);
}

namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentModels";
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_loader(new ModelLoader(this)) {
    setWindowTitle(tr("ShareLens"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/dev.sharelens.ShareLens.svg")));
    setAcceptDrops(true);
    buildUi();
    buildMenus();
    updateRecent();

    connect(m_loader, &ModelLoader::progress, this, [this](const QString& stage, double f) {
        m_stage->setText(stage);
        m_progress->setValue(static_cast<int>(f * 1000));
    });
    connect(m_loader, &ModelLoader::runningChanged, this, [this](bool running) {
        m_progress->setVisible(running);
        m_cancel->setVisible(running);
        m_stage->setVisible(running);
        if (running) m_progress->setValue(0);
    });
    connect(m_loader, &ModelLoader::loaded, this,
            [this](const QString& path, std::shared_ptr<sharelens::Model> model) {
                m_model = std::move(model);
                m_modelPath = path;
                addRecent(path);
                showModel(path);
                Q_EMIT modelOpened(path);
            });
    connect(m_loader, &ModelLoader::failed, this, [this](const QString& path, const QString& msg, bool cancelled) {
        if (cancelled) {
            statusBar()->showMessage(tr("Loading cancelled."), 5000);
            return;
        }
        showError(path, msg);
    });

    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    m_stack = new QStackedWidget(this);

    // Welcome page.
    auto* welcome = new QWidget;
    auto* wl = new QVBoxLayout(welcome);
    auto* heading = new QLabel(tr("<h1>ShareLens</h1><p>See which layers of a transformer could share "
                                  "one set of parameters, and what that saves.</p>"));
    heading->setWordWrap(true);
    auto* openBtn = new QPushButton(tr("Open Model Folder…"));
    openBtn->setObjectName(QStringLiteral("openModelButton"));
    auto* demoBtn = new QPushButton(tr("Open Demo Model"));
    demoBtn->setObjectName(QStringLiteral("openDemoButton"));
    connect(openBtn, &QPushButton::clicked, this, &MainWindow::chooseModel);
    connect(demoBtn, &QPushButton::clicked, this, &MainWindow::openDemoModel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(openBtn);
    buttons->addWidget(demoBtn);
    buttons->addStretch();
    m_recentList = new QListWidget;
    m_recentList->setObjectName(QStringLiteral("recentList"));
    connect(m_recentList, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openModel(item->data(Qt::UserRole).toString()); });
    wl->addWidget(heading);
    wl->addLayout(buttons);
    wl->addWidget(new QLabel(tr("Recent models (or drop a model folder here):")));
    wl->addWidget(m_recentList, 1);
    m_stack->addWidget(welcome);

    // Model page: the summary, then the analysis workspace.
    auto* page = new QWidget;
    auto* pl = new QVBoxLayout(page);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("modelTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Title and summary side by side, the summary in two columns, so the
    // workspace below gets the height.
    auto* head = new QHBoxLayout;
    head->addWidget(m_title, 0, Qt::AlignTop);
    auto* formHolder = new QWidget;
    formHolder->setObjectName(QStringLiteral("modelSummary"));
    auto* forms = new QHBoxLayout(formHolder);
    forms->setContentsMargins(0, 0, 0, 0);
    m_summaryForm = new QFormLayout;
    m_summaryForm2 = new QFormLayout;
    forms->addLayout(m_summaryForm);
    forms->addSpacing(24);
    forms->addLayout(m_summaryForm2);
    head->addSpacing(24);
    head->addWidget(formHolder, 0, Qt::AlignTop);
    head->addStretch();
    pl->addLayout(head);
    m_analysis = new AnalysisView;
    m_analysis->setObjectName(QStringLiteral("analysisView"));
    m_finetune = new FinetuneView;
    m_finetune->setObjectName(QStringLiteral("finetuneView"));
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("modelTabs"));
    m_tabs->addTab(m_analysis, tr("Analysis"));
    m_tabs->addTab(m_finetune, tr("Fine-tune"));
    m_tabs->setTabEnabled(1, false);
    m_tabs->setDocumentMode(true);
    pl->addWidget(m_tabs, 1);
    m_stack->addWidget(page);

    setCentralWidget(m_stack);

    m_stage = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_cancel, &QPushButton::clicked, m_loader, &ModelLoader::cancel);
    m_savings = new QLabel;
    m_savings->setObjectName(QStringLiteral("savingsLabel"));
    connect(m_analysis, &AnalysisView::savingsChanged, m_savings, &QLabel::setText);
    // The fine-tune trains the plan of the analysis' current groups.
    connect(m_analysis, &AnalysisView::savingsChanged, this, [this] {
        m_finetune->setPlan(m_analysis->plan());
        m_tabs->setTabEnabled(1, m_finetune->hasPlan());
    });
    statusBar()->addPermanentWidget(m_savings);
    statusBar()->addPermanentWidget(m_stage);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_stage->hide();
    m_progress->hide();
    m_cancel->hide();
    resize(960, 640);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open Model Folder…"), this, &MainWindow::chooseModel);
    open->setShortcut(QKeySequence::Open);
    auto* demo = file->addAction(tr("Open &Demo Model"), this, &MainWindow::openDemoModel);
    demo->setShortcut(QKeySequence(tr("Ctrl+D")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open &Agents…"), this, [this] {
        auto* agents = findChild<AgentsView*>();
        if (!agents) {
            agents = new AgentsView(this);
            agents->setWindowFlag(Qt::Window);
        }
        agents->show();
        agents->raise();
        agents->activateWindow();
    });
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* view = menuBar()->addMenu(tr("&View"));
    auto* dark = view->addAction(tr("&Dark Theme"));
    dark->setObjectName(QStringLiteral("darkThemeAction"));
    dark->setCheckable(true);
    dark->setChecked(QSettings().value(QStringLiteral("view/dark"), false).toBool());
    connect(dark, &QAction::toggled, this, [](bool on) {
        QSettings().setValue(QStringLiteral("view/dark"), on);
        applyTheme(on);
    });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ShareLens"), this, [this] {
        QMessageBox::about(this, tr("About ShareLens"),
                           tr("<b>ShareLens %1</b><p>Layer similarity and parameter sharing for "
                              "transformers and multi-agent systems.</p>")
                               .arg(QStringLiteral(SHARELENS_VERSION)));
    });

    auto* tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->addAction(open);
    tb->addAction(demo);
}

void MainWindow::chooseModel() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"));
    if (!dir.isEmpty()) openModel(dir);
}

void MainWindow::openDemoModel() {
    const QString dir = demoModelDir();
    if (dir.isEmpty()) {
        showError(QString(), tr("The built-in demo model was not found. Reinstall ShareLens or set "
                                "SHARELENS_DEMO_MODEL to its folder."));
        return;
    }
    openModel(dir);
}

void MainWindow::openModel(const QString& path) {
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    m_loader->load(path);
}

void MainWindow::showModel(const QString& path) {
    const ModelSummary s = m_model->summary();
    const QLocale loc;
    m_title->setText(tr("<h2>%1</h2><p>%2</p>")
                         .arg(QFileInfo(path).fileName().toHtmlEscaped(),
                              QDir::toNativeSeparators(path).toHtmlEscaped()));
    while (m_summaryForm->rowCount() > 0) m_summaryForm->removeRow(0);
    while (m_summaryForm2->rowCount() > 0) m_summaryForm2->removeRow(0);
    auto row = [&](const QString& label, const QString& value, const char* name) {
        auto* v = new QLabel(value);
        v->setObjectName(QString::fromLatin1(name));
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        (m_summaryForm->rowCount() < 5 ? m_summaryForm : m_summaryForm2)->addRow(label, v);
    };
    row(tr("Architecture:"), QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.architecture),
                                                            QString::fromStdString(s.modelType)), "architecture");
    row(tr("Layers:"), loc.toString(s.layers), "layers");
    row(tr("Hidden size:"), loc.toString(s.hiddenSize), "hiddenSize");
    row(tr("Attention heads:"), tr("%1 (key/value: %2)").arg(s.heads).arg(s.kvHeads), "heads");
    row(tr("Vocabulary:"), loc.toString(s.vocabSize), "vocab");
    row(tr("Context:"), loc.toString(s.maxPositions), "context");
    row(tr("Parameters:"), loc.toString(static_cast<qlonglong>(s.parameters)), "parameters");
    row(tr("Storage dtype:"), QString::fromStdString(s.dtype), "dtype");
    row(tr("Weights:"), tr("%1 in %2 tensors (%3)")
                            .arg(loc.formattedDataSize(static_cast<qint64>(s.bytes)))
                            .arg(s.tensorCount)
                            .arg(QString::fromStdString(s.format)),
        "bytes");
    row(tr("Tokenizer:"), QString::fromStdString(s.tokenizer), "tokenizer");
    m_analysis->setModel(m_model);
    m_finetune->setModel(m_model);
    m_tabs->setTabEnabled(1, false);
    m_tabs->setCurrentIndex(0);
    m_stack->setCurrentIndex(1);
    setWindowTitle(tr("%1 — ShareLens").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(tr("Opened %1.").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::showError(const QString& path, const QString& message) {
    statusBar()->clearMessage();
    Q_EMIT modelFailed(message);
    QMessageBox box(QMessageBox::Warning, tr("Cannot open model"),
                    path.isEmpty() ? tr("The model could not be opened.")
                                   : tr("ShareLens could not open %1.").arg(QDir::toNativeSeparators(path)),
                    QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("errorDialog"));
    box.setInformativeText(message);
    box.exec();
}

void MainWindow::addRecent(const QString& path) {
    QSettings s;
    QStringList recent = s.value(QString::fromLatin1(kRecentKey)).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    s.setValue(QString::fromLatin1(kRecentKey), recent);
    updateRecent();
}

void MainWindow::updateRecent() {
    const QStringList recent = QSettings().value(QString::fromLatin1(kRecentKey)).toStringList();
    m_recentList->clear();
    m_recentMenu->clear();
    for (const QString& p : recent) {
        auto* item = new QListWidgetItem(QDir::toNativeSeparators(p), m_recentList);
        item->setData(Qt::UserRole, p);
        m_recentMenu->addAction(QDir::toNativeSeparators(p), this, [this, p] { openModel(p); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_loader->cancel();
    m_analysis->cancel();
    m_finetune->cancel();
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) openModel(urls.first().toLocalFile());
}

} // namespace sharelens::app
