#include "finetunejob.h"

#include "finetuneworkers.h"
#include "jobrunner.h"
#include "workergroup.h"

#include <QElapsedTimer>
#include <QPointer>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/sharing.h"
#include "sharelens/tokenizer.h"
#include "errortext.h"

namespace sharelens::app {

// Holds a job between steps while paused. One per job; cancel() wakes it.
struct FinetuneRunner::Gate {
    std::mutex mutex;
    std::condition_variable cv;
    std::atomic<bool> paused{false};

    void set(bool p) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            paused.store(p);
        }
        cv.notify_all();
    }
    void wake() {
        { std::lock_guard<std::mutex> lock(mutex); }
        cv.notify_all();
    }
    // Blocks while paused and not cancelled (the timeout is only a safety
    // net for a runner destroyed while its job waits).
    void waitWhilePaused(const std::atomic<bool>* cancel) {
        std::unique_lock<std::mutex> lock(mutex);
        while (paused.load() && !cancel->load()) cv.wait_for(lock, std::chrono::milliseconds(100));
    }
};

FinetuneRunSummary summariseRun(const TrainResult& r, int64_t parameters) {
    FinetuneRunSummary s;
    s.parameters = parameters;
    s.steps = static_cast<int>(r.steps.size());
    if (!r.steps.empty()) {
        double tps = 0;
        for (const auto& st : r.steps) tps += st.tokensPerSecond;
        s.meanTokensPerSecond = tps / static_cast<double>(r.steps.size());
        s.modelStateBytes = r.steps.back().modelStateBytes;
        s.peakRssBytes = r.steps.back().peakRssBytes;
    }
    if (!r.evals.empty()) {
        s.validationBefore = r.evals.front().loss;
        if (r.evals.size() > 1) s.validationAfter = r.evals.back().loss;
    }
    return s;
}

FinetuneRunner::FinetuneRunner(QObject* parent)
    : QObject(parent), m_jobs(new JobRunner(this)), m_gate(std::make_shared<Gate>()) {
    qRegisterMetaType<FinetuneRecords>("sharelens::app::FinetuneRecords");
    qRegisterMetaType<FinetuneSummary>("sharelens::app::FinetuneSummary");
    qRegisterMetaType<AgentsFinetuneSummary>("sharelens::app::AgentsFinetuneSummary");
    connect(m_jobs, &JobRunner::runningChanged, this, &FinetuneRunner::updateRunning);
    m_group = new WorkerGroup(this);
    connect(m_group, &WorkerGroup::rankProgress, this, &FinetuneRunner::rankProgress);
    connect(m_group, &WorkerGroup::progressLine, this, &FinetuneRunner::workersLine);
    connect(m_group, &WorkerGroup::finished, this, &FinetuneRunner::workersFinished);
}

void FinetuneRunner::updateRunning() {
    const bool running = isRunning();
    if (!running && m_gate->paused.load()) {
        m_gate->set(false);
        Q_EMIT pausedChanged(false);
    }
    if (running == m_running) return;
    m_running = running;
    Q_EMIT runningChanged(running);
}

FinetuneRunner::~FinetuneRunner() {
    m_jobs->cancel();
    m_gate->wake();
}

bool FinetuneRunner::isRunning() const { return m_jobs->isRunning() || m_group->isRunning(); }
bool FinetuneRunner::isPaused() const { return m_gate->paused.load(); }

void FinetuneRunner::cancel() {
    m_jobs->cancel();
    m_gate->wake();
    if (!m_group->isRunning()) return;
    stopWorkers(); // every worker has ended when this returns
    updateRunning();
    Q_EMIT failed(tr("The fine-tune was cancelled."), true);
}

void FinetuneRunner::stopWorkers() {
    if (!m_group->isRunning() && !m_workersRun) return;
    m_group->cancel();
    m_workersRun.reset(); // its folder goes with it
    if (m_gate->paused.load()) {
        m_gate->set(false);
        Q_EMIT pausedChanged(false);
    }
}

void FinetuneRunner::pause() {
    if (!isRunning() || isPaused()) return;
    m_gate->set(true);
    m_group->setPaused(true);
    Q_EMIT pausedChanged(true);
}

void FinetuneRunner::resume() {
    if (!isPaused()) return;
    m_gate->set(false);
    m_group->setPaused(false);
    Q_EMIT pausedChanged(false);
}

// The worker side of one job: records since the last delivery, posted to
// the GUI thread at most every kDeliveryIntervalMs (and at once on a stage
// change); holds the job between steps while paused.
struct FinetuneRunner::Feed {
    const JobRunner::Context& ctx;
    QPointer<FinetuneRunner> self;
    std::shared_ptr<Gate> gate;
    FinetuneRecords pending;
    QElapsedTimer sinceFlush;

