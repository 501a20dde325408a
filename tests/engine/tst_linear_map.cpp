// The linear-map replacement baseline (sharelens/linear_map.h): the fitted
// matrix against numpy.linalg.lstsq on the reference forward's activations,
// the replaced model's loss against the reference, the chosen span, the
// parameter count, the ridge and the errors; the compare workflow's
// "linear-map" row.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

#include "model/model_impl.h"
#include "model_testutil.h"
#include "sharelens/error.h"
#include "sharelens/linear_map.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/workflow.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;
using modeltest::blockParameters;

namespace {

// Sequences of different lengths (right padding inside a batch), ids < 96.
Sequences calibration(int count, uint32_t seed) {
    std::mt19937 rng(seed);
    Sequences out;
    for (int i = 0; i < count; ++i) {
        std::vector<int32_t> s(static_cast<size_t>(16 + 4 * (i % 3)));
        for (auto& v : s) v = static_cast<int32_t>(rng() % 96);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

class TestLinearMap : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString checkpoint(const QString& family) { return modeltest::smallCheckpoint(m_tmp, family); }

private Q_SLOTS:
    void matchesLstsq_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("length");
        QTest::newRow("gpt2 middle") << "gpt2" << 1 << 2;
        QTest::newRow("gpt2 from the embedding") << "gpt2" << 0 << 1;
        QTest::newRow("gpt2 to the end") << "gpt2" << 3 << 2;
        QTest::newRow("gpt2 best span") << "gpt2" << -1 << 2;
        QTest::newRow("llama middle") << "llama" << 2 << 2;
        QTest::newRow("llama best span") << "llama" << -1 << 3;
    }
    void matchesLstsq() {
        QFETCH(QString, family);
        QFETCH(int, start);
        QFETCH(int, length);
        const QString dir = checkpoint(family);
        QVERIFY(!dir.isEmpty());
        const auto seqs = calibration(9, 11);
        const QString ids = m_tmp.filePath("ids.json"), ref = m_tmp.filePath("ref.json");
        QVERIFY(testutil::writeFile(ids, reftest::idsJson(seqs)));
        QVERIFY(testutil::runPython("reference_linear_map.py",
                                    {dir, ids, QString::number(start), QString::number(length), ref}));
        const QJsonObject r = testutil::readJson(ref);

        auto base = Model::load(dir.toStdString());
        const LinearMapFit fit = fitLinearMap(*base, start, length, seqs);
        QCOMPARE(fit.start, r.value("start").toInt());
        QCOMPARE(fit.length, length);
        QCOMPARE(fit.tokens, static_cast<int64_t>(r.value("tokens").toInt()));
        QCOMPARE(fit.ridge, 0.0);
        const QJsonArray rows = r.value("matrix").toArray();
        QCOMPARE(rows.size(), 32);
        double maxDiff = 0;
        for (int i = 0; i < 32; ++i)
            for (int j = 0; j < 32; ++j)
                maxDiff = std::max(
                    maxDiff, std::abs(fit.matrix[static_cast<size_t>(i * 32 + j)] - rows[i].toArray()[j].toDouble()));
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString("T differs from lstsq by %1").arg(maxDiff)));
        const double relRef = r.value("relative_residual").toDouble();
        QVERIFY2(std::abs(fit.relativeResidual - relRef) < 1e-4 * relRef + 1e-9,
                 qPrintable(QString("relative residual %1, lstsq %2").arg(fit.relativeResidual).arg(relRef)));

