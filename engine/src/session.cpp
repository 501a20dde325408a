// Session files (session.h): one JSON document, written atomically.
#include "sharelens/session.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "sharelens/data.h"
#include "sharelens/error.h"

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
        throw Error("is not a valid ShareLens session: " + where + " " + what +
                        "; open a file saved by ShareLens or save the session again",
                    m_path);
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
        const int64_t x = v.is_number_unsigned() ? static_cast<int64_t>(std::min<uint64_t>(
                                                       v.get<uint64_t>(), uint64_t(std::numeric_limits<int64_t>::max())))
                                                 : v.get<int64_t>();
        if (x < lo || x > hi)
            fail(where + "." + key, "is " + std::to_string(x) + ", outside " + std::to_string(lo) + ".." + std::to_string(hi));
        return x;
    }
    // A seed or a byte count: the writer writes every uint64_t as it is.
    uint64_t unsignedInteger(const json& obj, const char* key, const std::string& where) const {
        const json& v = field(obj, key, where);
        if (v.is_number_unsigned()) return v.get<uint64_t>();
        if (!v.is_number_integer() || v.get<int64_t>() < 0)
            fail(where + "." + key, "is not a whole number from 0 to " + std::to_string(std::numeric_limits<uint64_t>::max()));
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
    return {{"step", step}, {"loss", loss}, {"learning_rate", lr}, {"step_seconds", secs}, {"tokens_per_s", tps},
            {"model_state_bytes", state}, {"peak_rss_bytes", rss}};
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
        rd.fail(where + "." + key, "has " + std::to_string(a.size()) + " entries, the other columns " +
                                       std::to_string(*length));
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
        rd.fail(where + "." + key, "has " + std::to_string(a.size()) + " entries, the other columns " +
                                       std::to_string(*length));
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
            r.steps.push_back(s);
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
    return {{"units", s.units},         {"matrix", rows},          {"metric", metricName(s.metric)},
            {"unit_kind", unitKindName(s.unitKind)}, {"tokens", s.tokens}, {"sequences", s.sequences},
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
            if (!v.is_number()) rd.fail(w + ".matrix", "row " + std::to_string(i) + " holds something that is not a number");
            s.similarity(i, k) = v.get<double>();
        }
    }
    if (!parseMetric(rd.string(j, "metric", w), s.metric)) rd.fail(w + ".metric", "is not pearson, cosine or cka");
    if (!parseUnitKind(rd.string(j, "unit_kind", w), s.unitKind)) rd.fail(w + ".unit_kind", "is not blocks or sublayers");
    s.tokens = rd.integer(j, "tokens", w);
    s.sequences = rd.integer(j, "sequences", w);
    s.method = rd.string(j, "method", w);
    return s;
}

json budgetJson(const std::vector<BudgetPoint>& points) {
    json a = json::array();
    for (const auto& p : points)
        a.push_back({{"method", p.method}, {"parameters", p.parameters}, {"bytes", p.bytes}, {"loss", num(p.loss)}});
    return a;
}

} // namespace

std::string sessionToJson(const Session& s) {
    json runs = json::array();
    for (const auto& r : s.runs) {
        runs.push_back({{"settings",
                         {{"text", r.textPath},
                          {"steps", r.steps},
                          {"batch", r.batchSize},
                          {"seq_len", r.seqLen},
                          {"lr", r.learningRate},
                          {"init", r.init},
                          {"private_norms", r.privateNorms},
                          {"delta_rank", r.deltaRank},
                          {"seed", r.seed}}},
                        {"baseline", trainJson(r.baseline)},
                        {"shared", trainJson(r.shared)},
                        {"baseline_parameters", r.baselineParameters},
                        {"shared_parameters", r.sharedParameters},
                        {"stop_reason", r.stopReason},
                        {"budget", budgetJson(r.budget)}});
    }
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
    return j.dump(1) + "\n";
}

