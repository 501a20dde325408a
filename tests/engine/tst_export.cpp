// Compact checkpoints and Hugging Face exports (sharelens/export.h):
// round trips to identical logits, tied modules after reopening, the size of
// the compact file, damaged sharing maps, and folder writes that are atomic.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <csignal>

#include "model/model_impl.h"
#include "model_testutil.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "io/tensor_io.h"
#include "reference_testutil.h"
#include "safetensorsedit.h"
#include "testutil.h"

using namespace sharelens;
using modeltest::maxAbsDiff;

namespace {

const std::vector<int32_t> kIds{1, 5, 7, 9, 3, 2, 8, 40, 41, 42, 60, 61, 10, 11, 12, 13, 99, 100, 7, 7};

std::string str(const QString& s) { return s.toStdString(); }

// Names in `dir`, hidden ones included, sorted.
QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void compactRoundTrip_data();
    void compactRoundTrip();
    void reopenedCompactIsTied_data();
    void reopenedCompactIsTied();
    void aliasesAreConvertedOnce();
    void huggingFaceRoundTrip_data();
    void huggingFaceRoundTrip();
    void compactSizeIsUniqueBytes_data();
    void compactSizeIsUniqueBytes();
    void damagedCompactCheckpoints_data();
    void damagedCompactCheckpoints();
    void existingFolderOfOtherFilesIsKept();
    void existingFolderOfAnotherModelIsKept();
    void diskFullLeavesPreviousExport();
    void readOnlyTarget();
    void staleTemporariesAreRemoved();
    void compactOfCompactIsIdentical();

private:
    QString model(const QString& name) const { return m_dir.path() + "/" + name; }
    std::unique_ptr<Model> shared(const QString& name, const std::vector<std::vector<int>>& groups, bool privateNorms,
                                  int deltaRank, SharedInit init = SharedInit::Mean) const {
        auto base = Model::load(str(model(name)));
        const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, groups, init, privateNorms);
        ShareOptions o;
        o.privateNorms = privateNorms;
        o.deltaRank = deltaRank;
        return makeSharedModel(*base, plan, o);
    }
    QTemporaryDir m_dir;
};

void TestExport::initTestCase() {
    QVERIFY(m_dir.isValid());
    torch::set_num_threads(1);
    const QStringList common{"--layers", "6", "--hidden", "32", "--heads", "4", "--vocab", "256", "--positions", "64"};
    QVERIFY(testutil::makeCheckpoint(model("gpt2"), QStringList{"--family", "gpt2", "--seed", "21"} + common));
    QVERIFY(testutil::makeCheckpoint(model("llama"), QStringList{"--family", "llama", "--seed", "22"} + common));
    QVERIFY(testutil::makeCheckpoint(model("llama-f16"),
                                     QStringList{"--family", "llama", "--seed", "23", "--dtype", "f16"} + common));
    QVERIFY(testutil::makeCheckpoint(model("gpt2-untied"),
                                     QStringList{"--family", "gpt2", "--seed", "24", "--untied"} + common));
}

void TestExport::compactRoundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("privateNorms");
    QTest::addColumn<int>("deltaRank");
    QTest::addColumn<int>("init");
    QTest::newRow("gpt2 pure mean") << "gpt2" << false << 0 << int(SharedInit::Mean);
    QTest::newRow("gpt2 private norms") << "gpt2" << true << 0 << int(SharedInit::Medoid);
    QTest::newRow("gpt2 delta rank 3") << "gpt2" << false << 3 << int(SharedInit::First);
    QTest::newRow("gpt2 private norms + delta 2") << "gpt2" << true << 2 << int(SharedInit::Mean);
    QTest::newRow("llama pure") << "llama" << false << 0 << int(SharedInit::Mean);
    QTest::newRow("llama private norms + delta 4") << "llama" << true << 4 << int(SharedInit::Medoid);
    QTest::newRow("llama f16 source, delta 1") << "llama-f16" << false << 1 << int(SharedInit::Mean);
    QTest::newRow("gpt2 untied head") << "gpt2-untied" << true << 1 << int(SharedInit::First);
}

