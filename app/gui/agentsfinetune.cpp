#include "agentsfinetune.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>

#include <algorithm>

#include "document.h"
#include "trainingcharts.h"

namespace sharelens::app {

namespace {
enum AgentLossColumn {
    AgentNameCol,
    UnsharedBeforeCol,
    UnsharedAfterCol,
    SharedBeforeCol,
    SharedAfterCol,
    AgentLossCols
};
enum TextColumn { TextAgentCol, TextFileCol };
} // namespace

AgentsFinetuneTab::AgentsFinetuneTab(QWidget* parent) : QWidget(parent), m_runner(new FinetuneRunner(this)) {
    auto* top = new QHBoxLayout(this);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(buildPanel());
    scroll->setMinimumWidth(scroll->widget()->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 4);
    scroll->setMaximumWidth(scroll->minimumWidth() + 60);
    top->addWidget(scroll);

    // The single-model fine-tune's charts, two columns; the results in the
    // fourth cell.
    m_charts = new widgets::TrainingChartsPanel({tr("Unshared"), tr("Shared")}, 2);
    // Four legend entries do not fit this narrow loss chart: the validation
    // curves (dashed, in their run's colour) are named in its title instead.
    using Charts = widgets::TrainingChartsPanel;
    QChart* loss = m_charts->chartView(Charts::LossChart)->chart();
    for (int s : {2, 3})
        for (QLegendMarker* m : loss->legend()->markers(m_charts->series(Charts::LossChart, s))) m->setVisible(false);
    loss->setTitle(tr("Loss (dashed: validation)"));
    m_charts->grid()->addWidget(buildResultsBox(), 1, 1);
    // A little more room on the right for the results' six columns.
    m_charts->grid()->setColumnStretch(0, 4);
    m_charts->grid()->setColumnStretch(1, 5);
    top->addWidget(m_charts, 1);
    connectRunner();
    updateTexts();
    updatePlanLabel();
    updateActions();
}

QWidget* AgentsFinetuneTab::buildResultsBox() {
    m_results = widgets::makeRunTable(QStringLiteral("agentsFinetuneResults"), {tr("Unshared"), tr("Shared")}, true);
    m_results->setToolTip(tr("The two systems: validation loss is the mean over the agents; parameters count "
                             "every tensor of the system once."));
    m_agents = new QTableWidget(0, AgentLossCols);
    m_agents->setObjectName(QStringLiteral("agentsFinetuneAgents"));
    m_agents->setHorizontalHeaderLabels(
        {tr("Agent"), tr("Unshared\nbefore"), tr("Unshared\nafter"), tr("Shared\nbefore"), tr("Shared\nafter")});
    m_agents->verticalHeader()->hide();
    m_agents->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_agents->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_agents->horizontalHeader()->setSectionResizeMode(AgentNameCol, QHeaderView::ResizeToContents);
    m_agents->setWordWrap(false);
    auto* resultsBox = new QGroupBox(tr("Results"));
    auto* rl = new QVBoxLayout(resultsBox);
    rl->addWidget(new QLabel(tr("The two systems (validation loss: mean over the agents):")));
    rl->addWidget(m_results);
    rl->addWidget(new QLabel(tr("Validation loss of each agent on its own text:")));
    rl->addWidget(m_agents, 1);
    return resultsBox;
}

void AgentsFinetuneTab::connectRunner() {
    connect(m_runner, &FinetuneRunner::records, this, &AgentsFinetuneTab::takeRecords);
    connect(m_runner, &FinetuneRunner::agentsFinished, this, &AgentsFinetuneTab::takeSummary);
    connect(m_runner, &FinetuneRunner::failed, this, [this](const QString& message, bool cancelled) {
        m_stage->setText(cancelled ? message : tr("The fine-tune failed: %1").arg(message));
        Q_EMIT failed(message, cancelled);
        if (cancelled) return;
        QMessageBox box(QMessageBox::Warning, tr("Fine-tune failed"), tr("The agents could not be fine-tuned."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("agentsFinetuneErrorDialog"));
        box.setInformativeText(message);
        box.exec();
    });
    connect(m_runner, &FinetuneRunner::runningChanged, this, &AgentsFinetuneTab::updateActions);
    connect(m_runner, &FinetuneRunner::pausedChanged, this, [this](bool paused) {
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        if (paused) m_stage->setText(tr("Paused at step %1 of %2").arg(m_progress->value()).arg(m_progress->maximum()));
        updateActions();
    });
}

QWidget* AgentsFinetuneTab::buildTextsBox() {
    auto* texts = new QGroupBox(tr("Texts"));
    auto* xl = new QVBoxLayout(texts);
    m_texts = new QTableWidget(0, 2);
    m_texts->setObjectName(QStringLiteral("agentsFinetuneTexts"));
    m_texts->setHorizontalHeaderLabels({tr("Agent"), tr("Text")});
    m_texts->horizontalHeader()->setSectionResizeMode(TextAgentCol, QHeaderView::ResizeToContents);
    m_texts->horizontalHeader()->setSectionResizeMode(TextFileCol, QHeaderView::Stretch);
    m_texts->verticalHeader()->hide();
    m_texts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_texts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_texts->setSelectionMode(QAbstractItemView::SingleSelection);
    m_texts->setMinimumHeight(120);
    m_texts->setToolTip(tr("Each agent trains on its own text: the calibration text unless you choose one. "
                           "Double-click a row to choose a file."));
    connect(m_texts, &QTableWidget::cellDoubleClicked, this, [this] { chooseAgentText(); });
    connect(m_texts, &QTableWidget::itemSelectionChanged, this, &AgentsFinetuneTab::updateActions);
    xl->addWidget(m_texts);
    auto* textButtons = new QHBoxLayout;
    m_chooseText = new QPushButton(tr("Choose…"));
    m_chooseText->setObjectName(QStringLiteral("agentsFinetuneChooseText"));
    m_resetText = new QPushButton(tr("Calibration Text"));
    m_resetText->setObjectName(QStringLiteral("agentsFinetuneResetText"));
    connect(m_chooseText, &QPushButton::clicked, this, &AgentsFinetuneTab::chooseAgentText);
    connect(m_resetText, &QPushButton::clicked, this, [this] {
        const int row = m_texts->currentRow();
        if (row >= 0) setAgentText(row, QString());
    });
    textButtons->addWidget(m_chooseText);
    textButtons->addWidget(m_resetText);
    textButtons->addStretch(1);
    xl->addLayout(textButtons);
    return texts;
}

QWidget* AgentsFinetuneTab::buildButtons() {
    auto* box = new QWidget;
    auto* vl = new QVBoxLayout(box);
    vl->setContentsMargins(0, 0, 0, 0);
    m_start = new QPushButton(tr("Start"));
    m_start->setObjectName(QStringLiteral("agentsFinetuneStart"));
    m_pause = new QPushButton(tr("Pause"));
    m_pause->setObjectName(QStringLiteral("agentsFinetunePause"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("agentsFinetuneCancel"));
    connect(m_start, &QPushButton::clicked, this, &AgentsFinetuneTab::start);
    connect(m_pause, &QPushButton::clicked, this, [this] { setPaused(!m_runner->isPaused()); });
    connect(m_cancel, &QPushButton::clicked, this, &AgentsFinetuneTab::cancel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    vl->addLayout(buttons);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("agentsFinetuneProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_stage = new QLabel;
    m_stage->setObjectName(QStringLiteral("agentsFinetuneStage"));
    m_stage->setWordWrap(true);
    vl->addWidget(m_progress);
    vl->addWidget(m_stage);
    return box;
}

QWidget* AgentsFinetuneTab::buildPanel() {
    auto* panel = new QWidget;
    auto* vl = new QVBoxLayout(panel);
    vl->setContentsMargins(0, 0, 0, 0);
    m_planLabel = new QLabel;
    m_planLabel->setObjectName(QStringLiteral("agentsFinetunePlan"));
    m_planLabel->setWordWrap(true);
    vl->addWidget(m_planLabel);
    vl->addWidget(buildTextsBox());
    m_training = new widgets::TrainingSettingsBox(QStringLiteral("agentsFinetune"));
    vl->addWidget(m_training);
    auto* sharing = new QGroupBox(tr("Sharing"));
    auto* sf = new QFormLayout(sharing);
    m_init = new QComboBox;
    m_init->setObjectName(QStringLiteral("agentsFinetuneInit"));
    m_init->addItem(tr("Mean of the members"), int(SharedInit::Mean));
    m_init->addItem(tr("Medoid member"), int(SharedInit::Medoid));
    m_init->addItem(tr("First member"), int(SharedInit::First));
    m_init->addItem(tr("LaCo (first + differences)"), int(SharedInit::Laco));
    sf->addRow(tr("Initialisation:"), m_init);
    vl->addWidget(sharing);
    vl->addWidget(buildButtons());
    vl->addStretch(1);
    return panel;
}

SharedInit AgentsFinetuneTab::init() const { return static_cast<SharedInit>(m_init->currentData().toInt()); }

void AgentsFinetuneTab::setAgents(const QStringList& paths, const std::vector<std::string>& names,
                                  const QString& calibrationText) {
    m_paths = paths;
    m_names = names;
    m_calibrationText = calibrationText;
    updateTexts();
    updateActions();
}

void AgentsFinetuneTab::setPlan(const std::optional<AgentSharingPlan>& plan) {
    m_plan = plan;
    updatePlanLabel();
}

// One row per agent of the shown result; a chosen text stays with its folder.
void AgentsFinetuneTab::updateTexts() {
    const int n = static_cast<int>(m_names.size());
    m_texts->setRowCount(n);
    for (int k = 0; k < n; ++k) {
        m_texts->setItem(k, TextAgentCol, new QTableWidgetItem(QString::fromStdString(m_names[size_t(k)])));
        const QString chosen = m_agentTexts.value(m_paths.value(k));
        auto* text = new QTableWidgetItem(chosen.isEmpty() ? tr("Calibration text") : QFileInfo(chosen).fileName());
        text->setToolTip(QDir::toNativeSeparators(chosen.isEmpty() ? m_calibrationText : chosen));
        if (chosen.isEmpty()) {
            QFont f = text->font();
            f.setItalic(true);
            text->setFont(f);
        }
        m_texts->setItem(k, TextFileCol, text);
    }
}

void AgentsFinetuneTab::setAgentText(int agent, const QString& path) {
    if (agent < 0 || agent >= m_paths.size() || agent >= static_cast<int>(m_names.size())) return;
    if (path.isEmpty())
        m_agentTexts.remove(m_paths[agent]);
    else
        m_agentTexts.insert(m_paths[agent], path);
    updateTexts();
    Q_EMIT textsChanged();
}

QString AgentsFinetuneTab::agentText(int agent) const {
    if (agent < 0 || agent >= m_paths.size() || agent >= static_cast<int>(m_names.size())) return {};
    const QString chosen = m_agentTexts.value(m_paths[agent]);
    return chosen.isEmpty() ? m_calibrationText : chosen;
}

std::vector<std::string> AgentsFinetuneTab::chosenTexts() const {
    std::vector<std::string> out;
    for (const QString& p : m_paths) out.push_back(m_agentTexts.value(p).toStdString());
    return out;
}

void AgentsFinetuneTab::chooseAgentText() {
    const int row = m_texts->currentRow();
    if (row < 0 || m_runner->isRunning()) return;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Choose the Text of %1").arg(m_texts->item(row, TextAgentCol)->text()),
                                     agentText(row), tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) setAgentText(row, path);
}

void AgentsFinetuneTab::updatePlanLabel() {
    if (!m_plan || m_plan->units.empty()) {
        m_planLabel->setText(tr("Analyze the agents and choose a threshold: the fine-tune trains the shared system "
                                "of the plan's groups against the unshared agents."));
        return;
    }
    int sharedGroups = 0;
    for (const auto& g : m_plan->groups)
        if (g.members.size() >= 2) ++sharedGroups;
    const QLocale loc;
    m_planLabel->setText(tr("Plan (%1): %2 shared groups · %3 → %4 parameters")
                             .arg(m_plan->level == AgentLevel::Layers ? tr("layers") : tr("whole agents"))
                             .arg(sharedGroups)
                             .arg(loc.toString(static_cast<qlonglong>(m_plan->baselineParameters)))
                             .arg(loc.toString(static_cast<qlonglong>(m_plan->sharedParameters))));
}

void AgentsFinetuneTab::updateActions() {
    const bool running = m_runner->isRunning();
    // Start stays clickable before a plan exists: it says what is missing.
    m_start->setEnabled(!running);
    m_pause->setEnabled(running);
    m_cancel->setEnabled(running);
    if (!running) m_pause->setText(tr("Pause"));
    m_training->setFieldsEnabled(!running);
    m_init->setEnabled(!running);
    const bool row = m_texts->currentRow() >= 0;
    m_chooseText->setEnabled(!running && row);
    m_resetText->setEnabled(!running && row);
}

bool AgentsFinetuneTab::isRunning() const { return m_runner->isRunning(); }

void AgentsFinetuneTab::clearAgentTable(const std::vector<std::string>& names) {
    m_agents->setRowCount(static_cast<int>(names.size()));
    for (int k = 0; k < static_cast<int>(names.size()); ++k) {
        m_agents->setItem(k, AgentNameCol, new QTableWidgetItem(QString::fromStdString(names[size_t(k)])));
        for (int c = UnsharedBeforeCol; c < AgentLossCols; ++c) m_agents->setItem(k, c, nullptr);
    }
}

void AgentsFinetuneTab::start() {
    if (m_runner->isRunning()) return;
    if (!m_plan || m_plan->units.empty()) {
        QMessageBox box(QMessageBox::Information, tr("No sharing plan yet"),
                        tr("Analyze the agents first, then choose a threshold: the fine-tune trains the shared "
                           "system of that plan against the unshared agents."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("agentsFinetuneNoPlan"));
        box.exec();
        return;
    }
    AgentsFinetuneRequest req;
    req.paths = m_paths;
    req.names = m_names;
    req.plan = *m_plan;
    for (int k = 0; k < m_paths.size(); ++k) req.textPaths << agentText(k);
    req.steps = m_training->steps()->value();
    req.batchSize = m_training->batch()->value();
    req.seqLen = m_training->seqLen()->value();
    req.learningRate = m_training->learningRate()->value();
    req.seed = static_cast<uint64_t>(m_training->seed()->value());
    req.init = init();
    m_request = req;
    m_summary = AgentsFinetuneSummary{};
    m_charts->clear(req.steps);
    widgets::clearRunTable(m_results);
    clearAgentTable(req.names);
    m_progress->setRange(0, req.steps);
    m_progress->setValue(0);
    m_stage->setText(tr("Starting…"));
    m_timer.invalidate();
    m_runner->start(req);
    updateActions();
}

void AgentsFinetuneTab::cancel() { m_runner->cancel(); }

void AgentsFinetuneTab::setPaused(bool paused) {
    if (paused)
        m_runner->pause();
    else
        m_runner->resume();
}

void AgentsFinetuneTab::setAgentLossCell(int agent, int column, double loss) {
    if (agent < 0 || agent >= m_agents->rowCount()) return;
    auto* item = new QTableWidgetItem(widgets::lossText(loss));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_agents->setItem(agent, column, item);
}

void AgentsFinetuneTab::takeRecords(const FinetuneRecords& records) {
    m_charts->addRecords(records.steps, records.evals);
    // Each agent's loss before training as soon as it is known; the
    // latest evaluation in the "after" columns while the run goes on.
    for (const auto& r : records.agentEvals) {
        const bool shared = r.run == PairRun::Shared;
        const int col = r.eval.step == 0 ? (shared ? SharedBeforeCol : UnsharedBeforeCol)
                                         : (shared ? SharedAfterCol : UnsharedAfterCol);
        setAgentLossCell(r.agent, col, r.eval.loss);
    }
    if (!records.steps.empty() && !m_timer.isValid()) m_timer.start();
    m_progress->setRange(0, std::max(1, records.stepsTotal));
    m_progress->setValue(records.stepsDone);
    if (m_runner->isPaused()) return;
    QString text = records.stage;
    if (records.stepsDone > 0) {
        text = tr("%1: step %2 of %3").arg(records.stage).arg(records.stepsDone).arg(records.stepsTotal);
        const double elapsed = m_timer.isValid() ? m_timer.elapsed() / 1000.0 : 0.0;
        if (elapsed > 1.0 && records.stepsDone < records.stepsTotal) {
            const double left = elapsed * (records.stepsTotal - records.stepsDone) / records.stepsDone;
            text += tr(" · about %1 s left").arg(QLocale().toString(left, 'f', 0));
        }
    }
    m_stage->setText(text);
}

void AgentsFinetuneTab::showSummary(const AgentsFinetuneSummary& summary) {
    widgets::setRunRow(m_results, 0, tr("Unshared"), summary.baseline);
    widgets::setRunRow(m_results, 1, tr("Shared"), summary.shared);
    m_agents->setRowCount(static_cast<int>(summary.agents.size()));
    for (int k = 0; k < static_cast<int>(summary.agents.size()); ++k) {
        const auto& a = summary.agents[size_t(k)];
        m_agents->setItem(k, AgentNameCol, new QTableWidgetItem(QString::fromStdString(a.name)));
        setAgentLossCell(k, UnsharedBeforeCol, a.unsharedBefore);
        setAgentLossCell(k, UnsharedAfterCol, a.unsharedAfter);
        setAgentLossCell(k, SharedBeforeCol, a.sharedBefore);
        setAgentLossCell(k, SharedAfterCol, a.sharedAfter);
    }
    if (summary.stopReason.isEmpty())
        m_stage->setText(tr("Finished %1 steps.").arg(summary.shared.steps));
    else
        m_stage->setText(tr("Stopped after %1 steps: %2").arg(summary.shared.steps).arg(summary.stopReason));
}

void AgentsFinetuneTab::takeSummary(const AgentsFinetuneSummary& summary) {
    m_summary = summary;
    showSummary(summary);
    Q_EMIT finished(summary);
}

void AgentsFinetuneTab::showRun(const AgentsFinetuneRequest& request, const AgentsFinetuneSummary& summary) {
    if (m_runner->isRunning()) return;
    m_request = request;
    m_summary = summary;
    m_charts->clear(request.steps);
    widgets::clearRunTable(m_results);
    clearAgentTable(request.names);
    showSummary(summary);
}

} // namespace sharelens::app
