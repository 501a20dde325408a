// AnalysisRunner on a local process group: the request as the arguments of
// `sharelens-cli analyze`, run by a WorkerGroup; its analysis.json read back
// into the SimilarityResult (and importance) the in-process job delivers.
#include "analysisjob.h"
#include "workergroup.h"

#include <QDir>
#include <QFile>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "commands/commands.h"
#include "errortext.h"
#include "sharelens/model.h"

namespace sharelens::app {

namespace {

QStringList analyzeArguments(const AnalysisRequest& r, const QString& out) {
    const CaptureOptions& o = r.options;
    QStringList args{QStringLiteral("analyze"), QString::fromStdString(r.model->checkpoint().dir)};
    if (r.tokenIdsPath.isEmpty())
        args << QStringLiteral("--text") << r.textPath << QStringLiteral("--seq-len") << QString::number(r.seqLen);
    else
        args << QStringLiteral("--token-ids") << r.tokenIdsPath;
    if (r.sequences > 0) args << QStringLiteral("--sequences") << QString::number(r.sequences);
    args << QStringLiteral("--metric") << QString::fromLatin1(metricName(o.metric)) << QStringLiteral("--units")
         << QString::fromLatin1(unitKindName(o.units)) << QStringLiteral("--batch") << QString::number(o.batchSize)
         << QStringLiteral("--compute") << QString::fromLatin1(o.compute == ComputeDtype::BFloat16 ? "bf16" : "f32");
    if (o.threads > 0) args << QStringLiteral("--threads") << QString::number(o.threads);
    if (o.skipFirstToken) args << QStringLiteral("--skip-first-token");
    if (r.importance) {
        args << QStringLiteral("--importance") << QStringLiteral("--angular-tokens")
             << QString::fromLatin1(r.importance->angularTokens == AngularTokens::Last ? "last" : "all");
        if (!r.importance->leaveOneOut)
            args << QStringLiteral("--no-leave-one-out");
        else if (r.importance->removalSteps >= 0)
            args << QStringLiteral("--removal-steps") << QString::number(r.importance->removalSteps);
    }
    return args << QStringLiteral("--out") << out;
}

// The similarity of an analysis.json that sharelens-cli analyze wrote.
SimilarityResult readSimilarity(const std::string& path) {
    const auto j = nlohmann::json::parse(cli::readPlanFile(path));
    SimilarityResult s;
    s.units = j.at("units").get<std::vector<std::string>>();
    const auto& rows = j.at("similarity");
    const auto n = static_cast<Eigen::Index>(s.units.size());
    if (static_cast<Eigen::Index>(rows.size()) != n)
        throw Error(ErrorCode::WorkersAnalysisShape, {std::to_string(rows.size()), std::to_string(n)}, path);
    s.similarity.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index k = 0; k < n; ++k)
            s.similarity(i, k) = rows.at(static_cast<size_t>(i)).at(static_cast<size_t>(k)).get<double>();
    if (!parseMetric(j.at("metric").get<std::string>(), s.metric) ||
        !parseUnitKind(j.at("unit_kind").get<std::string>(), s.unitKind))
        throw Error(ErrorCode::WorkersAnalysisUnknownMetric,
                    {j.at("metric").get<std::string>(), j.at("unit_kind").get<std::string>()}, path);
    s.tokens = j.at("tokens").get<int64_t>();
    s.sequences = j.at("sequences").get<int64_t>();
    s.method = j.value("method", std::string());
    return s;
}

// The GUI's stage of a worker's stage (AnalysisRunner's stages 1..4).
int guiStage(const QString& stage) {
    if (stage == QLatin1String("Capturing activations")) return 2;
    if (stage == QLatin1String("Computing similarity")) return 3;
    if (stage == QLatin1String("Leave-one-out loss")) return 4;
    return 1;
}

} // namespace

void AnalysisRunner::analyzeInWorkers(const AnalysisRequest& request) {
    if (!request.model) {
        Q_EMIT failed(tr("no model is open"), false);
        return;
    }
    m_workersOut = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/sharelens-workers-XXXXXX"));
    if (!m_workersOut->isValid()) {
        const QString why = m_workersOut->errorString();
        m_workersOut.reset();
        Q_EMIT failed(tr("could not make a temporary folder for the workers' results: %1").arg(why), false);
        return;
    }
    const bool loo = request.importance && request.importance->leaveOneOut;
    m_workersStages = std::make_shared<StageProgress>(3 + (loo ? 1 : 0), [](int index) {
        switch (index) {
        case 1: return AnalysisRunner::tr("Reading calibration text");
        case 2: return AnalysisRunner::tr("Capturing activations");
        case 4: return AnalysisRunner::tr("Leave-one-out loss");
        default: return AnalysisRunner::tr("Computing similarity");
        }
    });
    m_rankStage.assign(static_cast<size_t>(request.workers), std::make_pair(1, 0.0));
    m_group->start(analyzeArguments(request, m_workersOut->filePath(QStringLiteral("analysis"))), request.workers);
    updateRunning();
}

void AnalysisRunner::workersProgress(const RankProgress& p) {
    Q_EMIT rankProgress(p);
    if (p.rank < 0 || static_cast<size_t>(p.rank) >= m_rankStage.size() || !m_workersStages) return;
    m_rankStage[static_cast<size_t>(p.rank)] = {guiStage(p.stage), p.ended ? 1.0 : p.fraction};
    // The bar follows the slowest worker.
    const auto slowest = std::min_element(m_rankStage.begin(), m_rankStage.end(), [](const auto& a, const auto& b) {
        return a.first + a.second < b.first + b.second;
    });
    AnalysisProgress out;
    if (m_workersStages->update(slowest->first, slowest->second, &out)) Q_EMIT progress(out);
}

void AnalysisRunner::workersFinished(bool ok, const QString& error) {
    std::unique_ptr<QTemporaryDir> out = std::move(m_workersOut); // removed on return
    updateRunning();
    if (!ok) {
        Q_EMIT failed(error, false);
        return;
    }
    try {
        const std::string file = out->filePath(QStringLiteral("analysis/analysis.json")).toStdString();
        SimilarityResult result = readSimilarity(file);
        m_importance = cli::readImportance(file);
        Q_EMIT finished(result);
    } catch (const std::exception& e) {
        Q_EMIT failed(widgets::errorText(e), false);
    }
}

} // namespace sharelens::app
