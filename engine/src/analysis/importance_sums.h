// Engine-internal: the streaming sums of the importance metrics (see
// sharelens/importance.h) over the residual streams x_0 .. x_L of a capture.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "sharelens/data.h"
#include "sharelens/importance.h"

namespace sharelens {

// One batch's contribution, computed by the worker that ran the batch.
struct ImportanceBatch {
    torch::Tensor cosSum;   // [L+1, L+1] sum over tokens of cos(x_i, x_j)
    torch::Tensor angleSum; // [L+1, L+1] sum over the angular tokens of arccos(cos) / pi
    int64_t tokens = 0;
    int64_t angularTokens = 0;
};

// Rows (in the order of the batch's kept tokens) of the last kept token of
// every sequence in [first, last).
std::vector<int64_t> lastTokenRows(const Sequences& sequences, size_t first, size_t last, bool skipFirstToken);

// Z: [L+1, N, H] residual streams of N tokens in double; lastRows: the rows
// of Z's tokens that count for the angular distance with AngularTokens::Last.
// Throws Error when a stream has zero norm.
ImportanceBatch importanceOfBatch(const torch::Tensor& Z, AngularTokens mode, const std::vector<int64_t>& lastRows);

class ImportanceSums {
public:
    explicit ImportanceSums(int layers);
    void add(const ImportanceBatch& b); // in batch order: the same bits with any number of workers
    // In a process group: the sums of every rank, added in rank order.
    void sumOverRanks();
    int64_t tokens() const { return tokens_; }
    // The metrics (block influence, angular distance, best spans); the loss
    // fields are left empty.
    ImportanceResult result(AngularTokens mode) const;

private:
    int layers_;
    torch::Tensor cos_, angle_;
    int64_t tokens_ = 0, angularTokens_ = 0;
};

} // namespace sharelens
