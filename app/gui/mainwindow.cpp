#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPointer>
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
#include "importancepanel.h"
#include "document.h"
#include "finetuneview.h"
#include "groupedits.h"
#include "jobrunner.h"
#include "report.h"
#include "sharelens/provenance.h"
#include "sharelens/export.h"
#include "modelloader.h"
#include "paths.h"
#include "replacefolder.h"
#include "sharelens/compute.h"
#include "sharelens/model.h"
#include "errortext.h"

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

// The open model's weights as held in memory: F16/BF16 matrices as stored
// (mapped from a safetensors file: resident once read), the rest float32.
QString heldText(const Model& model) {
    const QLocale loc;
    uint64_t total = 0;
    QStringList parts;
    for (const auto& h : heldWeights(model)) {
        total += h.bytes;
        const QString size = loc.formattedDataSize(static_cast<qint64>(h.bytes));
        parts << (h.dtype == "F32" ? MainWindow::tr("%1 float32").arg(size)
                                   : MainWindow::tr("%1 %2 as stored").arg(size, QString::fromStdString(h.dtype)));
    }
    const QString all = loc.formattedDataSize(static_cast<qint64>(total));
    return MainWindow::tr("%1 (%2)").arg(all, parts.join(QStringLiteral("; ")));
}

constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentModels";
const char* kRecentSessionsKey = "recentSessions";
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_loader(new ModelLoader(this)), m_document(new Document(this)),
      m_agentsDocument(new Document(this)), m_exportJobs(new JobRunner(this)) {
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
    connect(m_loader, &ModelLoader::loaded, this, [this](const QString& path, std::shared_ptr<sharelens::Model> model) {
        m_model = std::move(model);
        m_modelPath = path;
        addRecent(path);
        showModel(path);
        m_document->reset(path);
        Q_EMIT modelOpened(path);
        if (m_pendingSession) restoreSession();
    });
    connect(m_loader, &ModelLoader::failed, this, [this](const QString& path, const QString& msg, bool cancelled) {
        m_pendingSession.reset();
        if (cancelled) {
            statusBar()->showMessage(tr("Loading cancelled."), 5000);
            return;
        }
        showError(path, msg);
    });

    // The views write what the user does into the document themselves.
    m_analysis->setDocument(m_document);
    // One Workers setting for the analysis and the fine-tune, kept in the document.
    connect(m_finetune, &FinetuneView::workersChanged, m_document, &Document::setWorkers);
    connect(m_document, &Document::workersChanged, m_finetune, &FinetuneView::setWorkers);
    connect(m_finetune, &FinetuneView::finetuneFinished, this, [this] { m_document->addRun(m_finetune->lastRun()); });
    // The shared model can be exported once a fine-tune has trained it; the
    // actions say so by being disabled until then.
    auto updateExports = [this] {
        const bool trained = m_finetune->trainedShared() != nullptr;
        for (const char* name : {"exportCompactAction", "exportHuggingFaceAction"})
            if (auto* a = findChild<QAction*>(QLatin1String(name))) a->setEnabled(trained);
    };
    connect(m_finetune, &FinetuneView::finetuneFinished, this, updateExports);
    connect(m_finetune, &FinetuneView::finetuneFailed, this, updateExports);
    connect(this, &MainWindow::modelOpened, this, updateExports);
    if (auto* menu = findChild<QMenu*>(QStringLiteral("exportMenu")))
        connect(menu, &QMenu::aboutToShow, this, updateExports);
    updateExports();
    connect(m_analysis, &AnalysisView::analysisFailed, this, [this](const QString&, bool cancelled) {
        if (cancelled) statusBar()->showMessage(tr("Analysis cancelled."), 5000);
    });
    connect(m_document, &Document::modifiedChanged, this, [this] { updateTitle(); });
    connect(m_document, &Document::filePathChanged, this, [this] { updateTitle(); });
    updateRecentSessions();

    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildWelcomePage());
    m_stack->addWidget(buildModelPage());
    setCentralWidget(m_stack);
    buildStatusBar();
    resize(960, 640);
}