void TestExport::compactRoundTrip() {
    QFETCH(QString, name);
    QFETCH(bool, privateNorms);
    QFETCH(int, deltaRank);
    QFETCH(int, init);
    auto sm = shared(name, {{0, 2, 3}, {4, 5}}, privateNorms, deltaRank, SharedInit(init));
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("compact"));
    saveCompact(*sm, str(dir), DType::F32, {{"metric", "pearson"}, {"seed", "7"}});
    QCOMPARE(entries(out.path()), QStringList{QStringLiteral("compact")}); // no temporaries left

    auto back = Model::load(str(dir));
    QCOMPARE(QString::fromStdString(back->checkpoint().compactFormat), QStringLiteral("compact-v1"));
    // f32: the same values through the same operations, bit for bit.
    const double diff = maxAbsDiff(back->logits(kIds), sm->logits(kIds));
    QVERIFY2(diff == 0.0, qPrintable(QStringLiteral("max |logit diff| = %1").arg(diff)));
    QCOMPARE(back->summary().parameters, sm->summary().parameters);
    QCOMPARE(back->impl().net->uniqueParameterCount(), sm->impl().net->uniqueParameterCount());
    // Plan and provenance come back.
    QVERIFY(back->sharingPlan());
    QCOMPARE(back->sharingPlan()->groups.size(), sm->sharingPlan()->groups.size());
    for (size_t g = 0; g < back->sharingPlan()->groups.size(); ++g)
        QCOMPARE(back->sharingPlan()->groups[g].members, sm->sharingPlan()->groups[g].members);
    // The units' tensor names (not stored) are the model's own again.
    const auto& bu = back->sharingPlan()->units;
    const auto& su = sm->sharingPlan()->units;
    QCOMPARE(bu.size(), su.size());
    for (size_t u = 0; u < bu.size(); ++u) {
        QCOMPARE(bu[u].parameters, su[u].parameters);
        if (deltaRank == 0) {
            QCOMPARE(bu[u].tensors, su[u].tensors);
            QCOMPARE(bu[u].privateTensors, su[u].privateTensors);
        }
    }
    QCOMPARE(QString::fromStdString(back->provenance().at("metric")), QStringLiteral("pearson"));
    QCOMPARE(QString::fromStdString(back->provenance().at("delta_rank")), QString::number(deltaRank));
    QCOMPARE(QString::fromStdString(back->provenance().at("private_norms")),
             privateNorms ? QStringLiteral("true") : QStringLiteral("false"));
    QCOMPARE(QString::fromStdString(back->provenance().at("init")),
             QString::fromLatin1(sharedInitName(SharedInit(init))));
    QVERIFY(back->provenance().count("sharelens_version"));
    // The summary counts stored tensors only.
    const auto s = back->summary();
    QVERIFY(s.format.find("compact") != std::string::npos);
    // Training the reopened model again keeps it tied: the optimizer-visible
    // unique tensors are as many as the shared model's.
    std::set<const void*> a, b;
    for (const auto& p : back->impl().net->parameters()) a.insert(p.unsafeGetTensorImpl());
    for (const auto& p : sm->impl().net->parameters()) b.insert(p.unsafeGetTensorImpl());
    QCOMPARE(a.size(), b.size());
}

void TestExport::reopenedCompactIsTied_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("privateNorms");
    QTest::newRow("gpt2") << "gpt2" << false;
    QTest::newRow("gpt2 private norms") << "gpt2" << true;
    QTest::newRow("llama") << "llama" << false;
}