        auto replaced = replaceWithLinearMap(*base, fit);
        QCOMPARE(replaced->config().numLayers, 5 - length);
        int64_t expect = base->summary().parameters + 32 * 32;
        for (int l = fit.start; l < fit.start + length; ++l) expect -= blockParameters(*base, l);
        QCOMPARE(replaced->summary().parameters, expect);
        const double loss = replaced->evaluate(seqs).loss, lossRef = r.value("loss").toDouble();
        QVERIFY2(std::abs(loss - lossRef) < 1e-4, qPrintable(QString("loss %1, reference %2").arg(loss).arg(lossRef)));
        // The map is applied: removal alone gives other logits.
        std::vector<int> span;
        for (int l = fit.start; l < fit.start + length; ++l) span.push_back(l);
        const auto a = replaced->logits(seqs[0]), b = removeLayers(*base, span)->logits(seqs[0]);
        double logitDiff = 0;
        for (size_t i = 0; i < a.size(); ++i) logitDiff = std::max(logitDiff, std::abs(double(a[i]) - b[i]));
        QVERIFY2(logitDiff > 1e-3, qPrintable(QString("removal's logits differ by %1 only").arg(logitDiff)));
    }

    // Fewer calibration tokens than the hidden size: X^T X is singular and a
    // small ridge makes the fit determined.
    void ridgeWhenUnderdetermined() {
        auto base = Model::load(checkpoint("gpt2").toStdString());
        const auto fit = fitLinearMap(*base, 1, 2, calibration(1, 5));
        QCOMPARE(fit.tokens, int64_t(16));
        QVERIFY(fit.ridge > 0);
        for (double v : fit.matrix) QVERIFY(std::isfinite(v));
    }

    void refusesBadSpans_data() {
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("message");
        QTest::newRow("past the end") << 4 << 2 << "blocks 4..5 to replace is out of range";
        QTest::newRow("every block") << -1 << 5 << "the span must be 1..4 blocks long";
        QTest::newRow("empty span") << 0 << 0 << "the span must be 1..4 blocks long";
    }
    void refusesBadSpans() {
        QFETCH(int, start);
        QFETCH(int, length);
        QFETCH(QString, message);
        auto base = Model::load(checkpoint("gpt2").toStdString());
        try {
            fitLinearMap(*base, start, length, calibration(2, 1));
            QFAIL("a bad span was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
        }
    }

    // compare(..., {"removal", "linear-map"}): the rows asked for, in order,
    // with the linear map's parameters and fit.
    void compareRow() {
        auto base = Model::load(checkpoint("llama").toStdString());
        const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{1, 2, 3}});
        const auto seqs = calibration(4, 2), fitSeqs = calibration(9, 3);
        workflow::CompareBaselines baselines;
        baselines.names = {"removal", "linear-map"};
        baselines.fitSequences = fitSeqs;
        const auto r = workflow::compare(*base, plan, seqs, {}, {}, false, baselines);
        QCOMPARE(r.rows.size(), size_t(4));
        QCOMPARE(QString::fromStdString(r.rows[2].method), QStringLiteral("remove-shared-layers"));
        QCOMPARE(QString::fromStdString(r.rows[3].method), QStringLiteral("linear-map-2"));
        QVERIFY(r.linearMap.has_value());
        QCOMPARE(r.linearMap->tokens, int64_t(16 * 3 + 20 * 3 + 24 * 3));
        const auto direct = replaceWithLinearMap(*base, fitLinearMap(*base, -1, 2, fitSeqs));
        QCOMPARE(r.rows[3].parameters, direct->summary().parameters);
        QCOMPARE(r.rows[3].loss, direct->evaluate(seqs).loss);
        QCOMPARE(r.rows[2].parameters + 32 * 32, r.rows[3].parameters);
        // The default set has no linear map.
        QCOMPARE(workflow::compare(*base, plan, seqs).rows.size(), size_t(5));
    }

    void parseBaselines() {
        QCOMPARE(workflow::parseBaselines("int8,linear-map", "--baselines"),
                 (std::vector<std::string>{"int8", "linear-map"}));
        for (const char* bad : {"int8,nope", ""}) {
            try {
                workflow::parseBaselines(bad, "--baselines");
                QFAIL("a bad --baselines list was accepted");
            } catch (const Error& e) {
                QVERIFY(QString::fromStdString(e.what()).contains("--baselines"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestLinearMap)
#include "tst_linear_map.moc"
