// sharelens-cli cluster: linkage and groups of a similarity matrix.
#include "commands.h"

#include <limits>
#include <ostream>

#include "sharelens/input_limits.h"
#include "sharelens/data.h"
#include "sharelens/error.h"

namespace sharelens::cli {

namespace {

// Kinds of the units an analysis.json names ("attn 0", "mlp 0", ...): units
// of different kinds never group. None when the file names no units.
std::vector<int> kindsOf(const json& j, size_t n) {
    const auto u = j.find("units");
    if (u == j.end() || !u->is_array() || u->size() != n) return {};
    std::vector<std::string> names;
    for (const auto& v : *u) {
        if (!v.is_string()) return {};
        names.push_back(v.get<std::string>());
    }
    return unitKinds(names);
}

} // namespace

int cmdCluster(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--contiguous"}, {"--linkage", "--threshold"});
    if (a.positional().size() != 1) throw UsageError("cluster needs exactly one SIMILARITY.json");
    const std::string path = a.positional()[0];
    const LinkageMethod method = linkageOption(a);
    const double threshold = thresholdOption(a, 0.1);
    const std::string text = readInputFile(path, kMaxJsonFileBytes, "a similarity file", "a similarity matrix",
                                           "give the similarity.json that 'sharelens-cli analyze' writes.");
    checkJsonDepth(text, path);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(std::string("is not valid JSON (") + e.what() +
                        "); give an object {\"similarity\": [[...], ...]} such as the analysis.json that "
                        "'sharelens-cli analyze' writes",
                    path);
    }
    if (!j.is_object() || !j.contains("similarity") || !j["similarity"].is_array())
        throw Error("expected an object with a \"similarity\" matrix (an array of rows)", path);
    const auto& rows = j["similarity"];
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd s(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& r = rows[static_cast<size_t>(i)];
        if (!r.is_array() || static_cast<Eigen::Index>(r.size()) != n)
            throw Error("the similarity matrix is not square: row " + std::to_string(i) + " has " +
                            std::to_string(r.is_array() ? r.size() : 0) + " entries, expected " + std::to_string(n),
                        path);
        for (Eigen::Index k = 0; k < n; ++k) {
            const auto& v = r[static_cast<size_t>(k)];
            if (v.is_null()) {
                s(i, k) = std::numeric_limits<double>::quiet_NaN();
            } else if (!v.is_number()) {
                throw Error("the similarity at row " + std::to_string(i) + ", column " + std::to_string(k) +
                                " (0-based) is not a number; every entry must be a number",
                            path);
            } else {
                s(i, k) = v.get<double>();
            }
        }
    }
    try {
        validateSimilarity(s);
    } catch (const Error& e) {
        throw Error(e.detail(), path);
    }
    workflow::ClusterRequest rq;
    rq.method = method;
    rq.contiguous = a.has("--contiguous");
    rq.threshold = threshold;
    rq.kinds = kindsOf(j, rows.size());
    const auto c = workflow::cluster(s, rq);
    io.out << json{{"linkage", linkageJson(c.linkage)},
                   {"groups", c.groups},
                   {"threshold", threshold},
                   {"linkage_method", linkageName(method)}}
                  .dump()
           << "\n";
    return 0;
}

} // namespace sharelens::cli
