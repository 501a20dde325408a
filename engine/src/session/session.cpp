// Session files (session.h): one JSON document, written atomically.
#include "sharelens/session.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/resources.h"

namespace sharelens {

namespace {

using json = nlohmann::json;

constexpr const char* kFormat = "sharelens-session";
constexpr int kVersion = 1;

// Non-finite numbers (a loss that became NaN) are written as null.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// Reads fields with messages that name the session file and the field.
class Reader {
public:
    explicit Reader(std::string path) : m_path(std::move(path)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw Error(ErrorCode::SessionInvalid, {where, what}, m_path);
    }
    const json& field(const json& obj, const char* key, const std::string& where) const {
        if (!obj.is_object()) fail(where, "is not an object");
        const auto it = obj.find(key);
        if (it == obj.end()) fail(where, std::string("has no \"") + key + "\"");
        return *it;
    }
    double number(const json& obj, const char* key, const std::string& where) const {
        const json& v = field(obj, key, where);
        if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
        if (!v.is_number()) fail(where + "." + key, "is not a number");
        return v.get<double>();
    }
    int64_t integer(const json& obj, const char* key, const std::string& where, int64_t lo = 0,
                    int64_t hi = std::numeric_limits<int64_t>::max()) const {
        const json& v = field(obj, key, where);
        if (!v.is_number_integer()) fail(where + "." + key, "is not an integer");
        const int64_t x = v.is_number_unsigned()
                              ? static_cast<int64_t>(std::min<uint64_t>(v.get<uint64_t>(),
                                                                        uint64_t(std::numeric_limits<int64_t>::max())))
                              : v.get<int64_t>();
        if (x < lo || x > hi)
            fail(where + "." + key,
                 "is " + std::to_string(x) + ", outside " + std::to_string(lo) + ".." + std::to_string(hi));
        return x;
    }
    // A seed or a byte count: the writer writes every uint64_t as it is.
    uint64_t unsignedInteger(const json& obj, const char* key, const std::string& where) const {
        const json& v = field(obj, key, where);
        if (v.is_number_unsigned()) return v.get<uint64_t>();
        if (!v.is_number_integer() || v.get<int64_t>() < 0)
            fail(where + "." + key,
                 "is not a whole number from 0 to " + std::to_string(std::numeric_limits<uint64_t>::max()));
        return static_cast<uint64_t>(v.get<int64_t>());
    }
    std::string string(const json& obj, const char* key, const std::string& where) const {
        const json& v = field(obj, key, where);
        if (!v.is_string()) fail(where + "." + key, "is not a string");
        return v.get<std::string>();
    }
    bool boolean(const json& obj, const char* key, const std::string& where) const {
        const json& v = field(obj, key, where);
        if (!v.is_boolean()) fail(where + "." + key, "is not true or false");
        return v.get<bool>();
    }
    const json& array(const json& obj, const char* key, const std::string& where) const {
        const json& v = field(obj, key, where);
        if (!v.is_array()) fail(where + "." + key, "is not a list");
        return v;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

json stepsJson(const std::vector<StepRecord>& steps) {
    // Columns, not objects: a long run has many thousands of records.
    json step = json::array(), loss = json::array(), lr = json::array(), secs = json::array(), tps = json::array(),
         state = json::array(), rss = json::array();
    for (const auto& s : steps) {
        step.push_back(s.step);
        loss.push_back(num(s.loss));
        lr.push_back(num(s.learningRate));
        secs.push_back(num(s.stepSeconds));
        tps.push_back(num(s.tokensPerSecond));
        state.push_back(s.modelStateBytes);
        rss.push_back(s.peakRssBytes);
    }
    json out{{"step", step},         {"loss", loss},        {"learning_rate", lr},
             {"step_seconds", secs}, {"tokens_per_s", tps}, {"model_state_bytes", state},
             {"peak_rss_bytes", rss}};
    // The loss's components, for a distilled run only (otherwise the loss is
    // the cross-entropy).
    bool parts = false;
    for (const auto& s : steps) parts = parts || s.distillKl != 0 || s.distillHidden != 0;
    if (parts) {
        json ce = json::array(), kl = json::array(), hidden = json::array();
        for (const auto& s : steps) {
            ce.push_back(num(s.crossEntropy));
            kl.push_back(num(s.distillKl));
            hidden.push_back(num(s.distillHidden));
        }
        out["cross_entropy"] = ce;
        out["distill_kl"] = kl;
        out["distill_hidden"] = hidden;
    }
    return out;
}

json evalsJson(const std::vector<EvalRecord>& evals) {
    json step = json::array(), loss = json::array(), ppl = json::array();
    for (const auto& e : evals) {
        step.push_back(e.step);
        loss.push_back(num(e.loss));
        ppl.push_back(num(e.perplexity));
    }
    return {{"step", step}, {"loss", loss}, {"perplexity", ppl}};
}

json trainJson(const TrainResult& r) { return {{"steps", stepsJson(r.steps)}, {"evals", evalsJson(r.evals)}}; }

// One column of a record table: numbers (null = NaN) of the table's length.
std::vector<double> column(const Reader& rd, const json& table, const char* key, const std::string& where,
                           size_t* length) {
    const json& a = rd.array(table, key, where);
    if (*length == SIZE_MAX) *length = a.size();
    if (a.size() != *length)
        rd.fail(where + "." + key,
                "has " + std::to_string(a.size()) + " entries, the other columns " + std::to_string(*length));
    std::vector<double> out;
    out.reserve(a.size());
    for (const auto& v : a) {
        if (v.is_null()) {
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        } else if (v.is_number()) {
            out.push_back(v.get<double>());
        } else {
            rd.fail(where + "." + key, "holds something that is not a number");
        }
    }
    return out;
}

// One integer column (steps, byte counts): whole numbers 0..hi of the
// table's length. Read as integers, never through a double: a byte count
// beyond 2^53 stays exact, and 1e300 or 2.5 is refused instead of cast.
std::vector<uint64_t> integerColumn(const Reader& rd, const json& table, const char* key, const std::string& where,
                                    size_t* length, uint64_t hi) {
    const json& a = rd.array(table, key, where);
    if (*length == SIZE_MAX) *length = a.size();
    if (a.size() != *length)
        rd.fail(where + "." + key,
                "has " + std::to_string(a.size()) + " entries, the other columns " + std::to_string(*length));
    std::vector<uint64_t> out;
    out.reserve(a.size());
    for (const auto& v : a) {
        const bool ok = v.is_number_unsigned() ? v.get<uint64_t>() <= hi
                                               : v.is_number_integer() && v.get<int64_t>() >= 0 &&
                                                     static_cast<uint64_t>(v.get<int64_t>()) <= hi;
        if (!ok)
            rd.fail(where + "." + key,
                    "holds something that is not a whole number from 0 to " + std::to_string(hi) +
                        " (a step, byte count or memory figure that is negative, fractional or missing)");
        out.push_back(v.is_number_unsigned() ? v.get<uint64_t>() : static_cast<uint64_t>(v.get<int64_t>()));
    }
    return out;
}

TrainResult trainFromJson(const Reader& rd, const json& j, const std::string& where) {
    TrainResult r;
    {
        const json& t = rd.field(j, "steps", where);
        const std::string w = where + ".steps";
        size_t n = SIZE_MAX;
        constexpr uint64_t kMaxStep = 999999999, kMaxBytes = std::numeric_limits<uint64_t>::max();
        const auto step = integerColumn(rd, t, "step", w, &n, kMaxStep);
        const auto loss = column(rd, t, "loss", w, &n), lr = column(rd, t, "learning_rate", w, &n),
                   secs = column(rd, t, "step_seconds", w, &n), tps = column(rd, t, "tokens_per_s", w, &n);
        const auto state = integerColumn(rd, t, "model_state_bytes", w, &n, kMaxBytes),
                   rss = integerColumn(rd, t, "peak_rss_bytes", w, &n, kMaxBytes);
        for (size_t i = 0; i < n; ++i) {
            StepRecord s;
            s.step = static_cast<int>(step[i]);
            s.loss = loss[i];
            s.learningRate = lr[i];
            s.stepSeconds = secs[i];
            s.tokensPerSecond = tps[i];
            s.modelStateBytes = state[i];
            s.peakRssBytes = rss[i];
            s.crossEntropy = loss[i];
            r.steps.push_back(s);
        }
        if (t.contains("cross_entropy")) {
            const auto ce = column(rd, t, "cross_entropy", w, &n), kl = column(rd, t, "distill_kl", w, &n),
                       hidden = column(rd, t, "distill_hidden", w, &n);
            for (size_t i = 0; i < n; ++i) {
                r.steps[i].crossEntropy = ce[i];
                r.steps[i].distillKl = kl[i];
                r.steps[i].distillHidden = hidden[i];
            }
        }
    }
    {
        const json& t = rd.field(j, "evals", where);
        const std::string w = where + ".evals";
        size_t n = SIZE_MAX;
        const auto step = integerColumn(rd, t, "step", w, &n, 999999999);
        const auto loss = column(rd, t, "loss", w, &n), ppl = column(rd, t, "perplexity", w, &n);
        for (size_t i = 0; i < n; ++i) r.evals.push_back({static_cast<int>(step[i]), loss[i], ppl[i]});
    }
    return r;
}

json similarityJson(const SimilarityResult& s) {
    json rows = json::array();
    for (Eigen::Index i = 0; i < s.similarity.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index k = 0; k < s.similarity.cols(); ++k) row.push_back(num(s.similarity(i, k)));
        rows.push_back(row);
    }
    return {{"units", s.units},
            {"matrix", rows},
            {"metric", metricName(s.metric)},
            {"unit_kind", unitKindName(s.unitKind)},
            {"tokens", s.tokens},
            {"sequences", s.sequences},
            {"method", s.method}};
}

SimilarityResult similarityFromJson(const Reader& rd, const json& j) {
    const std::string w = "similarity";
    SimilarityResult s;
    const json& units = rd.array(j, "units", w);
    for (const auto& u : units) {
        if (!u.is_string()) rd.fail(w + ".units", "holds something that is not a name");
        s.units.push_back(u.get<std::string>());
    }
    const json& rows = rd.array(j, "matrix", w);
    const auto n = static_cast<Eigen::Index>(s.units.size());
    if (static_cast<Eigen::Index>(rows.size()) != n)
        rd.fail(w + ".matrix", "has " + std::to_string(rows.size()) + " rows for " + std::to_string(n) + " units");
    s.similarity.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const json& row = rows[static_cast<size_t>(i)];
        if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != n)
            rd.fail(w + ".matrix", "row " + std::to_string(i) + " does not have " + std::to_string(n) + " numbers");
        for (Eigen::Index k = 0; k < n; ++k) {
            const json& v = row[static_cast<size_t>(k)];
            if (!v.is_number())
                rd.fail(w + ".matrix", "row " + std::to_string(i) + " holds something that is not a number");
            s.similarity(i, k) = v.get<double>();
        }
    }
    if (!parseMetric(rd.string(j, "metric", w), s.metric)) rd.fail(w + ".metric", "is not pearson, cosine or cka");
    if (!parseUnitKind(rd.string(j, "unit_kind", w), s.unitKind))
        rd.fail(w + ".unit_kind", "is not blocks or sublayers");
    s.tokens = rd.integer(j, "tokens", w);
    s.sequences = rd.integer(j, "sequences", w);
    s.method = rd.string(j, "method", w);
    return s;
}

json budgetJson(const std::vector<BudgetPoint>& points) {
    json a = json::array();
    for (const auto& p : points) {
        json j{{"method", p.method}, {"parameters", p.parameters}, {"bytes", p.bytes}, {"loss", num(p.loss)}};
        if (p.taskItems > 0) {
            j["task_items"] = p.taskItems;
            j["accuracy"] = num(p.accuracy);
            j["accuracy_stderr"] = num(p.accuracyStderr);
            j["accuracy_norm"] = num(p.accuracyNorm);
            j["accuracy_norm_stderr"] = num(p.accuracyNormStderr);
        }
        a.push_back(std::move(j));
    }
    return a;
}

json runJson(const SessionRun& r) {
    json settings{{"text", r.textPath},
                  {"steps", r.steps},
                  {"batch", r.batchSize},
                  {"seq_len", r.seqLen},
                  {"lr", r.learningRate},
                  {"init", r.init},
                  {"private_norms", r.privateNorms},
                  {"delta_rank", r.deltaRank},
                  {"seed", r.seed}};
    if (r.distill != DistillMode::None)
        settings["distill"] = {{"mode", distillModeName(r.distill)},
                               {"temperature", r.distillTemperature},
                               {"weight", r.distillWeight},
                               {"hidden_weight", r.distillHiddenWeight}};
    return {{"settings", settings},
            {"baseline", trainJson(r.baseline)},
            {"shared", trainJson(r.shared)},
            {"baseline_parameters", r.baselineParameters},
            {"shared_parameters", r.sharedParameters},
            {"stop_reason", r.stopReason},
            {"budget", budgetJson(r.budget)}};
}

// The settings' "distill" object (absent: no distillation).
void distillFromJson(const Reader& rd, const json& st, const std::string& ws, SessionRun& run) {
    if (!st.contains("distill")) return;
    const json& d = rd.field(st, "distill", ws);
    const std::string wd = ws + ".distill";
    if (!parseDistillMode(rd.string(d, "mode", wd), &run.distill))
        rd.fail(wd + ".mode", "is not none, logits, hidden or both");
    run.distillTemperature = rd.number(d, "temperature", wd);
    run.distillWeight = rd.number(d, "weight", wd);
    run.distillHiddenWeight = rd.number(d, "hidden_weight", wd);
}

// The parsed document, checked to be a session this version reads.
json parseSessionDocument(const Reader& rd, const std::string& text) {
    const std::string& path = rd.path();
    json j;
    checkJsonDepth(text, path);
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::SessionNotJson, {e.what()}, path);
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
        throw Error(ErrorCode::SessionNoFormat, {}, path);
    const int64_t version = rd.integer(j, "version", "the file", 1);
    if (version > kVersion)
        throw Error(ErrorCode::SessionNewerVersion, {std::to_string(version), std::to_string(kVersion)}, path);
    return j;
}

