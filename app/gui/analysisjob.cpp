#include "analysisjob.h"

#include "jobrunner.h"
#include "workergroup.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>
#include <cmath>

#include "sharelens/data.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"
#include "errortext.h"
#include "sharelens/workflow.h"

namespace sharelens::app {

namespace {

constexpr int kStages = 3; // reading the text, capturing activations, computing similarity (+ leave-one-out)

QString stageName(int index) {
    switch (index) {
    case 1: return AnalysisRunner::tr("Reading calibration text");
    case 2: return AnalysisRunner::tr("Capturing activations");
    case 4: return AnalysisRunner::tr("Leave-one-out loss");
    default: return AnalysisRunner::tr("Computing similarity");
    }
}

} // namespace

Sequences calibrationSequences(const Model& model, const QString& textPath, int seqLen, int sequences,
                               const Progress& progress) {
    const std::string path = textPath.toStdString();
    // Only the start of the text is needed: `sequences` sequences of seqLen tokens.
    const std::string text = readTextPrefix(
        path, textBytesForTokens(static_cast<uint64_t>(std::max(sequences, 1)) * static_cast<uint64_t>(seqLen)));
    progress.check();
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    // Each window starts the way the model was trained (with its BOS when
    // the tokenizer adds one); only the start of the text they take is
    // tokenized.
    auto seqs = encodeWindows(*tok, text, seqLen, sequences);
    progress.check();
    if (seqs.empty())
        throw Error(AnalysisRunner::tr("the text has %1 tokens, fewer than one sequence of %2; choose a longer text "
                                       "or a shorter sequence length")
                        .arg(tok->encode(text).size())
                        .arg(seqLen)
                        .toStdString(),
                    path);
    return seqs;
}

Sequences tokenIdSequences(const QString& path, int sequences) {
    const std::string file = path.toStdString();
    auto seqs = readTokenIds(file);
    if (sequences > 0 && seqs.size() > static_cast<size_t>(sequences)) seqs.resize(static_cast<size_t>(sequences));
    return seqs;
}

bool StageProgress::update(int stageIndex, double fraction, AnalysisProgress* out) {
    if (stageIndex != m_stage) {
        m_stage = stageIndex;
        m_stageTimer.start();
        m_last = -1.0;
    }
    fraction = std::clamp(fraction, 0.0, 1.0);
    const double overall = std::clamp((stageIndex - 1 + fraction) / m_stages, 0.0, 1.0);
    if (m_last >= 0.0 && overall - m_last < 0.001 && fraction < 1.0) return false;
    m_last = overall;
    out->stage = m_stageName(stageIndex);
    out->stageIndex = stageIndex;
    out->stageCount = m_stages;
    out->fraction = overall;
    // Estimated from the current stage's pace (the capture dominates).
    const double elapsed = m_stageTimer.elapsed() / 1000.0;
    out->secondsLeft = (fraction > 0.02 && elapsed > 0.3) ? elapsed * (1.0 - fraction) / fraction : -1.0;
    return true;
}

AnalysisRunner::AnalysisRunner(QObject* parent) : QObject(parent), m_jobs(new JobRunner(this)) {
    qRegisterMetaType<sharelens::SimilarityResult>("sharelens::SimilarityResult");
    qRegisterMetaType<AnalysisProgress>("sharelens::app::AnalysisProgress");
    connect(m_jobs, &JobRunner::runningChanged, this, &AnalysisRunner::updateRunning);
    m_group = new WorkerGroup(this);
    connect(m_group, &WorkerGroup::rankProgress, this, &AnalysisRunner::workersProgress);
    connect(m_group, &WorkerGroup::finished, this, &AnalysisRunner::workersFinished);
}

AnalysisRunner::~AnalysisRunner() = default;

bool AnalysisRunner::isRunning() const { return m_jobs->isRunning() || m_group->isRunning(); }

void AnalysisRunner::updateRunning() {
    if (isRunning() == m_running) return;
    m_running = isRunning();
    Q_EMIT runningChanged(m_running);
}
quint64 AnalysisRunner::generation() const { return m_jobs->generation(); }

void AnalysisRunner::analyze(const AnalysisRequest& request) {
    if (m_group->isRunning()) {
        m_group->cancel(); // superseded: its result is never read
        m_workersOut.reset();
    }
    if (request.workers > 1) {
        if (m_jobs->isRunning()) m_jobs->start([](const JobRunner::Context&) { return std::function<void()>(); });
        analyzeInWorkers(request);
        return;
    }
    QPointer<AnalysisRunner> self(this);
    m_jobs->start([self, request](const JobRunner::Context& ctx) -> std::function<void()> {
        auto report = [self, ctx](const AnalysisProgress& p) {
            ctx.post([self, p] {
                if (self) Q_EMIT self->progress(p);
            });
        };
        const bool loo = request.importance && request.importance->leaveOneOut;
        auto throttle = std::make_shared<StageProgress>(kStages + (loo ? 1 : 0), stageName);
        auto step = [throttle, report](int stage, double fraction) {
            AnalysisProgress p;
            if (throttle->update(stage, fraction, &p)) report(p);
        };
        const Progress engineProgress([step](const ProgressInfo& info) { step(1 + info.stageIndex, info.fraction); },
                                      ctx.cancel);
        try {
            if (!request.model) throw Error("no model is open");
            const Model& model = *request.model;
            step(1, 0.0);
            const auto seqs =
                request.tokenIdsPath.isEmpty()
                    ? calibrationSequences(model, request.textPath, request.seqLen, request.sequences, engineProgress)
                    : tokenIdSequences(request.tokenIdsPath, request.sequences);
            step(1, 1.0);
            workflow::AnalyseRequest rq{seqs, request.options, std::nullopt, request.importance};
            auto outcome = workflow::analyse(model, rq, engineProgress);
            return [self, result = std::move(outcome.similarity), importance = std::move(outcome.importance)] {
                if (!self) return;
                self->m_importance = importance;
                Q_EMIT self->finished(result);
            };
        } catch (const Cancelled&) {
            return [self] {
                if (self) Q_EMIT self->failed(tr("The analysis was cancelled."), true);
            };
        } catch (const std::exception& e) {
            const QString msg = widgets::errorText(e);
            return [self, msg] {
                if (self) Q_EMIT self->failed(msg, false);
            };
        }
    });
}

void AnalysisRunner::cancel() {
    m_jobs->cancel();
    if (!m_group->isRunning()) return;
    m_group->cancel(); // every worker has ended when this returns
    m_workersOut.reset();
    updateRunning();
    Q_EMIT failed(tr("The analysis was cancelled."), true);
}

} // namespace sharelens::app
