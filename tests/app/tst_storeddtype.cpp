// The GUI opens F16/BF16 checkpoints with their matrices kept in the stored
// dtype (mapped, as the command line's analyze and eval do), and every job on
// the open model gives the float32-loaded model's numbers:
// - the open model holds no float32 matrix, its weights come to about the
//   file's size (a float32 copy would be twice it), and the model panel says
//   how they are held;
// - an analysis from the main window's controls (float32 and bfloat16
//   compute) equals the float32-loaded model's similarity to 1e-5;
// - a fine-tune over the open model (the distillation teacher and the budget
//   comparison use it) gives the float32-open model's losses and budget, and
//   its trained shared model exports (compact and Hugging Face, BF16) to
//   folders that reload to the same loss within BF16 rounding;
// - sharelens-cli export (which opens the model as stored) writes the same
//   weights as a shared model made from the float32-loaded model.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "analysisfixture.h"
#include "analysisjob.h"
#include "analysisview.h"
#include "finetunejob.h"
#include "mainwindow.h"
#include "modelloader.h"
#include "sharelens/analysis.h"
#include "sharelens/compute.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "sharelens/tensor_set.h"
#include "testutil.h"

using namespace sharelens;
using sharelens::app::FinetuneRunner;
using sharelens::app::FinetuneSummary;
using sharelens::app::MainWindow;

namespace {

// A generated checkpoint with a byte vocabulary (the byte tokenizer reads
// text) in `dtype` ("bf16" or "f16").
QString makeModel(const QTemporaryDir& tmp, const QString& family, const QString& dtype) {
    const QString dir = tmp.filePath(family + "-" + dtype);
    if (QDir(dir).exists()) return dir;
    const QStringList args{"--family", family, "--dtype", dtype, "--layers", "4", "--vocab", "256", "--seed", "7"};
    return testutil::makeCheckpoint(dir, args) ? dir : QString();
}

// The open model through the GUI's loader.
std::shared_ptr<const Model> loadWithGui(const QString& dir) {
    sharelens::app::ModelLoader loader;
    std::shared_ptr<const Model> model;
    QObject::connect(&loader, &sharelens::app::ModelLoader::loaded,
                     [&](const QString&, std::shared_ptr<Model> m) { model = std::move(m); });
    loader.load(dir);
    if (!QTest::qWaitFor([&] { return model != nullptr; }, 30000)) qWarning("the model did not load");
    return model;
}

uint64_t heldBytes(const Model& m) {
    uint64_t b = 0;
    for (const auto& h : heldWeights(m)) b += h.bytes;
    return b;
}

} // namespace