SessionCalibration calibrationFromJson(const Reader& rd, const json& c) {
    SessionCalibration o;
    o.textPath = rd.string(c, "text", "calibration");
    // Absent in sessions written before token ids were kept: text.
    if (c.contains("token_ids")) o.tokenIdsPath = rd.string(c, "token_ids", "calibration");
    o.seqLen = static_cast<int>(rd.integer(c, "seq_len", "calibration", 2, 1 << 24));
    o.sequences = static_cast<int>(rd.integer(c, "sequences", "calibration", 1, 1 << 30));
    if (!parseMetric(rd.string(c, "metric", "calibration"), o.metric))
        rd.fail("calibration.metric", "is not pearson, cosine or cka");
    if (!parseUnitKind(rd.string(c, "units", "calibration"), o.units))
        rd.fail("calibration.units", "is not blocks or sublayers");
    o.skipFirstToken = rd.boolean(c, "skip_first_token", "calibration");
    return o;
}

SessionClustering clusteringFromJson(const Reader& rd, const json& c) {
    SessionClustering o;
    if (!parseLinkageMethod(rd.string(c, "linkage", "clustering"), o.linkage))
        rd.fail("clustering.linkage", "is not single, complete, average, weighted or ward");
    o.contiguous = rd.boolean(c, "contiguous", "clustering");
    o.keepFirstLast = rd.boolean(c, "keep_first_last", "clustering");
    o.maxGroupSize = static_cast<int>(rd.integer(c, "max_group_size", "clustering", 0, 1 << 20));
    o.threshold = rd.number(c, "threshold", "clustering");
    if (!(o.threshold >= 0 && o.threshold <= 2)) rd.fail("clustering.threshold", "is outside 0..2");
    return o;
}

