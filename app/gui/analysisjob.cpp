#include "analysisjob.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>
#include <cmath>

#include "sharelens/data.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"

namespace sharelens::app {

namespace {

constexpr int kStages = 3; // reading the text, capturing activations, computing similarity

QString stageName(int index) {
    switch (index) {
    case 1: return AnalysisRunner::tr("Reading calibration text");
    case 2: return AnalysisRunner::tr("Capturing activations");
    default: return AnalysisRunner::tr("Computing similarity");
    }
}

// Turns the engine's per-stage reports into throttled AnalysisProgress
// values with an estimate of the time left. Lives on the worker thread.
class ProgressThrottle {
public:
    // Returns false when the change is too small to be worth a signal.
    bool update(int stageIndex, double fraction, AnalysisProgress* out) {
        if (!m_total.isValid()) m_total.start();
        if (stageIndex != m_stage) {
            m_stage = stageIndex;
            m_stageTimer.start();
            m_last = -1.0;
        }
        const double overall = std::clamp((stageIndex - 1 + fraction) / kStages, 0.0, 1.0);
        if (m_last >= 0.0 && overall - m_last < 0.001 && fraction < 1.0) return false;
        m_last = overall;
        out->stage = stageName(stageIndex);
        out->stageIndex = stageIndex;
        out->stageCount = kStages;
        out->fraction = overall;
        // The capture dominates; estimate from the current stage's pace.
        const double elapsed = m_stageTimer.elapsed() / 1000.0;
        out->secondsLeft = (fraction > 0.02 && elapsed > 0.3) ? elapsed * (1.0 - fraction) / fraction : -1.0;
        return true;
    }

private:
    QElapsedTimer m_total, m_stageTimer;
    int m_stage = 0;
    double m_last = -1.0;
};

} // namespace

AnalysisRunner::AnalysisRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<sharelens::SimilarityResult>("sharelens::SimilarityResult");
    qRegisterMetaType<AnalysisProgress>("sharelens::app::AnalysisProgress");
}

AnalysisRunner::~AnalysisRunner() {
    if (m_cancel) m_cancel->store(true);
}

void AnalysisRunner::analyze(const AnalysisRequest& request) {
    if (m_cancel) m_cancel->store(true); // supersede a running analysis
    const quint64 gen = ++m_generation;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    if (!m_running) {
        m_running = true;
        Q_EMIT runningChanged(true);
    }
    QPointer<AnalysisRunner> self(this);

    // Delivers on the GUI thread, only if this request is still the newest.
    auto deliver = [self, gen](auto fn) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, gen, fn]() {
                if (!self || gen != self->m_generation) return;
                self->m_running = false;
                Q_EMIT self->runningChanged(false);
                fn(self.data());
            },
            Qt::QueuedConnection);
    };
    auto report = [self, gen](const AnalysisProgress& p) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, gen, p]() {
                if (self && gen == self->m_generation) Q_EMIT self->progress(p);
            },
            Qt::QueuedConnection);
    };

    QThreadPool::globalInstance()->start([request, cancel, deliver, report]() {
        auto throttle = std::make_shared<ProgressThrottle>();
        auto step = [throttle, report](int stage, double fraction) {
            AnalysisProgress p;
            if (throttle->update(stage, fraction, &p)) report(p);
        };
        const Progress engineProgress(
            [step](const ProgressInfo& info) { step(1 + info.stageIndex, info.fraction); }, cancel.get());
        try {
            if (!request.model) throw Error("no model is open");
            const Model& model = *request.model;
            step(1, 0.0);
            const std::string path = request.textPath.toStdString();
            const std::string text = readFile(path);
            engineProgress.check();
            auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
            const auto ids = tok->encode(text);
            engineProgress.check();
            const auto seqs = chunkTokens(ids, request.seqLen, request.sequences);
            if (seqs.empty())
                throw Error(tr("the text has %1 tokens, fewer than one sequence of %2; choose a longer text or "
                               "a shorter sequence length")
                                .arg(ids.size())
                                .arg(request.seqLen)
                                .toStdString(),
                            path);
            step(1, 1.0);
            SimilarityResult result = computeSimilarity(model, seqs, request.options, engineProgress);
            if (cancel->load()) throw Cancelled();
            deliver([result](AnalysisRunner* s) { Q_EMIT s->finished(result); });
        } catch (const Cancelled&) {
            deliver([](AnalysisRunner* s) { Q_EMIT s->failed(tr("The analysis was cancelled."), true); });
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            deliver([msg](AnalysisRunner* s) { Q_EMIT s->failed(msg, false); });
        }
    });
}

void AnalysisRunner::cancel() {
    if (m_cancel) m_cancel->store(true);
}

} // namespace sharelens::app
