// How a written model was made: the typed record every export and fine-tune
// fills, and the one conversion into the string map a compact checkpoint,
// a Hugging Face recipe or a shared pool stores.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sharelens {

struct Provenance {
    // The analysis the plan came from, as its file records it (values kept
    // as the file spells them): metric, linkage_method, threshold,
    // unit_kind, tokens, contiguous, level, analyzed_model,
    // calibration_file, calibration_sha256.
    std::string planFile; // plan_file
    std::map<std::string, std::string> analysis;
    std::string source;                 // source: the model (or agents, comma-separated) exported
    std::string finetunedFrom;          // finetuned_from: the model(s) a trained one started from
    std::string init;                   // init: mean, medoid or first
    std::optional<uint64_t> seed;       // seed
    std::optional<int> steps;           // steps
    std::optional<double> learningRate; // lr
    std::optional<int> deltaRank;       // delta_rank
    std::optional<bool> privateNorms;   // private_norms
    std::string trainingData;           // training_data
    std::string version;                // sharelens_version (empty: this build's)
};

// The shortest decimal that reads back as exactly `v` ("0.0003", "1e-08").
std::string formatNumber(double v);

// The provenance as the string map saveCompact, exportHuggingFace and
// exportAgentPool take (keys in parentheses above; empty and unset fields
// are left out; sharelens_version is always present).
std::map<std::string, std::string> provenanceMap(const Provenance& p);

// What an analysis.json says about how its plan was made (planFile and the
// analysis fields); only planFile when the file is not a JSON object.
Provenance planProvenance(const std::string& planPath);

// Paths joined with commas (the agents of a system).
std::string joinPaths(const std::vector<std::string>& paths);

} // namespace sharelens
