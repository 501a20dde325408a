#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "sharelens/analysis.h"

namespace sharelens {
class Model;
}

namespace sharelens::app {

class JobRunner;

// What one analysis needs: the model, where the calibration text comes from
// and how it is cut into sequences, and how activations are compared.
struct AnalysisRequest {
    std::shared_ptr<const sharelens::Model> model;
    QString textPath;   // a plain-text file (the built-in sample or the user's)
    int seqLen = 128;   // tokens per sequence
    int sequences = 64; // at most this many sequences
    sharelens::CaptureOptions options;
};

// Where a running analysis is: stage k of n, the fraction done overall and
// an estimate of the seconds left (negative while unknown).
struct AnalysisProgress {
    QString stage;
    int stageIndex = 1;
    int stageCount = 1;
    double fraction = 0.0;
    double secondsLeft = -1.0;
};

// Runs the activation capture and similarity off the GUI thread. Each
// request gets a generation number; a new analyze() supersedes (and cancels)
// the running one, whose result is dropped on delivery. cancel() flips an
// atomic flag the engine polls; a cancelled job reports through failed()
// with cancelled = true, the same channel as an error.
class AnalysisRunner : public QObject {
    Q_OBJECT
public:
    explicit AnalysisRunner(QObject* parent = nullptr);
    ~AnalysisRunner() override;

    void analyze(const AnalysisRequest& request);
    void cancel();
    bool isRunning() const;
    quint64 generation() const;

Q_SIGNALS:
    void progress(const sharelens::app::AnalysisProgress& progress);
    void finished(const sharelens::SimilarityResult& result);
    void failed(const QString& message, bool cancelled);
    void runningChanged(bool running);

private:
    JobRunner* m_jobs = nullptr;
};

} // namespace sharelens::app

Q_DECLARE_METATYPE(sharelens::SimilarityResult)
Q_DECLARE_METATYPE(sharelens::app::AnalysisProgress)
