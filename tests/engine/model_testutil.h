// Engine tests on small generated models: a five-block checkpoint per family
// made once per suite, the parameters of one block, and the largest
// difference between two lists of logits.
#pragma once

#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/model_impl.h"
#include "sharelens/model.h"
#include "testutil.h"

namespace modeltest {

// The folder `family` in `tmp`: a checkpoint of five blocks (hidden size 32,
// four heads, vocabulary 96, seed 3) written on the first call; empty when it
// could not be written.
inline QString smallCheckpoint(const QTemporaryDir& tmp, const QString& family) {
    const QString dir = tmp.filePath(family);
    if (!QFileInfo::exists(dir + "/config.json"))
        if (!testutil::makeCheckpoint(dir, {"--family", family, "--layers", "5", "--hidden", "32", "--heads", "4",
                                            "--vocab", "96", "--seed", "3"}))
            return {};
    return dir;
}

// The parameters of block `i` of `m`.
inline int64_t blockParameters(const sharelens::Model& m, int i) {
    int64_t n = 0;
    for (const auto& p : m.impl().net->block(i)->parameters(false)) n += p.numel();
    return n;
}

// max |a - b| (infinite when the sizes differ; a NaN difference is passed
// over, where reftest::maxAbsDiff counts it as infinite).
inline double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(static_cast<double>(a[i]) - b[i]));
    return m;
}

} // namespace modeltest
