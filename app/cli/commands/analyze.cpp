// sharelens-cli analyze: layer similarity, clustering and a sharing plan of
// one model, or of the agents of a system (several MODELs).
#include "commands.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "cli_figures.h"
#include "progress_lines.h"
#include "sharelens/data.h"
#include "sharelens/distributed.h"
#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens::cli {

namespace {

// The settings `analyze` takes for one model and for agents (checked in this
// order: data, metric, units, linkage, threshold, group constraints, batch).
struct AnalyzeSettings {
    CaptureOptions capture;
    workflow::ClusterRequest cluster;
    std::string out;
    std::optional<ImportanceOptions> importance;
};

// --importance [--angular-tokens all|last] [--removal-steps K | --no-leave-one-out] (one model only).
std::optional<ImportanceOptions> importanceOptions(const Args& a) {
    if (!a.has("--importance")) {
        for (const char* o : {"--angular-tokens", "--removal-steps", "--no-leave-one-out"})
            if (a.has(o)) throw UsageError(std::string(o) + " needs --importance");
        return std::nullopt;
    }
    ImportanceOptions o;
    if (a.has("--angular-tokens") && !parseAngularTokens(a.get("--angular-tokens"), o.angularTokens))
        throw Error("--angular-tokens must be all or last, got '" + a.get("--angular-tokens") + "'");
    o.removalSteps = static_cast<int>(a.getInt("--removal-steps", -1, -1, 1 << 20));
    o.leaveOneOut = !a.has("--no-leave-one-out");
    if (!o.leaveOneOut && a.has("--removal-steps"))
        throw UsageError(Error(ErrorCode::AnalyzeRemovalStepsNeedLoss, {}).what());
    return o;
}

AnalyzeSettings analyzeSettings(const Args& a, bool agents) {
    requireOneDataSource(a);
    CaptureOptions opt;
    if (a.has("--metric") && !parseMetric(a.get("--metric"), opt.metric))
        throw Error("--metric must be pearson, cosine or cka, got '" + a.get("--metric") + "'");
    if (a.has("--units")) {
        const bool known = parseUnitKind(a.get("--units"), opt.units);
        if (agents && (!known || opt.units != UnitKind::Blocks))
            throw Error("--units must be blocks with several models (agents mode compares whole blocks), got '" +
                        a.get("--units") + "'");
        if (!known) throw Error("--units must be blocks or sublayers, got '" + a.get("--units") + "'");
    }
    workflow::ClusterRequest cluster;
    cluster.method = linkageOption(a);
    cluster.threshold = thresholdOption(a, 0.1);
    cluster.contiguous = a.has("--contiguous");
    cluster.constraints.keepFirstLast = a.has("--keep-first-last");
    cluster.constraints.maxGroupSize = static_cast<int>(a.getInt("--max-group-size", 0, 0, 1 << 20));
    opt.skipFirstToken = a.has("--skip-first-token");
    opt.batchSize = static_cast<int>(a.getInt("--batch", 8, 1, 4096));
    opt.threads = static_cast<int>(a.getInt("--threads", 0, 0, 1024));
    opt.compute = computeOption(a);
    return {opt, cluster, a.get("--out", "."), std::nullopt};
}

// The calibration file (--text or --token-ids) and its SHA-256, for provenance
// (streamed: the file may be far larger than the part the analysis reads).
json calibrationJson(const Args& a) {
    const std::string path = a.has("--text") ? a.get("--text") : a.get("--token-ids");
    QFile file(QString::fromStdString(path));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) {
        readFile(path); // throws the precise reason
        throw Error(ErrorCode::StCannotReadFile, {file.errorString().toStdString()}, path);
    }
    return json{{"file", path},
                {"kind", a.has("--text") ? "text" : "token-ids"},
                {"bytes", static_cast<uint64_t>(file.size())},
                {"sha256", hash.result().toHex().toStdString()}};
}

