// Layer importance: how much each block changes the residual stream, how far
// apart the streams n blocks apart are, and how much the loss rises when a
// block is skipped. Computed in the same capture pass as the similarity.
//
// x_l is the residual stream entering block l (x_0 = the embedding output,
// x_L = the last block's output before the final norm), per token.
//   block_influence[l]      = 1 - mean_tokens cos(x_l, x_{l+1})
//   angular_distance[n][l]  = mean_tokens arccos(cos(x_l, x_{l+n})) / pi,
//                             l = 0 .. L-n, n = 1 .. L-1 (all tokens or the
//                             last token of every sequence)
//   leave_one_out_loss[l]   = mean next-token loss with block l removed
//   removal_order           = greedy: remove the block whose removal gives
//                             the lowest loss, repeat on what is left
// Tokens are those the capture counts (all, or all but position 0 with
// skipFirstToken); sums are kept in double and added in batch order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sharelens/analysis.h"
#include "sharelens/data.h"
#include "sharelens/progress.h"

namespace sharelens {

class Model;

enum class AngularTokens { All, Last };
const char* angularTokensName(AngularTokens t); // "all", "last"
bool parseAngularTokens(const std::string& s, AngularTokens& out);

struct ImportanceOptions {
    AngularTokens angularTokens = AngularTokens::All;
    // Leave-one-out losses (one evaluation per block) on the capture's sequences.
    bool leaveOneOut = true;
    // Greedy removals (needs leaveOneOut): -1 until one block is left, 0
    // none. The first comes from the leave-one-out losses; removal s (from 1)
    // evaluates L - s models.
    int removalSteps = -1;
};

struct ImportanceResult {
    int layers = 0;
    int64_t tokens = 0;        // tokens in block influence (and angular with All)
    int64_t angularTokens = 0; // tokens in angular distance
    AngularTokens angularMode = AngularTokens::All;
    std::vector<double> blockInfluence;               // L values
    std::vector<std::vector<double>> angularDistance; // [n - 1][l], n = 1 .. L-1, l = 0 .. L-n
    std::vector<int> bestSpan;                        // [n - 1]: the start l of the lowest distance
    double baselineLoss = 0.0;                        // the unmodified model on the same sequences
    std::vector<double> leaveOneOutLoss;              // L values; empty when not computed
    std::vector<int> removalOrder;                    // greedy, block indices of the original model
    std::vector<double> removalLoss;                  // loss after each removal in removalOrder
};

// computeSimilarity(), and the importance of the blocks from the same pass
// (block outputs are captured with any unit kind). Throws as
// computeSimilarity, and Error when a residual stream has zero norm.
SimilarityResult computeSimilarityAndImportance(const Model& model, const Sequences& sequences,
                                                const CaptureOptions& capture, const ImportanceOptions& options,
                                                ImportanceResult& importance, const Progress& progress = {});

// The leave-one-out losses and the greedy removal order (into `importance`),
// each evaluated on `sequences`. Reports stage 3 of 3 (after the capture's two).
void computeRemovalLosses(const Model& model, const Sequences& sequences, const ImportanceOptions& options,
                          ImportanceResult& importance, const Progress& progress = {});

// The k blocks of lowest block influence (ties: the lower index), increasing.
std::vector<int> lowestInfluenceBlocks(const std::vector<double>& blockInfluence, int k);
// The span {l, ..., l+k-1} of the lowest angular_distance[k][l] (ties: the
// lower l): the blocks between x_l and x_{l+k}.
std::vector<int> bestAngularSpan(const std::vector<std::vector<double>>& angularDistance, int k);

} // namespace sharelens