void TestExport::reopenedCompactIsTied() {
    QFETCH(QString, name);
    QFETCH(bool, privateNorms);
    auto base = Model::load(str(model(name)));
    const auto plan =
        makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 2}, {3, 5}}, SharedInit::Mean, privateNorms);
    ShareOptions o;
    o.privateNorms = privateNorms;
    auto sm = makeSharedModel(*base, plan, o);
    QTemporaryDir out;
    saveCompact(*sm, str(out.path() + "/c"), DType::F32);
    auto back = Model::load(str(out.path() + "/c"));
    auto& net = *back->impl().net;
    // Unique parameters equal the plan's.
    QCOMPARE(net.uniqueParameterCount(), plan.sharedParameters);
    QCOMPARE(back->summary().parameters, plan.sharedParameters);
    if (!privateNorms) {
        // The very same module at every member position, as makeSharedModel builds it.
        QVERIFY(net.block(0) == net.block(1) && net.block(1) == net.block(2));
        QVERIFY(net.block(3) == net.block(5));
        QVERIFY(net.block(3) != net.block(0) && net.block(4) != net.block(3));
    }
    // Changing one position's shared weight changes every member position.
    torch::NoGradGuard ng;
    const std::string w = name == "gpt2" ? "mlp.c_fc.weight" : "mlp.up_proj.weight";
    auto named = [&] {
        std::map<std::string, torch::Tensor> m;
        for (auto& [n, t] : net.namedTensors()) m[n] = t;
        return m;
    };
    const std::string pre = name == "gpt2" ? "transformer.h." : "model.layers.";
    auto before = named();
    std::map<std::string, torch::Tensor> copies;
    for (auto& [n, t] : before) copies[n] = t.clone();
    before[pre + "1." + w].add_(0.25);
    auto after = named();
    for (int i : {0, 1, 2})
        QVERIFY2((after[pre + std::to_string(i) + "." + w] - copies[pre + std::to_string(i) + "." + w])
                         .abs()
                         .min()
                         .item<double>() > 0.2,
                 qPrintable(QString::number(i)));
    for (int i : {3, 4, 5})
        QVERIFY((after[pre + std::to_string(i) + "." + w] - copies[pre + std::to_string(i) + "." + w])
                    .abs()
                    .max()
                    .item<double>() == 0);
}

void TestExport::aliasesAreConvertedOnce() {
    // F16 storage: each stored tensor is converted to float32 once, and every
    // position that uses it gets that one converted tensor.
    auto sm = shared(QStringLiteral("llama"), {{1, 2, 4}}, false, 0);
    QTemporaryDir out;
    const std::string dir = str(out.path() + "/c16");
    saveCompact(*sm, dir, DType::F16);
    const Checkpoint ck = openCheckpoint(dir);
    QCOMPARE(QString::fromStdString(ck.dominantDtype()), QStringLiteral("F16"));
    const CheckpointTensor* alias = ck.find("model.layers.4.mlp.up_proj.weight");
    QVERIFY(alias);
    QCOMPARE(QString::fromStdString(alias->storedAs), QStringLiteral("model.layers.1.mlp.up_proj.weight"));
    TensorSource src(ck);
    const std::vector<int64_t> shape = alias->shape;
    auto a = src.getForCompute("model.layers.1.mlp.up_proj.weight", shape);
    auto b = src.getForCompute("model.layers.4.mlp.up_proj.weight", shape);
    QCOMPARE(a.scalar_type(), torch::kFloat32);
    QVERIFY(a.unsafeGetTensorImpl() == b.unsafeGetTensorImpl());

    auto back = Model::load(ck);
    auto& net = *back->impl().net;
    QVERIFY(net.block(1) == net.block(4));
    // (Modules are tied only when every tensor is the same TensorImpl, so the
    // line above already says the converted tensor was handed out once.)
    QCOMPARE(net.uniqueParameterCount(), sm->impl().net->uniqueParameterCount());
    // Logits agree with the shared model to F16 rounding.
    QVERIFY(maxAbsDiff(back->logits(kIds), sm->logits(kIds)) < 5e-2);
}

void TestExport::huggingFaceRoundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("privateNorms");
    QTest::addColumn<int>("deltaRank");
    QTest::newRow("gpt2 pure") << "gpt2" << false << 0;
    QTest::newRow("gpt2 private norms + delta 2") << "gpt2" << true << 2;
    QTest::newRow("llama delta 3") << "llama" << false << 3;
}