Session sessionFromJson(const std::string& text, const std::string& path) {
    const Reader rd(path);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(std::string("is not a ShareLens session (not valid JSON: ") + e.what() + ")", path);
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
        throw Error("is not a ShareLens session (no \"format\": \"sharelens-session\"); open a .sharelens file saved "
                    "by ShareLens",
                    path);
    const int64_t version = rd.integer(j, "version", "the file", 1);
    if (version > kVersion)
        throw Error("was saved by a newer ShareLens (session version " + std::to_string(version) +
                        "; this one reads version " + std::to_string(kVersion) + "); update ShareLens to open it",
                    path);
    Session s;
    s.createdBy = rd.string(j, "created_by", "the file");
    for (const auto& m : rd.array(j, "models", "the file")) {
        if (!m.is_string() || m.get<std::string>().empty()) rd.fail("models", "holds something that is not a folder");
        s.models.push_back(m.get<std::string>());
    }
    {
        const json& c = rd.field(j, "calibration", "the file");
        auto& o = s.calibration;
        o.textPath = rd.string(c, "text", "calibration");
        o.seqLen = static_cast<int>(rd.integer(c, "seq_len", "calibration", 2, 1 << 24));
        o.sequences = static_cast<int>(rd.integer(c, "sequences", "calibration", 1, 1 << 30));
        if (!parseMetric(rd.string(c, "metric", "calibration"), o.metric))
            rd.fail("calibration.metric", "is not pearson, cosine or cka");
        if (!parseUnitKind(rd.string(c, "units", "calibration"), o.units))
            rd.fail("calibration.units", "is not blocks or sublayers");
        o.skipFirstToken = rd.boolean(c, "skip_first_token", "calibration");
    }
    {
        const json& c = rd.field(j, "clustering", "the file");
        if (!parseLinkageMethod(rd.string(c, "linkage", "clustering"), s.clustering.linkage))
            rd.fail("clustering.linkage", "is not single, complete, average, weighted or ward");
        s.clustering.contiguous = rd.boolean(c, "contiguous", "clustering");
        s.clustering.keepFirstLast = rd.boolean(c, "keep_first_last", "clustering");
        s.clustering.maxGroupSize = static_cast<int>(rd.integer(c, "max_group_size", "clustering", 0, 1 << 20));
        s.clustering.threshold = rd.number(c, "threshold", "clustering");
        if (!(s.clustering.threshold >= 0 && s.clustering.threshold <= 2))
            rd.fail("clustering.threshold", "is outside 0..2");
    }
    if (const json& sim = rd.field(j, "similarity", "the file"); !sim.is_null()) s.similarity = similarityFromJson(rd, sim);
    if (const json& plan = rd.field(j, "plan", "the file"); !plan.is_null()) {
        s.plan = planFromJson(plan.dump(), path);
        if (s.similarity && s.plan->units.size() != s.similarity->units.size())
            rd.fail("plan", "has " + std::to_string(s.plan->units.size()) + " units, the similarity " +
                                std::to_string(s.similarity->units.size()));
    }
    const json& runs = rd.array(j, "runs", "the file");
    for (size_t i = 0; i < runs.size(); ++i) {
        const std::string w = "runs[" + std::to_string(i) + "]";
        const json& r = runs[i];
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
        if (!run.init.empty() && !parseSharedInit(run.init, init)) rd.fail(ws + ".init", "is not mean, medoid or first");
        run.privateNorms = rd.boolean(st, "private_norms", ws);
        run.deltaRank = static_cast<int>(rd.integer(st, "delta_rank", ws, 0, 1 << 20));
        run.seed = rd.unsignedInteger(st, "seed", ws);
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
            run.budget.push_back(p);
        }
        s.runs.push_back(std::move(run));
    }
    return s;
}

void saveSession(const std::string& path, const Session& session) { writeFileAtomic(path, sessionToJson(session)); }

Session loadSession(const std::string& path) { return sessionFromJson(readFile(path), path); }

} // namespace sharelens