QWidget* MainWindow::buildWelcomePage() {
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
    return welcome;
}

QWidget* MainWindow::buildModelPage() {
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
    buildRunsTab();
    m_tabs->setDocumentMode(true);
    pl->addWidget(m_tabs, 1);
    return page;
}

void MainWindow::buildStatusBar() {
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
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open Model Folder…"), this, &MainWindow::chooseModel);
    open->setShortcut(QKeySequence::Open);
    // A GGUF file (llama.cpp) is a whole model in one file.
    auto* openGguf = file->addAction(tr("Open &GGUF File…"), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open GGUF File"), QString(), tr("GGUF (*.gguf);;All files (*)"));
        if (!path.isEmpty()) openModel(path);
    });
    openGguf->setObjectName(QStringLiteral("openGgufAction"));
    auto* demo = file->addAction(tr("Open &Demo Model"), this, &MainWindow::openDemoModel);
    demo->setShortcut(QKeySequence(tr("Ctrl+D")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open &Agents…"), this, &MainWindow::showAgents);
    file->addSeparator();
    buildSessionMenu(file);
    auto* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    auto* report = exportMenu->addAction(tr("&Report (PDF)…"), this, &MainWindow::chooseReportFile);
    report->setObjectName(QStringLiteral("exportReportAction"));
    exportMenu->addAction(tr("Shared Model as &Compact Checkpoint…"), this, [this] { chooseExportFolder(true); })
        ->setObjectName(QStringLiteral("exportCompactAction"));
    exportMenu->addAction(tr("Shared Model as &Hugging Face Folder…"), this, [this] { chooseExportFolder(false); })
        ->setObjectName(QStringLiteral("exportHuggingFaceAction"));
    connect(this, &MainWindow::modelOpened, exportMenu, [exportMenu] { exportMenu->setEnabled(true); });
    exportMenu->setEnabled(false);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    buildEditMenu();
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

void MainWindow::buildSessionMenu(QMenu* file) {
    auto* openSession = file->addAction(tr("Open &Session…"), this, &MainWindow::chooseSession);
    openSession->setObjectName(QStringLiteral("openSessionAction"));
    openSession->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_recentSessionsMenu = file->addMenu(tr("Recent Sess&ions"));
    auto* save = file->addAction(tr("&Save Session"), this, [this] { saveSession(false); });
    save->setObjectName(QStringLiteral("saveSessionAction"));
    save->setShortcut(QKeySequence::Save);
    auto* saveAs = file->addAction(tr("Save Session &As…"), this, [this] { saveSession(true); });
    saveAs->setObjectName(QStringLiteral("saveSessionAsAction"));
    saveAs->setShortcut(QKeySequence::SaveAs);
    // Saving needs an open model.
    auto enableSave = [this, save, saveAs] {
        save->setEnabled(m_model != nullptr);
        saveAs->setEnabled(m_model != nullptr);
    };
    connect(this, &MainWindow::modelOpened, this, enableSave);
    enableSave();
    auto* saveAgents = file->addAction(tr("Save A&gents Session As…"), this, [this] { saveAgentsSession(true); });
    saveAgents->setObjectName(QStringLiteral("saveAgentsSessionAction"));
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
    if (!m_pendingSession && !maybeSave()) return;
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    m_loader->load(path);
}

void MainWindow::showModel(const QString& path) {
    const ModelSummary s = m_model->summary();
    const QLocale loc;
    m_title->setText(
        tr("<h2>%1</h2><p>%2</p>")
            .arg(QFileInfo(path).fileName().toHtmlEscaped(), QDir::toNativeSeparators(path).toHtmlEscaped()));
    while (m_summaryForm->rowCount() > 0) m_summaryForm->removeRow(0);
    while (m_summaryForm2->rowCount() > 0) m_summaryForm2->removeRow(0);
    auto row = [&](const QString& label, const QString& value, const char* name) {
        auto* v = new QLabel(value);
        v->setObjectName(QString::fromLatin1(name));
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        (m_summaryForm->rowCount() < 5 ? m_summaryForm : m_summaryForm2)->addRow(label, v);
    };
    row(tr("Architecture:"),
        QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.architecture), QString::fromStdString(s.modelType)),
        "architecture");
    row(tr("Layers:"), loc.toString(s.layers), "layers");
    row(tr("Hidden size:"), loc.toString(s.hiddenSize), "hiddenSize");
    row(tr("Attention heads:"), tr("%1 (key/value: %2)").arg(s.heads).arg(s.kvHeads), "heads");
    row(tr("Vocabulary:"), loc.toString(s.vocabSize), "vocab");
    row(tr("Context:"), loc.toString(s.maxPositions), "context");
    row(tr("Parameters:"), loc.toString(static_cast<qlonglong>(s.parameters)), "parameters");
    // The stored dtype and the file's weights share one row (five rows a
    // column keep the window within 768 pixels of height).
    auto* weights = new QWidget;
    auto* weightsRow = new QHBoxLayout(weights);
    weightsRow->setContentsMargins(0, 0, 0, 0);
    for (const auto& [text, name] : {std::pair{QString::fromStdString(s.dtype), "dtype"},
                                     std::pair{tr("%1 in %2 tensors (%3)")
                                                   .arg(loc.formattedDataSize(static_cast<qint64>(s.bytes)))
                                                   .arg(s.tensorCount)
                                                   .arg(QString::fromStdString(s.format)),
                                               "bytes"}}) {
        auto* v = new QLabel(text);
        v->setObjectName(QString::fromLatin1(name));
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        weightsRow->addWidget(v);
    }
    weightsRow->addStretch(1);
    m_summaryForm2->addRow(tr("Weights:"), weights);
    row(tr("In memory:"), heldText(*m_model), "held");
    row(tr("Tokenizer:"), QString::fromStdString(s.tokenizer), "tokenizer");
    m_analysis->setModel(m_model);
    m_finetune->setModel(m_model);
    m_tabs->setTabEnabled(1, false);
    m_tabs->setCurrentIndex(0);
    m_stack->setCurrentIndex(1);
    updateTitle();
    if (!m_analysis->tokenizerAvailable())
        statusBar()->showMessage(tr("Opened %1. It has no tokenizer: calibrate it with token ids (Calibration › "
                                    "Token ids).")
                                     .arg(QDir::toNativeSeparators(path)));
    else
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
    // Running jobs first (closing stops them), then unsaved results.
    const QStringList runs = runsInProgress(false) + runsInProgress(true);
    if (!runs.isEmpty() && askAboutRuns(runs, this, false) != RunAnswer::Stop) {
        event->ignore();
        return;
    }
    if (!maybeSave() || !maybeSave(m_agentsDocument)) {
        event->ignore();
        return;
    }
    m_loader->cancel();
    m_analysis->cancel();
    m_finetune->cancel();
    stopAgentsRuns();
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

// No user data is lost: results not yet saved are offered for saving before
// they would be replaced or closed. False: the user chose to stay.
bool MainWindow::maybeSave(Document* document) {
    if (!document) document = m_document;
    if (!document->isModified() || !document->hasResults()) return true;
    QMessageBox box(QMessageBox::Question, tr("Save the session?"),
                    tr("This session has analysis results or fine-tune runs that are not saved."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedDialog"));
    box.setInformativeText(tr("Save them to a session file to open them again later."));
    box.setDefaultButton(QMessageBox::Save);
    const int answer = box.exec();
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Discard) return true;
    return document == m_agentsDocument ? saveAgentsSession(false) : saveSession(false);
}

void MainWindow::updateTitle() {
    QString name;
    if (!m_document->filePath().isEmpty())
        name = QFileInfo(m_document->filePath()).fileName();
    else if (!m_modelPath.isEmpty())
        name = QFileInfo(m_modelPath).fileName();
    setWindowTitle(name.isEmpty() ? tr("ShareLens") : tr("%1[*] — ShareLens").arg(name));
    setWindowModified(m_document->isModified());
}

void MainWindow::chooseSession() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), QString(),
                                                      tr("ShareLens sessions (*.sharelens);;All files (*)"));
    if (!path.isEmpty()) openSession(path);
}