SessionRun runFromJson(const Reader& rd, const json& r, const std::string& w) {
    SessionRun run;
    const json& st = rd.field(r, "settings", w);
    const std::string ws = w + ".settings";
    run.textPath = rd.string(st, "text", ws);
    run.steps = static_cast<int>(rd.integer(st, "steps", ws, 0, 1 << 30));
    run.batchSize = static_cast<int>(rd.integer(st, "batch", ws, 0, 1 << 20));
    run.seqLen = static_cast<int>(rd.integer(st, "seq_len", ws, 0, 1 << 24));
    run.learningRate = rd.number(st, "lr", ws);
    run.init = rd.string(st, "init", ws);
    SharedInit init;
    if (!run.init.empty() && !parseSharedInit(run.init, init))
        rd.fail(ws + ".init", "is not mean, medoid, first or laco");
    run.privateNorms = rd.boolean(st, "private_norms", ws);
    run.deltaRank = static_cast<int>(rd.integer(st, "delta_rank", ws, 0, 1 << 20));
    run.seed = rd.unsignedInteger(st, "seed", ws);
    distillFromJson(rd, st, ws, run);
    run.baseline = trainFromJson(rd, rd.field(r, "baseline", w), w + ".baseline");
    run.shared = trainFromJson(rd, rd.field(r, "shared", w), w + ".shared");
    run.baselineParameters = rd.integer(r, "baseline_parameters", w);
    run.sharedParameters = rd.integer(r, "shared_parameters", w);
    run.stopReason = rd.string(r, "stop_reason", w);
    const json& budget = rd.array(r, "budget", w);
    for (size_t k = 0; k < budget.size(); ++k) {
        const std::string wb = w + ".budget[" + std::to_string(k) + "]";
        BudgetPoint p;
        p.method = rd.string(budget[k], "method", wb);
        p.parameters = rd.integer(budget[k], "parameters", wb);
        p.bytes = rd.unsignedInteger(budget[k], "bytes", wb);
        p.loss = rd.number(budget[k], "loss", wb);
        if (budget[k].contains("task_items")) { // multiple-choice accuracy (finetune --tasks)
            p.taskItems = static_cast<int>(rd.integer(budget[k], "task_items", wb, 0, 1 << 30));
            p.accuracy = rd.number(budget[k], "accuracy", wb);
            p.accuracyStderr = rd.number(budget[k], "accuracy_stderr", wb);
            p.accuracyNorm = rd.number(budget[k], "accuracy_norm", wb);
            p.accuracyNormStderr = rd.number(budget[k], "accuracy_norm_stderr", wb);
        }
        run.budget.push_back(p);
    }
    return run;
}

