// Streaming importance sums (see importance_sums.h).
#include "analysis/importance_sums.h"

#include <algorithm>
#include <cmath>

#include "dist/collectives.h"
#include "sharelens/distributed.h"
#include "sharelens/error.h"

namespace sharelens {

std::vector<int64_t> lastTokenRows(const Sequences& sequences, size_t first, size_t last, bool skipFirstToken) {
    std::vector<int64_t> rows;
    int64_t kept = 0;
    for (size_t i = first; i < last; ++i) {
        const auto len = static_cast<int64_t>(sequences[i].size());
        const int64_t k = std::max<int64_t>(0, skipFirstToken ? len - 1 : len);
        kept += k;
        if (k > 0) rows.push_back(kept - 1);
    }
    return rows;
}

ImportanceBatch importanceOfBatch(const torch::Tensor& Z, AngularTokens mode, const std::vector<int64_t>& lastRows) {
    ImportanceBatch b;
    const int64_t N = Z.size(1);
    b.tokens = N;
    // Per token the Gram matrix of its L+1 streams: [N, L+1, L+1].
    auto Zt = Z.transpose(0, 1);
    auto G = torch::bmm(Zt, Zt.transpose(1, 2));
    auto norm = G.diagonal(0, 1, 2).sqrt(); // [N, L+1]
    if (N > 0 && !(norm > 0).all().item<bool>()) {
        throw Error(ErrorCode::ImportanceZeroNorm, {});
    }
    auto cos = (G / (norm.unsqueeze(2) * norm.unsqueeze(1))).clamp_(-1.0, 1.0);
    b.cosSum = cos.sum(0);
    auto angle = torch::acos(cos).div_(M_PI);
    if (mode == AngularTokens::Last) {
        auto idx = torch::tensor(lastRows, torch::kInt64);
        b.angleSum = angle.index_select(0, idx).sum(0);
        b.angularTokens = static_cast<int64_t>(lastRows.size());
    } else {
        b.angleSum = angle.sum(0);
        b.angularTokens = N;
    }
    return b;
}

ImportanceSums::ImportanceSums(int layers) : layers_(layers) {
    const auto dopt = torch::TensorOptions().dtype(torch::kFloat64);
    cos_ = torch::zeros({layers + 1, layers + 1}, dopt);
    angle_ = torch::zeros({layers + 1, layers + 1}, dopt);
}

void ImportanceSums::add(const ImportanceBatch& b) {
    if (b.tokens > 0) cos_.add_(b.cosSum);
    if (b.angularTokens > 0) angle_.add_(b.angleSum);
    tokens_ += b.tokens;
    angularTokens_ += b.angularTokens;
}

void ImportanceSums::sumOverRanks() {
    if (!dist::active()) return;
    std::vector<torch::Tensor> parts{
        cos_, angle_,
        torch::tensor({static_cast<double>(tokens_), static_cast<double>(angularTokens_)}, torch::kFloat64)};
    dist::sumInRankOrder(parts, "the importance sums' reduction");
    tokens_ = static_cast<int64_t>(parts.back()[0].item<double>());
    angularTokens_ = static_cast<int64_t>(parts.back()[1].item<double>());
}

ImportanceResult ImportanceSums::result(AngularTokens mode) const {
    ImportanceResult r;
    const int L = layers_;
    r.layers = L;
    r.tokens = tokens_;
    r.angularTokens = angularTokens_;
    r.angularMode = mode;
    auto c = cos_.accessor<double, 2>();
    auto a = angle_.accessor<double, 2>();
    const double nt = static_cast<double>(std::max<int64_t>(1, tokens_));
    const double na = static_cast<double>(std::max<int64_t>(1, angularTokens_));
    for (int l = 0; l < L; ++l) r.blockInfluence.push_back(1.0 - c[l][l + 1] / nt);
    for (int n = 1; n < L; ++n) {
        std::vector<double> row;
        for (int l = 0; l + n <= L; ++l) row.push_back(a[l][l + n] / na);
        r.bestSpan.push_back(static_cast<int>(std::min_element(row.begin(), row.end()) - row.begin()));
        r.angularDistance.push_back(std::move(row));
    }
    return r;
}

} // namespace sharelens