void MainWindow::openSession(const QString& path) {
    Session session;
    QString error;
    if (!Document::read(path, &session, &error)) {
        showSessionError(path, error);
        return;
    }
    if (session.agents) {
        restoreAgentsSession(session, path);
        return;
    }
    const QString model = QString::fromStdString(session.models.front());
    if (session.models.size() > 1) {
        showSessionError(path,
                         tr("This session holds %1 models (agents mode); ShareLens opens sessions of one model only.")
                             .arg(session.models.size()));
        return;
    }
    if (!QFileInfo(model).isDir()) {
        showSessionError(path, tr("Its model folder %1 is missing. Put the model back there, or edit the "
                                  "\"models\" entry of the session file to where it is now.")
                                   .arg(QDir::toNativeSeparators(model)));
        return;
    }
    if (!maybeSave()) return;
    m_pendingSession = std::move(session);
    m_pendingSessionPath = path;
    addRecentSession(path);
    if (m_model && QFileInfo(m_modelPath).canonicalFilePath() == QFileInfo(model).canonicalFilePath()) {
        restoreSession();
        return;
    }
    openModel(model);
}

// Puts the pending session into the views (the model is shown), then makes
// it the document.
void MainWindow::restoreSession() {
    const Session session = std::move(*m_pendingSession);
    const QString path = m_pendingSessionPath;
    m_pendingSession.reset();
    m_document->replace(session, path); // the analysis view restores from it
    if (m_analysis->hasResult() && !session.runs.empty()) {
        m_finetune->setPlan(m_analysis->plan());
        m_finetune->restoreRun(session.runs.back());
    }
    m_tabs->setTabEnabled(1, m_finetune->hasPlan());
    statusBar()->showMessage(tr("Opened session %1.").arg(QDir::toNativeSeparators(path)), 5000);
    Q_EMIT sessionRestored(path);
}

