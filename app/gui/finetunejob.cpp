#include "finetunejob.h"

#include "jobrunner.h"

#include <QElapsedTimer>
#include <QPointer>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "sharelens/compress.h"
#include "sharelens/data.h"
#include "sharelens/model.h"
#include "sharelens/sharing.h"
#include "sharelens/tokenizer.h"

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

void FinetuneRunner::start(const FinetuneRequest& request) {
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
    m_jobs->start([self, request, gate](const JobRunner::Context& ctx) -> std::function<void()> {
        FinetuneRecords pending;
        pending.stepsTotal = request.steps;
        QElapsedTimer sinceFlush;
        sinceFlush.start();
        auto flush = [&](bool force) {
            if (!force && sinceFlush.elapsed() < kDeliveryIntervalMs) return;
            if (!force && pending.steps.empty() && pending.evals.empty()) return;
            FinetuneRecords out = std::move(pending);
            pending = FinetuneRecords{};
            pending.stepsTotal = out.stepsTotal;
            pending.stepsDone = out.stepsDone;
            pending.stage = out.stage;
            sinceFlush.restart();
            ctx.post([self, out = std::move(out)] {
                if (self) Q_EMIT self->records(out);
            });
        };
        auto stage = [&](const QString& name) {
            pending.stage = name;
            flush(true);
        };
        const Progress progress({}, ctx.cancel);
        try {
            if (!request.model) throw Error("no model is open");
            stage(tr("Loading the baseline"));
            // trainPair trains in place: the analysis keeps its own model.
            auto baseline = Model::load(request.model->checkpoint(), progress);
            progress.check();
            stage(tr("Reading the text"));
            const std::string path = request.textPath.toStdString();
            auto tok = loadTokenizerForModel(baseline->checkpoint().dir, baseline->config().vocabSize);
            const auto ids = tok->encode(readFile(path));
            progress.check();
            const auto [trainIds, valIds] = splitTokens(ids, request.validationFraction);

            stage(tr("Building the shared model"));
            ShareOptions share;
            share.init = request.init;
            share.privateNorms = request.privateNorms || request.plan.privateNorms;
            share.deltaRank = request.deltaRank;
            SharedModelInfo info;
            auto shared = makeSharedModel(*baseline, request.plan, share, &info);
            const int64_t baseParams = baseline->summary().parameters;
            progress.check();

            TrainOptions o;
            o.steps = request.steps;
            o.batchSize = request.batchSize;
            o.seqLen = request.seqLen;
            o.learningRate = request.learningRate;
            o.minLearningRate = request.learningRate / 10;
            o.seed = request.seed;
            o.evalEvery = request.evalEvery > 0 ? request.evalEvery : std::max(1, request.steps / 10);

            stage(tr("Training"));
            const auto onStep = [&](PairRun r, const StepRecord& s) {
                pending.steps.emplace_back(r, s);
                pending.stepsDone = std::max(pending.stepsDone, s.step);
                if (gate->paused.load()) {
                    flush(true);
                    gate->waitWhilePaused(ctx.cancel);
                    sinceFlush.restart();
                } else {
                    flush(false);
                }
            };
            const auto onEval = [&](PairRun r, const EvalRecord& e) {
                pending.evals.emplace_back(r, e);
                flush(false);
            };
            const PairResult result = trainPair(*baseline, *shared, trainIds, valIds, o, onStep, onEval, progress);
            if (result.stopReason == "cancelled") throw Cancelled();

            FinetuneSummary summary;
            summary.baseline = summariseRun(result.baseline, baseParams);
            summary.shared = summariseRun(result.shared, info.parameters);
            summary.stopReason = QString::fromStdString(result.stopReason);
            // The comparison at the same budget, on fixed validation windows.
            const auto valSeqs = chunkTokens(valIds, request.seqLen, kBudgetSequences);
            if (result.stopReason.empty() && !valSeqs.empty()) {
                stage(tr("Comparing with layer removal and int8 at the same budget"));
                summary.budget =
                    budgetAfterTraining(*request.model, *baseline, *shared, request.plan, valSeqs, progress);
                summary.budgetSequences = static_cast<int>(valSeqs.size());
            }
            if (result.stopReason.empty()) summary.trainedShared = std::shared_ptr<const Model>(std::move(shared));
            pending.stage = result.stopReason.empty() ? tr("Finished") : tr("Stopped");
            flush(true);
            return [self, summary] {
                if (self) Q_EMIT self->finished(summary);
            };
        } catch (const Cancelled&) {
            return [self] {
                if (self) Q_EMIT self->failed(tr("The fine-tune was cancelled."), true);
            };
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            return [self, msg] {
                if (self) Q_EMIT self->failed(msg, false);
            };
        }
    });
}

} // namespace sharelens::app
