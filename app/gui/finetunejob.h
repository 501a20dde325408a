#pragma once

#include <QMetaType>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sharelens/agents.h"
#include "sharelens/compress.h"
#include "sharelens/plan.h"
#include "sharelens/session.h"
#include "sharelens/trainer.h"
#include "sharelens/workflow.h"

#include "workergroup.h"

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
    QString textPath; // a plain-text file (built-in sample or the user's)
    int steps = 200;
    int batchSize = 4;
    int seqLen = 64;
    double learningRate = 3e-4;
    std::optional<sharelens::SharedInit> init; // unset: each group's init from the plan
    bool privateNorms = false;
    int deltaRank = 0;
    uint64_t seed = 1;
    double validationFraction = 0.1;
    int evalEvery = 0; // 0: steps / 10 (at least 1)
    sharelens::ComputeDtype compute = sharelens::ComputeDtype::Float32;
    // Lean healing (as --train shared, --baseline skip, --checkpointing).
    bool trainSharedOnly = false;
    bool runBaseline = true;
    bool checkpointing = false;
    // Distillation of the shared model from the (frozen) open model.
    sharelens::DistillMode distill = sharelens::DistillMode::None;
    double distillTemperature = 1.0;
    // 2 or more: train on that many local sharelens-cli processes (a
    // process group, data parallel; finetuneworkers.cpp); 1: in this process.
    int workers = 1;
};

// The engine's request of a one-model fine-tune for `request` (the workflow
// loads the baseline again from the model's checkpoint).
sharelens::workflow::FinetuneRequest workflowRequest(const FinetuneRequest& request);
// `sizes` measured on the open model (F16/BF16 matrices kept as stored) as
// the run in `mode` loads its baseline: as stored, except a run that trains
// every tensor beside a baseline run, which loads it as float32.
sharelens::FinetuneSizes runSizes(const sharelens::FinetuneSizes& sizes, const sharelens::FinetuneMode& mode);

// What a fine-tune of agents needs (as `sharelens-cli finetune A B ...`):
// the agents' folders and names (the analysis's), the cross-agent plan, one
// text per agent and the training options. The agents are loaded again from
// their folders; both systems train on the same batches.
struct AgentsFinetuneRequest {
    QStringList paths;
    std::vector<std::string> names;
    sharelens::AgentSharingPlan plan;
    QStringList textPaths; // one plain-text file per agent
    int steps = 200;
    int batchSize = 4;
    int seqLen = 64;
    double learningRate = 3e-4;
    sharelens::SharedInit init = sharelens::SharedInit::Mean;
    uint64_t seed = 1;
    double validationFraction = 0.1;
    int evalEvery = 0; // 0: steps / 10 (at least 1)
};

// One agent's validation loss in a fine-tune of agents.
struct AgentEvalRecord {
    sharelens::PairRun run = sharelens::PairRun::Baseline;
    int agent = 0;
    sharelens::EvalRecord eval;
};

// Records gathered on the worker thread since the previous delivery. For
// agents, steps and evals are the systems' (an eval is the mean over the
// agents) and agentEvals the agents' own.
struct FinetuneRecords {
    std::vector<std::pair<sharelens::PairRun, sharelens::StepRecord>> steps;
    std::vector<std::pair<sharelens::PairRun, sharelens::EvalRecord>> evals;
    std::vector<AgentEvalRecord> agentEvals;
    int stepsDone = 0; // highest step of either run so far
    int stepsTotal = 0;
    QString stage; // what the job is doing ("Loading", "Training", …)
};

// One run of the pair, summarised for the results table (the same summary
// a session file keeps for a run of agents).
using FinetuneRunSummary = sharelens::SessionSystemSummary;

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
    bool baselineTrained = true; // false: --baseline skip, the comparison's baseline is untrained
};

// A fine-tune of agents, summarised: the two systems (validation = mean
// over the agents) and each agent's validation loss before and after.
struct AgentFinetuneLosses {
    std::string name;
    double unsharedBefore = -1, unsharedAfter = -1; // negative: not evaluated
    double sharedBefore = -1, sharedAfter = -1;
};
struct AgentsFinetuneSummary {
    FinetuneRunSummary baseline, shared;
    std::vector<AgentFinetuneLosses> agents;
    QString stopReason; // empty when every step ran
    // The shared system after training, in the agents' order (for the
    // shared-pool export); empty when the run stopped early.
    std::vector<std::shared_ptr<const sharelens::Model>> trainedShared;
};

// Runs the engine's fine-tune workflow (one model or agents) off the GUI
// thread on the one JobRunner.
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
    void start(const AgentsFinetuneRequest& request);
    void cancel();
    void pause();
    void resume();
    bool isRunning() const;
    bool isPaused() const;
    // The worker processes of a run with workers > 1.
    const WorkerGroup* workers() const { return m_group; }

    // Minimum time between two deliveries of records.
    static constexpr int kDeliveryIntervalMs = 50;

Q_SIGNALS:
    void records(const sharelens::app::FinetuneRecords& records);
    void finished(const sharelens::app::FinetuneSummary& summary);
    void agentsFinished(const sharelens::app::AgentsFinetuneSummary& summary);
    void failed(const QString& message, bool cancelled);
    void runningChanged(bool running);
    void pausedChanged(bool paused);
    void rankProgress(const sharelens::app::RankProgress& progress);

private:
    struct Gate;
    struct Feed;
    // Starts `work` on the runner with a Feed that batches its records;
    // work returns what to run on the GUI thread when it succeeds.
    using Work = std::function<std::function<void()>(Feed& feed, const sharelens::Progress& progress)>;
    void run(int steps, Work work);
    // The workflow's callbacks: stages, records and agents' evaluations into `feed`.
    static sharelens::workflow::FinetuneCallbacks callbacks(Feed& feed, const sharelens::Progress& progress,
                                                            bool agents);

    // A one-model fine-tune on worker processes (finetuneworkers.cpp): rank
    // 0's step and validation lines become records; at the end its
    // summary.json and shared model become the summary.
    struct WorkersRun;
    void startInWorkers(const FinetuneRequest& request);
    void workersLine(int rank, const QJsonObject& line);
    void workersFinished(bool ok, const QString& error);
    void flushWorkerRecords();
    void stopWorkers();
    void updateRunning();

    JobRunner* m_jobs = nullptr;
    std::shared_ptr<Gate> m_gate;
    WorkerGroup* m_group = nullptr;
    std::unique_ptr<WorkersRun> m_workersRun;
    bool m_running = false;
};

} // namespace sharelens::app

Q_DECLARE_METATYPE(sharelens::app::FinetuneRecords)
Q_DECLARE_METATYPE(sharelens::app::FinetuneSummary)
Q_DECLARE_METATYPE(sharelens::app::AgentsFinetuneSummary)
