#include "document.h"
#include "errortext.h"

#include <QDir>

#include "finetunejob.h"

namespace sharelens::app {

Document::Document(QObject* parent) : QObject(parent) {}

bool Document::hasResults() const {
    if (m_session.similarity.has_value() || !m_session.runs.empty()) return true;
    return m_session.agents && (m_session.agents->similarity.has_value() || !m_session.agents->runs.empty());
}

void Document::setModified(bool modified) {
    if (m_modified == modified) return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

void Document::reset(const QString& modelPath) {
    const int workers = m_session.workers; // a setting of this machine, kept for the next model
    m_session = Session{};
    m_session.workers = workers;
    m_session.models = {modelPath.toStdString()};
    m_session.createdBy = "ShareLens " SHARELENS_VERSION;
    if (!m_path.isEmpty()) {
        m_path.clear();
        Q_EMIT filePathChanged(m_path);
    }
    setModified(false);
    Q_EMIT runsChanged();
}

void Document::setWorkers(int workers) {
    if (workers == m_session.workers) return;
    m_session.workers = workers;
    if (hasResults()) setModified(true);
    Q_EMIT workersChanged(workers);
}

void Document::resetAgents() {
    reset(QString());
    m_session.models.clear();
    m_session.agents = SessionAgents{};
}

void Document::replace(const Session& session, const QString& path) {
    const bool workers = session.workers != m_session.workers;
    m_session = session;
    if (workers) Q_EMIT workersChanged(m_session.workers);
    m_path = path;
    Q_EMIT filePathChanged(m_path);
    setModified(false);
    Q_EMIT sessionReplaced();
    Q_EMIT runsChanged();
}

void Document::setAnalysis(const SessionCalibration& calibration, const SimilarityResult& result) {
    m_session.calibration = calibration;
    m_session.similarity = result;
    setModified(true);
}

namespace {
bool sameGroups(const SharingPlan& a, const SharingPlan& b) {
    if (a.groups.size() != b.groups.size()) return false;
    for (size_t g = 0; g < a.groups.size(); ++g)
        if (a.groups[g].members != b.groups[g].members) return false;
    return true;
}
} // namespace

void Document::setGrouping(const SessionClustering& clustering, const SharingPlan& plan) {
    // An edited plan differs from the cut at the same settings: also a change.
    const bool same = m_session.plan && m_session.clustering == clustering && sameGroups(*m_session.plan, plan);
    m_session.clustering = clustering;
    m_session.plan = plan;
    if (!same) setModified(true);
}

void Document::addRun(const SessionRun& run) {
    m_session.runs.push_back(run);
    setModified(true);
    Q_EMIT runsChanged();
}

SessionAgents& Document::agents() {
    if (!m_session.agents) m_session.agents = SessionAgents{};
    return *m_session.agents;
}

void Document::setAgentsAnalysis(const QStringList& paths, const QStringList& names,
                                 const SessionCalibration& calibration, const AgentSimilarityResult& similarity,
                                 const WeightDifferenceResult& weights) {
    SessionAgents& a = agents();
    m_session.models.clear();
    a.names.clear();
    for (int k = 0; k < paths.size(); ++k) {
        m_session.models.push_back(paths[k].toStdString());
        a.names.push_back(names.value(k).toStdString());
    }
    m_session.calibration = calibration;
    a.similarity = similarity;
    a.weights = weights;
    a.layersThreshold = a.agentsThreshold = -1.0; // new trees: thresholds chosen from them
    a.plan.reset();
    a.agentTexts.assign(size_t(paths.size()), std::string());
    setModified(true);
}

void Document::setAgentsGrouping(AgentLevel level, LinkageMethod linkage, double layersThreshold,
                                 double agentsThreshold, const std::optional<SessionAgentPlan>& plan) {
    SessionAgents& a = agents();
    const bool same = a.level == level && a.linkage == linkage && a.layersThreshold == layersThreshold &&
                      a.agentsThreshold == agentsThreshold && a.plan.has_value() == plan.has_value();
    a.level = level;
    a.linkage = linkage;
    a.layersThreshold = layersThreshold;
    a.agentsThreshold = agentsThreshold;
    a.plan = plan;
    if (!same) setModified(true);
}

void Document::setAgentTexts(const std::vector<std::string>& texts) {
    if (agents().agentTexts == texts) return;
    agents().agentTexts = texts;
    setModified(true);
}

void Document::addAgentsRun(const SessionAgentsRun& run) {
    agents().runs.push_back(run);
    setModified(true);
}

bool Document::save(const QString& path, QString* error) {
    try {
        m_session.createdBy = "ShareLens " SHARELENS_VERSION;
        saveSession(path.toStdString(), m_session);
    } catch (const std::exception& e) {
        if (error) *error = widgets::errorText(e);
        return false;
    }
    if (m_path != path) {
        m_path = path;
        Q_EMIT filePathChanged(m_path);
    }
    setModified(false);
    return true;
}

bool Document::read(const QString& path, Session* out, QString* error) {
    try {
        *out = loadSession(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = widgets::errorText(e);
        return false;
    }
    if (out->models.empty()) {
        if (error) *error = tr("%1 names no model folder; it cannot be opened.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

AgentsFinetuneSummary agentsFinetuneSummary(const SessionAgentsRun& run) {
    AgentsFinetuneSummary s;
    s.baseline = run.baseline;
    s.shared = run.shared;
    for (const auto& a : run.agents)
        s.agents.push_back({a.name, a.unsharedBefore, a.unsharedAfter, a.sharedBefore, a.sharedAfter});
    s.stopReason = QString::fromStdString(run.stopReason);
    return s;
}

SessionAgentsRun sessionAgentsRun(const AgentsFinetuneRequest& request, const AgentsFinetuneSummary& summary) {
    SessionAgentsRun run;
    for (const QString& t : request.textPaths) run.textPaths.push_back(t.toStdString());
    run.steps = request.steps;
    run.batchSize = request.batchSize;
    run.seqLen = request.seqLen;
    run.learningRate = request.learningRate;
    run.init = request.init;
    run.seed = request.seed;
    run.plan = sessionAgentPlan(request.plan);
    run.baseline = summary.baseline;
    run.shared = summary.shared;
    for (const auto& a : summary.agents)
        run.agents.push_back({a.name, a.unsharedBefore, a.unsharedAfter, a.sharedBefore, a.sharedAfter});
    run.stopReason = summary.stopReason.toStdString();
    return run;
}

} // namespace sharelens::app
