// Layer importance (block influence, angular distance, leave-one-out loss,
// greedy removal order) against an independent reference: numpy over the
// residual streams of a separate PyTorch forward pass, and that forward pass
// run on a checkpoint rebuilt without the removed blocks.
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "sharelens/analysis.h"
#include "sharelens/importance.h"
#include "sharelens/model.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(std::vector<int>)

namespace {

// Largest |a - ref| (infinite when the lengths differ or a value is not finite).
double maxDiff(const std::vector<double>& a, const QJsonArray& ref) {
    if (static_cast<qsizetype>(a.size()) != ref.size()) return INFINITY;
    double d = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double e = std::abs(a[i] - ref[static_cast<qsizetype>(i)].toDouble());
        if (!std::isfinite(e)) return INFINITY;
        d = std::max(d, e);
    }
    return d;
}

std::vector<int> ints(const QJsonArray& a) {
    std::vector<int> out;
    for (const auto& v : a) out.push_back(v.toInt());
    return out;
}

} // namespace

class TestImportance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metricsMatchReference_data();
    void metricsMatchReference();
    void removalLossesMatchReference();
    void similarityUnchangedAndWorkersAgree();
    void removalChoices_data();
    void removalChoices();
};

void TestImportance::metricsMatchReference_data() {
    QTest::addColumn<QStringList>("model");
    QTest::addColumn<bool>("sublayers");
    QTest::addColumn<bool>("last");
    QTest::addColumn<bool>("skipFirst");
    QTest::newRow("gpt2 blocks all tokens")
        << QStringList{"--family", "gpt2", "--layers", "5"} << false << false << false;
    QTest::newRow("gpt2 sublayers last token skip-first")
        << QStringList{"--family", "gpt2", "--layers", "4", "--seed", "5"} << true << true << true;
    QTest::newRow("llama blocks last token")
        << QStringList{"--family", "llama", "--layers", "4", "--seed", "2"} << false << true << false;
}

void TestImportance::metricsMatchReference() {
    QFETCH(QStringList, model);
    QFETCH(bool, sublayers);
    QFETCH(bool, last);
    QFETCH(bool, skipFirst);
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, model));
    const Sequences seqs = reftest::lcgSequences(11, 24, 96, 7);
    QStringList args;
    if (last) args << "--last";
    if (skipFirst) args << "--skip-first";
    QJsonObject ref;
    QVERIFY(reftest::runReference(tmp, "reference_importance.py", dir, reftest::idsJson(seqs), args, &ref));

    auto m = Model::load(dir.toStdString());
    const int L = m->config().numLayers;
    CaptureOptions o;
    o.units = sublayers ? UnitKind::Sublayers : UnitKind::Blocks;
    o.skipFirstToken = skipFirst;
    o.batchSize = 4;
    ImportanceOptions io;
    io.angularTokens = last ? AngularTokens::Last : AngularTokens::All;
    ImportanceResult r;
    computeSimilarityAndImportance(*m, seqs, o, io, r);
    QCOMPARE(r.tokens, static_cast<int64_t>(ref.value("tokens").toInt()));
    QCOMPARE(r.angularTokens, static_cast<int64_t>(ref.value("angular_tokens").toInt()));
    QCOMPARE(static_cast<int>(r.blockInfluence.size()), L);
    const double bi = maxDiff(r.blockInfluence, ref.value("block_influence").toArray());
    QVERIFY2(bi < 1e-5, qPrintable(QString("block influence: max diff %1").arg(bi)));
    QVERIFY(*std::max_element(r.blockInfluence.begin(), r.blockInfluence.end()) > 1e-4); // not trivially zero
    const QJsonObject ang = ref.value("angular_distance").toObject();
    QCOMPARE(static_cast<int>(r.angularDistance.size()), L - 1);
    QCOMPARE(static_cast<int>(r.bestSpan.size()), L - 1);
    for (int n = 1; n < L; ++n) {
        const auto& row = r.angularDistance[static_cast<size_t>(n - 1)];
        QCOMPARE(static_cast<int>(row.size()), L - n + 1);
        const double d = maxDiff(row, ang.value(QString::number(n)).toArray());
        QVERIFY2(d < 1e-5, qPrintable(QString("angular n=%1: max diff %2").arg(n).arg(d)));
        const int best = r.bestSpan[static_cast<size_t>(n - 1)];
        QCOMPARE(row[static_cast<size_t>(best)], *std::min_element(row.begin(), row.end()));
    }
}