// ---------------------------------------------------------------- agents

constexpr int64_t kMaxAgents = 4096, kMaxLayers = 1 << 16;

json matrixJson(const Eigen::MatrixXd& m) {
    json rows = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index k = 0; k < m.cols(); ++k) row.push_back(num(m(i, k)));
        rows.push_back(row);
    }
    return rows;
}

// An n x n matrix (null = NaN); `optional` also takes an empty list (an
// empty matrix, as the engine leaves the Pearson and cosine ones for CKA).
Eigen::MatrixXd matrixFromJson(const Reader& rd, const json& obj, const char* key, const std::string& where, size_t n,
                               bool optional = false) {
    const json& rows = rd.array(obj, key, where);
    const std::string w = where + "." + key;
    if (optional && rows.empty()) return {};
    if (rows.size() != n) rd.fail(w, "has " + std::to_string(rows.size()) + " rows, not " + std::to_string(n));
    Eigen::MatrixXd m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (size_t i = 0; i < n; ++i) {
        const json& row = rows[i];
        if (!row.is_array() || row.size() != n)
            rd.fail(w, "row " + std::to_string(i) + " does not have " + std::to_string(n) + " numbers");
        for (size_t k = 0; k < n; ++k) {
            const json& v = row[k];
            if (!v.is_null() && !v.is_number())
                rd.fail(w, "row " + std::to_string(i) + " holds something that is not a number");
            m(Eigen::Index(i), Eigen::Index(k)) =
                v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
        }
    }
    return m;
}

