// Engine tests: a model's logits and loss against an independent reference
// forward pass written in Python from the architecture (tests/reference/).
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sharelens/data.h"
#include "sharelens/model.h"
#include "testutil.h"

namespace reftest {

// Three sequences of different lengths (the second and third exercise right
// padding in a batch of two); the references read the same list.
inline const char* kIds = "[[1,5,7,9,3,2,8,40,41,42,60,61,10,11,12,13,14,15,90,91],"
                          "[4,4,4,5,6,7,8,9],[33,34,35,36,37,38,39,40,41,42,43,44]]";

inline sharelens::Sequences ids() {
    return {{1, 5, 7, 9, 3, 2, 8, 40, 41, 42, 60, 61, 10, 11, 12, 13, 14, 15, 90, 91},
            {4, 4, 4, 5, 6, 7, 8, 9},
            {33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44}};
}

// Largest |a - rows| over the rows' values in order (infinite when the counts
// differ or a value is not finite); *count is the number of reference values.
inline double maxAbsDiff(const std::vector<float>& a, const QJsonArray& rows, int* count) {
    double m = 0;
    size_t k = 0;
    *count = 0;
    for (const auto& r : rows) {
        for (const auto& v : r.toArray()) {
            if (k >= a.size()) return INFINITY;
            const double d = std::abs(static_cast<double>(a[k++]) - v.toDouble());
            if (!std::isfinite(d)) return INFINITY; // NaN would slip through std::max
            m = std::max(m, d);
            ++*count;
        }
    }
    return k == a.size() ? m : INFINITY;
}

inline double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (size_t k = 0; k < a.size(); ++k) {
        const double d = std::abs(static_cast<double>(a[k]) - b[k]);
        if (!std::isfinite(d)) return INFINITY;
        m = std::max(m, d);
    }
    return m;
}

// Writes `idsJson` to `tmp`/ids.json, runs tests/reference/`script` with
// DIR IDS REF and then `extra`, and reads the JSON it wrote to `tmp`/ref.json
// into *ref; false (the script's error in a warning) when a step failed.
inline bool runReference(const QTemporaryDir& tmp, const QString& script, const QString& dir, const QByteArray& idsJson,
                         const QStringList& extra, QJsonObject* ref) {
    const QString idsPath = tmp.filePath(QStringLiteral("ids.json"));
    const QString refPath = tmp.filePath(QStringLiteral("ref.json"));
    if (!testutil::writeFile(idsPath, idsJson) ||
        !testutil::runPython(script, QStringList{dir, idsPath, refPath} + extra))
        return false;
    *ref = testutil::readJson(refPath);
    return true;
}

// Runs tests/reference/`script` on the checkpoint in `dir` and checks the
// first sequence's logits within `tolerance` and, when `checkLoss`, the
// evaluation of all three (batch 2, right padding) against the reference's
// tokens and loss (1e-5, relative above 1). A failure is recorded in the
// running test (check QTest::currentTestFailed() after the call).
inline void compareWithReference(const QString& dir, const QString& script, double tolerance, bool checkLoss = true) {
    QTemporaryDir tmp;
    QJsonObject ref;
    QVERIFY(runReference(tmp, script, dir, kIds, {}, &ref));

    auto model = sharelens::Model::load(dir.toStdString());
    int count = 0;
    const double diff = maxAbsDiff(model->logits(ids()[0]), ref.value(QStringLiteral("logits")).toArray(), &count);
    QCOMPARE(count, 20 * model->config().vocabSize);
    qInfo("%s: max |logit diff| = %.3g", QTest::currentDataTag(), diff);
    QVERIFY2(diff < tolerance, qPrintable(QStringLiteral("max |logit diff| = %1").arg(diff)));
    if (!checkLoss) return;
    const sharelens::EvalResult r = model->evaluate(ids(), {}, 2);
    QCOMPARE(r.tokens, static_cast<int64_t>(ref.value(QStringLiteral("tokens")).toInt()));
    const double refLoss = ref.value(QStringLiteral("loss")).toDouble();
    QVERIFY2(std::abs(r.loss - refLoss) < 1e-5 * std::max(1.0, refLoss),
             qPrintable(QStringLiteral("loss %1 vs reference %2").arg(r.loss).arg(refLoss)));
}

// `count` token-id sequences of unequal lengths (len, len - 1, len - 2, …:
// padding in a batch, a last token at different places), ids < vocab, from a
// fixed linear congruential stream so Python references can read the same ids.
inline sharelens::Sequences lcgSequences(int count, int len, int vocab, unsigned seed) {
    sharelens::Sequences s;
    unsigned x = seed;
    for (int i = 0; i < count; ++i) {
        std::vector<int32_t> q;
        for (int t = 0; t < len - (i % 3); ++t) {
            x = x * 1664525u + 1013904223u;
            q.push_back(static_cast<int32_t>((x >> 8) % static_cast<unsigned>(vocab)));
        }
        s.push_back(q);
    }
    return s;
}

// The sequences as the JSON list of id lists the reference scripts read.
inline QByteArray idsJson(const sharelens::Sequences& s) {
    QJsonArray a;
    for (const auto& q : s) {
        QJsonArray r;
        for (auto v : q) r.append(v);
        a.append(r);
    }
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

} // namespace reftest
