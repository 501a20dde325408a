// FinetuneRunner on a local process group: the request as the arguments of
// `sharelens-cli finetune`, run by a WorkerGroup; rank 0's step and
// validation lines are the records the in-process job delivers, and at the
// end its summary.json and shared model make the same FinetuneSummary.
#include "finetunejob.h"
#include "finetuneworkers.h"
#include "workergroup.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

#include "errortext.h"
#include "sharelens/model.h"
#include "sharelens/compute.h"
#include "sharelens/data.h"
#include "sharelens/input_limits.h"
#include "sharelens/tensor_set.h"

namespace sharelens::app {

namespace {

QString number(double v) { return QString::number(v, 'g', 17); }

QStringList finetuneArguments(const FinetuneRequest& r, const QString& plan, const QString& out) {
    QStringList a{QStringLiteral("finetune"), QString::fromStdString(r.model->checkpoint().dir),
                  QStringLiteral("--plan"),   plan,
                  QStringLiteral("--text"),   r.textPath};
    a << QStringLiteral("--steps") << QString::number(r.steps) << QStringLiteral("--batch")
      << QString::number(r.batchSize) << QStringLiteral("--seq-len") << QString::number(r.seqLen)
      << QStringLiteral("--lr") << number(r.learningRate) << QStringLiteral("--seed") << QString::number(r.seed)
      << QStringLiteral("--val-fraction") << number(r.validationFraction) << QStringLiteral("--eval-every")
      << QString::number(r.evalEvery > 0 ? r.evalEvery : std::max(1, r.steps / 10));
    if (r.init) a << QStringLiteral("--init") << QString::fromLatin1(sharedInitName(*r.init));
    if (r.privateNorms) a << QStringLiteral("--private-norms");
    if (r.deltaRank > 0) a << QStringLiteral("--delta-rank") << QString::number(r.deltaRank);
    a << QStringLiteral("--compute") << QString::fromLatin1(computeDtypeName(r.compute));
    a << QStringLiteral("--train") << QString::fromLatin1(r.trainSharedOnly ? "shared" : "all");
    a << QStringLiteral("--baseline") << QString::fromLatin1(r.runBaseline ? "run" : "skip");
    if (r.checkpointing) a << QStringLiteral("--checkpointing");
    if (r.distill != DistillMode::None)
        a << QStringLiteral("--distill") << QString::fromLatin1(distillModeName(r.distill))
          << QStringLiteral("--distill-temperature") << number(r.distillTemperature);
    return a << QStringLiteral("--out") << out;
}

PairRun pairRun(const QJsonObject& o) {
    return o.value(QStringLiteral("run")).toString() == QLatin1String("shared") ? PairRun::Shared : PairRun::Baseline;
}

StepRecord stepRecord(const QJsonObject& o) {
    StepRecord s;
    s.step = o.value(QStringLiteral("step")).toInt();
    s.loss = o.value(QStringLiteral("loss")).toDouble();
    s.learningRate = o.value(QStringLiteral("learning_rate")).toDouble();
    s.stepSeconds = o.value(QStringLiteral("step_seconds")).toDouble();
    s.tokensPerSecond = o.value(QStringLiteral("tokens_per_s")).toDouble();
    s.modelStateBytes = static_cast<uint64_t>(o.value(QStringLiteral("model_state_bytes")).toInteger());
    s.peakRssBytes = static_cast<uint64_t>(o.value(QStringLiteral("peak_rss_bytes")).toInteger());
    s.crossEntropy = o.value(QStringLiteral("cross_entropy")).toDouble();
    s.distillKl = o.value(QStringLiteral("distill_kl")).toDouble();
    s.distillHidden = o.value(QStringLiteral("distill_hidden")).toDouble();
    return s;
}

QString phaseName(const QString& phase) {
    if (phase == QLatin1String("loading")) return FinetuneRunner::tr("Loading the baseline");
    if (phase == QLatin1String("reading")) return FinetuneRunner::tr("Reading the text");
    if (phase == QLatin1String("building")) return FinetuneRunner::tr("Building the shared model");
    if (phase == QLatin1String("training")) return FinetuneRunner::tr("Training");
    return FinetuneRunner::tr("Comparing with layer removal and int8 at the same budget");
}

// summary.json of the run: parameters, stop reason, the budget comparison.
void readSummary(const QString& file, FinetuneSummary* s) {
    const QJsonObject j =
        QJsonDocument::fromJson(QByteArray::fromStdString(readInputFile(file.toStdString(), 64ull << 20,
                                                                        "a fine-tune summary", "summary.json", "")))
            .object();
    s->baseline.parameters =
        j.value(QStringLiteral("baseline")).toObject().value(QStringLiteral("parameters")).toInteger();
    s->shared.parameters = j.value(QStringLiteral("shared")).toObject().value(QStringLiteral("parameters")).toInteger();
    s->stopReason = j.value(QStringLiteral("stop_reason")).toString();
    s->baselineTrained = j.value(QStringLiteral("options")).toObject().value(QStringLiteral("baseline")).toString() !=
                         QLatin1String("skip");
    for (const auto& v : j.value(QStringLiteral("budget")).toArray()) {
        const QJsonObject p = v.toObject();
        BudgetPoint b;
        b.method = p.value(QStringLiteral("method")).toString().toStdString();
        b.parameters = p.value(QStringLiteral("parameters")).toInteger();
        b.bytes = static_cast<uint64_t>(p.value(QStringLiteral("bytes")).toInteger());
        b.loss = p.value(QStringLiteral("loss")).toDouble();
        s->budget.push_back(b);
    }
}

} // namespace

void FinetuneRunner::startInWorkers(const FinetuneRequest& request) {
    try {
        if (!request.model) throw Error("no model is open");
        auto run = std::make_unique<WorkersRun>();
        run->out = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/sharelens-workers-XXXXXX"));
        if (!run->out->isValid())
            throw Error(tr("could not make a temporary folder for the workers' results: %1")
                            .arg(run->out->errorString())
                            .toStdString());
        const QString plan = run->out->filePath(QStringLiteral("plan.json"));
        writeFileAtomic(plan.toStdString(), planToJson(request.plan));
        run->pending.stepsTotal = request.steps;
        run->flush.setSingleShot(true);
        connect(&run->flush, &QTimer::timeout, this, &FinetuneRunner::flushWorkerRecords);
        const QStringList args = finetuneArguments(request, plan, run->out->filePath(QStringLiteral("run")));
        m_workersRun = std::move(run);
        m_group->start(args, request.workers);
        updateRunning();
    } catch (const std::exception& e) {
        m_workersRun.reset();
        Q_EMIT failed(widgets::errorText(e), false);
    }
}

void FinetuneRunner::workersLine(int rank, const QJsonObject& o) {
    if (rank != 0 || !m_workersRun) return; // every rank has the same records; rank 0's are delivered
    WorkersRun& run = *m_workersRun;
    const QString kind = o.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("step")) {
        const StepRecord s = stepRecord(o);
        (pairRun(o) == PairRun::Shared ? run.shared : run.baseline).steps.push_back(s);
        run.pending.steps.emplace_back(pairRun(o), s);
        run.pending.stepsDone = std::max(run.pending.stepsDone, s.step);
    } else if (kind == QLatin1String("eval")) {
        EvalRecord e;
        e.step = o.value(QStringLiteral("step")).toInt();
        e.loss = o.value(QStringLiteral("loss")).toDouble();
        e.perplexity = o.value(QStringLiteral("perplexity")).toDouble();
        (pairRun(o) == PairRun::Shared ? run.shared : run.baseline).evals.push_back(e);
        run.pending.evals.emplace_back(pairRun(o), e);
    } else if (kind == QLatin1String("setup")) {
        run.budgetSequences = o.value(QStringLiteral("budget_sequences")).toInt();
    } else if (kind == QLatin1String("phase")) {
        run.pending.stage = phaseName(o.value(QStringLiteral("phase")).toString());
        flushWorkerRecords();
        return;
    } else {
        return;
    }
    if (!run.flush.isActive()) run.flush.start(kDeliveryIntervalMs);
}

