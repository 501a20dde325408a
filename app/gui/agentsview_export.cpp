// AgentsView: figures, the plan and the shared pool written to files.
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>

#include "errortext.h"
#include "agentsfinetune.h"
#include "agentsview.h"
#include "calibrationpanel.h"
#include "clusteringpanel.h"
#include "figures.h"
#include "jobrunner.h"
#include "replacefolder.h"
#include "report.h"
#include "document.h"
#include "sharelens/provenance.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"

namespace sharelens::app {

// ---------------------------------------------------------------- exports

bool AgentsView::exportHeatmap(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::HeatmapData h = heatmapData();
    h.subtitle = figureSubtitle();
    return widgets::exportFigure(
        path, QSizeF(520, 460), [&](QPainter& p, const QRectF& r) { widgets::paintHeatmap(p, r, h); }, error);
}

bool AgentsView::exportDendrogram(const QString& path, QString* error) {
    if (!hasResult() || !m_haveLinkage) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    widgets::DendrogramData d = dendrogramData();
    d.subtitle = figureSubtitle();
    return widgets::exportFigure(
        path, QSizeF(600, 360), [&](QPainter& p, const QRectF& r) { widgets::paintDendrogram(p, r, d); }, error);
}

bool AgentsView::exportWeightHeatmap(const QString& path, QString* error) {
    if (!hasResult()) {
        if (error) *error = tr("There is no analysis to export yet.");
        return false;
    }
    const widgets::HeatmapData h = weightHeatmapData();
    return widgets::exportFigure(
        path, QSizeF(420, 360), [&](QPainter& p, const QRectF& r) { widgets::paintHeatmap(p, r, h); }, error);
}

bool AgentsView::exportPlanJson(const QString& path, QString* error) {
    if (!hasResult() || !m_havePlan || m_plan.units.empty()) {
        if (error) *error = tr("There is no plan to export yet.");
        return false;
    }
    try {
        writeFileAtomic(path.toStdString(), agentPlanToJson(m_plan));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), widgets::errorText(e));
        return false;
    }
}

bool AgentsView::exportReport(const QString& pdfPath, QString* error) {
    if (!m_document || m_document->session().models.size() < 2) {
        if (error) *error = tr("Analyze two or more agents first: the report describes what was done with them.");
        return false;
    }
    widgets::AgentsReportFigures figures;
    if (hasResult() && m_haveLinkage) {
        figures.haveFigures = true;
        figures.heatmap = heatmapData();
        figures.heatmap.subtitle = figureSubtitle();
        figures.dendrogram = dendrogramData();
        figures.dendrogram.subtitle = figureSubtitle();
    }
    return widgets::writeAgentsReport(m_document->session(), figures, pdfPath, error);
}

bool AgentsView::isExportingPool() const { return m_poolJobs && m_poolJobs->isRunning(); }

void AgentsView::cancelPoolExport() { m_poolJobs->cancel(); }

// The trained system only when it was trained on the plan shown now.
bool AgentsView::trainedOnShownPlan() const {
    return m_havePlan && !finetuneSummary().trainedShared.empty() &&
           agentPlanToJson(finetuneRequest().plan) == agentPlanToJson(m_plan);
}

// How the pool was made, with the keys sharelens-cli writes.
std::map<std::string, std::string> AgentsView::poolProvenance(bool trained, SharedInit init) const {
    Provenance p;
    std::vector<std::string> sources;
    for (const auto& path : m_result.paths) sources.push_back(path.toStdString());
    (trained ? p.finetunedFrom : p.source) = joinPaths(sources);
    p.analysis["metric"] = metricName(similarity().metric);
    p.analysis["tokens"] = std::to_string(similarity().tokens);
    p.analysis["level"] = level() == AgentLevel::Layers ? "layers" : "agents";
    p.analysis["linkage_method"] = linkageName(m_clustering->linkage());
    p.analysis["threshold"] = formatNumber(threshold());
    p.analysis["calibration_file"] = m_calibrationText.toStdString();
    p.init = sharedInitName(init);
    if (trained) {
        p.steps = finetuneSummary().shared.steps;
        p.learningRate = finetuneRequest().learningRate;
        p.seed = finetuneRequest().seed;
    }
    return provenanceMap(p);
}