// The tokens of this rank's calibration batches (the contiguous run of
// batches a rank of a process group captures), for --progress-json's tokens/s.
int64_t rankTokens(const Sequences& seqs, int batchSize) {
    const size_t n = seqs.size(), b = static_cast<size_t>(std::max(1, batchSize)), count = (n + b - 1) / b;
    const auto R = static_cast<size_t>(dist::world()), r = static_cast<size_t>(dist::rank());
    const size_t first = std::min(n, count * r / R * b), last = std::min(n, count * (r + 1) / R * b);
    int64_t tokens = 0;
    for (size_t i = first; i < last; ++i) tokens += static_cast<int64_t>(seqs[i].size());
    return tokens;
}

// The rule of workflow::calibrationTooSmall, said on stderr.
void warnIfCalibrationTooSmall(const Io& io, int64_t tokens, size_t units) {
    if (!workflow::calibrationTooSmall(tokens, units)) return;
    io.err << "sharelens-cli: warning: the calibration has " << tokens << " tokens for " << units
           << " units, fewer than " << workflow::kMinCalibrationTokensPerUnit
           << " per unit: the similarities and the plan rest on too little data; give more text or more "
              "sequences\n";
}

// What analysis.json holds for every analysis (one model or agents).
json analysisJson(const std::vector<std::string>& units, const Eigen::MatrixXd& similarity, Metric metric,
                  const std::string& method, const AnalyzeSettings& s, int64_t tokens, int64_t sequences, int seqLen,
                  const workflow::ClusterOutcome& c) {
    return json{{"units", units},
                {"metric", metricName(metric)},
                {"method", method},
                {"tokens", tokens},
                {"sequences", sequences},
                {"seq_len", seqLen},
                {"skip_first_token", s.capture.skipFirstToken},
                {"compute", computeDtypeName(s.capture.compute)},
                {"similarity", matrixJson(similarity)},
                {"linkage_method", linkageName(s.cluster.method)},
                {"contiguous", s.cluster.contiguous},
                {"linkage", linkageJson(c.linkage)},
                {"threshold", s.cluster.threshold},
                {"groups", c.groups}};
}

void writeFigures(const std::vector<std::string>& units, const Eigen::MatrixXd& similarity,
                  const workflow::ClusterOutcome& c, const AnalyzeSettings& s, const std::string& name, Metric metric,
                  int64_t tokens) {
    FigureInput fig;
    fig.units = units;
    fig.similarity = similarity;
    fig.linkage = c.linkage;
    fig.groups = c.groups;
    fig.threshold = s.cluster.threshold;
    fig.modelName = name;
    fig.metric = metricName(metric);
    fig.linkageMethod = linkageName(s.cluster.method);
    fig.tokens = tokens;
    writeAnalysisFigures(fig, s.out);
}

void writeSession(const Args& a, const std::string& dir, const AnalyzeSettings& s, int seqLen, size_t sequences,
                  const workflow::AnalyseOutcome& r) {
    SessionCalibration cal;
    cal.textPath = a.get("--text");
    cal.tokenIdsPath = a.get("--token-ids");
    cal.seqLen = seqLen;
    cal.sequences = static_cast<int>(sequences);
    cal.metric = s.capture.metric;
    cal.units = s.capture.units;
    cal.skipFirstToken = s.capture.skipFirstToken;
    SessionClustering clu;
    clu.linkage = s.cluster.method;
    clu.contiguous = s.cluster.contiguous;
    clu.keepFirstLast = s.cluster.constraints.keepFirstLast;
    clu.maxGroupSize = s.cluster.constraints.maxGroupSize;
    clu.threshold = s.cluster.threshold;
    writeAnalysisSession(a.get("--session"), dir, cal, r.similarity, clu, r.plan);
}

// The agents at the start of analysis.json, and the weight comparison.
json agentsJson(const std::vector<std::string>& paths, const Agents& agents) {
    json list = json::array();
    for (size_t k = 0; k < agents.models.size(); ++k)
        list.push_back(
            {{"name", agents.names[k]}, {"path", paths[k]}, {"parameters", agents.models[k]->summary().parameters}});
    return list;
}