    void flush(bool force) {
        if (!force && sinceFlush.elapsed() < kDeliveryIntervalMs) return;
        if (!force && pending.steps.empty() && pending.evals.empty() && pending.agentEvals.empty()) return;
        FinetuneRecords out = std::move(pending);
        pending = FinetuneRecords{};
        pending.stepsTotal = out.stepsTotal;
        pending.stepsDone = out.stepsDone;
        pending.stage = out.stage;
        sinceFlush.restart();
        ctx.post([self = self, out = std::move(out)] {
            if (self) Q_EMIT self->records(out);
        });
    }
    void stage(const QString& name) {
        pending.stage = name;
        flush(true);
    }
    void step(PairRun r, const StepRecord& s) {
        pending.steps.emplace_back(r, s);
        pending.stepsDone = std::max(pending.stepsDone, s.step);
        if (gate->paused.load()) {
            flush(true);
            gate->waitWhilePaused(ctx.cancel);
            sinceFlush.restart();
        } else {
            flush(false);
        }
    }
    void eval(PairRun r, const EvalRecord& e) {
        pending.evals.emplace_back(r, e);
        flush(false);
    }
};

void FinetuneRunner::run(int steps, Work work) {
    // A new job gets its own gate; the old one (if any) is released.
    m_jobs->cancel();
    if (m_gate->paused.load()) {
        m_gate->set(false);
        Q_EMIT pausedChanged(false);
    }
    m_gate->wake();
    m_gate = std::make_shared<Gate>();
    auto gate = m_gate;
    QPointer<FinetuneRunner> self(this);
    m_jobs->start([self, steps, gate, work = std::move(work)](const JobRunner::Context& ctx) -> std::function<void()> {
        Feed feed{ctx, self, gate, {}, {}};
        feed.pending.stepsTotal = steps;
        feed.sinceFlush.start();
        const Progress progress({}, ctx.cancel);
        try {
            return work(feed, progress);
        } catch (const Cancelled&) {
            return [self] {
                if (self) Q_EMIT self->failed(tr("The fine-tune was cancelled."), true);
            };
        } catch (const std::exception& e) {
            const QString msg = widgets::errorText(e);
            return [self, msg] {
                if (self) Q_EMIT self->failed(msg, false);
            };
        }
    });
}

namespace {

TrainOptions trainOptions(int steps, int batchSize, int seqLen, double learningRate, uint64_t seed, int evalEvery) {
    TrainOptions o;
    o.steps = steps;
    o.batchSize = batchSize;
    o.seqLen = seqLen;
    o.learningRate = learningRate;
    o.minLearningRate = learningRate / 10;
    o.seed = seed;
    o.evalEvery = evalEvery > 0 ? evalEvery : std::max(1, steps / 10);
    return o;
}

QString stageName(workflow::FinetuneStage stage, bool agents) {
    using S = workflow::FinetuneStage;
    switch (stage) {
    case S::Loading:
        return agents ? FinetuneRunner::tr("Loading the agents") : FinetuneRunner::tr("Loading the baseline");
    case S::ReadingData:
        return agents ? FinetuneRunner::tr("Reading the agents' texts") : FinetuneRunner::tr("Reading the text");
    case S::Building:
        return agents ? FinetuneRunner::tr("Building the shared system")
                      : FinetuneRunner::tr("Building the shared model");
    case S::Training: return FinetuneRunner::tr("Training");
    default: return FinetuneRunner::tr("Comparing with layer removal and int8 at the same budget");
    }
}

AgentsFinetuneSummary agentsSummary(const workflow::AgentsFinetuneOutcome& r) {
    AgentsFinetuneSummary summary;
    summary.baseline = summariseRun(r.records.baseline, r.setup.baselineParameters);
    summary.shared = summariseRun(r.records.shared, r.sharedParameters);
    summary.stopReason = QString::fromStdString(stopReasonText(r.stop, r.stopMessage));
    for (size_t k = 0; k < r.names.size(); ++k) {
        AgentFinetuneLosses l;
        l.name = r.names[k];
        const auto& b = r.records.baselineAgentEvals[k];
        const auto& sh = r.records.sharedAgentEvals[k];
        if (!b.empty()) l.unsharedBefore = b.front().loss;
        if (b.size() > 1) l.unsharedAfter = b.back().loss;
        if (!sh.empty()) l.sharedBefore = sh.front().loss;
        if (sh.size() > 1) l.sharedAfter = sh.back().loss;
        summary.agents.push_back(l);
    }
    if (r.stop == StopReason::Completed) summary.trainedShared.assign(r.shared.begin(), r.shared.end());
    return summary;
}

} // namespace