std::vector<std::string> stringsFromJson(const Reader& rd, const json& obj, const char* key, const std::string& where,
                                         size_t maxCount) {
    const json& a = rd.array(obj, key, where);
    if (a.size() > maxCount) rd.fail(where + "." + key, "has more than " + std::to_string(maxCount) + " entries");
    std::vector<std::string> out;
    for (const auto& v : a) {
        if (!v.is_string()) rd.fail(where + "." + key, "holds something that is not a string");
        out.push_back(v.get<std::string>());
    }
    return out;
}

json agentSimilarityJson(const AgentSimilarityResult& s) {
    return {{"agents", s.agents},
            {"layers", s.layers},
            {"units", s.units},
            {"similarity", matrixJson(s.similarity)},
            {"agent_similarity", matrixJson(s.agentSimilarity)},
            {"pearson", matrixJson(s.pearson)},
            {"cosine", matrixJson(s.cosine)},
            {"agent_pearson", matrixJson(s.agentPearson)},
            {"agent_cosine", matrixJson(s.agentCosine)},
            {"metric", metricName(s.metric)},
            {"tokens", s.tokens},
            {"sequences", s.sequences},
            {"method", s.method}};
}

AgentSimilarityResult agentSimilarityFromJson(const Reader& rd, const json& j, size_t agents) {
    const std::string w = "agents.similarity";
    AgentSimilarityResult s;
    s.agents = stringsFromJson(rd, j, "agents", w, kMaxAgents);
    if (s.agents.size() != agents)
        rd.fail(w + ".agents",
                "names " + std::to_string(s.agents.size()) + " agents, the models " + std::to_string(agents));
    s.layers = static_cast<int>(rd.integer(j, "layers", w, 1, kMaxLayers));
    const size_t units = agents * static_cast<size_t>(s.layers);
    s.units = stringsFromJson(rd, j, "units", w, units);
    if (s.units.size() != units)
        rd.fail(w + ".units",
                "has " + std::to_string(s.units.size()) + " names, not agents x layers = " + std::to_string(units));
    s.similarity = matrixFromJson(rd, j, "similarity", w, units);
    s.agentSimilarity = matrixFromJson(rd, j, "agent_similarity", w, agents);
    s.pearson = matrixFromJson(rd, j, "pearson", w, units, true);
    s.cosine = matrixFromJson(rd, j, "cosine", w, units, true);
    s.agentPearson = matrixFromJson(rd, j, "agent_pearson", w, agents, true);
    s.agentCosine = matrixFromJson(rd, j, "agent_cosine", w, agents, true);
    if (!parseMetric(rd.string(j, "metric", w), s.metric)) rd.fail(w + ".metric", "is not pearson, cosine or cka");
    s.tokens = rd.integer(j, "tokens", w);
    s.sequences = rd.integer(j, "sequences", w);
    s.method = rd.string(j, "method", w);
    return s;
}

json weightsJson(const WeightDifferenceResult& wd) {
    const auto perLayer = [](const std::vector<Eigen::MatrixXd>& list) {
        json a = json::array();
        for (const auto& m : list) a.push_back(matrixJson(m));
        return a;
    };
    return {{"agents", wd.agents},
            {"base", wd.base},
            {"difference_norm", perLayer(wd.differenceNorm)},
            {"relative_difference", perLayer(wd.relativeDifference)},
            {"weight_cosine", perLayer(wd.weightCosine)},
            {"delta_cosine", perLayer(wd.deltaCosine)}};
}

