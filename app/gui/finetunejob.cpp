#include "finetunejob.h"

#include "jobrunner.h"

#include <QElapsedTimer>
#include <QPointer>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "sharelens/agents.h"
#include "sharelens/compress.h"
#include "sharelens/error.h"
#include "sharelens/data.h"
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
        while (paused.load() && !cancel->load())
            cv.wait_for(lock, std::chrono::milliseconds(100));
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
    connect(m_jobs, &JobRunner::runningChanged, this, [this](bool running) {
        if (!running && m_gate->paused.load()) {
            m_gate->set(false);
            Q_EMIT pausedChanged(false);
        }
        Q_EMIT runningChanged(running);
    });
}

FinetuneRunner::~FinetuneRunner() {
    m_jobs->cancel();
    m_gate->wake();
}

bool FinetuneRunner::isRunning() const { return m_jobs->isRunning(); }
bool FinetuneRunner::isPaused() const { return m_gate->paused.load(); }

void FinetuneRunner::cancel() {
    m_jobs->cancel();
    m_gate->wake();
}

void FinetuneRunner::pause() {
    if (!isRunning() || isPaused()) return;
    m_gate->set(true);
    Q_EMIT pausedChanged(true);
}

void FinetuneRunner::resume() {
    if (!isPaused()) return;
    m_gate->set(false);
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

} // namespace

void FinetuneRunner::start(const FinetuneRequest& request) {
    run(request.steps, [request](Feed& feed, const Progress& progress) -> std::function<void()> {
        if (!request.model) throw Error("no model is open");
        feed.stage(tr("Loading the baseline"));
        // trainPair trains in place: the analysis keeps its own model.
        auto baseline = Model::load(request.model->checkpoint(), progress);
        progress.check();
        feed.stage(tr("Reading the text"));
        const std::string path = request.textPath.toStdString();
        auto tok = loadTokenizerForModel(baseline->checkpoint().dir, baseline->config().vocabSize);
        const auto ids = tok->encode(readFile(path));
        progress.check();
        const auto [trainIds, valIds] = splitTokens(ids, request.validationFraction);

        feed.stage(tr("Building the shared model"));
        ShareOptions share;
        share.init = request.init;
        share.privateNorms = request.privateNorms || request.plan.privateNorms;
        share.deltaRank = request.deltaRank;
        SharedModelInfo info;
        auto shared = makeSharedModel(*baseline, request.plan, share, &info);
        const int64_t baseParams = baseline->summary().parameters;
        progress.check();

        const TrainOptions o = trainOptions(request.steps, request.batchSize, request.seqLen, request.learningRate,
                                            request.seed, request.evalEvery);
        feed.stage(tr("Training"));
        const PairResult result = trainPair(
            *baseline, *shared, trainIds, valIds, o, [&](PairRun r, const StepRecord& s) { feed.step(r, s); },
            [&](PairRun r, const EvalRecord& e) { feed.eval(r, e); }, progress);
        if (result.stopReason == "cancelled") throw Cancelled();

        FinetuneSummary summary;
        summary.baseline = summariseRun(result.baseline, baseParams);
        summary.shared = summariseRun(result.shared, info.parameters);
        summary.stopReason = QString::fromStdString(result.stopReason);
        // The comparison at the same budget, on fixed validation windows.
        const auto valSeqs = chunkTokens(valIds, request.seqLen, kBudgetSequences);
        if (result.stopReason.empty() && !valSeqs.empty()) {
            feed.stage(tr("Comparing with layer removal and int8 at the same budget"));
            summary.budget = budgetAfterTraining(*request.model, *baseline, *shared, request.plan, valSeqs, progress);
            summary.budgetSequences = static_cast<int>(valSeqs.size());
        }
        if (result.stopReason.empty()) summary.trainedShared = std::shared_ptr<const Model>(std::move(shared));
        feed.pending.stage = result.stopReason.empty() ? tr("Finished") : tr("Stopped");
        feed.flush(true);
        return [self = feed.self, summary] {
            if (self) Q_EMIT self->finished(summary);
        };
    });
}