json weightsJson(const WeightDifferenceResult& weights, const Agents& agents, int base) {
    json perLayer = json::array();
    for (size_t l = 0; l < weights.differenceNorm.size(); ++l)
        perLayer.push_back({{"layer", l},
                            {"difference_norm", matrixJson(weights.differenceNorm[l])},
                            {"relative_difference", matrixJson(weights.relativeDifference[l])},
                            {"weight_cosine", matrixJson(weights.weightCosine[l])},
                            {"delta_cosine", matrixJson(weights.deltaCosine[l])}});
    return {{"base", base < 0 ? json(nullptr) : json(agents.names[static_cast<size_t>(base)])},
            {"definition", "per layer l, w_a = all block-l tensors of agent a flattened; difference_norm = "
                           "||w_a - w_b||; relative_difference = ||w_a - w_b|| / ||w_b||; weight_cosine = "
                           "cos(w_a, w_b); delta_cosine = cos(w_a - r, w_b - r), r = the base agent's w or "
                           "the mean of all agents'"},
            {"layers", perLayer}};
}

int baseOption(const Args& a, const Agents& agents) {
    if (!a.has("--base")) return -1;
    const int A = static_cast<int>(agents.models.size());
    const std::string b = a.get("--base");
    int base = -1;
    for (int k = 0; k < A; ++k)
        if (agents.names[static_cast<size_t>(k)] == b || std::to_string(k + 1) == b) base = k;
    if (base < 0)
        throw Error("--base must name an agent (its name or its number 1.." + std::to_string(A) + "), got '" + b + "'");
    return base;
}

// Agents mode of analyze: several MODELs are the agents of one system.
int analyzeAgents(const Args& a, const Io& io) {
    const auto paths = agentPaths(a);
    if (a.has("--session")) throw UsageError("--session is for one MODEL; agents mode writes no session file yet");
    const AnalyzeSettings s = analyzeSettings(a, true);
    workflow::AgentsAnalyseRequest rq;
    if (a.has("--level") && !parseAgentLevel(a.get("--level"), rq.level))
        throw Error("--level must be layers or agents, got '" + a.get("--level") + "'");
    const auto given = a.has("--agent-names") ? splitNames(a.get("--agent-names")) : std::vector<std::string>{};
    auto agents = loadAgents(paths, given, stderrProgress(io.err));
    rq.weightBase = baseOption(a, agents);
    const int seqLen = workflow::resolveSeqLen(seqLenOption(a), *agents.models.front());
    const int maxSeqs = sequencesOption(a, 64);
    rq.sequences = loadSequences(a, *agents.models.front(), seqLen, maxSeqs,
                                 &io.err); // agent 1's tokenizer: the vocabularies match
    rq.capture = s.capture;
    rq.cluster = s.cluster;
    progresslines::setRankTokens(rankTokens(rq.sequences, s.capture.batchSize));
    const auto r = workflow::analyseAgents(agents.view(), agents.names, rq, stderrProgress(io.err));
    if (!dist::isWriter()) return 0; // rank 0 writes the outputs
    const auto& sim = r.similarity;
    const bool layers = rq.level == AgentLevel::Layers;
    const Eigen::MatrixXd& S = layers ? sim.similarity : sim.agentSimilarity;
    const std::vector<std::string>& units = layers ? sim.units : sim.agents;

    json result = analysisJson(units, S, sim.metric, sim.method, s, sim.tokens, sim.sequences, seqLen, r.clustering);
    result["agents"] = agentsJson(paths, agents);
    result["level"] = agentLevelName(rq.level);
    result["layers"] = sim.layers;
    result["unit_kind"] = "blocks";
    result["agent_similarity"] = matrixJson(sim.agentSimilarity);
    result["layer_units"] = sim.units;
    result["layer_similarity"] = matrixJson(sim.similarity);
    result["parameters"] = {{"baseline", r.plan.baselineParameters}, {"shared", r.plan.sharedParameters}};
    result["bytes"] = {{"baseline", r.plan.baselineBytes}, {"shared", r.plan.sharedBytes}};
    result["weights"] = weightsJson(r.weights, agents, rq.weightBase);
    result["plan"] = json::parse(agentPlanToJson(r.plan));
    if (sim.pearson.size() > 0) {
        result["pearson"] = matrixJson(layers ? sim.pearson : sim.agentPearson);
        result["cosine"] = matrixJson(layers ? sim.cosine : sim.agentCosine);
    }
    makeOutputDir(s.out);
    writeFileAtomic(s.out + "/analysis.json", result.dump(1) + "\n");
    const int A = static_cast<int>(agents.models.size());
    writeFigures(units, S, r.clustering, s, std::to_string(A) + " agents", sim.metric, sim.tokens);
    io.err << "analyze: " << A << " agents, " << units.size() << " units (" << agentLevelName(rq.level) << "), "
           << sim.tokens << " tokens, " << r.clustering.groups.size() << " groups at threshold " << s.cluster.threshold
           << "; parameters " << r.plan.baselineParameters << " -> " << r.plan.sharedParameters << "\n";
    io.out << s.out << "/analysis.json\n";
    return 0;
}

} // namespace