void TestExport::huggingFaceRoundTrip() {
    QFETCH(QString, name);
    QFETCH(bool, privateNorms);
    QFETCH(int, deltaRank);
    auto sm = shared(name, {{0, 1, 2}, {3, 4, 5}}, privateNorms, deltaRank);
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("hf"));
    exportHuggingFace(*sm, str(dir), DType::F32, {{"source", "test"}});
    const Checkpoint ck = openCheckpoint(str(dir));
    QVERIFY(ck.compactFormat.empty());
    QVERIFY(!ck.metadata.count("sharelens.format"));
    QCOMPARE(int(ck.config.numLayers), 6);
    // Every position's tensors are written out.
    for (int i = 0; i < 6; ++i) {
        const std::string p = (name == "gpt2" ? "transformer.h." : "model.layers.") + std::to_string(i) + ".";
        QVERIFY(ck.find(p + (name == "gpt2" ? "attn.c_attn.weight" : "self_attn.q_proj.weight")));
    }
    auto plain = Model::load(ck);
    const auto want = sm->logits(kIds);
    const double diff = maxAbsDiff(plain->logits(kIds), want);
    QVERIFY2(diff == 0.0, qPrintable(QStringLiteral("max |logit diff| = %1").arg(diff)));
    QCOMPARE(plain->summary().parameters, Model::load(str(model(name)))->summary().parameters);

    const QJsonObject recipe = testutil::readJson(dir + "/sharelens-recipe.json");
    QCOMPARE(recipe.value(QStringLiteral("format")).toString(), QStringLiteral("huggingface"));
    QVERIFY(recipe.value(QStringLiteral("plan")).isObject());
    QVERIFY(!recipe.value(QStringLiteral("date")).toString().isEmpty());
    QCOMPARE(recipe.value(QStringLiteral("options")).toObject().value(QStringLiteral("delta_rank")).toString(),
             QString::number(deltaRank));

    // The independent python reference (no ShareLens code) reads the folder.
    QJsonObject forward;
    QVERIFY(reftest::runReference(out, QStringLiteral("reference_forward.py"), dir, reftest::idsJson({kIds}), {},
                                  &forward));
    const QJsonArray ref = forward.value(QStringLiteral("logits")).toArray();
    const int V = plain->config().vocabSize;
    QCOMPARE(ref.size(), int(kIds.size()));
    double d = 0;
    for (int t = 0; t < ref.size(); ++t) {
        const QJsonArray row = ref[t].toArray();
        QCOMPARE(row.size(), V);
        for (int v = 0; v < V; ++v) d = std::max(d, std::abs(row[v].toDouble() - want[size_t(t) * V + v]));
    }
    QVERIFY2(d < 2e-5, qPrintable(QStringLiteral("python reference differs by %1").arg(d)));
}

void TestExport::compactSizeIsUniqueBytes_data() {
    QTest::addColumn<int>("dtype");
    QTest::addColumn<bool>("privateNorms");
    QTest::newRow("f16") << int(DType::F16) << false;
    QTest::newRow("f32") << int(DType::F32) << false;
    QTest::newRow("f16 private norms") << int(DType::F16) << true;
}

void TestExport::compactSizeIsUniqueBytes() {
    // The demo model: 12 layers tied into 4 contiguous groups of 3.
    QFETCH(int, dtype);
    QFETCH(bool, privateNorms);
    auto base = Model::load(testpaths::sourceStd("/resources/demo"));
    QCOMPARE(base->config().numLayers, 12);
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, 10, 11}},
                               SharedInit::Mean, privateNorms);
    ShareOptions o;
    o.privateNorms = privateNorms;
    auto sm = makeSharedModel(*base, plan, o);
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("c"));
    saveCompact(*sm, str(dir), DType(dtype));
    const int64_t unique = sm->impl().net->uniqueParameterCount();
    QCOMPARE(unique, plan.sharedParameters);
    const qint64 uniqueBytes = unique * qint64(dtypeSize(DType(dtype)));
    const qint64 file = QFileInfo(dir + "/model.safetensors").size();
    const double over = double(file - uniqueBytes) / double(uniqueBytes);
    qInfo("demo model, 12 layers -> 4 groups (%s%s): baseline %lld parameters, unique %lld, unique bytes %lld, "
          "compact file %lld bytes (+%.3f%%), plain export would be %lld bytes",
          dtypeName(DType(dtype)), privateNorms ? ", private norms" : "", qlonglong(base->summary().parameters),
          qlonglong(unique), qlonglong(uniqueBytes), qlonglong(file), 100 * over,
          qlonglong(base->summary().parameters * qint64(dtypeSize(DType(dtype)))));
    QVERIFY(file >= uniqueBytes);
    QVERIFY2(over < 0.01, qPrintable(QStringLiteral("compact file is %1% over the unique bytes").arg(100 * over)));
}