void AgentsView::exportPool(const QString& dir) {
    QString refusal;
    if (!hasResult() || !m_havePlan || m_plan.units.empty())
        refusal = tr("There is no plan to export yet: analyze the agents first.");
    else if (m_runner->isRunning())
        refusal = tr("An analysis is running: wait for it to finish, or cancel it, then export the pool.");
    else if (isExportingPool())
        refusal = tr("A pool export is already running.");
    else if (isFinetuning())
        refusal = tr("A fine-tune is running: wait for it to finish, or cancel it, then export the pool.");
    if (!refusal.isEmpty()) {
        Q_EMIT poolExportFinished(dir, refusal, false, false);
        return;
    }
    const bool trained = trainedOnShownPlan();
    bool force = false; // a folder that is neither empty nor a pool export: only when the user says so
    if (!confirmReplaceFolder(this, dir, checkPoolExportFolder, force)) {
        const QString message =
            tr("The pool export was cancelled; %1 is as it was.").arg(QDir::toNativeSeparators(dir));
        m_run->setStageText(message);
        Q_EMIT poolExportFinished(dir, message, trained, true);
        return;
    }
    const AgentSharingPlan plan = m_plan;
    const std::vector<std::shared_ptr<const Model>> system =
        trained ? finetuneSummary().trainedShared : std::vector<std::shared_ptr<const Model>>{};
    std::vector<std::string> paths;
    for (const QString& path : m_result.paths) paths.push_back(path.toStdString());
    const std::vector<std::string> names = m_result.names;
    const SharedInit init = trained ? finetuneRequest().init : m_finetune->init();
    const std::map<std::string, std::string> prov = poolProvenance(trained, init);
    const std::string target = dir.toStdString();
    QPointer<AgentsView> self(this);
    m_poolJobs->start([self, system, paths, names, plan, init, prov, target, dir, trained,
                       force](const JobRunner::Context& ctx) -> std::function<void()> {
        const auto post = ctx.post;
        const auto stage = [post, self](const QString& text, double fraction) {
            post([self, text, fraction] {
                if (!self) return;
                self->m_run->showStage(text, fraction);
            });
        };
        QString error;
        bool cancelled = false;
        try {
            std::vector<std::shared_ptr<const Model>> models = system;
            Agents agents; // keeps the reloaded agents alive while their tied system is written
            if (models.empty()) {
                stage(tr("Loading the agents"), 0.0);
                agents = loadAgents(paths, names, Progress({}, ctx.cancel));
                stage(tr("Building the shared system"), 0.0);
                for (auto& m : makeSharedAgents(agents.view(), plan, init)) models.push_back(std::move(m));
            }
            std::vector<const Model*> view;
            for (const auto& m : models) view.push_back(m.get());
            const Progress progress(
                [stage](const ProgressInfo& p) {
                    stage(tr("Writing the shared pool: %1").arg(QString::fromStdString(p.stage)), p.fraction);
                },
                ctx.cancel);
            progress.check();
            exportAgentPool(view, names, target, DType::F32, &plan, prov, progress, force);
        } catch (const Cancelled&) {
            cancelled = true;
            error = tr("The pool export was cancelled; %1 is as it was.").arg(QDir::toNativeSeparators(dir));
        } catch (const std::exception& e) {
            error = widgets::errorText(e);
        }
        return [self, dir, error, trained, cancelled] {
            if (!self) return;
            if (cancelled)
                self->m_run->setStageText(error);
            else if (error.isEmpty())
                self->m_run->setStageText(
                    trained ? tr("Wrote the trained system's shared pool to %1.").arg(QDir::toNativeSeparators(dir))
                            : tr("Wrote the plan's untrained shared pool to %1.").arg(QDir::toNativeSeparators(dir)));
            Q_EMIT self->poolExportFinished(dir, error, trained, cancelled);
        };
    });
}

void AgentsView::exportPoolInteractive() {
    const bool trained = trainedOnShownPlan();
    const QString dir = QFileDialog::getSaveFileName(
        this, trained ? tr("Export the Trained Shared Pool") : tr("Export the Plan's Shared Pool (Untrained)"),
        QStringLiteral("agents-pool"), QString(), nullptr, QFileDialog::ShowDirsOnly);
    if (dir.isEmpty()) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(this, &AgentsView::poolExportFinished, this,
                    [this, conn](const QString&, const QString& error, bool, bool cancelled) {
                        disconnect(*conn);
                        if (error.isEmpty() || cancelled) return;
                        QMessageBox box(QMessageBox::Warning, tr("Export failed"),
                                        tr("The shared pool could not be written."), QMessageBox::Ok, this);
                        box.setObjectName(QStringLiteral("agentsPoolErrorDialog"));
                        box.setInformativeText(error);
                        box.exec();
                    });
    exportPool(dir);
}

void AgentsView::exportFigureInteractive(int which) {
    static const char* const names[] = {"agents-heatmap.png", "agents-dendrogram.png", "agents-weights.png"};
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Figure"), QString::fromLatin1(names[which]),
                                     tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = which == 0   ? exportHeatmap(path, &error)
                    : which == 1 ? exportDendrogram(path, &error)
                                 : exportWeightHeatmap(path, &error);
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

void AgentsView::exportPlanInteractive() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Sharing Plan"),
                                                      QStringLiteral("agents-plan.json"), tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportPlanJson(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace sharelens::app
