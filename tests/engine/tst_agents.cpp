// Agents mode (sharelens/agents.h): several models as the agents of one
// system. The agents are made here: a random base (make_checkpoint.py) and
// variants with chosen blocks perturbed by known amounts or copied
// (make_agent_variant.py); similarity is checked against numpy over the
// activations of the independent reference forward pass.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <set>

#include "errortest.h"
#include "model/model_impl.h"
#include "sharelens/agents.h"
#include "sharelens/cluster.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "reference_testutil.h"
#include "testutil.h"

using namespace sharelens;

Q_DECLARE_METATYPE(sharelens::Metric)
Q_DECLARE_METATYPE(sharelens::SharedInit)
Q_DECLARE_METATYPE(sharelens::AgentLevel)
Q_DECLARE_METATYPE(std::vector<std::vector<int>>)

namespace {

Sequences calibration(int n, int len, int vocab, uint32_t seed) {
    Sequences s;
    uint32_t x = seed;
    for (int i = 0; i < n; ++i) {
        std::vector<int32_t> q;
        for (int t = 0; t < len; ++t) {
            x = x * 1664525u + 1013904223u;
            q.push_back(static_cast<int32_t>((x >> 8) % static_cast<uint32_t>(vocab)));
        }
        s.push_back(q);
    }
    return s;
}

double maxAbsDiff(const Eigen::MatrixXd& a, const QJsonArray& b) {
    double m = 0;
    if (a.rows() != b.size()) return INFINITY;
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        const auto row = b[static_cast<int>(i)].toArray();
        if (row.size() != a.cols()) return INFINITY;
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            m = std::max(m, std::abs(a(i, j) - row[static_cast<int>(j)].toDouble()));
    }
    return m;
}

std::vector<int32_t> textTokens(size_t from, size_t count) {
    const std::string text = readFile(testpaths::sourceStd("/resources/text/kjv-genesis-kings.txt"));
    std::vector<int32_t> ids;
    for (size_t i = from; i < std::min(text.size(), from + count); ++i)
        ids.push_back(static_cast<unsigned char>(text[i]) % 96);
    return ids;
}

} // namespace

class TestAgents : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void namesAndUnits();
    void mismatchedAgentsAreNamed_data();
    void mismatchedAgentsAreNamed();
    void similarityMatchesNumpy_data();
    void similarityMatchesNumpy();
    void alikeLayersClusterTogether();
    void similarityReportsProgressAndCancels();
    void alikeAgentsClusterTogether();
    void weightDifferencesOfKnownPerturbations();
    void parameterCountsMatchPlan_data();
    void parameterCountsMatchPlan();
    void sharedUnitsAreOneTensor();
    void lacoInitValues();
    void sharingIdenticalUnitsKeepsLogits();
    void planJsonRoundTrip();
    void rejectsPlansThatDoNotFit();
    void sharedFinetuneLowersEveryAgentsLoss();
    void trainingStopsOnCancel();
    void cliAnalyzeAndFinetuneSeveralModels();
    void cliErrors_data();
    void cliErrors();

private:
    QString dir(const QString& name) const { return m_dir.path() + "/" + name; }
    Agents load(const QStringList& names) const {
        std::vector<std::string> paths;
        for (const auto& n : names) paths.push_back(dir(n).toStdString());
        return loadAgents(paths);
    }
    static bool variant(const QString& base, const QString& out, const QStringList& args) {
        return testutil::runPython(QStringLiteral("make_agent_variant.py"), QStringList{base, out} + args);
    }
    QTemporaryDir m_dir;
};