WeightDifferenceResult weightsFromJson(const Reader& rd, const json& j, size_t agents) {
    const std::string w = "agents.weights";
    WeightDifferenceResult wd;
    wd.agents = stringsFromJson(rd, j, "agents", w, kMaxAgents);
    if (wd.agents.size() != agents)
        rd.fail(w + ".agents",
                "names " + std::to_string(wd.agents.size()) + " agents, the models " + std::to_string(agents));
    wd.base = static_cast<int>(rd.integer(j, "base", w, -1, static_cast<int64_t>(agents) - 1));
    const auto perLayer = [&](const char* key, std::vector<Eigen::MatrixXd>& out) {
        const json& layers = rd.array(j, key, w);
        if (layers.size() > size_t(kMaxLayers))
            rd.fail(w + "." + key, "has more than " + std::to_string(kMaxLayers) + " blocks");
        for (size_t l = 0; l < layers.size(); ++l) {
            const json holder{{"m", layers[l]}};
            out.push_back(matrixFromJson(rd, holder, "m", w + "." + key + "[" + std::to_string(l) + "]", agents));
        }
    };
    perLayer("difference_norm", wd.differenceNorm);
    perLayer("relative_difference", wd.relativeDifference);
    perLayer("weight_cosine", wd.weightCosine);
    perLayer("delta_cosine", wd.deltaCosine);
    return wd;
}

json systemJson(const SessionSystemSummary& s) {
    return {{"parameters", s.parameters},
            {"validation_before", num(s.validationBefore)},
            {"validation_after", num(s.validationAfter)},
            {"model_state_bytes", s.modelStateBytes},
            {"peak_rss_bytes", s.peakRssBytes},
            {"tokens_per_s", num(s.meanTokensPerSecond)},
            {"steps", s.steps}};
}

SessionSystemSummary systemFromJson(const Reader& rd, const json& j, const std::string& w) {
    SessionSystemSummary s;
    s.parameters = rd.integer(j, "parameters", w);
    s.validationBefore = rd.number(j, "validation_before", w);
    s.validationAfter = rd.number(j, "validation_after", w);
    s.modelStateBytes = rd.unsignedInteger(j, "model_state_bytes", w);
    s.peakRssBytes = rd.unsignedInteger(j, "peak_rss_bytes", w);
    s.meanTokensPerSecond = rd.number(j, "tokens_per_s", w);
    s.steps = static_cast<int>(rd.integer(j, "steps", w, 0, 1 << 30));
    return s;
}

const char* levelName(AgentLevel l) { return l == AgentLevel::Layers ? "layers" : "agents"; }

json sessionPlanJson(const SessionAgentPlan& p) {
    return {{"level", levelName(p.level)},
            {"groups", p.groups},
            {"parameters", {{"baseline", p.baselineParameters}, {"shared", p.sharedParameters}}},
            {"bytes", {{"baseline", p.baselineBytes}, {"shared", p.sharedBytes}}}};
}

// Groups of unit indices: every index 0..units-1 at most once.
SessionAgentPlan sessionPlanFromJson(const Reader& rd, const json& j, const std::string& w) {
    SessionAgentPlan p;
    const std::string level = rd.string(j, "level", w);
    if (level != "layers" && level != "agents") rd.fail(w + ".level", "is not layers or agents");
    p.level = level == "layers" ? AgentLevel::Layers : AgentLevel::Agents;
    const json& groups = rd.array(j, "groups", w);
    constexpr int64_t kMaxUnits = int64_t(kMaxAgents) * kMaxLayers;
    std::vector<bool> seen;
    for (const auto& g : groups) {
        if (!g.is_array()) rd.fail(w + ".groups", "holds something that is not a list of units");
        std::vector<int> members;
        for (const auto& u : g) {
            if (!u.is_number_integer() || u.get<int64_t>() < 0 || u.get<int64_t>() >= kMaxUnits)
                rd.fail(w + ".groups", "holds something that is not a unit number");
            const auto k = static_cast<size_t>(u.get<int64_t>());
            if (k >= seen.size()) seen.resize(k + 1, false);
            if (seen[k]) rd.fail(w + ".groups", "names unit " + std::to_string(k) + " twice");
            seen[k] = true;
            members.push_back(static_cast<int>(k));
        }
        p.groups.push_back(std::move(members));
    }
    const json& params = rd.field(j, "parameters", w);
    p.baselineParameters = rd.integer(params, "baseline", w + ".parameters");
    p.sharedParameters = rd.integer(params, "shared", w + ".parameters");
    const json& bytes = rd.field(j, "bytes", w);
    p.baselineBytes = rd.unsignedInteger(bytes, "baseline", w + ".bytes");
    p.sharedBytes = rd.unsignedInteger(bytes, "shared", w + ".bytes");
    return p;
}

