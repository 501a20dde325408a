// Sharing plans from groups of units (see sharelens/plan.h).
#include "sharelens/plan.h"

#include <limits>
#include <map>
#include <set>
#include <type_traits>

#include "cluster/plan_parts.h"
#include "io/json_integer.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"

#include <nlohmann/json.hpp>

namespace sharelens {

const char* sharedInitName(SharedInit i) {
    switch (i) {
    case SharedInit::Mean: return "mean";
    case SharedInit::Medoid: return "medoid";
    case SharedInit::First: return "first";
    case SharedInit::Laco: return "laco";
    }
    return "?";
}

bool parseSharedInit(const std::string& s, SharedInit& out) {
    for (SharedInit i : {SharedInit::Mean, SharedInit::Medoid, SharedInit::First, SharedInit::Laco})
        if (s == sharedInitName(i)) {
            out = i;
            return true;
        }
    return false;
}

std::string unitPartOf(const std::string& rel, const ModelConfig& c) {
    if (c.family == Family::Gpt2) return (rel.rfind("ln_1", 0) == 0 || rel.rfind("attn.", 0) == 0) ? "attn" : "mlp";
    if (rel.rfind("input_layernorm", 0) == 0 || rel.rfind("self_attn.", 0) == 0) return "attn";
    // Gemma's and OLMo 2's post_attention_layernorm normalises attention's output.
    if (rel.rfind("post_attention_layernorm", 0) == 0 && c.normPlacement != NormPlacement::Pre) return "attn";
    return "mlp";
}

std::string attentionTypeSuffix(const ModelConfig& c, int layer) {
    bool sliding = false, global = false;
    for (int l = 0; l < c.numLayers && !(sliding && global); ++l) (c.isSlidingLayer(l) ? sliding : global) = true;
    if (!(sliding && global)) return {};
    return c.isSlidingLayer(layer) ? " (sliding)" : " (global)";
}

bool isNormTensor(const std::string& rel) {
    return rel.rfind("ln_", 0) == 0 || rel.find("layernorm") != std::string::npos ||
           rel.find("q_norm.") != std::string::npos || rel.find("k_norm.") != std::string::npos;
}

namespace {

int64_t numel(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

// "transformer.h.3.attn.c_attn.weight" -> (3, "attn.c_attn.weight"); -1 if not a block tensor.
int layerOf(const std::string& name, Family f, std::string& rel) {
    std::string p;
    if (f == Family::Gpt2) {
        p = name.rfind("transformer.h.", 0) == 0 ? "transformer.h." : name.rfind("h.", 0) == 0 ? "h." : "";
    } else {
        p = name.rfind("model.layers.", 0) == 0 ? "model.layers." : "";
    }
    if (p.empty()) return -1;
    size_t i = p.size(), j = i;
    while (j < name.size() && name[j] >= '0' && name[j] <= '9') ++j;
    if (j == i || j >= name.size() || name[j] != '.') return -1;
    rel = name.substr(j + 1);
    return std::stoi(name.substr(i, j - i));
}

} // namespace

std::vector<PlanUnit> planUnits(const Checkpoint& ck, UnitKind kind) {
    const auto& c = ck.config;
    const int L = c.numLayers;
    std::vector<PlanUnit> units;
    for (int l = 0; l < L; ++l) {
        const std::string type = attentionTypeSuffix(c, l);
        if (kind == UnitKind::Blocks) {
            units.push_back({"block " + std::to_string(l) + type, l, "block", {}, {}, 0, 0});
        } else {
            units.push_back({"attn " + std::to_string(l) + type, l, "attn", {}, {}, 0, 0});
            units.push_back({"mlp " + std::to_string(l) + type, l, "mlp", {}, {}, 0, 0});
        }
    }
    for (const auto& t : ck.tensors) {
        if (!isParameterTensor(c, t.name)) continue;
        std::string rel;
        const int l = layerOf(t.name, c.family, rel);
        if (l < 0 || l >= L) continue;
        const size_t u = kind == UnitKind::Blocks ? static_cast<size_t>(l)
                                                  : static_cast<size_t>(2 * l + (unitPartOf(rel, c) == "attn" ? 0 : 1));
        auto& unit = units[u];
        unit.tensors.push_back(t.name);
        unit.parameters += numel(t.shape);
        if (isNormTensor(rel)) {
            unit.privateTensors.push_back(t.name);
            unit.privateParameters += numel(t.shape);
        }
    }
    return units;
}

std::vector<std::vector<int>> partitionUnits(const std::vector<std::vector<int>>& groups, int n, ErrorCode whose) {
    std::vector<char> owned(static_cast<size_t>(std::max(n, 0)), 0);
    std::vector<std::vector<int>> all;
    for (const auto& g : groups) {
        std::set<int> members;
        for (int u : g) {
            if (u < 0 || u >= n)
                throw Error(ErrorCode::PlanPlanNamesUnitUnits,
                            {std::to_string(u), ErrorMessage(whose), std::to_string(n - 1)});
            if (owned[static_cast<size_t>(u)]) throw Error(ErrorCode::PlanPlanPutsUnitIntoTwo, {std::to_string(u)});
            owned[static_cast<size_t>(u)] = 1;
            members.insert(u);
        }
        if (!members.empty()) all.emplace_back(members.begin(), members.end());
    }
    for (int u = 0; u < n; ++u)
        if (!owned[static_cast<size_t>(u)]) all.push_back({u});
    std::sort(all.begin(), all.end());
    return all;
}

void checkGroupKinds(const std::vector<PlanUnit>& units, const std::vector<std::vector<int>>& groups) {
    const auto valid = [&](int u) { return u >= 0 && static_cast<size_t>(u) < units.size(); };
    for (size_t g = 0; g < groups.size(); ++g) {
        int first = -1;
        for (int u : groups[g]) {
            if (!valid(u)) continue;
            if (first < 0) {
                first = u;
            } else if (units[static_cast<size_t>(u)].part != units[static_cast<size_t>(first)].part) {
                throw Error(ErrorCode::PlanMixesUnitKinds, {std::to_string(g), units[static_cast<size_t>(first)].name,
                                                            units[static_cast<size_t>(u)].name});
            }
        }
    }
}

SharingPlan makePlan(const Checkpoint& ck, UnitKind kind, const std::vector<std::vector<int>>& groups, SharedInit init,
                     bool privateNorms) {
    SharingPlan plan;
    plan.units = planUnits(ck, kind);
    plan.privateNorms = privateNorms;
    const auto all = partitionUnits(groups, static_cast<int>(plan.units.size()), ErrorCode::PlanWhoseModel);
    checkGroupKinds(plan.units, groups);

    // Bytes per parameter of the checkpoint's dominant dtype.
    std::map<DType, int64_t> byType;
    int64_t total = 0;
    uint64_t bytes = 0;
    for (const auto& t : ck.tensors) {
        if (!isParameterTensor(ck.config, t.name)) continue;
        byType[t.dtype] += numel(t.shape);
        total += numel(t.shape);
        bytes += static_cast<uint64_t>(numel(t.shape)) * dtypeSize(t.dtype);
    }
    DType dominant = DType::F32;
    int64_t best = -1;
    for (auto& [d, cnt] : byType)
        if (cnt > best) {
            best = cnt;
            dominant = d;
        }
    plan.bytesPerParameter = static_cast<int>(dtypeSize(dominant));
    plan.baselineParameters = total;
    plan.baselineBytes = bytes;

    int64_t saved = 0;
    for (auto& members : all) {
        PlanGroup g;
        g.members = members;
        g.init = init;
        const auto& u0 = plan.units[static_cast<size_t>(members.front())];
        g.sharedParameters = u0.parameters - (privateNorms ? u0.privateParameters : 0);
        g.savedParameters = static_cast<int64_t>(members.size() - 1) * g.sharedParameters;
        g.savedBytes = static_cast<uint64_t>(g.savedParameters) * static_cast<uint64_t>(plan.bytesPerParameter);
        saved += g.savedParameters;
        plan.groups.push_back(std::move(g));
    }
    plan.sharedParameters = total - saved;
    plan.sharedBytes = bytes - static_cast<uint64_t>(saved) * static_cast<uint64_t>(plan.bytesPerParameter);
    return plan;
}

std::string planToJson(const SharingPlan& p) {
    using json = nlohmann::json;
    json units = json::array();
    for (const auto& u : p.units)
        units.push_back({{"name", u.name},
                         {"layer", u.layer},
                         {"part", u.part},
                         {"parameters", u.parameters},
                         {"private_parameters", u.privateParameters},
                         {"tensors", u.tensors},
                         {"private_tensors", u.privateTensors}});
    json groups = json::array();
    for (const auto& g : p.groups)
        groups.push_back({{"members", g.members},
                          {"init", sharedInitName(g.init)},
                          {"shared_parameters", g.sharedParameters},
                          {"saved_parameters", g.savedParameters},
                          {"saved_bytes", g.savedBytes}});
    json j{{"units", units},
           {"groups", groups},
           {"private_norms", p.privateNorms},
           {"bytes_per_parameter", p.bytesPerParameter},
           {"parameters", {{"baseline", p.baselineParameters}, {"shared", p.sharedParameters}}},
           {"bytes", {{"baseline", p.baselineBytes}, {"shared", p.sharedBytes}}}};
    return j.dump(2);
}

namespace {

template <typename T>
T planInteger(const nlohmann::json& v, const char* key, const std::string& path) {
    return jsonInteger<T>(v, key, ErrorCode::JsonWhatPlan, path);
}

template <typename T>
T planInteger(const nlohmann::json& obj, const char* key, T fallback, const std::string& path) {
    return jsonInteger<T>(obj, key, fallback, ErrorCode::JsonWhatPlan, path);
}

} // namespace

SharingPlan planFromJson(const std::string& text, const std::string& path) {
    using json = nlohmann::json;
    json j;
    checkJsonDepth(text, path);
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::PlanNotValidJSONGiveAnalysis, {e.what()}, path);
    }
    auto fail = [&](const ErrorMessage& what) -> Error { return Error(ErrorCode::PlanSharingPlan, {what}, path); };
    try {
        if (!j.is_object() || !j.contains("units") || !j.contains("groups") || !j["units"].is_array() ||
            !j["groups"].is_array())
            throw fail({ErrorCode::PlanExpectedObjectUnitsGroupsArrays, {}});
        SharingPlan p;
        for (const auto& u : j["units"]) {
            PlanUnit pu;
            pu.name = u.at("name").get<std::string>();
            pu.layer = planInteger<int>(u.at("layer"), "layer", path);
            pu.part = u.at("part").get<std::string>();
            pu.parameters = planInteger<int64_t>(u.at("parameters"), "parameters", path);
            pu.privateParameters = planInteger<int64_t>(u, "private_parameters", 0, path);
            pu.tensors = u.value("tensors", std::vector<std::string>{});
            pu.privateTensors = u.value("private_tensors", std::vector<std::string>{});
            p.units.push_back(std::move(pu));
        }
        std::vector<int> seen(p.units.size(), 0);
        for (const auto& g : j["groups"]) {
            PlanGroup pg;
            const json& members = g.at("members");
            if (!members.is_array()) throw fail({ErrorCode::AgentsGroupSMembersMustArray, {}});
            for (const json& m : members) pg.members.push_back(planInteger<int>(m, "members", path));
            if (pg.members.empty()) throw fail({ErrorCode::AgentsGroupNoMembers, {}});
            for (int m : pg.members) {
                if (m < 0 || static_cast<size_t>(m) >= p.units.size())
                    throw fail({ErrorCode::PlanGroupMemberNotUnitIndex,
                                {std::to_string(m), std::to_string(static_cast<int>(p.units.size()) - 1)}});
                if (seen[static_cast<size_t>(m)]++) throw fail({ErrorCode::AgentsUnitTwoGroups, {std::to_string(m)}});
            }
            if (!parseSharedInit(g.value("init", std::string("mean")), pg.init))
                throw fail({ErrorCode::AgentsUnknownInitUseMeanMedoid, {g.value("init", std::string())}});
            pg.sharedParameters = planInteger<int64_t>(g, "shared_parameters", 0, path);
            pg.savedParameters = planInteger<int64_t>(g, "saved_parameters", 0, path);
            pg.savedBytes = planInteger<uint64_t>(g, "saved_bytes", 0, path);
            p.groups.push_back(std::move(pg));
        }
        std::vector<std::vector<int>> members;
        for (const auto& g : p.groups) members.push_back(g.members);
        try {
            checkGroupKinds(p.units, members);
        } catch (const Error& e) {
            throw e.withPath(path);
        }
        p.privateNorms = j.value("private_norms", false);
        p.bytesPerParameter = planInteger<int>(j, "bytes_per_parameter", 4, path);
        if (j.contains("parameters")) {
            p.baselineParameters = planInteger<int64_t>(j["parameters"], "baseline", 0, path);
            p.sharedParameters = planInteger<int64_t>(j["parameters"], "shared", 0, path);
        }
        if (j.contains("bytes")) {
            p.baselineBytes = planInteger<uint64_t>(j["bytes"], "baseline", 0, path);
            p.sharedBytes = planInteger<uint64_t>(j["bytes"], "shared", 0, path);
        }
        return p;
    } catch (const json::exception& e) {
        throw fail({ErrorCode::AgentsFieldMissingWrongType, {e.what()}});
    }
}

} // namespace sharelens
