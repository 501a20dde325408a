// The linear-map replacement baseline (ReplaceMe-style): a contiguous span of
// blocks [start, start + length) is removed and one H x H matrix T takes its
// place, fitted by least squares on calibration activations so that
// x_start T ~ x_{start+length}. x_l is the residual stream entering block l
// (x_0 the embedding output, x_L the last block's output before the final
// norm); the rows are every token of every calibration sequence.
//
// T is kept as its own matrix, applied to the residual stream where the span
// was: it is not folded into the next block's input projections, because the
// next operation on the stream is a norm (LayerNorm / RMSNorm), which is not
// linear in x, and the stream itself also feeds the residual connection.
// Unique parameters = base - the removed blocks + H^2.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sharelens/compress.h"
#include "sharelens/data.h"
#include "sharelens/progress.h"

namespace sharelens {

class Model;

struct LinearMapFit {
    int start = 0;  // first removed block
    int length = 0; // removed blocks
    int64_t hidden = 0;
    // hidden x hidden, row-major: the stream after the span is x . T (x a row).
    std::vector<double> matrix;
    int64_t tokens = 0;            // calibration rows
    double residual = 0.0;         // sum over rows of |x_s T - x_{s+k}|^2
    double relativeResidual = 0.0; // residual / sum over rows of |x_{s+k}|^2
    // Added to the diagonal of X^T X when it was not positive definite (fewer
    // independent rows than H); 0 otherwise.
    double ridge = 0.0;
    double seconds = 0.0; // capture + solve, wall clock
};

// Fits T on every token of `calibration` by the normal equations
// (X^T X) T = X^T Y, summed and solved in double (Cholesky). start >= 0 fits
// that span; start < 0 fits every span of `length` from one capture pass and
// returns the one with the lowest relative residual (the stream's norm grows
// with depth, so the absolute residual would favour early spans). Throws
// sharelens::Error for a span outside the model, a span of every block, or
// no calibration tokens; Cancelled through `progress`.
LinearMapFit fitLinearMap(const Model& base, int start, int length, const Sequences& calibration,
                          const Progress& progress = {});

// A copy of `base` with the fit's span removed and T applied in its place (as
// the first operation of the block after the span, or after the last kept
// block when the span ends the model). For evaluation: the extra matrix has
// no Hugging Face name.
std::unique_ptr<Model> replaceWithLinearMap(const Model& base, const LinearMapFit& fit);

// The same-budget point "linear-map-K" (K = length): T fitted on
// `calibration` (best span when start < 0), the model evaluated on
// `evaluation`. `fit` receives the fit when not null.
BudgetPoint linearMapPoint(const Model& base, int start, int length, const Sequences& calibration,
                           const Sequences& evaluation, LinearMapFit* fit = nullptr, const Progress& progress = {},
                           const PointScorer& score = {});

} // namespace sharelens