json agentsRunJson(const SessionAgentsRun& r) {
    json agents = json::array();
    for (const auto& a : r.agents)
        agents.push_back({{"name", a.name},
                          {"unshared_before", num(a.unsharedBefore)},
                          {"unshared_after", num(a.unsharedAfter)},
                          {"shared_before", num(a.sharedBefore)},
                          {"shared_after", num(a.sharedAfter)}});
    return {{"settings",
             {{"texts", r.textPaths},
              {"steps", r.steps},
              {"batch", r.batchSize},
              {"seq_len", r.seqLen},
              {"lr", r.learningRate},
              {"init", sharedInitName(r.init)},
              {"seed", r.seed}}},
            {"plan", sessionPlanJson(r.plan)},
            {"unshared", systemJson(r.baseline)},
            {"shared", systemJson(r.shared)},
            {"agents", agents},
            {"stop_reason", r.stopReason}};
}

SessionAgentsRun agentsRunFromJson(const Reader& rd, const json& r, const std::string& w, size_t agents) {
    SessionAgentsRun run;
    const json& st = rd.field(r, "settings", w);
    const std::string ws = w + ".settings";
    run.textPaths = stringsFromJson(rd, st, "texts", ws, agents);
    run.steps = static_cast<int>(rd.integer(st, "steps", ws, 0, 1 << 30));
    run.batchSize = static_cast<int>(rd.integer(st, "batch", ws, 0, 1 << 20));
    run.seqLen = static_cast<int>(rd.integer(st, "seq_len", ws, 0, 1 << 24));
    run.learningRate = rd.number(st, "lr", ws);
    if (!parseSharedInit(rd.string(st, "init", ws), run.init))
        rd.fail(ws + ".init", "is not mean, medoid, first or laco");
    run.seed = rd.unsignedInteger(st, "seed", ws);
    run.plan = sessionPlanFromJson(rd, rd.field(r, "plan", w), w + ".plan");
    run.baseline = systemFromJson(rd, rd.field(r, "unshared", w), w + ".unshared");
    run.shared = systemFromJson(rd, rd.field(r, "shared", w), w + ".shared");
    const json& list = rd.array(r, "agents", w);
    if (list.size() > agents) rd.fail(w + ".agents", "has more than " + std::to_string(agents) + " agents");
    for (size_t k = 0; k < list.size(); ++k) {
        const std::string wa = w + ".agents[" + std::to_string(k) + "]";
        SessionAgentLosses a;
        a.name = rd.string(list[k], "name", wa);
        a.unsharedBefore = rd.number(list[k], "unshared_before", wa);
        a.unsharedAfter = rd.number(list[k], "unshared_after", wa);
        a.sharedBefore = rd.number(list[k], "shared_before", wa);
        a.sharedAfter = rd.number(list[k], "shared_after", wa);
        run.agents.push_back(a);
    }
    run.stopReason = rd.string(r, "stop_reason", w);
    return run;
}

json agentsJson(const SessionAgents& a) {
    json runs = json::array();
    for (const auto& r : a.runs) runs.push_back(agentsRunJson(r));
    return {{"names", a.names},
            {"level", levelName(a.level)},
            {"linkage", linkageName(a.linkage)},
            {"layers_threshold", a.layersThreshold},
            {"agents_threshold", a.agentsThreshold},
            {"similarity", a.similarity ? agentSimilarityJson(*a.similarity) : json(nullptr)},
            {"weights", a.weights ? weightsJson(*a.weights) : json(nullptr)},
            {"plan", a.plan ? sessionPlanJson(*a.plan) : json(nullptr)},
            {"texts", a.agentTexts},
            {"runs", runs}};
}

double agentThresholdFromJson(const Reader& rd, const json& j, const char* key) {
    const double t = rd.number(j, key, "agents");
    if (!(t == -1.0 || (t >= 0 && t <= 2))) rd.fail(std::string("agents.") + key, "is neither -1 nor within 0..2");
    return t;
}

SessionAgents agentsFromJson(const Reader& rd, const json& j, size_t models) {
    const std::string w = "agents";
    if (models < 2 || models > size_t(kMaxAgents))
        rd.fail("models", "holds " + std::to_string(models) + " folders; an agents session has 2 to " +
                              std::to_string(kMaxAgents));
    SessionAgents a;
    a.names = stringsFromJson(rd, j, "names", w, models);
    if (a.names.size() != models) rd.fail(w + ".names", "does not hold one name per model");
    const std::string level = rd.string(j, "level", w);
    if (level != "layers" && level != "agents") rd.fail(w + ".level", "is not layers or agents");
    a.level = level == "layers" ? AgentLevel::Layers : AgentLevel::Agents;
    if (!parseLinkageMethod(rd.string(j, "linkage", w), a.linkage))
        rd.fail(w + ".linkage", "is not single, complete, average, weighted or ward");
    a.layersThreshold = agentThresholdFromJson(rd, j, "layers_threshold");
    a.agentsThreshold = agentThresholdFromJson(rd, j, "agents_threshold");
    if (const json& v = rd.field(j, "similarity", w); !v.is_null())
        a.similarity = agentSimilarityFromJson(rd, v, models);
    if (const json& v = rd.field(j, "weights", w); !v.is_null()) a.weights = weightsFromJson(rd, v, models);
    if (const json& v = rd.field(j, "plan", w); !v.is_null()) a.plan = sessionPlanFromJson(rd, v, w + ".plan");
    a.agentTexts = stringsFromJson(rd, j, "texts", w, models);
    const json& runs = rd.array(j, "runs", w);
    for (size_t i = 0; i < runs.size(); ++i)
        a.runs.push_back(agentsRunFromJson(rd, runs[i], w + ".runs[" + std::to_string(i) + "]", models));
    return a;
}

} // namespace