void TestAgents::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QStringList common{QStringLiteral("--family"), QStringLiteral("gpt2"),        QStringLiteral("--layers"),
                             QStringLiteral("4"),        QStringLiteral("--hidden"),    QStringLiteral("32"),
                             QStringLiteral("--heads"),  QStringLiteral("4"),           QStringLiteral("--vocab"),
                             QStringLiteral("96"),       QStringLiteral("--positions"), QStringLiteral("64")};
    QVERIFY(testutil::makeCheckpoint(dir(QStringLiteral("base")),
                                     common + QStringList{QStringLiteral("--seed"), QStringLiteral("1")}));
    QVERIFY(testutil::makeCheckpoint(dir(QStringLiteral("far")),
                                     common + QStringList{QStringLiteral("--seed"), QStringLiteral("7")}));
    // Every block of the base nudged by 0.1 % of each tensor's spread.
    QVERIFY(variant(
        dir(QStringLiteral("base")), dir(QStringLiteral("near")),
        {QStringLiteral("--perturb"), QStringLiteral("all:0.001"), QStringLiteral("--seed"), QStringLiteral("3")}));
    // An exact copy, and block 2 perturbed by two known amounts with the same noise.
    QVERIFY(variant(dir(QStringLiteral("base")), dir(QStringLiteral("clone")), {}));
    QVERIFY(variant(
        dir(QStringLiteral("base")), dir(QStringLiteral("b2small")),
        {QStringLiteral("--perturb"), QStringLiteral("2:0.01"), QStringLiteral("--seed"), QStringLiteral("5")}));
    QVERIFY(
        variant(dir(QStringLiteral("base")), dir(QStringLiteral("b2large")),
                {QStringLiteral("--perturb"), QStringLiteral("2:0.1"), QStringLiteral("--seed"), QStringLiteral("5")}));
    // Mismatches.
    QVERIFY(variant(dir(QStringLiteral("base")), dir(QStringLiteral("wide")),
                    {QStringLiteral("--hidden-size"), QStringLiteral("64")}));
    QVERIFY(testutil::makeCheckpoint(
        dir(QStringLiteral("deep")),
        QStringList{QStringLiteral("--family"), QStringLiteral("gpt2"), QStringLiteral("--layers"), QStringLiteral("5"),
                    QStringLiteral("--hidden"), QStringLiteral("32"), QStringLiteral("--heads"), QStringLiteral("4"),
                    QStringLiteral("--vocab"), QStringLiteral("96"), QStringLiteral("--positions"),
                    QStringLiteral("64")}));
    QVERIFY(testutil::makeCheckpoint(
        dir(QStringLiteral("llama")),
        QStringList{QStringLiteral("--family"), QStringLiteral("llama"), QStringLiteral("--layers"),
                    QStringLiteral("4"), QStringLiteral("--hidden"), QStringLiteral("32"), QStringLiteral("--heads"),
                    QStringLiteral("4"), QStringLiteral("--vocab"), QStringLiteral("96"), QStringLiteral("--positions"),
                    QStringLiteral("64")}));
    QVERIFY(testutil::makeCheckpoint(dir(QStringLiteral("untied")), common + QStringList{QStringLiteral("--untied")}));
    QVERIFY(variant(dir(QStringLiteral("base")), dir(QStringLiteral("holey")), {}));
    QVERIFY(testutil::runPython(QStringLiteral("drop_tensor.py"),
                                {dir(QStringLiteral("holey")) + QStringLiteral("/model.safetensors"),
                                 QStringLiteral("transformer.h.2.mlp.c_fc.bias")}));
}

void TestAgents::namesAndUnits() {
    QCOMPARE(agentNames({"/x/a", "/y/b/", "/z/a"}), (std::vector<std::string>{"a#1", "b", "a#3"}));
    QCOMPARE(agentNames({"/x/a", "/y/b"}, {"", "writer"}), (std::vector<std::string>{"a", "writer"}));
    QVERIFY(testutil::errorOf([] { agentNames({"/x/a", "/y/b"}, {"one"}); }));
    QVERIFY(testutil::errorOf([] { agentNames({"/x/a", "/y/b"}, {"a/b", "c"}); }));
    QCOMPARE(agentUnitName("agent2", 5), std::string("agent2/block5"));
    auto a = load({QStringLiteral("base"), QStringLiteral("far")});
    const auto sim = computeAgentSimilarity(a.view(), a.names, calibration(2, 8, 96, 1), CaptureOptions{});
    QCOMPARE(sim.units.size(), size_t(8));
    QCOMPARE(sim.units[5], std::string("far/block1"));
    QCOMPARE(sim.similarity.rows(), Eigen::Index(8));
    QCOMPARE(sim.agentSimilarity.rows(), Eigen::Index(2));
}

void TestAgents::mismatchedAgentsAreNamed_data() {
    QTest::addColumn<QString>("other");
    QTest::addColumn<QString>("expected");
    QTest::newRow("width") << "wide"
                           << "agent 3 (%1): hidden_size 64, agent 1 has 32";
    QTest::newRow("layers") << "deep"
                            << "agent 3 (%1): num_hidden_layers 5, agent 1 has 4";
    QTest::newRow("family") << "llama"
                            << "agent 3 (%1): architecture Llama, agent 1 is GPT-2";
    QTest::newRow("tied head") << "untied"
                               << "agent 3 (%1): tie_word_embeddings false, agent 1 has true";
    QTest::newRow("missing tensor") << "holey"
                                    << "agent 3 (%1): lacks tensor 'transformer.h.2.mlp.c_fc.bias', which agent 1 has";
}

void TestAgents::mismatchedAgentsAreNamed() {
    QFETCH(QString, other);
    QFETCH(QString, expected);
    const std::vector<std::string> paths{dir(QStringLiteral("base")).toStdString(),
                                         dir(QStringLiteral("near")).toStdString(), dir(other).toStdString()};
    const auto err = testutil::errorOf([&] { loadAgents(paths); });
    QVERIFY(err);
    const QString msg = QString::fromStdString(err->what());
    QVERIFY2(msg.startsWith(expected.arg(dir(other))), qPrintable(msg));
    // One model is not a system.
    QVERIFY(testutil::errorOf([&] { loadAgents({paths[0]}); }));
}

void TestAgents::similarityMatchesNumpy_data() {
    QTest::addColumn<Metric>("metric");
    QTest::newRow("pearson") << Metric::Pearson;
    QTest::newRow("cosine") << Metric::Cosine;
    QTest::newRow("cka") << Metric::Cka;
}