void FinetuneRunner::start(const AgentsFinetuneRequest& request) {
    run(request.steps, [request](Feed& feed, const Progress& progress) -> std::function<void()> {
        const int A = static_cast<int>(request.paths.size());
        if (A < 2) throw Error(tr("a fine-tune of agents needs at least two agents").toStdString());
        if (request.textPaths.size() != request.paths.size())
            throw Error(tr("one text per agent expected (%1 agents, %2 texts)")
                            .arg(A)
                            .arg(request.textPaths.size())
                            .toStdString());
        feed.stage(tr("Loading the agents"));
        std::vector<std::string> paths;
        for (const QString& p : request.paths) paths.push_back(p.toStdString());
        Agents agents = loadAgents(paths, request.names, progress);
        progress.check();

        feed.stage(tr("Reading the agents' texts"));
        std::vector<AgentTokens> data(size_t(A), AgentTokens{});
        for (int k = 0; k < A; ++k) {
            const std::string name = agents.names[size_t(k)];
            const std::string path = request.textPaths[k].toStdString();
            std::string text;
            try {
                text = readFile(path);
            } catch (const Error& e) {
                throw Error(tr("agent %1: %2").arg(QString::fromStdString(name), widgets::errorText(e))
                                .toStdString());
            }
            const Model& m = *agents.models[size_t(k)];
            auto tok = loadTokenizerForModel(m.checkpoint().dir, m.config().vocabSize);
            auto split = splitTokens(tok->encode(text), request.validationFraction);
            const size_t need = static_cast<size_t>(request.seqLen) + 1;
            if (split.train.size() < need || split.validation.size() < need)
                throw Error(tr("agent %1: the text gives %2 training and %3 validation tokens, fewer than one "
                               "sequence of %4 each; choose a longer text or a shorter sequence length")
                                .arg(QString::fromStdString(name))
                                .arg(split.train.size())
                                .arg(split.validation.size())
                                .arg(need)
                                .toStdString(),
                            path);
            data[size_t(k)] = AgentTokens{std::move(split.train), std::move(split.validation)};
            progress.check();
        }

        feed.stage(tr("Building the shared system"));
        const auto view = agents.view();
        SharedAgentsInfo info;
        auto shared = makeSharedAgents(view, request.plan, request.init, &info);
        const int64_t baseParams = systemParameterCount(view);
        std::vector<Model*> baseModels, sharedModels;
        for (auto& m : agents.models) baseModels.push_back(m.get());
        for (auto& m : shared) sharedModels.push_back(m.get());
        progress.check();

        const TrainOptions o = trainOptions(request.steps, request.batchSize, request.seqLen, request.learningRate,
                                            request.seed, request.evalEvery);
        feed.stage(tr("Training"));
        // The system's validation loss, the mean over the agents (summed as
        // the engine sums it), once the last agent's arrives.
        double mean[2] = {0, 0};
        const auto onEval = [&](PairRun r, int agent, const EvalRecord& e) {
            feed.pending.agentEvals.push_back(AgentEvalRecord{r, agent, e});
            double& m = mean[r == PairRun::Shared ? 1 : 0];
            m += e.loss / static_cast<double>(A);
            if (agent + 1 == A) {
                feed.eval(r, EvalRecord{e.step, m, std::exp(m)});
                m = 0;
            }
        };
        const AgentsPairResult result = trainAgentsPair(
            baseModels, sharedModels, data, o, [&](PairRun r, const StepRecord& s) { feed.step(r, s); }, onEval,
            progress);
        if (result.stopReason == "cancelled") throw Cancelled();

        AgentsFinetuneSummary summary;
        summary.baseline = summariseRun(result.baseline, baseParams);
        summary.shared = summariseRun(result.shared, info.parameters);
        summary.stopReason = QString::fromStdString(result.stopReason);
        for (int k = 0; k < A; ++k) {
            AgentFinetuneLosses l;
            l.name = agents.names[size_t(k)];
            const auto& b = result.baselineAgentEvals[size_t(k)];
            const auto& sh = result.sharedAgentEvals[size_t(k)];
            if (!b.empty()) l.unsharedBefore = b.front().loss;
            if (b.size() > 1) l.unsharedAfter = b.back().loss;
            if (!sh.empty()) l.sharedBefore = sh.front().loss;
            if (sh.size() > 1) l.sharedAfter = sh.back().loss;
            summary.agents.push_back(l);
        }
        if (result.stopReason.empty())
            summary.trainedShared.assign(shared.begin(), shared.end());
        feed.pending.stage = result.stopReason.empty() ? tr("Finished") : tr("Stopped");
        feed.flush(true);
        return [self = feed.self, summary] {
            if (self) Q_EMIT self->agentsFinished(summary);
        };
    });
}

} // namespace sharelens::app
