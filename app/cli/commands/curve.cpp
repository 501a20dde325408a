// sharelens-cli curve: the pruning curve of a model — validation loss
// against parameters kept for sharing at successive thresholds (no
// fine-tuning), block-influence removal, angular-span removal and dropping
// the last blocks — as DIR/curve.csv and DIR/curve.{png,svg,pdf}.
#include "commands.h"

#include <filesystem>
#include <iomanip>
#include <ostream>

#include "cli_figures.h"
#include "sharelens/curve.h"
#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens::cli {

namespace {

// analysis.json's similarity matrix and linkage settings.
struct AnalysisFile {
    Eigen::MatrixXd similarity;
    workflow::ClusterRequest cluster;
    UnitKind units = UnitKind::Blocks;
};

AnalysisFile readAnalysis(const std::string& path) {
    json j;
    try {
        j = json::parse(readPlanFile(path));
    } catch (const json::exception& e) {
        throw Error(std::string("is not valid JSON (") + e.what() +
                        "); give the analysis.json that "
                        "'sharelens-cli analyze' writes",
                    path);
    }
    auto bad = [&](ErrorArg what) { return Error(ErrorCode::CurveAnalysisLacks, {std::move(what)}, path); };
    if (!j.is_object() || !j.contains("similarity") || !j["similarity"].is_array())
        throw bad(ErrorMessage(ErrorCode::ClusterSimilarityMatrix));
    AnalysisFile a;
    const auto& rows = j["similarity"];
    const auto n = static_cast<Eigen::Index>(rows.size());
    a.similarity.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& r = rows[static_cast<size_t>(i)];
        if (!r.is_array() || static_cast<Eigen::Index>(r.size()) != n)
            throw bad(ErrorMessage(ErrorCode::CurveWhatSquareSimilarity));
        for (Eigen::Index k = 0; k < n; ++k) {
            const auto& v = r[static_cast<size_t>(k)];
            if (!v.is_number()) throw bad(ErrorMessage(ErrorCode::CurveWhatNumericSimilarity));
            a.similarity(i, k) = v.get<double>();
        }
    }
    try {
        validateSimilarity(a.similarity);
    } catch (const Error& e) {
        throw e.withPath(path);
    }
    if (j.contains("linkage_method") && j["linkage_method"].is_string() &&
        !parseLinkageMethod(j["linkage_method"].get<std::string>(), a.cluster.method))
        // new-code: CurveWhatKnownLinkage (the words "known linkage_method" as a message of their own)
        throw bad("known linkage_method");
    a.cluster.contiguous = j.value("contiguous", false);
    if (j.contains("unit_kind") && j["unit_kind"].is_string() &&
        !parseUnitKind(j["unit_kind"].get<std::string>(), a.units))
        // new-code: CurveWhatKnownUnitKind (the words "known unit_kind" as a message of their own)
        throw bad("known unit_kind");
    if (j.contains("units") && j["units"].is_array() && static_cast<Eigen::Index>(j["units"].size()) == n) {
        std::vector<std::string> names;
        for (const auto& v : j["units"])
            if (v.is_string()) names.push_back(v.get<std::string>());
        if (static_cast<Eigen::Index>(names.size()) == n) a.cluster.kinds = unitKinds(names);
    }
    return a;
}

std::vector<double> thresholdsOption(const Args& a) {
    std::vector<double> out;
    if (!a.has("--thresholds")) return out;
    for (const auto& s : splitNames(a.get("--thresholds"))) {
        size_t used = 0;
        double t = -1;
        try {
            t = std::stod(s, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != s.size() || !(t >= 0 && t <= 2)) throw Error(ErrorCode::CurveBadThresholds, {s});
        out.push_back(t);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void printCurve(const std::vector<workflow::CurvePoint>& points, const Io& io) {
    io.out << std::left << std::setw(10) << "strategy" << std::right << std::setw(9) << "removed" << std::setw(11)
           << "threshold" << std::setw(14) << "parameters" << std::setw(10) << "loss\n";
    for (const auto& p : points) {
        io.out << std::left << std::setw(10) << p.strategy << std::right << std::setw(9) << p.removed << std::setw(11);
        if (p.strategy == "sharing")
            io.out << std::fixed << std::setprecision(4) << p.threshold;
        else
            io.out << "-";
        io.out << std::setw(14) << p.parameters << std::setw(10) << std::fixed << std::setprecision(4) << p.loss
               << "\n";
    }
}

} // namespace

int cmdCurve(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--allow-unused", "--allow-mixed-attention"},
           {"--plan", "--text", "--token-ids", "--seq-len", "--sequences", "--out", "--thresholds", "--max-removed"});
    const std::string dir = requireModel(a, "curve");
    if (!a.has("--plan")) throw UsageError("curve needs --plan analysis.json");
    requireOneDataSource(a);
    const AnalysisFile file = readAnalysis(a.get("--plan"));
    workflow::CurveRequest rq;
    rq.similarity = file.similarity;
    rq.cluster = file.cluster;
    rq.units = file.units;
    rq.importance = readImportance(a.get("--plan"));
    rq.thresholds = thresholdsOption(a);
    rq.maxRemoved = static_cast<int>(a.getInt("--max-removed", -1, -1, 1 << 20));
    rq.allowMixedAttention = a.has("--allow-mixed-attention");
    const std::string out = a.get("--out", ".");
    auto model = openModelAsStored(a, dir, io);
    const int units = (file.units == UnitKind::Blocks ? 1 : 2) * model->config().numLayers;
    if (file.similarity.rows() != units) {
        throw Error(ErrorCode::CurveUnitCount, {std::to_string(file.similarity.rows()), std::to_string(units)},
                    a.get("--plan"));
    }
    if (!rq.importance)
        io.err << "sharelens-cli: warning: the analysis has no importance, so the curve has no bi and angular "
                  "lines; run analyze --importance for them\n";
    const int seqLen = workflow::resolveSeqLen(seqLenOption(a), *model);
    const auto seqs = loadSequences(a, *model, seqLen, sequencesOption(a, 64), &io.err);
    const auto points = workflow::pruningCurve(*model, rq, seqs, stderrProgress(io.err));
    makeOutputDir(out);
    const std::string name = std::filesystem::path(model->checkpoint().dir).filename().string();
    writeCurveFigures(
        points, name + " · " + std::to_string(seqs.size()) + " sequences of " + std::to_string(seqLen) + " tokens",
        out);
    if (a.has("--json")) {
        json arr = json::array();
        for (const auto& p : points)
            arr.push_back({{"strategy", p.strategy},
                           {"removed", p.removed},
                           {"threshold", p.strategy == "sharing" ? json(p.threshold) : json(nullptr)},
                           {"parameters", p.parameters},
                           {"loss", p.loss}});
        io.out << json{{"points", arr}, {"sequences", seqs.size()}}.dump(2) << "\n";
    } else {
        printCurve(points, io);
    }
    return 0;
}

} // namespace sharelens::cli