void TestExport::damagedCompactCheckpoints_data() {
    // edit: "KEY=VALUE" replaces a metadata entry; "alias NAME=TARGET" and
    // "delta NAME=A[,B]" change one entry of the valid sharing map.
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown version") << "sharelens.format=compact-v9"
                                     << "of format \"compact-v9\", which this version reads only as \"compact-v1\"";
    QTest::newRow("map names a missing tensor") << "alias transformer.h.1.ln_1.weight=transformer.h.9.ln_1.weight"
                                                << "names tensor \"transformer.h.9.ln_1.weight\"";
    QTest::newRow("shapes differ") << "alias transformer.h.1.mlp.c_fc.weight=transformer.h.0.attn.c_attn.weight"
                                   << "needs shape [32, 128]";
    QTest::newRow("alias over a stored tensor") << "alias transformer.h.3.ln_1.weight=transformer.h.0.ln_1.weight"
                                                << "also stores a tensor of that name";
    QTest::newRow("delta does not fit") << "delta transformer.h.0.attn.c_attn.weight=transformer.h.0.ln_1.weight"
                                        << "does not fit its shape [32, 96]";
    QTest::newRow("delta factors do not fit")
        << "delta "
           "transformer.h.0.attn.c_attn.weight=transformer.h.0.attn.c_proj.weight,transformer.h.0.attn.c_proj.weight"
        << "does not fit its shape [32, 96]";
    QTest::newRow("delta tensor missing") << "delta transformer.h.0.attn.c_attn.weight=nope,nope2"
                                          << "names tensor \"nope\"";
    QTest::newRow("block prefix stores nothing")
        << R"(sharelens.map={"blocks": {"transformer.h.1.": "transformer.h.7."}})"
        << "stores no tensor under \"transformer.h.7.\"";
    QTest::newRow("block map is not a prefix") << R"(sharelens.map={"blocks": {"transformer.h.1.": 0}})"
                                               << "something other than a prefix";
    QTest::newRow("map is not JSON") << "sharelens.map={aliases"
                                     << "is not valid JSON";
    QTest::newRow("map is not an object") << "sharelens.map=[1]"
                                          << "is not a JSON object";
    QTest::newRow("alias is not a name") << R"(sharelens.map={"aliases": {"transformer.h.1.ln_1.weight": 3}})"
                                         << "something other than a tensor name";
    QTest::newRow("no map") << "sharelens.map="
                            << "is not valid JSON";
    QTest::newRow("provenance damaged") << "sharelens.provenance={x"
                                        << "provenance";
}

void TestExport::damagedCompactCheckpoints() {
    QFETCH(QString, edit);
    QFETCH(QString, fragment);
    auto sm = shared(QStringLiteral("gpt2"), {{0, 1}}, false, 0);
    QTemporaryDir out;
    const std::string dir = str(out.path() + "/c");
    saveCompact(*sm, dir, DType::F32);
    const std::string file = dir + "/model.safetensors";
    std::map<std::string, std::string> change;
    if (edit.startsWith(QStringLiteral("alias ")) || edit.startsWith(QStringLiteral("delta "))) {
        const auto md = readSafetensorsHeader(file).metadata;
        QJsonObject map = QJsonDocument::fromJson(QByteArray::fromStdString(md.at("sharelens.map"))).object();
        const QStringList kv = edit.mid(6).split(QLatin1Char('='));
        if (edit.startsWith(QStringLiteral("alias "))) {
            QJsonObject aliases = map.value(QStringLiteral("aliases")).toObject();
            aliases.insert(kv[0], kv[1]);
            map.insert(QStringLiteral("aliases"), aliases);
        } else {
            const QStringList ab = kv[1].split(QLatin1Char(','));
            QJsonObject d{{QStringLiteral("a"), ab[0]}};
            if (ab.size() > 1) d.insert(QStringLiteral("b"), ab[1]);
            QJsonObject deltas = map.value(QStringLiteral("deltas")).toObject();
            deltas.insert(kv[0], d);
            map.insert(QStringLiteral("deltas"), deltas);
        }
        change["sharelens.map"] = QJsonDocument(map).toJson(QJsonDocument::Compact).toStdString();
    } else {
        const qsizetype eq = edit.indexOf(QLatin1Char('='));
        change[str(edit.left(eq))] = str(edit.mid(eq + 1));
    }
    testutil::rewriteMetadata(file, change);
    try {
        auto m = Model::load(dir);
        QFAIL("no error");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(fragment), qPrintable(msg));
        QVERIFY2(msg.contains(QString::fromStdString(dir)), qPrintable(msg));
        QVERIFY2(!msg.contains(QLatin1Char('\n')), qPrintable(msg));
    }
}