// Leave-one-out losses and the greedy order against the reference forward
// pass of the checkpoint without those blocks.
void TestImportance::removalLossesMatchReference() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "gpt2", "--layers", "5", "--seed", "3"}));
    const Sequences seqs = reftest::lcgSequences(5, 16, 96, 11);
    QJsonObject ref;
    QVERIFY(reftest::runReference(tmp, "reference_importance.py", dir, reftest::idsJson(seqs), {"--loo"}, &ref));

    auto m = Model::load(dir.toStdString());
    ImportanceOptions io;
    ImportanceResult r;
    computeRemovalLosses(*m, seqs, io, r);
    auto close = [](double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); };
    QVERIFY2(close(r.baselineLoss, ref.value("baseline_loss").toDouble()),
             qPrintable(QString("baseline %1 vs %2").arg(r.baselineLoss).arg(ref.value("baseline_loss").toDouble())));
    QCOMPARE(static_cast<int>(r.leaveOneOutLoss.size()), 5);
    const QJsonArray loo = ref.value("leave_one_out_loss").toArray();
    for (int l = 0; l < 5; ++l)
        QVERIFY2(close(r.leaveOneOutLoss[static_cast<size_t>(l)], loo[l].toDouble()),
                 qPrintable(QString("block %1: %2 vs %3")
                                .arg(l)
                                .arg(r.leaveOneOutLoss[static_cast<size_t>(l)])
                                .arg(loo[l].toDouble())));
    QCOMPARE(r.removalOrder, ints(ref.value("removal_order").toArray()));
    QCOMPARE(static_cast<int>(r.removalOrder.size()), 4);
    const double d = maxDiff(r.removalLoss, ref.value("removal_loss").toArray());
    QVERIFY2(d < 1e-5 * std::max(1.0, r.removalLoss.back()), qPrintable(QString("removal loss diff %1").arg(d)));

    ImportanceOptions two;
    two.removalSteps = 2;
    ImportanceResult r2;
    computeRemovalLosses(*m, seqs, two, r2);
    QCOMPARE(r2.removalOrder, std::vector<int>(r.removalOrder.begin(), r.removalOrder.begin() + 2));
}

// The importance pass leaves the similarity as it was (same bits), and its
// sums do not depend on the number of workers.
void TestImportance::similarityUnchangedAndWorkersAgree() {
    QTemporaryDir tmp;
    const QString dir = tmp.filePath("m");
    QVERIFY(testutil::makeCheckpoint(dir, {"--family", "llama", "--layers", "3"}));
    auto m = Model::load(dir.toStdString());
    const Sequences seqs = reftest::lcgSequences(10, 12, 96, 5);
    for (UnitKind units : {UnitKind::Blocks, UnitKind::Sublayers}) {
        CaptureOptions o;
        o.units = units;
        o.batchSize = 3;
        o.threads = 1;
        const auto plain = computeSimilarity(*m, seqs, o);
        ImportanceResult one, three;
        const auto with = computeSimilarityAndImportance(*m, seqs, o, {}, one);
        QVERIFY(plain.similarity == with.similarity);
        o.threads = 3;
        computeSimilarityAndImportance(*m, seqs, o, {}, three);
        QVERIFY(one.blockInfluence == three.blockInfluence);
        QVERIFY(one.angularDistance == three.angularDistance);
    }
}

void TestImportance::removalChoices_data() {
    QTest::addColumn<std::vector<double>>("bi");
    QTest::addColumn<int>("k");
    QTest::addColumn<std::vector<int>>("lowest");
    QTest::addColumn<std::vector<int>>("span");
    // angular_distance[n-1][l] = bi[l] + ... + bi[l+n-1] here, so the span is the cheapest window.
    QTest::newRow("k=0") << std::vector<double>{0.3, 0.1, 0.2, 0.4} << 0 << std::vector<int>{} << std::vector<int>{};
    QTest::newRow("k=2 apart") << std::vector<double>{0.1, 0.5, 0.2, 0.3} << 2 << std::vector<int>{0, 2}
                               << std::vector<int>{2, 3};
    QTest::newRow("ties take the lower index")
        << std::vector<double>{0.2, 0.1, 0.1, 0.1} << 2 << std::vector<int>{1, 2} << std::vector<int>{1, 2};
    QTest::newRow("k=3 of 4") << std::vector<double>{0.9, 0.1, 0.2, 0.3} << 3 << std::vector<int>{1, 2, 3}
                              << std::vector<int>{1, 2, 3};
}

void TestImportance::removalChoices() {
    QFETCH(std::vector<double>, bi);
    QFETCH(int, k);
    QFETCH(std::vector<int>, lowest);
    QFETCH(std::vector<int>, span);
    const int L = static_cast<int>(bi.size());
    std::vector<std::vector<double>> angular;
    for (int n = 1; n < L; ++n) {
        std::vector<double> row;
        for (int l = 0; l + n <= L; ++l) {
            double s = 0;
            for (int j = l; j < l + n; ++j) s += bi[static_cast<size_t>(j)];
            row.push_back(s);
        }
        angular.push_back(row);
    }
    QCOMPARE(lowestInfluenceBlocks(bi, k), lowest);
    QCOMPARE(bestAngularSpan(angular, k), span);
    QVERIFY_THROWS_EXCEPTION(Error, lowestInfluenceBlocks(bi, L));
    QVERIFY_THROWS_EXCEPTION(Error, bestAngularSpan(angular, -1));
}

QTEST_GUILESS_MAIN(TestImportance)
#include "tst_importance.moc"
