// Streaming similarity sums (see similarity_sums.h).
#include "analysis/similarity_sums.h"

#include <algorithm>
#include <cmath>

#include "dist/collectives.h"
#include "sharelens/distributed.h"
#include "sharelens/error.h"

namespace sharelens {

SimilaritySums::SimilaritySums(Metric metric, int units, int64_t hidden)
    : metric_(metric), units_(units), hidden_(hidden) {
    const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
    if (metric_ == Metric::Cka) {
        cross_ = torch::zeros({units * hidden, units * hidden}, dopt);
        featureSum_ = torch::zeros({units * hidden}, dopt);
    } else {
        gram_ = torch::zeros({units, units}, dopt);
        sum_ = torch::zeros({units}, dopt);
    }
}

void SimilaritySums::add(const torch::Tensor& X) {
    const int64_t N = X.size(1);
    if (N == 0) return;
    if (metric_ == Metric::Cka) {
        auto Z = X.permute({1, 0, 2}).reshape({N, units_ * hidden_});
        cross_.addmm_(Z.t(), Z);
        featureSum_.add_(Z.sum(0));
    } else {
        auto F = X.reshape({units_, N * hidden_});
        gram_.addmm_(F, F.t());
        sum_.add_(F.sum(1));
    }
    tokens_ += N;
}

void SimilaritySums::sumOverRanks() {
    if (!dist::active()) return;
    // Token counts ride along in double: exact far beyond any calibration set.
    std::vector<torch::Tensor> parts{gram_, sum_, cross_, featureSum_,
                                     torch::full({1}, static_cast<double>(tokens_), torch::kFloat64)};
    dist::sumInRankOrder(parts, "the similarity sums' reduction");
    tokens_ = static_cast<int64_t>(parts.back().item<double>());
}

Eigen::MatrixXd SimilaritySums::gram() const { return toEigen(gram_); }

Eigen::VectorXd SimilaritySums::sums() const {
    Eigen::VectorXd v(units_);
    auto a = sum_.accessor<double, 1>();
    for (int i = 0; i < units_; ++i) v(i) = a[i];
    return v;
}

Eigen::MatrixXd SimilaritySums::hsic() {
    const auto H = hidden_;
    // Centred in place: one [UH, UH] matrix at a time (a temporary outer
    // product and difference would need three more).
    cross_.addr_(featureSum_, featureSum_, 1.0, -1.0 / static_cast<double>(tokens_));
    Eigen::MatrixXd h(units_, units_);
    for (int i = 0; i < units_; ++i)
        for (int j = i; j < units_; ++j) {
            auto blk = cross_.narrow(0, i * H, H).narrow(1, j * H, H);
            h(i, j) = h(j, i) = blk.pow(2).sum().item<double>();
        }
    return h;
}

void zeroVariance(const std::string& unit, const char* what) {
    throw Error(ErrorCode::SimActivationsConstantOverCalibrationData, {unit, what});
}

void tidySimilarity(Eigen::MatrixXd& s) {
    for (Eigen::Index i = 0; i < s.rows(); ++i) {
        s(i, i) = 1.0;
        for (Eigen::Index j = 0; j < i; ++j) s(i, j) = s(j, i) = std::clamp(0.5 * (s(i, j) + s(j, i)), -1.0, 1.0);
    }
}

void similarityFromGram(const Eigen::MatrixXd& G, const Eigen::VectorXd& sum, double elements,
                        const std::vector<std::string>& names, Eigen::MatrixXd* pearson, Eigen::MatrixXd* cosine) {
    const auto n = G.rows();
    Eigen::VectorXd sd(n), norm(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& name = names[static_cast<size_t>(i)];
        if (pearson) {
            const double mean = sum(i) / elements;
            const double var = G(i, i) / elements - mean * mean;
            // Relative test: rounding leaves tiny positive values for constant data.
            if (!(var > 1e-12 * std::max(1e-300, G(i, i) / elements))) zeroVariance(name, "variance");
            sd(i) = std::sqrt(var);
        }
        if (cosine) {
            if (!(G(i, i) > 0)) zeroVariance(name, "norm");
            norm(i) = std::sqrt(G(i, i));
        }
    }
    if (pearson) {
        pearson->resize(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j) {
                const double cov = G(i, j) / elements - (sum(i) / elements) * (sum(j) / elements);
                (*pearson)(i, j) = cov / (sd(i) * sd(j));
            }
        tidySimilarity(*pearson);
    }
    if (cosine) {
        cosine->resize(n, n);
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < n; ++j) (*cosine)(i, j) = G(i, j) / (norm(i) * norm(j));
        tidySimilarity(*cosine);
    }
}

Eigen::MatrixXd ckaFromHsic(const Eigen::MatrixXd& hsic, const std::vector<std::string>& names) {
    const auto n = hsic.rows();
    for (Eigen::Index i = 0; i < n; ++i)
        if (!(hsic(i, i) > 0)) zeroVariance(names[static_cast<size_t>(i)], "variance");
    Eigen::MatrixXd s(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) s(i, j) = hsic(i, j) / std::sqrt(hsic(i, i) * hsic(j, j));
    tidySimilarity(s);
    return s;
}

Eigen::MatrixXd toEigen(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat64).contiguous();
    const auto r = c.size(0), k = c.size(1);
    Eigen::MatrixXd m(r, k);
    auto a = c.accessor<double, 2>();
    for (int64_t i = 0; i < r; ++i)
        for (int64_t j = 0; j < k; ++j) m(i, j) = a[i][j];
    return m;
}

} // namespace sharelens