class TestStoredDtype : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QStandardPaths::setTestModeEnabled(true); // the recent-models list stays out of the user's settings
        QCoreApplication::setOrganizationName("ShareLensTests");
        QCoreApplication::setApplicationName("tst_storeddtype");
        QLocale::setDefault(QLocale::c());
        m_text = testpaths::source("/resources/text/calibration.txt");
        QVERIFY(QFileInfo(m_text).size() > 50000);
    }

    void opensInStoredDtype_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("held");
        QTest::newRow("llama bf16") << "llama"
                                    << "bf16"
                                    << "BF16";
        QTest::newRow("gpt2 f16") << "gpt2"
                                  << "f16"
                                  << "F16";
    }
    void opensInStoredDtype() {
        QFETCH(QString, family);
        QFETCH(QString, dtype);
        QFETCH(QString, held);
        const QString dir = makeModel(m_tmp, family, dtype);
        QVERIFY(!dir.isEmpty());
        MainWindow w;
        QVERIFY(analysisfixture::showAndOpen(w, dir));
        QVERIFY(w.model());
        int64_t storedMatrices = 0;
        for (const auto& h : heldWeights(*w.model())) {
            if (h.dtype == "F32") {
                QCOMPARE(h.matrices, int64_t(0)); // only vectors are converted
            } else {
                QCOMPARE(QString::fromStdString(h.dtype), held);
                storedMatrices += h.matrices;
            }
        }
        QVERIFY(storedMatrices >= 4 * 4); // every block's matrices (and the embeddings)
        // About the file's size; float32 copies would be twice it.
        const uint64_t file = w.model()->checkpoint().weightBytes();
        QVERIFY2(heldBytes(*w.model()) <= file + file / 10,
                 qPrintable(QString("held %1 bytes, file %2").arg(heldBytes(*w.model())).arg(file)));
        const auto* label = w.findChild<QLabel*>("held");
        QVERIFY(label);
        QVERIFY2(label->text().contains(held + " as stored"), qPrintable(label->text()));
        w.close();
    }

    void analysisEqualsFloat32_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<int>("compute");
        QTest::newRow("bf16, f32 compute") << "llama"
                                           << "bf16" << int(ComputeDtype::Float32);
        QTest::newRow("bf16, bf16 compute") << "llama"
                                            << "bf16" << int(ComputeDtype::BFloat16);
        QTest::newRow("f16, f32 compute") << "gpt2"
                                          << "f16" << int(ComputeDtype::Float32);
    }
    void analysisEqualsFloat32() {
        QFETCH(QString, family);
        QFETCH(QString, dtype);
        QFETCH(int, compute);
        const QString dir = makeModel(m_tmp, family, dtype);
        QVERIFY(!dir.isEmpty());
        MainWindow w;
        QVERIFY(analysisfixture::showAndOpen(w, dir));
        auto* view = w.analysisView();
        auto* box = view->findChild<QComboBox*>("computeBox");
        QVERIFY(box);
        box->setCurrentIndex(box->findData(compute));
        QVERIFY(box->currentIndex() >= 0);
        analysisfixture::Analysis run;
        run.sequences = 12;
        run.timeoutMs = 120000;
        QVERIFY(analysisfixture::analyse(view, m_text, run)); // sequence length 32
        QVERIFY(view->hasResult());
        const SimilarityResult& got = view->result();

        // The float32-loaded model on the very same sequences and options.
        const auto f32 = Model::load(dir.toStdString());
        const auto seqs = sharelens::app::calibrationSequences(*f32, m_text, 32, 12, {});
        CaptureOptions o;
        o.metric = got.metric;
        o.units = got.unitKind;
        o.skipFirstToken = view->findChild<QCheckBox*>("skipFirstToken")->isChecked();
        o.compute = static_cast<ComputeDtype>(compute);
        const SimilarityResult want = computeSimilarity(*f32, seqs, o);
        QCOMPARE(got.tokens, want.tokens);
        QCOMPARE(got.similarity.rows(), want.similarity.rows());
        const double diff = (got.similarity - want.similarity).cwiseAbs().maxCoeff();
        QVERIFY2(diff <= 1e-5, qPrintable(QString("largest difference %1").arg(diff)));
        // The open model kept its matrices as stored through the analysis.
        for (const auto& h : heldWeights(*w.model()))
            if (h.dtype == "F32") QCOMPARE(h.matrices, int64_t(0));
    }

    // The fine-tune's teacher and budget comparison use the open model: the
    // same numbers over the GUI's open model as over a float32-open one.
    void finetuneOverOpenModel() {
        const QString dir = makeModel(m_tmp, "llama", "bf16");
        QVERIFY(!dir.isEmpty());
        const auto open = loadWithGui(dir);
        QVERIFY(open);
        std::shared_ptr<const Model> f32 = Model::load(dir.toStdString());
        const FinetuneSummary stored = finetune(open);
        const FinetuneSummary converted = finetune(f32);
        QVERIFY(stored.stopReason.isEmpty());
        QVERIFY(stored.shared.validationAfter > 0);
        QVERIFY(stored.trainedShared);
        QCOMPARE(stored.budget.size(), converted.budget.size());
        QVERIFY(stored.budget.size() >= 3);
        for (size_t i = 0; i < stored.budget.size(); ++i) {
            QCOMPARE(stored.budget[i].method, converted.budget[i].method);
            QVERIFY2(std::abs(stored.budget[i].loss - converted.budget[i].loss) < 1e-6,
                     qPrintable(QString::fromStdString(stored.budget[i].method)));
        }
        QVERIFY(std::abs(stored.shared.validationAfter - converted.shared.validationAfter) < 1e-6);

        // The trained shared model (frozen BF16 matrices shared with the
        // baseline, float32 trained groups) exported as the GUI does, BF16.
        const auto seqs = sharelens::app::calibrationSequences(*f32, m_text, 32, 6, {});
        const double inMemory = stored.trainedShared->evaluate(seqs).loss;
        const QString compact = m_tmp.filePath("export-compact"), hf = m_tmp.filePath("export-hf");
        saveCompact(*stored.trainedShared, compact.toStdString(), DType::BF16, {}, false);
        exportHuggingFace(*stored.trainedShared, hf.toStdString(), DType::BF16, {}, false);
        for (const QString& out : {compact, hf}) {
            const auto back = loadModelInStorageDtype(openCheckpoint(out.toStdString(), OpenOptions{}));
            QCOMPARE(back->checkpoint().dominantDtype(), std::string("BF16"));
            const double loss = back->evaluate(seqs).loss;
            QVERIFY2(std::abs(loss - inMemory) < 2e-2 * std::abs(inMemory),
                     qPrintable(QString("%1: %2 against %3 in memory").arg(out).arg(loss).arg(inMemory)));
        }
    }

    // The command line's export holds the BF16 model as stored; the
    // exported weights are those of the float32-loaded model's shared copy
    // (the same loss to the last bit after reloading both).
    void cliExportEqualsFloat32() {
        const QString dir = makeModel(m_tmp, "llama", "bf16");
        QVERIFY(!dir.isEmpty());
        std::shared_ptr<const Model> f32 = Model::load(dir.toStdString());
        const auto plan = makePlan(f32->checkpoint(), UnitKind::Blocks, {{0}, {1, 2}, {3}});
        const QString planPath = m_tmp.filePath("plan-0-12-3.json");
        QFile pf(planPath);
        QVERIFY(pf.open(QIODevice::WriteOnly));
        pf.write(QByteArray::fromStdString(planToJson(plan)));
        pf.close();
        const QString cliOut = m_tmp.filePath("cli-export"), ref = m_tmp.filePath("f32-export");
        const auto r = testutil::runCli({"export", dir, "--plan", planPath, "--format", "compact", "--out", cliOut});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        saveCompact(*makeSharedModel(*f32, plan, ShareOptions{}), ref.toStdString(), DType::BF16, {}, false);
        const auto seqs = sharelens::app::calibrationSequences(*f32, m_text, 32, 6, {});
        const auto a = Model::load(cliOut.toStdString()), b = Model::load(ref.toStdString());
        QCOMPARE(a->checkpoint().dominantDtype(), std::string("BF16"));
        const double la = a->evaluate(seqs).loss, lb = b->evaluate(seqs).loss;
        QVERIFY2(la == lb, qPrintable(QString("%1 against %2").arg(la, 0, 'g', 17).arg(lb, 0, 'g', 17)));
    }