workflow::FinetuneRequest workflowRequest(const FinetuneRequest& request) {
    workflow::FinetuneRequest rq;
    rq.original = request.model; // trained on a copy: the analysis keeps its own model
    rq.plan = request.plan;
    rq.data = {workflow::TokenSource::Kind::Text, request.textPath.toStdString()};
    rq.share = ShareOptions{request.init, request.privateNorms || request.plan.privateNorms, request.deltaRank};
    rq.train = trainOptions(request.steps, request.batchSize, request.seqLen, request.learningRate, request.seed,
                            request.evalEvery);
    rq.validationFraction = request.validationFraction;
    rq.train.scope = request.trainSharedOnly ? TrainScope::Shared : TrainScope::All;
    rq.train.checkpointing = request.checkpointing;
    rq.train.compute = request.compute;
    rq.train.distill = request.distill; // the teacher: rq.original
    rq.train.distillTemperature = request.distillTemperature;
    rq.runBaseline = request.runBaseline;
    return rq;
}

FinetuneSizes runSizes(const FinetuneSizes& sizes, const FinetuneMode& mode) {
    if (mode.scope != TrainScope::All || !mode.baseline || sizes.storedBaselineParameters == 0) return sizes;
    FinetuneSizes s = sizes;
    s.baselineWeights = {{"float32", static_cast<uint64_t>(s.baselineParameters) * 4}};
    s.storedBaselineBytes = 0;
    s.storedBaselineParameters = 0;
    s.storedBaselineSharedScope = 0;
    s.largestConvertedTensor = 0;
    return s;
}

workflow::FinetuneCallbacks FinetuneRunner::callbacks(Feed& feed, const Progress& progress, bool agents) {
    workflow::FinetuneCallbacks cb;
    cb.progress = progress;
    cb.onStage = [&feed, agents](workflow::FinetuneStage s) { feed.stage(stageName(s, agents)); };
    cb.onStep = [&feed](PairRun r, const StepRecord& s) { feed.step(r, s); };
    cb.onEval = [&feed](PairRun r, const EvalRecord& e) { feed.eval(r, e); };
    cb.onAgentEval = [&feed](PairRun r, int agent, const EvalRecord& e) {
        feed.pending.agentEvals.push_back(AgentEvalRecord{r, agent, e});
    };
    return cb;
}

void FinetuneRunner::start(const FinetuneRequest& request) {
    stopWorkers(); // superseded: its result is never read
    if (request.workers > 1) {
        if (m_jobs->isRunning()) run(0, [](Feed&, const Progress&) { return std::function<void()>(); });
        startInWorkers(request);
        return;
    }
    run(request.steps, [request](Feed& feed, const Progress& progress) -> std::function<void()> {
        if (!request.model) throw Error("no model is open");
        const workflow::FinetuneRequest rq = workflowRequest(request);
        const auto r = workflow::finetune(rq, callbacks(feed, progress, false));
        if (r.stop == StopReason::Cancelled) throw Cancelled();

        FinetuneSummary summary;
        summary.baseline = summariseRun(r.records.baseline, r.setup.baselineParameters);
        summary.shared = summariseRun(r.records.shared, r.info.parameters);
        summary.stopReason = QString::fromStdString(stopReasonText(r.stop, r.stopMessage));
        summary.budget = r.budget;
        summary.baselineTrained = r.mode.baseline;
        summary.budgetSequences = r.budget.empty() ? 0 : r.setup.budgetSequences;
        const bool completed = r.stop == StopReason::Completed;
        if (completed) summary.trainedShared = r.shared;
        feed.pending.stage = completed ? tr("Finished") : tr("Stopped");
        feed.flush(true);
        return [self = feed.self, summary] {
            if (self) Q_EMIT self->finished(summary);
        };
    });
}

void FinetuneRunner::start(const AgentsFinetuneRequest& request) {
    stopWorkers();
    run(request.steps, [request](Feed& feed, const Progress& progress) -> std::function<void()> {
        const int A = static_cast<int>(request.paths.size());
        if (A < 2) throw Error(tr("a fine-tune of agents needs at least two agents").toStdString());
        if (request.textPaths.size() != request.paths.size())
            throw Error(tr("one text per agent expected (%1 agents, %2 texts)")
                            .arg(A)
                            .arg(request.textPaths.size())
                            .toStdString());
        workflow::AgentsFinetuneRequest rq;
        for (const QString& p : request.paths) rq.paths.push_back(p.toStdString());
        for (const QString& t : request.textPaths)
            rq.data.push_back({workflow::TokenSource::Kind::Text, t.toStdString()});
        rq.names = request.names;
        rq.plan = request.plan;
        rq.init = request.init;
        rq.train = trainOptions(request.steps, request.batchSize, request.seqLen, request.learningRate, request.seed,
                                request.evalEvery);
        rq.validationFraction = request.validationFraction;
        rq.perAgentChecks = true;
        const auto r = workflow::finetuneAgents(rq, callbacks(feed, progress, true));
        if (r.stop == StopReason::Cancelled) throw Cancelled();
        const AgentsFinetuneSummary summary = agentsSummary(r);
        feed.pending.stage = r.stop == StopReason::Completed ? tr("Finished") : tr("Stopped");
        feed.flush(true);
        return [self = feed.self, summary] {
            if (self) Q_EMIT self->agentsFinished(summary);
        };
    });
}

} // namespace sharelens::app
