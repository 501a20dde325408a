#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include "sharelens/session.h"

namespace sharelens::app {

struct AgentsFinetuneRequest;
struct AgentsFinetuneSummary;

// The session's state, owned in one place: the model folders (several in
// agents mode), calibration settings, similarity result, grouping settings
// with the threshold, the plan, and the finished fine-tune runs. The views
// report what the user did by calling the setters; they repaint from
// session() and restore from it when sessionReplaced() says a session file
// was opened. Saving writes session() to a ".sharelens" file.
class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);

    const sharelens::Session& session() const { return m_session; }
    QString filePath() const { return m_path; }
    bool isModified() const { return m_modified; }
    bool isAgents() const { return m_session.agents.has_value(); }
    // Something worth keeping: a similarity result or a run.
    bool hasResults() const;

    // A fresh session for a newly opened model (not modified, no file).
    void reset(const QString& modelPath);
    // A fresh agents session (not modified, no file).
    void resetAgents();
    // Replaces the state with a session read from `path` (not modified);
    // emits sessionReplaced for the views to restore from it.
    void replace(const sharelens::Session& session, const QString& path);

    // Single model.
    void setAnalysis(const sharelens::SessionCalibration& calibration, const sharelens::SimilarityResult& result);
    void setGrouping(const sharelens::SessionClustering& clustering, const sharelens::SharingPlan& plan);
    void addRun(const sharelens::SessionRun& run);
    // Local worker processes for the analysis and the fine-tune (1: in
    // this process); kept across reset(), saved with the session.
    void setWorkers(int workers);

    // Agents mode (the document becomes an agents session).
    void setAgentsAnalysis(const QStringList& paths, const QStringList& names,
                           const sharelens::SessionCalibration& calibration,
                           const sharelens::AgentSimilarityResult& similarity,
                           const sharelens::WeightDifferenceResult& weights);
    // Level, linkage, the thresholds of both levels and the plan at the
    // level's threshold (none when it could not be made).
    void setAgentsGrouping(sharelens::AgentLevel level, sharelens::LinkageMethod linkage, double layersThreshold,
                           double agentsThreshold, const std::optional<sharelens::SessionAgentPlan>& plan);
    void setAgentTexts(const std::vector<std::string>& texts);
    void addAgentsRun(const sharelens::SessionAgentsRun& run);

    // Writes the session atomically; on success the document remembers the
    // path and is no longer modified. On failure: false and a sentence.
    bool save(const QString& path, QString* error);
    // Reads a session file; on failure: false and a sentence.
    static bool read(const QString& path, sharelens::Session* out, QString* error);

Q_SIGNALS:
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);
    void sessionReplaced();
    // The single-model runs changed (a run was added, or the session was
    // reset or replaced).
    void runsChanged();
    // The Workers setting changed (setWorkers, or a session was opened).
    void workersChanged(int workers);

private:
    void setModified(bool modified);
    sharelens::SessionAgents& agents();

    sharelens::Session m_session;
    QString m_path;
    bool m_modified = false;
};

// A finished fine-tune of agents as a session keeps it, and back (the
// trained system is not kept).
sharelens::SessionAgentsRun sessionAgentsRun(const AgentsFinetuneRequest& request,
                                             const AgentsFinetuneSummary& summary);
AgentsFinetuneSummary agentsFinetuneSummary(const sharelens::SessionAgentsRun& run);

} // namespace sharelens::app