int cmdAnalyze(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest,
           {"--contiguous", "--keep-first-last", "--skip-first-token", "--allow-unused", "--importance",
            "--no-leave-one-out"},
           {"--text", "--token-ids", "--seq-len", "--sequences", "--metric", "--units", "--linkage", "--threshold",
            "--max-group-size", "--batch", "--threads", "--out", "--session", "--level", "--agent-names", "--base",
            "--compute", "--angular-tokens", "--removal-steps"});
    if (agentsMode(a)) {
        if (a.has("--importance")) throw UsageError(Error(ErrorCode::AnalyzeImportanceOneModel, {}).what());
        return analyzeAgents(a, io);
    }
    for (const char* o : {"--level", "--agent-names", "--base"})
        if (a.has(o)) throw UsageError(std::string(o) + " needs several MODELs (agents mode)");
    const std::string dir = requireModel(a, "analyze");
    AnalyzeSettings s = analyzeSettings(a, false);
    s.importance = importanceOptions(a);
    if (a.has("--session")) checkSessionOutput(a.get("--session"), inputFiles(a));
    auto model = openModelAsStored(a, dir, io);
    const int seqLen = workflow::resolveSeqLen(seqLenOption(a), *model);
    const int maxSeqs = sequencesOption(a, 64);
    workflow::AnalyseRequest rq{loadSequences(a, *model, seqLen, maxSeqs, &io.err), s.capture, s.cluster, s.importance};
    progresslines::setRankTokens(rankTokens(rq.sequences, s.capture.batchSize));
    const auto r = workflow::analyse(*model, rq, stderrProgress(io.err));
    if (!dist::isWriter()) return 0; // rank 0 writes the outputs
    const auto& sim = r.similarity;

    json result = analysisJson(sim.units, sim.similarity, sim.metric, sim.method, s, sim.tokens, sim.sequences, seqLen,
                               r.clustering);
    result["unit_kind"] = unitKindName(sim.unitKind);
    result["parameters"] = {{"baseline", r.plan.baselineParameters}, {"shared", r.plan.sharedParameters}};
    result["bytes"] = {{"baseline", r.plan.baselineBytes}, {"shared", r.plan.sharedBytes}};
    result["model"] = {{"path", dir}, {"summary", summaryJson(model->summary())}};
    result["calibration"] = calibrationJson(a);
    result["plan"] = json::parse(planToJson(r.plan));
    if (r.importance) result["importance"] = importanceJson(*r.importance);
    makeOutputDir(s.out);
    writeFileAtomic(s.out + "/analysis.json", result.dump(1) + "\n");
    const std::string modelName = std::filesystem::path(model->checkpoint().dir).filename().string();
    writeFigures(sim.units, sim.similarity, r.clustering, s, modelName, sim.metric, sim.tokens);
    if (r.importance)
        writeImportanceFigures(*r.importance, modelName + " · " + std::to_string(r.importance->tokens) + " tokens",
                               s.out);
    if (a.has("--session")) writeSession(a, dir, s, seqLen, rq.sequences.size(), r);
    warnIfCalibrationTooSmall(io, sim.tokens, sim.units.size());
    io.err << "analyze: " << sim.units.size() << " units, " << sim.tokens << " tokens, " << r.clustering.groups.size()
           << " groups at threshold " << s.cluster.threshold << "; parameters " << r.plan.baselineParameters << " -> "
           << r.plan.sharedParameters << "\n";
    io.out << s.out << "/analysis.json\n";
    return 0;
}

} // namespace sharelens::cli