private:
    FinetuneSummary finetune(const std::shared_ptr<const Model>& model) {
        sharelens::app::FinetuneRequest rq;
        rq.model = model;
        rq.plan = makePlan(model->checkpoint(), UnitKind::Blocks, {{0}, {1, 2}, {3}});
        rq.textPath = m_text;
        rq.steps = 4;
        rq.batchSize = 2;
        rq.seqLen = 32;
        rq.evalEvery = 2;
        rq.trainSharedOnly = true;
        rq.distill = DistillMode::Logits; // the teacher is the open model
        FinetuneRunner runner;
        FinetuneSummary out;
        bool done = false;
        connect(&runner, &FinetuneRunner::finished, this, [&](const FinetuneSummary& s) {
            out = s;
            done = true;
        });
        QSignalSpy failed(&runner, &FinetuneRunner::failed);
        runner.start(rq);
        if (!QTest::qWaitFor([&] { return done || !failed.isEmpty(); }, 300000)) qWarning("the fine-tune did not end");
        if (!failed.isEmpty()) qWarning("%s", qPrintable(failed.first().first().toString()));
        return out;
    }

    QTemporaryDir m_tmp;
    QString m_text;
};

QTEST_MAIN(TestStoredDtype)
#include "tst_storeddtype.moc"
