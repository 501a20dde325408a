#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

#include "analysisjob.h"
#include "sharelens/agents.h"
#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"

namespace sharelens::app {

class JobRunner;

// What one agents analysis needs: the agents' model folders (2 or more) and
// optional names, the calibration text and how it is cut into sequences, and
// the metric. The same sequences go through every agent (agent 1's tokenizer:
// compatible agents share the vocabulary).
struct AgentsRequest {
    QStringList paths;
    QStringList names; // empty, or one per path (empty entries = folder name)
    QString textPath;  // a plain-text file (the built-in sample or the user's)
    int seqLen = 128;
    int sequences = 64;
    sharelens::CaptureOptions options; // units must be blocks
    int weightBase = -1;               // base agent of the delta cosine, -1 = the mean of all agents
};

// Everything the agents view shows, delivered whole: the agents' checkpoints
// (headers, for plans), the similarity at both levels and the data-free
// weight comparison.
struct AgentsResult {
    QStringList paths;
    std::vector<std::string> names;
    std::vector<sharelens::Checkpoint> checkpoints;
    sharelens::AgentSimilarityResult similarity;
    sharelens::WeightDifferenceResult weights;
};

// Runs loading, the weight comparison and the one-pass similarity of the
// agents off the GUI thread on a JobRunner: generation numbers (a new
// analyze() supersedes the running one, whose result is dropped), cancel()
// flips the atomic flag the engine polls, and a cancelled job reports through
// failed() with cancelled = true. Progress uses AnalysisProgress (stage k of
// 4, throttled, time left).
class AgentsRunner : public QObject {
    Q_OBJECT
public:
    explicit AgentsRunner(QObject* parent = nullptr);
    ~AgentsRunner() override;

    void analyze(const AgentsRequest& request);
    void cancel();
    bool isRunning() const;
    quint64 generation() const;

Q_SIGNALS:
    void progress(const sharelens::app::AnalysisProgress& progress);
    void finished(const sharelens::app::AgentsResult& result);
    void failed(const QString& message, bool cancelled);
    void runningChanged(bool running);

private:
    JobRunner* m_jobs = nullptr;
};

} // namespace sharelens::app

Q_DECLARE_METATYPE(sharelens::app::AgentsResult)
