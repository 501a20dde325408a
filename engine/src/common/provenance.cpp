// Provenance records (see sharelens/provenance.h).
#include "sharelens/provenance.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "sharelens/data.h"
#include "sharelens/input_limits.h"

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

namespace sharelens {

std::string formatNumber(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::map<std::string, std::string> provenanceMap(const Provenance& p) {
    std::map<std::string, std::string> m = p.analysis;
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) m[key] = value;
    };
    put("plan_file", p.planFile);
    put("source", p.source);
    put("finetuned_from", p.finetunedFrom);
    put("init", p.init);
    put("training_data", p.trainingData);
    if (p.seed) m["seed"] = std::to_string(*p.seed);
    if (p.steps) m["steps"] = std::to_string(*p.steps);
    if (p.learningRate) m["lr"] = formatNumber(*p.learningRate);
    if (p.deltaRank) m["delta_rank"] = std::to_string(*p.deltaRank);
    if (p.privateNorms) m["private_norms"] = *p.privateNorms ? "true" : "false";
    m["sharelens_version"] = p.version.empty() ? std::string(SHARELENS_VERSION) : p.version;
    return m;
}

Provenance planProvenance(const std::string& path) {
    using nlohmann::json;
    Provenance p;
    p.planFile = path;
    json j;
    try {
        const std::string text = readFile(path);
        checkJsonDepth(text, path);
        j = json::parse(text);
    } catch (const json::exception&) {
        return p;
    }
    if (!j.is_object()) return p;
    auto str = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    for (const char* k : {"metric", "linkage_method", "threshold", "unit_kind", "tokens", "contiguous"})
        if (j.contains(k)) p.analysis[k] = str(j[k]);
    if (j.contains("model") && j["model"].is_object() && j["model"].contains("path"))
        p.analysis["analyzed_model"] = str(j["model"]["path"]);
    if (j.contains("calibration") && j["calibration"].is_object()) {
        const auto& c = j["calibration"];
        if (c.contains("file")) p.analysis["calibration_file"] = str(c["file"]);
        if (c.contains("sha256")) p.analysis["calibration_sha256"] = str(c["sha256"]);
    }
    return p;
}

std::string joinPaths(const std::vector<std::string>& paths) {
    std::string s;
    for (const auto& p : paths) s += (s.empty() ? "" : ",") + p;
    return s;
}

} // namespace sharelens
