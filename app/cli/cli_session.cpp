#include "cli_session.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli_commands.h"
#include "sharelens/data.h"
#include "sharelens/error.h"

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

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

void writeAnalysisSession(const std::string& path, const std::string& modelDir,
                          const SessionCalibration& calibration, const SimilarityResult& similarity,
                          const SessionClustering& clustering, const SharingPlan& plan) {
    Session s;
    s.createdBy = "ShareLens " SHARELENS_VERSION;
    s.models = {absolute(modelDir)};
    s.calibration = calibration;
    if (!s.calibration.textPath.empty()) s.calibration.textPath = absolute(s.calibration.textPath);
    s.similarity = similarity;
    s.clustering = clustering;
    s.plan = plan;
    saveSession(path, s);
}

namespace {
void requireModel(const Session& s, const std::string& path, const std::string& modelDir) {
    if (s.models.size() != 1 || !sameFolder(s.models.front(), modelDir))
        throw Error("is a session of " + (s.models.empty() ? std::string("no model") : s.models.front()) +
                        ", not of " + modelDir + "; give another --session file",
                    path);
}
} // namespace

void checkSessionIsFor(const std::string& path, const std::string& modelDir) {
    if (std::filesystem::exists(path)) requireModel(loadSession(path), path, modelDir);
}

void addRunToSession(const std::string& path, const std::string& modelDir, const SharingPlan& plan,
                     const SessionRun& run) {
    Session s;
    if (std::filesystem::exists(path)) {
        s = loadSession(path);
        requireModel(s, path, modelDir);
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
static void printAgents(const SessionAgents& a) {
    for (size_t k = 0; k < a.names.size(); ++k)
        if (!a.names[k].empty()) std::cout << "agent " << k + 1 << "       named " << a.names[k] << "\n";
    if (a.similarity)
        std::cout << "similarity    " << a.similarity->agents.size() << " agents x " << a.similarity->layers
                  << " blocks over " << a.similarity->tokens << " tokens per agent\n";
    else
        std::cout << "similarity    not computed\n";
    const bool layers = a.level == AgentLevel::Layers;
    std::cout << "grouping      " << (layers ? "layers" : "agents") << " level, " << linkageName(a.linkage)
              << " linkage, threshold " << (layers ? a.layersThreshold : a.agentsThreshold) << "\n";
    if (a.plan) {
        std::cout << "plan          " << a.plan->baselineParameters << " -> " << a.plan->sharedParameters
                  << " parameters; groups:";
        for (const auto& g : a.plan->groups) {
            if (g.size() < 2) continue;
            std::cout << " [";
            for (size_t i = 0; i < g.size(); ++i) std::cout << (i ? " " : "") << g[i];
            std::cout << "]";
        }
        std::cout << "\n";
    }
    for (size_t i = 0; i < a.runs.size(); ++i) {
        const auto& r = a.runs[i];
        std::cout << "run " << i + 1 << "         " << r.steps << " steps, batch " << r.batchSize << " x " << r.seqLen
                  << ", lr " << r.learningRate << ": validation loss unshared " << std::setprecision(4)
                  << r.baseline.validationAfter << ", shared " << r.shared.validationAfter
                  << (r.stopReason.empty() ? std::string() : " (stopped: " + r.stopReason + ")") << "\n"
                  << std::defaultfloat;
    }
}

int cmdSession(const std::vector<std::string>& args) {
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
        std::cout << sessionToJson(s);
        return 0;
    }
    std::cout << "session       " << file << "\n"
              << "created by    " << s.createdBy << "\n";
    for (const auto& m : s.models) std::cout << "model         " << m << "\n";
    const auto& c = s.calibration;
    std::cout << "calibration   " << (c.textPath.empty() ? std::string("built-in text") : c.textPath) << ", "
              << c.sequences << " x " << c.seqLen << " tokens, " << metricName(c.metric) << ", "
              << unitKindName(c.units) << (c.skipFirstToken ? ", first token skipped" : "") << "\n";
    if (s.agents) {
        printAgents(*s.agents);
        return 0;
    }
    if (s.similarity)
        std::cout << "similarity    " << s.similarity->units.size() << " units over " << s.similarity->tokens
                  << " tokens\n";
    else
        std::cout << "similarity    not computed\n";
    std::cout << "grouping      " << linkageName(s.clustering.linkage) << " linkage"
              << (s.clustering.contiguous ? ", adjacent only" : "") << ", threshold " << s.clustering.threshold
              << "\n";
    if (s.plan) {
        std::cout << "plan          " << s.plan->baselineParameters << " -> " << s.plan->sharedParameters
                  << " parameters; groups:";
        for (const auto& g : s.plan->groups) {
            if (g.members.size() < 2) continue;
            std::cout << " [";
            for (size_t i = 0; i < g.members.size(); ++i) std::cout << (i ? " " : "") << g.members[i];
            std::cout << "]";
        }
        std::cout << "\n";
    }
    for (size_t i = 0; i < s.runs.size(); ++i) {
        const auto& r = s.runs[i];
        auto last = [](const TrainResult& t) { return t.evals.empty() ? NAN : t.evals.back().loss; };
        std::cout << "run " << i + 1 << "         " << r.steps << " steps, batch " << r.batchSize << " x " << r.seqLen
                  << ", lr " << r.learningRate << ": validation loss baseline " << std::setprecision(4)
                  << last(r.baseline) << ", shared " << last(r.shared)
                  << (r.stopReason.empty() ? std::string() : " (stopped: " + r.stopReason + ")") << "\n"
                  << std::defaultfloat;
        for (const auto& p : r.budget)
            std::cout << "              " << std::left << std::setw(22) << p.method << std::right << std::setw(12)
                      << p.parameters << " parameters " << std::setw(12) << p.bytes << " bytes  loss "
                      << std::setprecision(4) << p.loss << "\n"
                      << std::defaultfloat;
    }
    return 0;
}

} // namespace sharelens::cli