void TestExport::existingFolderOfOtherFilesIsKept() {
    auto sm = shared(QStringLiteral("gpt2"), {{0, 1}}, false, 0);
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("mine"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(testutil::writeFile(dir + "/notes.txt", "keep me"));
    try {
        saveCompact(*sm, str(dir), DType::F32);
        QFAIL("no error");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(QStringLiteral("\"notes.txt\", which this export does not write")), qPrintable(msg));
    }
    QCOMPARE(entries(dir), QStringList{QStringLiteral("notes.txt")});
    QCOMPARE(entries(out.path()), QStringList{QStringLiteral("mine")});
    // A file where the folder should be.
    QVERIFY(testutil::writeFile(out.filePath(QStringLiteral("afile")), "x"));
    QVERIFY_THROWS_EXCEPTION(Error, saveCompact(*sm, str(out.filePath(QStringLiteral("afile"))), DType::F32));
    QCOMPARE(testutil::readAll(out.filePath(QStringLiteral("afile"))), QByteArray("x"));
}

void TestExport::existingFolderOfAnotherModelIsKept() {
    // A Hugging Face folder of another model holds only names an export
    // writes (config.json, model.safetensors): it is still not replaced.
    auto sm = shared(QStringLiteral("gpt2"), {{0, 1}}, false, 0);
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("llama"));
    QVERIFY(testutil::copyFolder(model(QStringLiteral("llama")), dir));
    const QByteArray before = testutil::readAll(dir + "/model.safetensors");
    const QStringList listing = entries(dir);
    const QString expected = QStringLiteral("the folder %1 is not empty and is not a ShareLens model export (it has "
                                            "no sharelens-recipe.json); it is not replaced. Choose a new or empty "
                                            "folder, remove it first, or pass --force to replace it.")
                                 .arg(dir);
    for (const bool hf : {false, true}) {
        QString msg;
        try {
            if (hf)
                exportHuggingFace(*sm, str(dir), DType::F32);
            else
                saveCompact(*sm, str(dir), DType::F32);
        } catch (const Error& e) {
            msg = QString::fromStdString(e.what());
        }
        QCOMPARE(msg, expected);
        QCOMPARE(testutil::readAll(dir + "/model.safetensors"), before);
        QCOMPARE(entries(dir), listing);
    }
    QCOMPARE(entries(out.path()), QStringList{QStringLiteral("llama")});
    // force replaces it whole; then a compact export over that Hugging Face
    // export is a re-write of ShareLens's own folder.
    exportHuggingFace(*sm, str(dir), DType::F32, {}, true);
    QVERIFY(QFileInfo::exists(dir + "/sharelens-recipe.json"));
    saveCompact(*sm, str(dir), DType::F32);
    QVERIFY(maxAbsDiff(Model::load(str(dir))->logits(kIds), sm->logits(kIds)) == 0.0);
    QCOMPARE(entries(out.path()), QStringList{QStringLiteral("llama")});
}

void TestExport::diskFullLeavesPreviousExport() {
    // A file-size limit makes write() fail part-way, as a full disk does
    // (tst_export_cli also fills a real tiny tmpfs where it can mount one).
    auto small = shared(QStringLiteral("gpt2"), {{0, 1, 2, 3, 4, 5}}, false, 0);
    auto big = shared(QStringLiteral("gpt2"), {{0, 1}}, false, 0);
    QTemporaryDir out;
    const QString dir = out.filePath(QStringLiteral("exp"));
    saveCompact(*small, str(dir), DType::F32);
    const QByteArray before = testutil::readAll(dir + "/model.safetensors");
    const QByteArray beforeCfg = testutil::readAll(dir + "/config.json");
    for (const bool hf : {false, true}) {
        struct rlimit old {};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
        auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = old;
        lim.rlim_cur = rlim_t(before.size()) + 1024; // the old file fits, the new one not
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &lim), 0);
        QString msg;
        try {
            if (hf)
                exportHuggingFace(*big, str(dir), DType::F32);
            else
                saveCompact(*big, str(dir), DType::F32);
        } catch (const Error& e) {
            msg = QString::fromStdString(e.what());
        }
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(!msg.isEmpty(), "the export did not fail under the file-size limit");
        QVERIFY2(msg.contains(dir + "/model.safetensors") && msg.contains(QStringLiteral("Nothing was changed")),
                 qPrintable(msg));
        QVERIFY2(!msg.contains(QStringLiteral("sharelens-tmp")), qPrintable(msg));
        QCOMPARE(testutil::readAll(dir + "/model.safetensors"), before);
        QCOMPARE(testutil::readAll(dir + "/config.json"), beforeCfg);
        QCOMPARE(entries(out.path()), QStringList{QStringLiteral("exp")});
        auto back = Model::load(str(dir));
        QVERIFY(maxAbsDiff(back->logits(kIds), small->logits(kIds)) == 0.0);
    }
}

