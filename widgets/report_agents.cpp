// The PDF report of an agents session (see report.h: writeAgentsReport).
#include "report.h"

#include "figures.h"
#include "reportpages.h"

#include <sharelens/cluster.h>
#include <sharelens/plan.h>

#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <cmath>

namespace sharelens::widgets {

namespace {

// The agents' names as typed, else their folders' names.
QStringList agentNames(const Session& s) {
    QStringList names;
    for (size_t k = 0; k < s.models.size(); ++k) {
        const std::string typed = s.agents && k < s.agents->names.size() ? s.agents->names[k] : std::string();
        names << (typed.empty() ? QFileInfo(QDir::cleanPath(q(s.models[k]))).fileName() : q(typed));
    }
    return names;
}

QString levelText(AgentLevel level) { return level == AgentLevel::Layers ? tr("layers") : tr("agents"); }

// A loss, or "—" when not evaluated (negative).
QString lossOrDash(double loss) { return loss < 0 ? QStringLiteral("—") : fixed(loss, 4); }

void agentsTitlePage(Pages& P, const Session& s, const QString& generator, const QDateTime& created) {
    const Fonts& f = P.fonts();
    const SessionAgents& a = *s.agents;
    const QStringList names = agentNames(s);
    P.text(tr("ShareLens report: agents"), f.title, kInk, 2);
    P.text(tr("%1 · %2").arg(names.join(QStringLiteral(", ")), created.toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
           f.subheading, kMuted, 10);
    P.heading(tr("Agents"));
    Table t;
    t.headers = {tr("Agent"), tr("Folder")};
    t.widths = {0.25, 0.75};
    t.align = {Qt::AlignLeft, Qt::AlignLeft};
    for (size_t k = 0; k < s.models.size(); ++k) t.rows.push_back({names[int(k)], q(s.models[k])});
    P.table(t);

    P.heading(tr("Provenance"));
    std::vector<std::pair<QString, QString>> r;
    r.push_back({tr("Report written by"), generator});
    r.push_back({tr("Session created by"), s.createdBy.empty() ? tr("(not recorded)") : q(s.createdBy)});
    r.push_back({tr("Date"), created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"))});
    const SessionCalibration& c = s.calibration;
    r.push_back({tr("Calibration text"), c.textPath.empty() ? tr("built-in calibration text") : q(c.textPath)});
    r.push_back({tr("Calibration"), tr("%1 sequences × %2 tokens").arg(integer(c.sequences), integer(c.seqLen))});
    QString metric = metricId(a.similarity ? a.similarity->metric : c.metric);
    if (a.similarity)
        metric += tr(", %1 tokens per agent in %2 sequences")
                      .arg(integer(a.similarity->tokens), integer(a.similarity->sequences));
    r.push_back({tr("Metric"), metric});
    r.push_back({tr("Level"), levelText(a.level)});
    r.push_back({tr("Linkage"), tr("%1 linkage on 1 − S").arg(q(linkageName(a.linkage)))});
    const double threshold = a.level == AgentLevel::Layers ? a.layersThreshold : a.agentsThreshold;
    r.push_back({tr("Threshold"), threshold < 0 ? tr("(not chosen)") : fixed(threshold, 2)});
    if (!a.runs.empty()) {
        const SessionAgentsRun& run = a.runs.back();
        r.push_back({a.runs.size() > 1 ? tr("Last run (%1 of %1)").arg(a.runs.size()) : tr("Fine-tune run"),
                     tr("%1 steps, batch %2 × %3 tokens, learning rate %4, seed %5, init %6")
                         .arg(integer(run.steps), integer(run.batchSize), integer(run.seqLen))
                         .arg(run.learningRate, 0, 'g', 4)
                         .arg(QString::number(qulonglong(run.seed)), q(sharedInitName(run.init)))});
        if (!run.stopReason.empty()) r.push_back({tr("Stopped"), q(run.stopReason)});
    }
    P.keyValues(r);
}

// The plan's units by name: the layers level's units are (agent, layer)
// blocks, agent-major; the agents level's are the agents.
QString unitName(const Session& s, const QStringList& names, int unit) {
    const SessionAgents& a = *s.agents;
    if (a.level == AgentLevel::Agents) return names.value(unit, QString::number(unit));
    if (a.similarity && unit >= 0 && size_t(unit) < a.similarity->units.size())
        return q(a.similarity->units[size_t(unit)]);
    return QString::number(unit);
}

void agentsGroupsPage(Pages& P, const Session& s) {
    const SessionAgentPlan& plan = *s.agents->plan;
    const QStringList names = agentNames(s);
    P.heading(tr("Groups (%1 level)").arg(levelText(plan.level)));
    Table t;
    t.headers = {tr("Group"), tr("Members"), tr("Units")};
    t.widths = {0.12, 0.73, 0.15};
    t.align = {Qt::AlignLeft, Qt::AlignLeft, Qt::AlignRight};
    int shared = 0;
    for (const auto& g : plan.groups) {
        if (g.size() < 2) continue;
        QStringList members;
        for (int u : g) members << unitName(s, names, u);
        t.rows.push_back({QString::number(++shared), members.join(QStringLiteral(", ")), integer(int64_t(g.size()))});
    }
    if (t.rows.empty())
        P.text(tr("No shared group at this threshold: every unit keeps its own parameters."), P.fonts().body, kMuted);
    else
        P.table(t);
    P.heading(tr("Totals"));
    P.keyValues(
        {{tr("Parameters"), tr("%1 → %2").arg(integer(plan.baselineParameters), integer(plan.sharedParameters))},
         {tr("Bytes"), tr("%1 → %2").arg(bytesText(plan.baselineBytes), bytesText(plan.sharedBytes))}});
}

void agentsResultsPage(Pages& P, const Session& s) {
    const SessionAgentsRun& run = s.agents->runs.back();
    P.heading(tr("Results of the last fine-tune"));
    Table t;
    t.headers = {tr("System"),  tr("Parameters"),      tr("Validation loss before"),
                 tr("after"),   tr("Tokens/s (mean)"), tr("Peak model state"),
                 tr("Peak RSS")};
    t.widths = {0.14, 0.15, 0.16, 0.1, 0.14, 0.16, 0.15};
    t.align = {Qt::AlignLeft,  Qt::AlignRight, Qt::AlignRight, Qt::AlignRight,
               Qt::AlignRight, Qt::AlignRight, Qt::AlignRight};
    const auto row = [&](const QString& name, const SessionSystemSummary& x) {
        t.rows.push_back({name, integer(x.parameters), lossOrDash(x.validationBefore), lossOrDash(x.validationAfter),
                          x.steps ? integer(int64_t(std::llround(x.meanTokensPerSecond))) : QStringLiteral("—"),
                          x.steps ? bytesText(x.modelStateBytes) : QStringLiteral("—"),
                          x.peakRssBytes ? bytesText(x.peakRssBytes) : QStringLiteral("—")});
    };
    row(tr("unshared"), run.baseline);
    row(tr("shared"), run.shared);
    P.table(t);
    P.text(tr("A system's validation loss is the mean over its agents, each on fixed windows of the held-out tail "
              "of its own text. Tokens/s: the mean over the steps."),
           P.fonts().small, kMuted, 6);
    if (run.agents.empty()) return;
    P.heading(tr("Each agent's validation loss"));
    Table a;
    a.headers = {tr("Agent"), tr("Unshared before"), tr("after"), tr("Shared before"), tr("after")};
    a.widths = {0.28, 0.18, 0.18, 0.18, 0.18};
    a.align = {Qt::AlignLeft, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight};
    for (const auto& x : run.agents)
        a.rows.push_back({q(x.name), lossOrDash(x.unsharedBefore), lossOrDash(x.unsharedAfter),
                          lossOrDash(x.sharedBefore), lossOrDash(x.sharedAfter)});
    P.table(a);
}

} // namespace

bool writeAgentsReport(const Session& s, const AgentsReportFigures& figures, const QString& pdfPath, QString* error,
                       const ReportOptions& o) {
    if (!s.agents) {
        if (error) *error = tr("Cannot write the report “%1”: the session is not an agents session.").arg(pdfPath);
        return false;
    }
    const QString generator = o.generator.isEmpty() ? QStringLiteral("ShareLens " SHARELENS_VERSION) : o.generator;
    const QDateTime created = o.created.isValid() ? o.created : QDateTime::currentDateTime();
    const QString names = agentNames(s).join(QStringLiteral(", "));
    return writePdfDocument(
        pdfPath, tr("ShareLens report: agents %1").arg(names), generator, error,
        [&](QPdfWriter& writer, QPainter& painter) {
            Pages P(writer, painter, makeFonts(),
                    tr("ShareLens report · agents · %1").arg(created.toString(QStringLiteral("yyyy-MM-dd"))));
            agentsTitlePage(P, s, generator, created);
            if (figures.haveFigures) {
                P.newPage();
                P.heading(tr("Similarity and clustering"));
                const double gap = 12;
                const double total = P.remaining() - gap;
                P.figure(total * 0.57, [&](QPainter& p, const QRectF& r) { paintHeatmap(p, r, figures.heatmap); });
                P.skip(gap);
                P.figure(P.remaining(),
                         [&](QPainter& p, const QRectF& r) { paintDendrogram(p, r, figures.dendrogram); });
            }
            if (s.agents->plan) {
                P.newPage();
                agentsGroupsPage(P, s);
            }
            if (!s.agents->runs.empty()) {
                P.newPage();
                agentsResultsPage(P, s);
            }
        });
}

} // namespace sharelens::widgets