void FinetuneRunner::flushWorkerRecords() {
    if (!m_workersRun) return;
    FinetuneRecords& p = m_workersRun->pending;
    FinetuneRecords out = p;
    p.steps.clear();
    p.evals.clear();
    Q_EMIT records(out);
}

void FinetuneRunner::workersFinished(bool ok, const QString& error) {
    std::unique_ptr<WorkersRun> run = std::move(m_workersRun); // its folder is removed on return
    if (!run) return;
    run->flush.stop();
    run->pending.stage = ok ? tr("Finished") : tr("Stopped");
    Q_EMIT records(run->pending);
    updateRunning();
    if (!ok) {
        Q_EMIT failed(error, false);
        return;
    }
    try {
        FinetuneSummary summary;
        readSummary(run->out->filePath(QStringLiteral("run/summary.json")), &summary);
        const int64_t baselineParameters = summary.baseline.parameters, sharedParameters = summary.shared.parameters;
        summary.baseline = summariseRun(run->baseline, baselineParameters);
        summary.shared = summariseRun(run->shared, sharedParameters);
        summary.budgetSequences = summary.budget.empty() ? 0 : run->budgetSequences;
        if (summary.stopReason.isEmpty())
            // As the open model: F16/BF16 matrices mapped as stored (the
            // mapping outlives the run's folder, which goes on return).
            summary.trainedShared = loadModelInStorageDtype(
                openCheckpoint(run->out->filePath(QStringLiteral("run/shared")).toStdString(), OpenOptions{}));
        Q_EMIT finished(summary);
    } catch (const std::exception& e) {
        Q_EMIT failed(widgets::errorText(e), false);
    }
}

} // namespace sharelens::app