void TestExport::readOnlyTarget() {
    auto sm = shared(QStringLiteral("gpt2"), {{0, 1}}, false, 0);
    QTemporaryDir out;
    QString target;
    if (::geteuid() == 0) {
        // Root writes wherever mode bits forbid it; sysfs refuses new folders even to root.
        if (::access("/sys", F_OK) != 0) QSKIP("no /sys to stand in for a read-only folder");
        target = QStringLiteral("/sys/sharelens-export-test");
    } else {
        QVERIFY(QDir(out.path()).mkdir(QStringLiteral("ro")));
        QVERIFY(
            QFile::setPermissions(out.filePath(QStringLiteral("ro")), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        target = out.filePath(QStringLiteral("ro/exp"));
    }
    try {
        saveCompact(*sm, str(target), DType::F32);
        QFAIL("no error");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QVERIFY2(msg.contains(QStringLiteral("is not writable")) || msg.contains(QStringLiteral("read-only")),
                 qPrintable(msg));
        QVERIFY2(msg.startsWith(target), qPrintable(msg));
    }
    QVERIFY(!QFileInfo::exists(target));
}

void TestExport::staleTemporariesAreRemoved() {
    auto sm = shared(QStringLiteral("gpt2"), {{0, 1}}, false, 0);
    QTemporaryDir out;
    // A temporary of a killed run (a process id that is not running) and one
    // of a running process (ours) that must be left alone.
    pid_t dead = 999999;
    while (::kill(dead, 0) == 0 || errno != ESRCH) --dead;
    const QString stale = out.filePath(QStringLiteral(".exp.sharelens-tmp-%1-abcdef").arg(dead));
    const QString live = out.filePath(QStringLiteral(".exp.sharelens-tmp-%1-ghijkl").arg(::getpid()));
    QVERIFY(QDir().mkpath(stale) && QDir().mkpath(live));
    QVERIFY(testutil::writeFile(stale + "/model.safetensors", "half"));
    saveCompact(*sm, str(out.filePath(QStringLiteral("exp"))), DType::F32);
    QCOMPARE(entries(out.path()), (QStringList{QFileInfo(live).fileName(), QStringLiteral("exp")}));
}

void TestExport::compactOfCompactIsIdentical() {
    // Reopened and written again: the same tensors, map and plan.
    auto sm = shared(QStringLiteral("llama"), {{0, 1, 2}, {4, 5}}, true, 2);
    QTemporaryDir out;
    saveCompact(*sm, str(out.path() + "/a"), DType::F32, {{"seed", "3"}});
    auto back = Model::load(str(out.path() + "/a"));
    saveCompact(*back, str(out.path() + "/b"), DType::F32);
    const Checkpoint a = openCheckpoint(str(out.path() + "/a"));
    const Checkpoint b = openCheckpoint(str(out.path() + "/b"));
    QCOMPARE(a.tensors.size(), b.tensors.size());
    QCOMPARE(QString::fromStdString(sharingMapToJson(a.sharing)), QString::fromStdString(sharingMapToJson(b.sharing)));
    QCOMPARE(QString::fromStdString(a.metadata.at("sharelens.plan")),
             QString::fromStdString(b.metadata.at("sharelens.plan")));
    QCOMPARE(QString::fromStdString(b.metadata.at("sharelens.provenance")).contains(QStringLiteral("\"seed\":\"3\"")),
             true);
    auto again = Model::load(b);
    QVERIFY(maxAbsDiff(again->logits(kIds), sm->logits(kIds)) == 0.0);
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
