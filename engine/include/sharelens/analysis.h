// Activation capture and layer similarity (see Definitions in the design
// document under docs/).
//
// A unit's activation is, per calibration token, the output of a block (the
// residual stream after it, before the final norm) or, with sublayer units,
// what the attention or MLP sub-block adds to the residual stream. Similarity
// is computed in one streaming pass over the calibration batches; memory does
// not grow with the number of tokens.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

#include "sharelens/compute.h"
#include "sharelens/data.h"
#include "sharelens/progress.h"

namespace sharelens {

class Model;

enum class Metric { Pearson, Cosine, Cka };
enum class UnitKind { Blocks, Sublayers };

const char* metricName(Metric m); // "pearson", "cosine", "cka"
bool parseMetric(const std::string& s, Metric& out);
const char* unitKindName(UnitKind u); // "blocks", "sublayers"
bool parseUnitKind(const std::string& s, UnitKind& out);

struct CaptureOptions {
    Metric metric = Metric::Pearson;
    UnitKind units = UnitKind::Blocks;
    bool skipFirstToken = false; // drop position 0 of every sequence
    int batchSize = 8;
    // Capture workers, each running whole batches on one core; 0: one per
    // available CPU. The result does not depend on it (batches are summed in
    // order); fewer are used when that many would not fit in memory.
    int threads = 0;
    // The dtype of the forward's matrix products (sharelens/compute.h);
    // activations are captured and summed in float32/double either way.
    ComputeDtype compute = ComputeDtype::Float32;
};

struct SimilarityResult {
    std::vector<std::string> units; // "block 0", ... or "attn 0", "mlp 0", ...
    Eigen::MatrixXd similarity;     // n x n
    Metric metric = Metric::Pearson;
    UnitKind unitKind = UnitKind::Blocks;
    int64_t tokens = 0; // calibration tokens that entered the statistics
    int64_t sequences = 0;
    std::string method; // how it was computed, e.g. for CKA the estimator
    int workers = 1;    // capture workers used (speed only: the result does not depend on it)
};

// Runs the sequences through the model in batches and accumulates the
// statistics of the chosen metric. Throws sharelens::Error for empty data,
// ids outside the vocabulary, sequences longer than the context, a unit with
// zero variance (Pearson/CKA) or zero norm (cosine), or when CKA's state
// would not fit in memory; sharelens::Cancelled when cancelled.
SimilarityResult computeSimilarity(const Model& model, const Sequences& sequences, const CaptureOptions& options,
                                   const Progress& progress = {});

} // namespace sharelens