bool MainWindow::saveSessionTo(const QString& path, QString* error) {
    if (!m_model) {
        if (error) *error = tr("Open a model first: a session records what was done with one.");
        return false;
    }
    if (!m_document->save(path, error)) return false;
    addRecentSession(path);
    statusBar()->showMessage(tr("Saved session %1.").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::saveSession(bool askForPath) {
    QString path = m_document->filePath();
    if (askForPath || path.isEmpty()) {
        const QString suggestion = QFileInfo(m_modelPath).fileName() + QStringLiteral(".sharelens");
        path = QFileDialog::getSaveFileName(this, tr("Save Session"), path.isEmpty() ? suggestion : path,
                                            tr("ShareLens sessions (*.sharelens)"));
        if (path.isEmpty()) return false;
        if (!path.endsWith(QStringLiteral(".sharelens"))) path += QStringLiteral(".sharelens");
    }
    QString error;
    if (saveSessionTo(path, &error)) return true;
    QMessageBox box(QMessageBox::Warning, tr("Cannot save the session"),
                    tr("ShareLens could not save %1.").arg(QDir::toNativeSeparators(path)), QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("errorDialog"));
    box.setInformativeText(error);
    box.exec();
    return false;
}

void MainWindow::showSessionError(const QString& path, const QString& message) {
    QMessageBox box(QMessageBox::Warning, tr("Cannot open session"),
                    tr("ShareLens could not open the session %1.").arg(QDir::toNativeSeparators(path)), QMessageBox::Ok,
                    this);
    box.setObjectName(QStringLiteral("errorDialog"));
    box.setInformativeText(message);
    box.exec();
}

bool MainWindow::exportReport(const QString& pdfPath, QString* error) {
    if (!m_model) {
        if (error) *error = tr("Open a model first: the report describes what was done with one.");
        return false;
    }
    widgets::ReportOptions options;
    options.generator = QStringLiteral("ShareLens " SHARELENS_VERSION);
    options.extraCharts = analysisView()->importancePanel()->reportCharts();
    return widgets::writeReport(m_document->session(), m_model->summary(), pdfPath, error, options);
}

void MainWindow::chooseReportFile() {
    const QString suggestion = QFileInfo(m_modelPath).fileName() + QStringLiteral("-report.pdf");
    QString path = QFileDialog::getSaveFileName(this, tr("Export Report"), suggestion, tr("PDF documents (*.pdf)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) path += QStringLiteral(".pdf");
    QString error;
    if (exportReport(path, &error))
        statusBar()->showMessage(tr("Wrote the report %1.").arg(QDir::toNativeSeparators(path)), 5000);
    else
        showExportError(tr("Cannot write the report"), error);
}

bool MainWindow::isExporting() const { return m_exportJobs->isRunning(); }

namespace {

// How an export stores weights unless told: as the source model stores its
// own (F16 or BF16), else F32.
DType sourceStorage(const Model& model) {
    DType d = DType::F32;
    if (parseDType(model.checkpoint().dominantDtype(), d) && (d == DType::F16 || d == DType::BF16)) return d;
    return DType::F32;
}

qint64 folderBytes(const QString& dir) {
    qint64 bytes = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) bytes += QFileInfo(it.next()).size();
    return bytes;
}

} // namespace

void MainWindow::exportSharedModel(const QString& dir, bool compact, std::optional<DType> storage) {
    const std::shared_ptr<const Model> model = m_finetune->trainedShared();
    if (!model) {
        Q_EMIT exportFinished(dir,
                              tr("There is no trained shared model to export yet. Run a fine-tune in the "
                                 "Fine-tune tab first (a run reopened from a session file keeps its records, "
                                 "not its model: run it again, or use sharelens-cli finetune, whose "
                                 "OUT/shared folder is the compact checkpoint)."),
                              false);
        return;
    }
    // A folder that is neither empty nor an earlier export is replaced only when the user says so.
    bool force = false;
    if (!confirmReplaceFolder(this, dir, checkModelExportFolder, force)) {
        const QString message = tr("The export was cancelled; %1 is as it was.").arg(QDir::toNativeSeparators(dir));
        statusBar()->showMessage(message, 10000);
        Q_EMIT exportFinished(dir, message, true);
        return;
    }
    // How it was made, as sharelens-cli writes it.
    const Session& s = m_document->session();
    const SessionRun& run = m_finetune->lastRun();
    Provenance p;
    p.source = m_modelPath.toStdString();
    if (s.similarity) {
        p.analysis["metric"] = metricName(s.similarity->metric);
        p.analysis["unit_kind"] = unitKindName(s.similarity->unitKind);
        p.analysis["tokens"] = std::to_string(s.similarity->tokens);
    }
    p.analysis["linkage_method"] = linkageName(s.clustering.linkage);
    p.analysis["threshold"] = formatNumber(s.clustering.threshold);
    p.analysis["contiguous"] = s.clustering.contiguous ? "true" : "false";
    p.analysis["calibration_file"] = s.calibration.textPath.empty() ? "built-in" : s.calibration.textPath;
    p.seed = run.seed;
    p.steps = run.steps;
    p.learningRate = run.learningRate;
    p.trainingData = run.textPath.empty() ? "built-in" : run.textPath;
    p.init = run.init;
    p.deltaRank = run.deltaRank;
    p.privateNorms = run.privateNorms;
    GroupEditor::recordEdits(p, m_trainingPlanEdits); // a plan edited by hand says so
    const std::map<std::string, std::string> prov = provenanceMap(p);
    const std::string target = dir.toStdString();
    statusBar()->showMessage(tr("Exporting to %1…").arg(QDir::toNativeSeparators(dir)));
    QPointer<MainWindow> self(this);
    const DType dtype = storage ? *storage : sourceStorage(*model);
    m_exportJobs->start(
        [self, model, target, compact, prov, dir, dtype, force](const JobRunner::Context&) -> std::function<void()> {
            QString error;
            try {
                if (compact)
                    saveCompact(*model, target, dtype, prov, force);
                else
                    exportHuggingFace(*model, target, dtype, prov, force);
            } catch (const std::exception& e) {
                error = widgets::errorText(e);
            }
            const qint64 bytes = error.isEmpty() ? folderBytes(dir) : 0;
            return [self, dir, error, bytes, dtype] {
                if (!self) return;
                if (error.isEmpty())
                    self->statusBar()->showMessage(tr("Exported the shared model to %1 (%2, %3).")
                                                       .arg(QDir::toNativeSeparators(dir),
                                                            QLocale().formattedDataSize(bytes),
                                                            QString::fromLatin1(dtypeName(dtype))),
                                                   10000);
                Q_EMIT self->exportFinished(dir, error, false);
            };
        });
}

void MainWindow::chooseExportFolder(bool compact) {
    if (!m_finetune->trainedShared()) {
        showExportError(tr("Nothing to export yet"),
                        tr("There is no trained shared model to export yet. Run a fine-tune in the Fine-tune tab "
                           "first."));
        return;
    }
    const QString dir = QFileDialog::getSaveFileName(
        this, compact ? tr("Export Compact Checkpoint") : tr("Export Hugging Face Folder"),
        QFileInfo(m_modelPath).fileName() + (compact ? QStringLiteral("-shared") : QStringLiteral("-shared-hf")),
        QString(), nullptr, QFileDialog::ShowDirsOnly);
    if (dir.isEmpty()) return;
    const DType source = sourceStorage(*m_finetune->trainedShared());
    const QStringList items{tr("As the model stores them (%1)").arg(QString::fromLatin1(dtypeName(source))),
                            QStringLiteral("F32"), QStringLiteral("F16"), QStringLiteral("BF16")};
    bool ok = false;
    const QString item =
        QInputDialog::getItem(this, tr("Export Precision"), tr("Store the weights as:"), items, 0, false, &ok);
    if (!ok) return;
    std::optional<DType> storage;
    DType chosen = source;
    if (item != items.front() && parseDType(item.toStdString(), chosen)) storage = chosen;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(this, &MainWindow::exportFinished, this,
                    [this, conn](const QString&, const QString& error, bool cancelled) {
                        disconnect(*conn);
                        if (!error.isEmpty() && !cancelled)
                            showExportError(tr("Cannot export the shared model"), error);
                    });
    exportSharedModel(dir, compact, storage);
}

void MainWindow::showExportError(const QString& title, const QString& message) {
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("errorDialog"));
    box.exec();
}

void MainWindow::addRecentSession(const QString& path) {
    QSettings s;
    QStringList recent = s.value(QString::fromLatin1(kRecentSessionsKey)).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    s.setValue(QString::fromLatin1(kRecentSessionsKey), recent);
    updateRecentSessions();
}

void MainWindow::updateRecentSessions() {
    const QStringList recent = QSettings().value(QString::fromLatin1(kRecentSessionsKey)).toStringList();
    m_recentSessionsMenu->clear();
    for (const QString& p : recent)
        m_recentSessionsMenu->addAction(QDir::toNativeSeparators(p), this, [this, p] { openSession(p); });
    m_recentSessionsMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    const QString path = urls.first().toLocalFile();
    if (path.endsWith(QStringLiteral(".sharelens")))
        openSession(path);
    else
        openModel(path);
}

} // namespace sharelens::app