SessionAgentPlan sessionAgentPlan(const AgentSharingPlan& plan) {
    SessionAgentPlan p;
    p.level = plan.level;
    for (const auto& g : plan.groups) p.groups.push_back(g.members);
    p.baselineParameters = plan.baselineParameters;
    p.sharedParameters = plan.sharedParameters;
    p.baselineBytes = plan.baselineBytes;
    p.sharedBytes = plan.sharedBytes;
    return p;
}

std::string sessionToJson(const Session& s) {
    json runs = json::array();
    for (const auto& r : s.runs) runs.push_back(runJson(r));
    const auto& c = s.calibration;
    json j{{"format", kFormat},
           {"version", kVersion},
           {"created_by", s.createdBy},
           {"models", s.models},
           {"calibration",
            {{"text", c.textPath},
             {"seq_len", c.seqLen},
             {"sequences", c.sequences},
             {"metric", metricName(c.metric)},
             {"units", unitKindName(c.units)},
             {"skip_first_token", c.skipFirstToken}}},
           {"clustering",
            {{"linkage", linkageName(s.clustering.linkage)},
             {"contiguous", s.clustering.contiguous},
             {"keep_first_last", s.clustering.keepFirstLast},
             {"max_group_size", s.clustering.maxGroupSize},
             {"threshold", s.clustering.threshold}}},
           {"similarity", s.similarity ? similarityJson(*s.similarity) : json(nullptr)},
           {"plan", s.plan ? json::parse(planToJson(*s.plan)) : json(nullptr)},
           {"runs", runs}};
    // Only when set, so that a text session's file is as before.
    if (!c.tokenIdsPath.empty()) j["calibration"]["token_ids"] = c.tokenIdsPath;
    if (s.agents) j["agents"] = agentsJson(*s.agents);
    if (s.workers != 1) j["workers"] = s.workers; // only when set, as token_ids
    return j.dump(1) + "\n";
}

Session sessionFromJson(const std::string& text, const std::string& path) {
    const Reader rd(path);
    const json j = parseSessionDocument(rd, text);
    Session s;
    s.createdBy = rd.string(j, "created_by", "the file");
    for (const auto& m : rd.array(j, "models", "the file")) {
        if (!m.is_string() || m.get<std::string>().empty()) rd.fail("models", "holds something that is not a folder");
        s.models.push_back(m.get<std::string>());
    }
    s.calibration = calibrationFromJson(rd, rd.field(j, "calibration", "the file"));
    s.clustering = clusteringFromJson(rd, rd.field(j, "clustering", "the file"));
    if (const json& sim = rd.field(j, "similarity", "the file"); !sim.is_null())
        s.similarity = similarityFromJson(rd, sim);
    if (const json& plan = rd.field(j, "plan", "the file"); !plan.is_null()) {
        s.plan = planFromJson(plan.dump(), path);
        if (s.similarity && s.plan->units.size() != s.similarity->units.size())
            rd.fail("plan", "has " + std::to_string(s.plan->units.size()) + " units, the similarity " +
                                std::to_string(s.similarity->units.size()));
    }
    const json& runs = rd.array(j, "runs", "the file");
    for (size_t i = 0; i < runs.size(); ++i)
        s.runs.push_back(runFromJson(rd, runs[i], "runs[" + std::to_string(i) + "]"));
    if (const auto it = j.find("agents"); it != j.end() && !it->is_null())
        s.agents = agentsFromJson(rd, *it, s.models.size());
    if (j.contains("workers")) s.workers = static_cast<int>(rd.integer(j, "workers", "the file", 1, 256));
    return s;
}

void saveSession(const std::string& path, const Session& session) { writeFileAtomic(path, sessionToJson(session)); }

Session loadSession(const std::string& path) {
    // The size is checked before anything is read: a session is loaded whole.
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
        const std::uintmax_t size = std::filesystem::file_size(path, ec);
        if (!ec && size > kMaxSessionBytes)
            throw Error(ErrorCode::SessionTooLarge, {formatBytes(size), formatBytes(kMaxSessionBytes)}, path);
    }
    return sessionFromJson(readInputFile(path, kMaxSessionBytes, "a session", "a ShareLens session", ""), path);
}

} // namespace sharelens
