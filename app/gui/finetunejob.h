#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "sharelens/compress.h"
#include "sharelens/plan.h"
#include "sharelens/trainer.h"

namespace sharelens {
class Model;
}

namespace sharelens::app {

class JobRunner;

// What one fine-tune needs: the model the analysis ran on (it is not
// modified: the baseline is loaded again from its checkpoint), the plan, the
// text and the training and sharing options (as `sharelens-cli finetune`).
struct FinetuneRequest {
    std::shared_ptr<const sharelens::Model> model;
    sharelens::SharingPlan plan;
    QString textPath;            // a plain-text file (built-in sample or the user's)
    int steps = 200;
    int batchSize = 4;
    int seqLen = 64;
    double learningRate = 3e-4;
    std::optional<sharelens::SharedInit> init; // unset: each group's init from the plan
    bool privateNorms = false;
    int deltaRank = 0;
    uint64_t seed = 1;
    double validationFraction = 0.1;
    int evalEvery = 0;           // 0: steps / 10 (at least 1)
};

// Records gathered on the worker thread since the previous delivery.
struct FinetuneRecords {
    std::vector<std::pair<sharelens::PairRun, sharelens::StepRecord>> steps;
    std::vector<std::pair<sharelens::PairRun, sharelens::EvalRecord>> evals;
    int stepsDone = 0;   // highest step of either run so far
    int stepsTotal = 0;
    QString stage;       // what the job is doing ("Loading", "Training", …)
};

// One run of the pair, summarised for the results table.
struct FinetuneRunSummary {
    int64_t parameters = 0;
    double validationBefore = -1; // negative: not evaluated
    double validationAfter = -1;
    uint64_t modelStateBytes = 0;
    uint64_t peakRssBytes = 0;
    double meanTokensPerSecond = 0;
    int steps = 0;
};

// A run's summary from its records (mean speed, last memory figures, first
// and last validation loss).
FinetuneRunSummary summariseRun(const sharelens::TrainResult& records, int64_t parameters);

struct FinetuneSummary {
    FinetuneRunSummary baseline, shared;
    QString stopReason; // empty when every step ran; otherwise why the loss stopped it
    // Validation loss against parameters and bytes on the same validation
    // sequences: the trained baseline and shared models, then the layer
    // removal and int8 baselines built from the untrained model (empty when
    // the run stopped early or the validation text is shorter than one sequence).
    std::vector<sharelens::BudgetPoint> budget;
    int budgetSequences = 0;
    // The shared model after training (for export); null when the run stopped.
    std::shared_ptr<const sharelens::Model> trainedShared;
};

// Runs makeSharedModel + trainPair off the GUI thread on the one JobRunner.
// Step and validation records reach the GUI in batches, at most about 20
// deliveries a second. pause() holds the job between steps (the step
// callback waits on a condition variable); resume() releases it; cancel()
// raises the runner's flag and wakes a paused job, which then stops within a
// step. One stop path: a cancel at any stage reports failed(message, true);
// the records delivered so far stay with the receiver.
class FinetuneRunner : public QObject {
    Q_OBJECT
public:
    explicit FinetuneRunner(QObject* parent = nullptr);
    ~FinetuneRunner() override;

    void start(const FinetuneRequest& request);
    void cancel();
    void pause();
    void resume();
    bool isRunning() const;
    bool isPaused() const;

    // Minimum time between two deliveries of records.
    static constexpr int kDeliveryIntervalMs = 50;
    // Validation windows the budget comparison evaluates every method on.
    static constexpr int kBudgetSequences = 32;

Q_SIGNALS:
    void records(const sharelens::app::FinetuneRecords& records);
    void finished(const sharelens::app::FinetuneSummary& summary);
    void failed(const QString& message, bool cancelled);
    void runningChanged(bool running);
    void pausedChanged(bool paused);

private:
    struct Gate;
    JobRunner* m_jobs = nullptr;
    std::shared_ptr<Gate> m_gate;
};

} // namespace sharelens::app

Q_DECLARE_METATYPE(sharelens::app::FinetuneRecords)
Q_DECLARE_METATYPE(sharelens::app::FinetuneSummary)
