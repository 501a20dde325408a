#pragma once

#include <QMetaType>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/importance.h"

#include "workergroup.h"

namespace sharelens {
class Model;
}

namespace sharelens::app {

class JobRunner;

// What one analysis needs: the model, where the calibration text comes from
// and how it is cut into sequences, and how activations are compared.
struct AnalysisRequest {
    std::shared_ptr<const sharelens::Model> model;
    QString textPath;     // a plain-text file (the built-in sample or the user's)
    QString tokenIdsPath; // non-empty: a JSON array of token-id sequences instead of the text
    int seqLen = 128;     // tokens per sequence (of the text)
    int sequences = 64;   // at most this many sequences
    sharelens::CaptureOptions options;
    std::optional<sharelens::ImportanceOptions> importance; // block importance from the same pass
    // 2 or more: run as that many local sharelens-cli processes (a process
    // group; WorkerGroup) and read their analysis.json; 1: in this process.
    int workers = 1;
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

// Turns a job's per-stage reports into throttled AnalysisProgress values (no
// update under 0.1 % overall, STYLE 4) with an estimate of the current
// stage's time left. One per job; lives on the worker thread.
class StageProgress {
public:
    StageProgress(int stages, std::function<QString(int)> stageName)
        : m_stages(stages), m_stageName(std::move(stageName)) {}
    // Returns false when the change is too small to be worth a signal.
    bool update(int stageIndex, double fraction, AnalysisProgress* out);

private:
    int m_stages;
    std::function<QString(int)> m_stageName;
    QElapsedTimer m_stageTimer;
    int m_stage = 0;
    double m_last = -1.0;
};

// The calibration sequences of a text file for `model`: read, tokenized with
// the model's tokenizer, cut into at most `sequences` windows of `seqLen`
// tokens. Throws sharelens::Error naming the file (translated sentence) when
// the text is shorter than one window, Cancelled through `progress`. Runs on
// a worker thread (the analysis and agents jobs).
sharelens::Sequences calibrationSequences(const sharelens::Model& model, const QString& textPath, int seqLen,
                                          int sequences, const sharelens::Progress& progress);

// The calibration sequences of a token-id file (a JSON array of sequences,
// as `sharelens-cli analyze --token-ids` reads), each used as it is: the
// first `sequences` of them. Throws sharelens::Error naming the file when it
// is not such an array or holds no sequence.
sharelens::Sequences tokenIdSequences(const QString& path, int sequences);

// Runs the activation capture and similarity off the GUI thread. Each
// request gets a generation number; a new analyze() supersedes (and cancels)
// the running one, whose result is dropped on delivery. cancel() flips an
// atomic flag the engine polls; a cancelled job reports through failed()
// with cancelled = true, the same channel as an error. A request with
// workers > 1 runs as a WorkerGroup of sharelens-cli processes instead
// (analysisworkers.cpp): the same signals, plus rankProgress() per worker;
// its analysis.json goes to a temporary folder that is removed when the
// run ends, fails or is cancelled.
class AnalysisRunner : public QObject {
    Q_OBJECT
public:
    explicit AnalysisRunner(QObject* parent = nullptr);
    ~AnalysisRunner() override;

    void analyze(const AnalysisRequest& request);
    void cancel();
    bool isRunning() const;
    quint64 generation() const;
    // The importance of the last finished analysis (set before finished()),
    // none when it was not asked for.
    const std::optional<sharelens::ImportanceResult>& importance() const { return m_importance; }
    // The worker processes of a run with workers > 1.
    const WorkerGroup* workers() const { return m_group; }

Q_SIGNALS:
    void progress(const sharelens::app::AnalysisProgress& progress);
    void rankProgress(const sharelens::app::RankProgress& progress);
    void finished(const sharelens::SimilarityResult& result);
    void failed(const QString& message, bool cancelled);
    void runningChanged(bool running);

private:
    void analyzeInWorkers(const AnalysisRequest& request);
    void workersProgress(const RankProgress& progress);
    void workersFinished(bool ok, const QString& error);
    void updateRunning();

    JobRunner* m_jobs = nullptr;
    std::optional<sharelens::ImportanceResult> m_importance;
    WorkerGroup* m_group = nullptr;
    std::unique_ptr<QTemporaryDir> m_workersOut;     // the workers' --out, removed when the run ends
    std::shared_ptr<StageProgress> m_workersStages;  // the slowest worker's stage, throttled
    std::vector<std::pair<int, double>> m_rankStage; // per worker: the GUI's stage index and fraction
    bool m_running = false;
};

} // namespace sharelens::app

Q_DECLARE_METATYPE(sharelens::SimilarityResult)
Q_DECLARE_METATYPE(sharelens::app::AnalysisProgress)
