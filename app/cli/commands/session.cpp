// Session files from the command line: analyze --session writes one,
// finetune --session adds its run, `session FILE` prints one.
#include "commands.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/outpath.h"

namespace sharelens::cli {

namespace {

std::string absolute(const std::string& path) {
    std::error_code ec;
    const auto p = std::filesystem::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

bool sameFolder(const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec) || absolute(a) == absolute(b);
}

} // namespace

void writeAnalysisSession(const std::string& path, const std::string& modelDir, const SessionCalibration& calibration,
                          const SimilarityResult& similarity, const SessionClustering& clustering,
                          const SharingPlan& plan) {
    Session s;
    s.createdBy = "ShareLens " SHARELENS_VERSION;
    s.models = {absolute(modelDir)};
    s.calibration = calibration;
    if (!s.calibration.textPath.empty()) s.calibration.textPath = absolute(s.calibration.textPath);
    if (!s.calibration.tokenIdsPath.empty()) s.calibration.tokenIdsPath = absolute(s.calibration.tokenIdsPath);
    s.similarity = similarity;
    s.clustering = clustering;
    s.plan = plan;
    saveSession(path, s);
}

namespace {
void requireSessionModel(const Session& s, const std::string& path, const std::string& modelDir) {
    if (s.models.size() != 1 || !sameFolder(s.models.front(), modelDir))
        throw Error("is a session of " + (s.models.empty() ? std::string("no model") : s.models.front()) + ", not of " +
                        modelDir + "; give another --session file",
                    path);
}
} // namespace

bool isSessionFile(const std::string& path) { return jsonFileHasMarker(path, "format", {"sharelens-session"}); }

void checkSessionOutput(const std::string& path, const std::vector<std::string>& inputs) {
    checkOutIsNotInput(path, inputs);
    checkReplaceableFile(path, "session", isSessionFile);
}

void checkSessionIsFor(const std::string& path, const std::string& modelDir) {
    if (std::filesystem::exists(path)) requireSessionModel(loadSession(path), path, modelDir);
}

void addRunToSession(const std::string& path, const std::string& modelDir, const SharingPlan& plan,
                     const SessionRun& run) {
    Session s;
    if (std::filesystem::exists(path)) {
        s = loadSession(path);
        requireSessionModel(s, path, modelDir);
    } else {
        s.models = {absolute(modelDir)};
    }
    if (!s.plan) s.plan = plan;
    s.createdBy = "ShareLens " SHARELENS_VERSION;
    SessionRun r = run;
    if (!r.textPath.empty()) r.textPath = absolute(r.textPath);
    s.runs.push_back(std::move(r));
    saveSession(path, s);
}

// The agents part of an agents session, as text.
static void printAgents(const SessionAgents& a, std::ostream& out) {
    for (size_t k = 0; k < a.names.size(); ++k)
        if (!a.names[k].empty()) out << "agent " << k + 1 << "       named " << a.names[k] << "\n";
    if (a.similarity)
        out << "similarity    " << a.similarity->agents.size() << " agents x " << a.similarity->layers
            << " blocks over " << a.similarity->tokens << " tokens per agent\n";
    else
        out << "similarity    not computed\n";
    const bool layers = a.level == AgentLevel::Layers;
    out << "grouping      " << (layers ? "layers" : "agents") << " level, " << linkageName(a.linkage)
        << " linkage, threshold " << (layers ? a.layersThreshold : a.agentsThreshold) << "\n";
    if (a.plan) {
        out << "plan          " << a.plan->baselineParameters << " -> " << a.plan->sharedParameters
            << " parameters; groups:";
        for (const auto& g : a.plan->groups) {
            if (g.size() < 2) continue;
            out << " [";
            for (size_t i = 0; i < g.size(); ++i) out << (i ? " " : "") << g[i];
            out << "]";
        }
        out << "\n";
    }
    for (size_t i = 0; i < a.runs.size(); ++i) {
        const auto& r = a.runs[i];
        out << "run " << i + 1 << "         " << r.steps << " steps, batch " << r.batchSize << " x " << r.seqLen
            << ", lr " << r.learningRate << ": validation loss unshared " << std::setprecision(4)
            << r.baseline.validationAfter << ", shared " << r.shared.validationAfter
            << (r.stopReason.empty() ? std::string() : " (stopped: " + r.stopReason + ")") << "\n"
            << std::defaultfloat;
    }
}

int cmdSession(const std::vector<std::string>& args, const Io& io) {
    std::string file;
    bool asJson = false;
    for (const auto& a : args) {
        if (a == "--json")
            asJson = true;
        else if (a.rfind("--", 0) == 0)
            throw UsageError("unknown option " + a);
        else if (file.empty())
            file = a;
        else
            throw UsageError("session takes one SESSION file");
    }
    if (file.empty()) throw UsageError("session needs a SESSION file (.sharelens)");
    const Session s = loadSession(file);
    if (asJson) {
        io.out << sessionToJson(s);
        return 0;
    }
    io.out << "session       " << file << "\n"
           << "created by    " << s.createdBy << "\n";
    for (const auto& m : s.models) io.out << "model         " << m << "\n";
    const auto& c = s.calibration;
    const std::string source = !c.tokenIdsPath.empty() ? "token ids " + c.tokenIdsPath
                               : c.textPath.empty()    ? std::string("built-in text")
                                                       : c.textPath;
    io.out << "calibration   " << source << ", " << c.sequences << " x " << c.seqLen << " tokens, "
           << metricName(c.metric) << ", " << unitKindName(c.units) << (c.skipFirstToken ? ", first token skipped" : "")
           << "\n";
    if (s.agents) {
        printAgents(*s.agents, io.out);
        return 0;
    }
    if (s.similarity)
        io.out << "similarity    " << s.similarity->units.size() << " units over " << s.similarity->tokens
               << " tokens\n";
    else
        io.out << "similarity    not computed\n";
    io.out << "grouping      " << linkageName(s.clustering.linkage) << " linkage"
           << (s.clustering.contiguous ? ", adjacent only" : "") << ", threshold " << s.clustering.threshold << "\n";
    if (s.plan) {
        io.out << "plan          " << s.plan->baselineParameters << " -> " << s.plan->sharedParameters
               << " parameters; groups:";
        for (const auto& g : s.plan->groups) {
            if (g.members.size() < 2) continue;
            io.out << " [";
            for (size_t i = 0; i < g.members.size(); ++i) io.out << (i ? " " : "") << g.members[i];
            io.out << "]";
        }
        io.out << "\n";
    }
    for (size_t i = 0; i < s.runs.size(); ++i) {
        const auto& r = s.runs[i];
        auto last = [](const TrainResult& t) { return t.evals.empty() ? NAN : t.evals.back().loss; };
        io.out << "run " << i + 1 << "         " << r.steps << " steps, batch " << r.batchSize << " x " << r.seqLen
               << ", lr " << r.learningRate << ": validation loss baseline " << std::setprecision(4) << last(r.baseline)
               << ", shared " << last(r.shared)
               << (r.stopReason.empty() ? std::string() : " (stopped: " + r.stopReason + ")") << "\n"
               << std::defaultfloat;
        for (const auto& p : r.budget)
            io.out << "              " << std::left << std::setw(22) << p.method << std::right << std::setw(12)
                   << p.parameters << " parameters " << std::setw(12) << p.bytes << " bytes  loss "
                   << std::setprecision(4) << p.loss << "\n"
                   << std::defaultfloat;
    }
    return 0;
}

} // namespace sharelens::cli