void TestAgents::similarityMatchesNumpy() {
    QFETCH(Metric, metric);
    const QStringList names{QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")};
    const auto seqs = calibration(3, 12, 96, 42);
    const QString ids = dir(QStringLiteral("ids.json"));
    const QString ref = dir(QStringLiteral("ref-agents.json"));
    if (!QFile::exists(ref)) {
        QVERIFY(testutil::writeFile(ids, reftest::idsJson(seqs)));
        QStringList args{ids, ref};
        for (const auto& n : names) args << dir(n);
        QVERIFY(testutil::runPython(QStringLiteral("reference_agent_similarity.py"), args));
    }
    const auto r = testutil::readJson(ref);
    auto a = load(names);
    CaptureOptions o;
    o.metric = metric;
    o.batchSize = 2; // several batches: the sums must stream correctly
    const auto sim = computeAgentSimilarity(a.view(), a.names, seqs, o);
    QCOMPARE(sim.tokens, int64_t(36));
    QCOMPARE(sim.tokens, static_cast<int64_t>(r.value(QStringLiteral("tokens")).toInt()));
    if (metric == Metric::Cka) {
        const double ckaErr = maxAbsDiff(sim.agentSimilarity, r.value(QStringLiteral("agent_cka")).toArray());
        qInfo("max |ShareLens - direct CKA| over agents %.3g", ckaErr);
        QVERIFY2(ckaErr < 1e-5, "agent CKA");
        // The unit level is the single-model CKA of each pair of units: check its diagonal blocks
        // against the single-model analysis of each agent.
        for (size_t k = 0; k < a.models.size(); ++k) {
            const auto one = computeSimilarity(*a.models[k], seqs, o);
            QVERIFY((sim.similarity.block(static_cast<Eigen::Index>(4 * k), static_cast<Eigen::Index>(4 * k), 4, 4) -
                     one.similarity)
                        .cwiseAbs()
                        .maxCoeff() < 1e-9);
        }
        return;
    }
    const QString key = metric == Metric::Pearson ? QStringLiteral("pearson") : QStringLiteral("cosine");
    const double unitErr = maxAbsDiff(sim.similarity, r.value(key).toArray());
    const double agentErr = maxAbsDiff(sim.agentSimilarity, r.value(QStringLiteral("agent_") + key).toArray());
    qInfo("max |ShareLens - numpy| over (agent, layer) units %.3g, over agents %.3g", unitErr, agentErr);
    QVERIFY2(unitErr < 1e-5, qPrintable(QString::number(unitErr)));
    QVERIFY2(agentErr < 1e-5, qPrintable(QString::number(agentErr)));
    // Both metrics come from one pass.
    QVERIFY(maxAbsDiff(sim.pearson, r.value(QStringLiteral("pearson")).toArray()) < 1e-5);
    QVERIFY(maxAbsDiff(sim.cosine, r.value(QStringLiteral("cosine")).toArray()) < 1e-5);
}

void TestAgents::alikeLayersClusterTogether() {
    // base and near differ by 0.1 % noise in every block: (base, l) and
    // (near, l) must be each other's closest units, far from everything else.
    auto a = load({QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")});
    const auto sim = computeAgentSimilarity(a.view(), a.names, calibration(8, 32, 96, 9), CaptureOptions{});
    const auto d = similarityToDistance(sim.similarity);
    const int L = 4;
    double alike = 0, other = INFINITY;
    for (int l = 0; l < L; ++l) {
        alike = std::max(alike, d(l, L + l));
        for (int u = 0; u < 3 * L; ++u) {
            if (u != l && u != L + l) {
                other = std::min(other, d(l, u));
                other = std::min(other, d(L + l, u));
            }
        }
    }
    QVERIFY2(alike < other, qPrintable(QStringLiteral("alike %1, other %2").arg(alike).arg(other)));
    const auto z = linkage(d, LinkageMethod::Average);
    const auto groups = cutGroups(z, 0.5 * (alike + other));
    std::vector<std::vector<int>> expected;
    for (int l = 0; l < L; ++l) expected.push_back({l, L + l});
    for (int l = 0; l < L; ++l) expected.push_back({2 * L + l});
    std::sort(expected.begin(), expected.end());
    QCOMPARE(groups, expected);
}

void TestAgents::similarityReportsProgressAndCancels() {
    auto a = load({QStringLiteral("base"), QStringLiteral("far")});
    CaptureOptions o;
    o.batchSize = 1;
    std::atomic<bool> cancel{false};
    std::vector<double> fractions;
    const Progress p(
        [&](const ProgressInfo& info) {
            if (info.stageIndex == 1) fractions.push_back(info.fraction);
        },
        &cancel);
    computeAgentSimilarity(a.view(), a.names, calibration(4, 8, 96, 2), o, p);
    QCOMPARE(fractions, (std::vector<double>{0.25, 0.5, 0.75, 1.0}));
    const Progress stop(
        [&](const ProgressInfo& info) {
            if (info.stageIndex == 1 && info.fraction >= 0.5) cancel = true;
        },
        &cancel);
    bool cancelled = false;
    try {
        computeAgentSimilarity(a.view(), a.names, calibration(4, 8, 96, 2), o, stop);
    } catch (const Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);
    // Sub-block units are refused across agents.
    o.units = UnitKind::Sublayers;
    QVERIFY(testutil::errorOf([&] { computeAgentSimilarity(a.view(), a.names, calibration(2, 8, 96, 2), o); }));
}

void TestAgents::alikeAgentsClusterTogether() {
    auto a = load({QStringLiteral("base"), QStringLiteral("far"), QStringLiteral("near")});
    for (Metric m : {Metric::Pearson, Metric::Cosine, Metric::Cka}) {
        CaptureOptions o;
        o.metric = m;
        const auto sim = computeAgentSimilarity(a.view(), a.names, calibration(4, 16, 96, 5), o);
        const auto& s = sim.agentSimilarity;
        QVERIFY(s(0, 2) > 0.999);
        QVERIFY(s(0, 2) > s(0, 1) && s(0, 2) > s(1, 2));
        const auto z = linkage(similarityToDistance(s), LinkageMethod::Average);
        const double t = 0.5 * ((1 - s(0, 2)) + (1 - std::max(s(0, 1), s(1, 2))));
        QCOMPARE(cutGroups(z, t), (std::vector<std::vector<int>>{{0, 2}, {1}}));
    }
}

void TestAgents::weightDifferencesOfKnownPerturbations() {
    auto a =
        load({QStringLiteral("base"), QStringLiteral("b2small"), QStringLiteral("b2large"), QStringLiteral("clone")});
    for (int base : {-1, 0}) {
        const auto w = computeWeightDifferences(a.view(), a.names, base);
        QCOMPARE(w.differenceNorm.size(), size_t(4));
        for (int l = 0; l < 4; ++l) {
            const auto& dn = w.differenceNorm[static_cast<size_t>(l)];
            QCOMPARE(dn(0, 3), 0.0); // the clone
            if (l != 2) {
                QCOMPARE(dn(0, 1), 0.0);
                QCOMPARE(dn(0, 2), 0.0);
                continue;
            }
            // The same noise at 10x the scale: 10x the distance, the same direction.
            QVERIFY(dn(0, 1) > 0);
            QVERIFY2(std::abs(dn(0, 2) / dn(0, 1) - 10.0) < 1e-3, qPrintable(QString::number(dn(0, 2) / dn(0, 1))));
            QVERIFY(std::abs(dn(1, 2) - 9.0 * dn(0, 1)) < 1e-3 * dn(1, 2));
            QCOMPARE(dn(1, 0), dn(0, 1));
            // 1 % of every tensor's spread: the relative change is of that order.
            QVERIFY(w.relativeDifference[2](1, 0) > 0.002 && w.relativeDifference[2](1, 0) < 0.02);
            QVERIFY(w.weightCosine[2](0, 1) > 0.999 && w.weightCosine[2](0, 1) < 1.0);
            if (base == 0) {
                QVERIFY(std::abs(w.deltaCosine[2](1, 2) - 1.0) < 1e-6);
                QCOMPARE(w.deltaCosine[2](0, 1), 0.0); // the base's own difference is zero
            }
        }
    }
    QVERIFY(testutil::errorOf([&] { computeWeightDifferences(a.view(), a.names, 4); }));
}

void TestAgents::parameterCountsMatchPlan_data() {
    QTest::addColumn<AgentLevel>("level");
    QTest::addColumn<std::vector<std::vector<int>>>("groups");
    QTest::addColumn<SharedInit>("init");
    QTest::newRow("layers, same layer across agents")
        << AgentLevel::Layers << std::vector<std::vector<int>>{{0, 4}, {1, 5, 9}} << SharedInit::Mean;
    QTest::newRow("layers, across layers and agents")
        << AgentLevel::Layers << std::vector<std::vector<int>>{{0, 1, 2, 3, 4, 11}} << SharedInit::Medoid;
    QTest::newRow("layers, none") << AgentLevel::Layers << std::vector<std::vector<int>>{} << SharedInit::First;
    QTest::newRow("agents, two of three")
        << AgentLevel::Agents << std::vector<std::vector<int>>{{0, 2}} << SharedInit::Mean;
    QTest::newRow("agents, all") << AgentLevel::Agents << std::vector<std::vector<int>>{{0, 1, 2}}
                                 << SharedInit::Medoid;
}

void TestAgents::parameterCountsMatchPlan() {
    QFETCH(AgentLevel, level);
    QFETCH(std::vector<std::vector<int>>, groups);
    QFETCH(SharedInit, init);
    auto a = load({QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, a.names, level, groups, init);
    const int64_t one = a.models[0]->summary().parameters;
    QCOMPARE(plan.baselineParameters, 3 * one);
    QCOMPARE(systemParameterCount(a.view()), plan.baselineParameters);
    // Independent count of the saving: (members - 1) x the unit's tensors.
    int64_t block = 0;
    for (const auto& t : cks[0].tensors)
        if (t.name.rfind("transformer.h.0.", 0) == 0 && isParameterTensor(cks[0].config, t.name)) {
            int64_t n = 1;
            for (auto s : t.shape) n *= s;
            block += n;
        }
    int64_t saved = 0;
    for (const auto& g : groups)
        saved += static_cast<int64_t>(g.size() - 1) * (level == AgentLevel::Layers ? block : one);
    QCOMPARE(plan.sharedParameters, plan.baselineParameters - saved);
    SharedAgentsInfo info;
    const auto shared = makeSharedAgents(a.view(), plan, init, &info);
    QCOMPARE(info.parameters, plan.sharedParameters);
    std::vector<const Model*> v;
    for (const auto& m : shared) v.push_back(m.get());
    QCOMPARE(systemParameterCount(v), plan.sharedParameters);
    QCOMPARE(plan.baselineBytes, static_cast<uint64_t>(plan.baselineParameters) * 4u);
    QCOMPARE(plan.sharedBytes, static_cast<uint64_t>(plan.sharedParameters) * 4u);
    // The originals are untouched.
    QCOMPARE(systemParameterCount(a.view()), plan.baselineParameters);
}

// --init laco over agents: the shared tensors are the first agent's plus the
// sum of the others' differences from it, computed directly here.
void TestAgents::lacoInitValues() {
    auto a = load({QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Agents, {{0, 1, 2}}, SharedInit::Laco);
    const auto shared = makeSharedAgents(a.view(), plan, SharedInit::Laco);
    std::vector<std::vector<std::pair<std::string, torch::Tensor>>> orig;
    for (const auto& m : a.models) orig.push_back(m->impl().net->namedTensors());
    const auto got = shared[0]->impl().net->namedTensors();
    QCOMPARE(got.size(), orig[0].size());
    double maxDiff = 0, moved = 0;
    for (size_t k = 0; k < got.size(); ++k) {
        const auto first = orig[0][k].second.to(torch::kFloat64);
        const auto expect =
            first + (orig[1][k].second.to(torch::kFloat64) - first) + (orig[2][k].second.to(torch::kFloat64) - first);
        maxDiff = std::max(maxDiff, (got[k].second.to(torch::kFloat64) - expect).abs().max().item<double>());
        moved = std::max(moved, (expect - first).abs().max().item<double>());
    }
    QVERIFY2(maxDiff < 1e-6, qPrintable(QString::number(maxDiff)));
    QVERIFY(moved > 1e-3); // the rule is not the first agent's own value
}

void TestAgents::sharedUnitsAreOneTensor() {
    auto a = load({QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    // (base, 1), (near, 1) and (far, 3) share; mean init.
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Layers, {{1, 5, 11}});
    const auto shared = makeSharedAgents(a.view(), plan, SharedInit::Mean);
    auto t = [&](int agent, int layer) {
        return shared[static_cast<size_t>(agent)]->impl().net->block(layer)->tensors();
    };
    const auto w0 = t(0, 1), w1 = t(1, 1), w2 = t(2, 3), own = t(0, 2);
    for (size_t k = 0; k < w0.size(); ++k) {
        QCOMPARE(w0[k].unsafeGetTensorImpl(), w1[k].unsafeGetTensorImpl());
        QCOMPARE(w0[k].unsafeGetTensorImpl(), w2[k].unsafeGetTensorImpl());
        QVERIFY(own[k].unsafeGetTensorImpl() != w0[k].unsafeGetTensorImpl());
        // Mean of the three members.
        auto mean = (a.models[0]->impl().net->block(1)->tensors()[k] + a.models[1]->impl().net->block(1)->tensors()[k] +
                     a.models[2]->impl().net->block(3)->tensors()[k]) /
                    3.0;
        QVERIFY((w0[k] - mean).abs().max().item<double>() < 1e-6);
    }
    // Writing through one agent changes the others.
    {
        torch::NoGradGuard ng;
        w0[0].add_(1.0);
    }
    QVERIFY((w2[0] - w1[0]).abs().max().item<double>() == 0.0);
    // Agents level: one model for the group.
    const auto planA = makeAgentPlan(cks, a.names, AgentLevel::Agents, {{0, 2}});
    const auto sharedA = makeSharedAgents(a.view(), planA, SharedInit::First);
    QCOMPARE(sharedA[0].get(), sharedA[2].get());
    QVERIFY(sharedA[1].get() != sharedA[0].get());
    QCOMPARE(sharedA[0]->logits({1, 2, 3}), a.models[0]->logits({1, 2, 3}));
}

void TestAgents::sharingIdenticalUnitsKeepsLogits() {
    // base and clone are the same weights: sharing every (base, l) with (clone, l)
    // under mean init changes nothing, and the system stores one set of blocks.
    auto a = load({QStringLiteral("base"), QStringLiteral("clone")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Layers, {{0, 4}, {1, 5}, {2, 6}, {3, 7}});
    const auto shared = makeSharedAgents(a.view(), plan, SharedInit::Mean);
    const std::vector<int32_t> ids{3, 1, 4, 1, 5, 9, 2, 6};
    for (size_t k = 0; k < 2; ++k) {
        const auto x = shared[k]->logits(ids), y = a.models[k]->logits(ids);
        double m = 0;
        for (size_t i = 0; i < x.size(); ++i) m = std::max(m, std::abs(static_cast<double>(x[i]) - y[i]));
        QVERIFY2(m < 1e-5, qPrintable(QString::number(m)));
    }
}

void TestAgents::planJsonRoundTrip() {
    auto a = load({QStringLiteral("base"), QStringLiteral("near")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Layers, {{0, 4}, {2, 3, 7}}, SharedInit::Medoid);
    const auto back = agentPlanFromJson(agentPlanToJson(plan), "plan.json");
    QCOMPARE(back.agents, plan.agents);
    QCOMPARE(back.layers, plan.layers);
    QCOMPARE(back.units.size(), plan.units.size());
    QCOMPARE(back.units[6].name, std::string("near/block2"));
    QCOMPARE(back.groups.size(), plan.groups.size());
    for (size_t g = 0; g < plan.groups.size(); ++g) {
        QCOMPARE(back.groups[g].members, plan.groups[g].members);
        QCOMPARE(back.groups[g].init, SharedInit::Medoid);
    }
    QCOMPARE(back.sharedParameters, plan.sharedParameters);
    const auto bad = testutil::errorOf([] { agentPlanFromJson(R"({"units": [], "groups": []})", "p.json"); });
    QVERIFY(bad);
    QVERIFY(QString::fromStdString(bad->what()).startsWith(QStringLiteral("p.json: agents sharing plan:")));

    // Numbers that do not fit their field are refused with the field's name
    // (a floating-point value was cast to int: undefined behaviour).
    QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(agentPlanToJson(plan))).object();
    const struct {
        const char* edit;
        QJsonValue value;
        const char* message;
    } rows[] = {
        {"layers", 1e30, "agents sharing plan: \"layers\" must be an integer from -2147483648 to 2147483647"},
        {"layers", 0, "agents sharing plan: \"layers\" must be at least 1"},
        {"agent", -1e20, "agents sharing plan: \"agent\" must be an integer"},
        {"members", 2.5e10, "agents sharing plan: \"members\" must be an integer"},
        {"bytes_per_parameter", 4.0e12, "agents sharing plan: \"bytes_per_parameter\" must be an integer"},
    };
    for (const auto& row : rows) {
        QJsonObject e = j;
        const QString key = QString::fromLatin1(row.edit);
        if (key == QLatin1String("agent")) {
            QJsonArray units = e[QStringLiteral("units")].toArray();
            QJsonObject u = units[0].toObject();
            u[key] = row.value;
            units[0] = u;
            e[QStringLiteral("units")] = units;
        } else if (key == QLatin1String("members")) {
            QJsonArray groups = e[QStringLiteral("groups")].toArray();
            QJsonObject g = groups[0].toObject();
            g[key] = QJsonArray{row.value};
            groups[0] = g;
            e[QStringLiteral("groups")] = groups;
        } else {
            e[key] = row.value;
        }
        const std::string text = QJsonDocument(e).toJson().toStdString();
        const auto err = testutil::errorOf([&] { agentPlanFromJson(text, "p.json"); });
        QVERIFY2(err, row.edit);
        QVERIFY2(QString::fromStdString(err->what()).contains(QString::fromUtf8(row.message)), err->what());
    }
}

void TestAgents::rejectsPlansThatDoNotFit() {
    auto a = load({QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    QVERIFY(testutil::errorOf([&] { makeAgentPlan(cks, a.names, AgentLevel::Layers, {{0, 12}}); }));
    QVERIFY(testutil::errorOf([&] { makeAgentPlan(cks, a.names, AgentLevel::Layers, {{0, 1}, {1, 2}}); }));
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Layers, {{0, 4}});
    auto two = a.view();
    two.pop_back();
    const auto err = testutil::errorOf([&] { makeSharedAgents(two, plan, SharedInit::Mean); });
    QVERIFY(err);
    QVERIFY2(QString::fromStdString(err->what()).contains(QStringLiteral("made for 3 agents")), err->what());
}

void TestAgents::sharedFinetuneLowersEveryAgentsLoss() {
    auto a = load({QStringLiteral("base"), QStringLiteral("near"), QStringLiteral("far")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Layers, {{0, 4}, {1, 5}, {2, 6}, {3, 7}});
    SharedAgentsInfo info;
    auto shared = makeSharedAgents(a.view(), plan, SharedInit::Mean, &info);
    std::vector<AgentTokens> data;
    for (size_t k = 0; k < 3; ++k) data.push_back({textTokens(20000 * k, 6000), textTokens(20000 * k + 6000, 1200)});
    TrainOptions o;
    o.steps = 30;
    o.batchSize = 4;
    o.seqLen = 32;
    o.learningRate = 3e-3;
    o.evalEvery = 15;
    o.evalSequences = 8;
    std::vector<Model*> base, sh;
    for (auto& m : a.models) base.push_back(m.get());
    for (auto& m : shared) sh.push_back(m.get());
    int evals = 0;
    const auto r = trainAgentsPair(base, sh, data, o, {}, [&](PairRun, int, const EvalRecord&) { ++evals; });
    QVERIFY2(r.stop == StopReason::Completed, r.stopMessage.c_str());
    QCOMPARE(r.baseline.steps.size(), size_t(30));
    QCOMPARE(r.shared.steps.size(), size_t(30));
    QCOMPARE(evals, 2 * 3 * 3); // two systems, three agents, at steps 0, 15, 30
    for (size_t k = 0; k < 3; ++k) {
        for (const auto* ev : {&r.baselineAgentEvals[k], &r.sharedAgentEvals[k]}) {
            QCOMPARE(ev->size(), size_t(3));
            QVERIFY2(
                ev->back().loss < ev->front().loss,
                qPrintable(QStringLiteral("agent %1: %2 -> %3").arg(k).arg(ev->front().loss).arg(ev->back().loss)));
        }
        QCOMPARE(r.sharedAgentLoss[0].size(), size_t(3));
    }
    // Shared state is smaller by the plan's ratio on the shared tensors.
    QVERIFY(r.shared.steps.back().modelStateBytes < r.baseline.steps.back().modelStateBytes);
    const double pRatio = static_cast<double>(plan.sharedParameters) / static_cast<double>(plan.baselineParameters);
    const double sRatio = static_cast<double>(r.shared.steps.back().modelStateBytes) /
                          static_cast<double>(r.baseline.steps.back().modelStateBytes);
    QVERIFY2(std::abs(sRatio - pRatio) < 1e-9, qPrintable(QStringLiteral("%1 vs %2").arg(sRatio).arg(pRatio)));
    // Still tied after training.
    QCOMPARE(systemParameterCount({sh[0], sh[1], sh[2]}), info.parameters);
}

void TestAgents::trainingStopsOnCancel() {
    auto a = load({QStringLiteral("base"), QStringLiteral("far")});
    std::vector<Checkpoint> cks;
    for (const auto& m : a.models) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, a.names, AgentLevel::Agents, {{0, 1}});
    auto shared = makeSharedAgents(a.view(), plan, SharedInit::Mean);
    std::vector<AgentTokens> data(2, AgentTokens{textTokens(0, 3000), textTokens(3000, 600)});
    TrainOptions o;
    o.steps = 50;
    o.batchSize = 2;
    o.seqLen = 16;
    std::atomic<bool> cancel{false};
    int steps = 0;
    const auto r = trainAgentsPair(
        {a.models[0].get(), a.models[1].get()}, {shared[0].get(), shared[1].get()}, data, o,
        [&](PairRun, const StepRecord&) {
            if (++steps == 6) cancel = true;
        },
        {}, Progress({}, &cancel));
    QVERIFY(r.stop == StopReason::Cancelled);
    QCOMPARE(r.baseline.steps.size(), size_t(3));
    // Wrong counts are refused.
    QVERIFY(testutil::errorOf([&] {
        trainAgentsPair({a.models[0].get()}, {shared[0].get(), shared[1].get()}, data, o);
    }));
}

void TestAgents::cliAnalyzeAndFinetuneSeveralModels() {
    const QString out = dir(QStringLiteral("cli-out"));
    const QString ids = dir(QStringLiteral("cli-ids.json"));
    QVERIFY(testutil::writeFile(ids, reftest::idsJson(calibration(6, 24, 96, 11))));
    const auto r =
        testutil::runCli({QStringLiteral("analyze"), dir(QStringLiteral("base")), dir(QStringLiteral("near")),
                          dir(QStringLiteral("far")), QStringLiteral("--token-ids"), ids, QStringLiteral("--threshold"),
                          QStringLiteral("0.0001"), QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto j = testutil::readJson(out + QStringLiteral("/analysis.json"));
    QCOMPARE(j.value(QStringLiteral("level")).toString(), QStringLiteral("layers"));
    QCOMPARE(j.value(QStringLiteral("agents")).toArray().size(), 3);
    QCOMPARE(j.value(QStringLiteral("units")).toArray().size(), 12);
    QCOMPARE(j.value(QStringLiteral("units")).toArray()[5].toString(), QStringLiteral("near/block1"));
    QCOMPARE(j.value(QStringLiteral("similarity")).toArray().size(), 12);
    QCOMPARE(j.value(QStringLiteral("agent_similarity")).toArray().size(), 3);
    QCOMPARE(j.value(QStringLiteral("linkage")).toArray().size(), 11);
    QCOMPARE(j.value(QStringLiteral("weights")).toObject().value(QStringLiteral("layers")).toArray().size(), 4);
    const auto params = j.value(QStringLiteral("parameters")).toObject();
    const auto groups = j.value(QStringLiteral("groups")).toArray();
    QVERIFY(groups.size() < 12); // base and near share
    QVERIFY(params.value(QStringLiteral("shared")).toDouble() < params.value(QStringLiteral("baseline")).toDouble());
    for (const char* f :
         {"heatmap.png", "heatmap.svg", "heatmap.pdf", "dendrogram.png", "dendrogram.svg", "dendrogram.pdf"})
        QVERIFY2(QFile::exists(out + QStringLiteral("/") + QString::fromLatin1(f)), f);

    // Agents level, named agents.
    const QString outA = dir(QStringLiteral("cli-out-agents"));
    const auto ra =
        testutil::runCli({QStringLiteral("analyze"), dir(QStringLiteral("base")), dir(QStringLiteral("near")),
                          dir(QStringLiteral("far")), QStringLiteral("--token-ids"), ids, QStringLiteral("--level"),
                          QStringLiteral("agents"), QStringLiteral("--agent-names"), QStringLiteral("a,b,c"),
                          QStringLiteral("--threshold"), QStringLiteral("0.01"), QStringLiteral("--out"), outA});
    QVERIFY2(ra.exitCode == 0, ra.err.constData());
    const auto ja = testutil::readJson(outA + QStringLiteral("/analysis.json"));
    QCOMPARE(ja.value(QStringLiteral("units")).toArray(),
             (QJsonArray{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(ja.value(QStringLiteral("groups")).toArray(), (QJsonArray{QJsonArray{0, 1}, QJsonArray{2}}));

    // Fine-tune the layers plan, one text per agent.
    const QString text1 = dir(QStringLiteral("t1.txt")), text2 = dir(QStringLiteral("t2.txt"));
    const std::string all = readFile(testpaths::sourceStd("/resources/text/calibration.txt"));
    QVERIFY(testutil::writeFile(text1, QByteArray::fromStdString(all.substr(0, 4000))));
    QVERIFY(testutil::writeFile(text2, QByteArray::fromStdString(all.substr(4000, 4000))));
    const QString ft = dir(QStringLiteral("cli-ft"));
    // The random test models have a 96-token vocabulary and no tokenizer: use ids.
    const auto rf = testutil::runCli(
        {QStringLiteral("finetune"), dir(QStringLiteral("base")), dir(QStringLiteral("near")),
         dir(QStringLiteral("far")), QStringLiteral("--plan"), out + QStringLiteral("/analysis.json"),
         QStringLiteral("--token-ids"), ids, QStringLiteral("--steps"), QStringLiteral("4"), QStringLiteral("--batch"),
         QStringLiteral("2"), QStringLiteral("--seq-len"), QStringLiteral("8"), QStringLiteral("--val-fraction"),
         QStringLiteral("0.3"), QStringLiteral("--out"), ft});
    QVERIFY2(rf.exitCode == 0, rf.err.constData());
    const auto s = testutil::readJson(ft + QStringLiteral("/summary.json"));
    QCOMPARE(s.value(QStringLiteral("agents")).toArray().size(), 3);
    const auto agent0 = s.value(QStringLiteral("agents")).toArray()[0].toObject();
    QVERIFY(agent0.value(QStringLiteral("shared")).toObject().contains(QStringLiteral("validation_loss_after")));
    QCOMPARE(s.value(QStringLiteral("shared")).toObject().value(QStringLiteral("parameters")).toDouble(),
             params.value(QStringLiteral("shared")).toDouble());
    for (const char* f :
         {"metrics.csv", "validation.csv", "agent_loss.csv", "shared/base/model.safetensors", "shared/far/config.json"})
        QVERIFY2(QFile::exists(ft + QStringLiteral("/") + QString::fromLatin1(f)), f);
}

void TestAgents::cliErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString b = QStringLiteral("@base"), n = QStringLiteral("@near"), w = QStringLiteral("@wide");
    const QString ids = QStringLiteral("@ids");
    QTest::newRow("mismatch") << QStringList{QStringLiteral("analyze"), b, n, w, QStringLiteral("--token-ids"), ids}
                              << 1
                              << QStringLiteral("sharelens-cli: error: agent 3 (@wide): hidden_size 64, agent 1 has "
                                                "32; all agents must have the same architecture and shapes");
    QTest::newRow("bad level") << QStringList{QStringLiteral("analyze"),     b,   n,
                                              QStringLiteral("--token-ids"), ids, QStringLiteral("--level"),
                                              QStringLiteral("both")}
                               << 1
                               << QStringLiteral("sharelens-cli: error: --level must be layers or agents, got 'both'");
    QTest::newRow("level with one model")
        << QStringList{QStringLiteral("analyze"), b, QStringLiteral("--token-ids"), ids, QStringLiteral("--level"),
                       QStringLiteral("agents")}
        << 2 << QStringLiteral("sharelens-cli: --level needs several MODELs (agents mode)");
    QTest::newRow("unknown base")
        << QStringList{QStringLiteral("analyze"), b, n, QStringLiteral("--token-ids"), ids, QStringLiteral("--base"),
                       QStringLiteral("nobody")}
        << 1
        << QStringLiteral(
               "sharelens-cli: error: --base must name an agent (its name or its number 1..2), got 'nobody'");
    QTest::newRow("texts per agent")
        << QStringList{QStringLiteral("finetune"),
                       b,
                       n,
                       QStringLiteral("--plan"),
                       QStringLiteral("x.json"),
                       QStringLiteral("--token-ids"),
                       ids,
                       QStringLiteral("--token-ids"),
                       ids,
                       QStringLiteral("--token-ids"),
                       ids}
        << 2
        << QStringLiteral(
               "sharelens-cli: give --token-ids once for all agents or once per agent (2 MODELs, 3 --token-ids)");
}

void TestAgents::cliErrors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString ids = dir(QStringLiteral("err-ids.json"));
    QVERIFY(testutil::writeFile(ids, reftest::idsJson(calibration(2, 8, 96, 1))));
    auto subst = [&](QString s) {
        for (const char* name : {"base", "near", "wide"})
            s.replace(QStringLiteral("@") + QString::fromLatin1(name), dir(QString::fromLatin1(name)));
        return s.replace(QStringLiteral("@ids"), ids);
    };
    for (auto& a : args) a = subst(a);
    const auto r = testutil::runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    // Progress lines may come first; the reason is one line of its own.
    QStringList reasons;
    for (const auto& line : QString::fromUtf8(r.err).split(QLatin1Char('\n')))
        if (line.startsWith(QStringLiteral("sharelens-cli:"))) reasons << line;
    QCOMPARE(reasons, QStringList{subst(message)});
}

QTEST_GUILESS_MAIN(TestAgents)
#include "tst_agents.moc"
