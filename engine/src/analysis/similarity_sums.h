// Engine-internal: the streaming sums of an activation capture and the
// similarity matrices computed from them, one implementation for the
// single-model capture (analysis.cpp) and the agents capture (agents.cpp).
#pragma once

#include <torch/torch.h>

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "sharelens/analysis.h"

namespace sharelens {

// Sums over all calibration tokens, in double. Pearson and cosine keep the
// Gram matrix of the units' flattened activations (all hidden dimensions of
// all tokens, [U, U]) and their sums; linear CKA keeps the feature-space
// cross-covariances of all units ([U*H, U*H]) and the feature sums. Adding
// the same batches in the same order gives the same bits.
class SimilaritySums {
public:
    SimilaritySums(Metric metric, int units, int64_t hidden);

    // X: [U, N, H] activations of N tokens in double.
    void add(const torch::Tensor& X);

    int64_t tokens() const { return tokens_; }

    // In a distributed capture (each rank added its own batches): replaces
    // the sums by their totals over all ranks, added in rank order. A no-op
    // outside a process group.
    void sumOverRanks();

    // Pearson and cosine state: the Gram matrix, the per-unit sums and the
    // number of values each sum covers (tokens x hidden).
    Eigen::MatrixXd gram() const;
    Eigen::VectorXd sums() const;
    double elements() const { return static_cast<double>(tokens_) * static_cast<double>(hidden_); }

    // CKA state: HSIC of every pair of units, ||Y_c^T X_c||_F^2 with the
    // centred cross-covariances; centres them in place (call once).
    Eigen::MatrixXd hsic();

private:
    Metric metric_;
    int units_;
    int64_t hidden_;
    int64_t tokens_ = 0;
    torch::Tensor gram_, sum_;         // Pearson, cosine: [U, U], [U]
    torch::Tensor cross_, featureSum_; // CKA: [U*H, U*H], [U*H]
};

[[noreturn]] void zeroVariance(const std::string& unit, const char* what);

// Symmetric, unit diagonal, clamped to [-1, 1].
void tidySimilarity(Eigen::MatrixXd& s);

// Pearson correlation and/or cosine similarity from a Gram matrix G (sum of
// a_i a_j over `elements` values), the sums of a_i and the units' names (for
// the message when one is constant). A null output is not computed and its
// zero-variance check not made. Both results are tidied.
void similarityFromGram(const Eigen::MatrixXd& G, const Eigen::VectorXd& sum, double elements,
                        const std::vector<std::string>& names, Eigen::MatrixXd* pearson, Eigen::MatrixXd* cosine);

// Linear CKA from the HSIC matrix, tidied.
Eigen::MatrixXd ckaFromHsic(const Eigen::MatrixXd& hsic, const std::vector<std::string>& names);

// A 2-D tensor as a double Eigen matrix.
Eigen::MatrixXd toEigen(const torch::Tensor& t);

} // namespace sharelens
