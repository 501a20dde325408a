// The importance object of analysis.json: written by analyze --importance,
// read back by compare for the "bi" and "angular" baselines.
#include "commands.h"

#include <string>

#include "sharelens/error.h"

namespace sharelens::cli {

json importanceJson(const ImportanceResult& r) {
    json angular = json::object(), best = json::object();
    for (size_t n = 1; n <= r.angularDistance.size(); ++n) {
        angular[std::to_string(n)] = r.angularDistance[n - 1];
        best[std::to_string(n)] = r.bestSpan[n - 1];
    }
    json j{{"definition", "x_l = residual stream entering block l (x_0 = embedding output, x_L = last block's "
                          "output before the final norm); block_influence[l] = 1 - mean cos(x_l, x_{l+1}); "
                          "angular_distance[n][l] = mean arccos(cos(x_l, x_{l+n})) / pi; best_span[n] = the l of "
                          "the lowest angular_distance[n] (blocks l .. l+n-1); leave_one_out_loss[l] = loss "
                          "with block l removed; removal_order = greedy (remove the block whose removal gives "
                          "the lowest loss, repeat)"},
           {"tokens", r.tokens},
           {"angular_tokens", angularTokensName(r.angularMode)},
           {"angular_token_count", r.angularTokens},
           {"block_influence", r.blockInfluence},
           {"angular_distance", angular},
           {"best_span", best}};
    if (!r.leaveOneOutLoss.empty()) {
        j["loss_sequences"] = "the calibration sequences";
        j["baseline_loss"] = r.baselineLoss;
        j["leave_one_out_loss"] = r.leaveOneOutLoss;
        j["removal_order"] = r.removalOrder;
        j["removal_loss"] = r.removalLoss;
    }
    return j;
}

namespace {

std::vector<double> doubles(const json& j, const char* key, const std::string& path) {
    if (!j.contains(key)) return {};
    if (!j[key].is_array()) throw Error(std::string("importance.") + key + " must be a list of numbers", path);
    std::vector<double> out;
    for (const auto& v : j[key]) {
        if (!v.is_number()) throw Error(std::string("importance.") + key + " must be a list of numbers", path);
        out.push_back(v.get<double>());
    }
    return out;
}

} // namespace

std::optional<ImportanceResult> readImportance(const std::string& path) {
    json j;
    try {
        j = json::parse(readPlanFile(path));
    } catch (const json::exception&) {
        return std::nullopt; // readPlan has said what is wrong with the file
    }
    if (!j.is_object() || !j.contains("importance") || !j["importance"].is_object()) return std::nullopt;
    const json& im = j["importance"];
    ImportanceResult r;
    r.blockInfluence = doubles(im, "block_influence", path);
    r.layers = static_cast<int>(r.blockInfluence.size());
    r.leaveOneOutLoss = doubles(im, "leave_one_out_loss", path);
    const json empty = json::object();
    const json& ang = im.contains("angular_distance") ? im["angular_distance"] : empty;
    for (int n = 1; n < r.layers; ++n) {
        const std::string key = std::to_string(n);
        if (!ang.is_object() || !ang.contains(key)) throw Error(ErrorCode::ImportanceAngularMissing, {key}, path);
        r.angularDistance.push_back(doubles(ang, key.c_str(), path));
        if (static_cast<int>(r.angularDistance.back().size()) != r.layers - n + 1)
            throw Error("importance.angular_distance[\"" + key + "\"] must have " + std::to_string(r.layers - n + 1) +
                            " values; run analyze --importance again",
                        path);
    }
    return r;
}

} // namespace sharelens::cli
