// Shared models (sharelens/sharing.h) and trainPair (sharelens/trainer.h).
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <set>

#include "model/model_impl.h"
#include "model_testutil.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"
#include "sharelens/trainer.h"
#include "testutil.h"
#include "train/train_state.h"

#include <nlohmann/json.hpp>

using namespace sharelens;

Q_DECLARE_METATYPE(sharelens::SharedInit)

using modeltest::maxAbsDiff;

namespace {

const std::vector<int32_t> kIds{1, 5, 7, 9, 3, 2, 8, 40, 41, 42, 60, 61, 10, 11, 12, 13};

// Block tensors of position i as (relative name -> tensor).
std::map<std::string, torch::Tensor> blockTensors(const CausalLM& net, int i) {
    std::map<std::string, torch::Tensor> m;
    auto names = net.block(i)->tensorNames();
    auto ts = net.block(i)->tensors();
    for (size_t k = 0; k < names.size(); ++k) m[names[k]] = ts[k].detach();
    return m;
}

bool isNormName(const std::string& n) { return n.rfind("ln_", 0) == 0 || n.find("layernorm") != std::string::npos; }

ForwardContext gptContext(int64_t T) {
    ForwardContext ctx;
    ctx.seqLen = T;
    return ctx;
}

std::vector<int32_t> textTokens(size_t maxBytes) {
    const std::string text = readFile(testpaths::sourceStd("/resources/text/kjv-genesis-kings.txt"));
    std::vector<int32_t> ids;
    for (size_t i = 0; i < std::min(maxBytes, text.size()); ++i) ids.push_back(static_cast<unsigned char>(text[i]));
    return ids;
}

} // namespace

class TestSharing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tiedBlocksAreOneTensor();
    void optimizerHoldsOneStatePerSharedTensor();
    void uniqueParameterCountMatchesPlan_data();
    void uniqueParameterCountMatchesPlan();
    void initPolicies_data();
    void initPolicies();
    void privateNormsKeepMemberNorms();
    void fullRankDeltaReproducesOriginal_data();
    void fullRankDeltaReproducesOriginal();
    void rankZeroIsPureSharing();
    void savedSharedModelReloads();
    void rejectsPlansThatDoNotFit();
    void shortFinetuneLowersBothValidationLosses();
    void pairStopsOnCancelAndNaN();
    void sublayerPlanTiesItsPartOnly_data();
    void sublayerPlanTiesItsPartOnly();
    void sublayerFinetuneKeepsTies_data();
    void sublayerFinetuneKeepsTies();

private:
    QString modelDir(const QString& family) const { return m_dir.path() + "/" + family; }
    QTemporaryDir m_dir;
};

void TestSharing::initTestCase() {
    QVERIFY(m_dir.isValid());
    torch::set_num_threads(1); // tiny models: threads only contend on a shared machine
    const QStringList common{"--layers", "4", "--hidden", "32", "--heads", "4", "--vocab", "256", "--positions", "128"};
    QVERIFY(testutil::makeCheckpoint(modelDir("gpt2"), QStringList{"--family", "gpt2", "--seed", "11"} + common));
    QVERIFY(testutil::makeCheckpoint(modelDir("llama"), QStringList{"--family", "llama", "--seed", "12"} + common));
    QVERIFY(testutil::makeCheckpoint(modelDir("gpt2-6"),
                                     {"--family", "gpt2", "--layers", "6", "--hidden", "32", "--vocab", "256"}));
}

void TestSharing::tiedBlocksAreOneTensor() {
    auto base = Model::load(modelDir("gpt2").toStdString());
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 2}});
    auto shared = makeSharedModel(*base, plan, {});
    auto& net = *shared->impl().net;
    QVERIFY(net.block(0) == net.block(1) && net.block(1) == net.block(2));
    QVERIFY(net.block(3) != net.block(0));
    // Every position's tensors are the same storage.
    auto named = net.namedTensors();
    std::map<std::string, const void*> ptr;
    for (auto& [n, t] : named) ptr[n] = t.data_ptr();
    for (const auto& rel : net.block(0)->tensorNames()) {
        QCOMPARE(ptr["transformer.h.1." + rel], ptr["transformer.h.0." + rel]);
        QCOMPARE(ptr["transformer.h.2." + rel], ptr["transformer.h.0." + rel]);
        QVERIFY(ptr["transformer.h.3." + rel] != ptr["transformer.h.0." + rel]);
    }
    // Changing the shared tensor changes every position's output alike.
    torch::NoGradGuard ng;
    auto x = torch::randn({1, 6, 32});
    auto ctx = gptContext(6);
    std::vector<torch::Tensor> before;
    for (int i = 0; i < 4; ++i) before.push_back(net.block(i)->forward(x, ctx));
    net.block(1)->parameters()[2].add_(0.05); // attn.c_attn.weight through position 1
    for (int i = 0; i < 3; ++i) {
        auto after = net.block(i)->forward(x, ctx);
        QVERIFY2((after - before[static_cast<size_t>(i)]).abs().max().item<double>() > 1e-4,
                 qPrintable(QString::number(i)));
    }
    QVERIFY((net.block(3)->forward(x, ctx) - before[3]).abs().max().item<double>() == 0.0);
    // The baseline is untouched by building or changing the shared model.
    QVERIFY(base->impl().net->block(0) != net.block(0));
    QVERIFY(maxAbsDiff(base->logits(kIds), Model::load(modelDir("gpt2").toStdString())->logits(kIds)) == 0.0);
}

void TestSharing::optimizerHoldsOneStatePerSharedTensor() {
    auto base = Model::load(modelDir("gpt2").toStdString());
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 2}});
    for (bool privateNorms : {false, true}) {
        ShareOptions so;
        so.privateNorms = privateNorms;
        so.deltaRank = privateNorms ? 2 : 0;
        auto shared = makeSharedModel(*base, plan, so);
        auto& net = *shared->impl().net;
        const auto unique = uniqueParameters(net);
        int64_t uniqueNumel = 0;
        for (const auto& t : unique) uniqueNumel += t.numel();
        QCOMPARE(uniqueNumel, net.uniqueParameterCount());
        TrainOptions o;
        o.steps = 2;
        o.seqLen = 16;
        o.batchSize = 2;
        {
            ModelTrainer trainer(net, o);
            auto ids = torch::randint(0, 256, {2, 17}, torch::kInt64);
            QVERIFY(std::isfinite(trainer.step(ids, 1e-3)));
            QCOMPARE(trainer.optimizerStates(), unique.size());
            // Parameter + gradient + two Adam moments, each tensor once, float32.
            QCOMPARE(trainer.modelStateBytes(), static_cast<uint64_t>(uniqueNumel) * 4u * 4u);
        }
        // The tied tensors are one: 12 block tensors shared by positions 0-2.
        if (!privateNorms) {
            const auto baseUnique = uniqueParameters(*base->impl().net).size();
            QCOMPARE(unique.size(), baseUnique - 2 * 12);
        }
    }
}

void TestSharing::uniqueParameterCountMatchesPlan_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("privateNorms");
    QTest::addColumn<int>("rank");
    QTest::newRow("gpt2-pure") << "gpt2" << false << 0;
    QTest::newRow("gpt2-private-norms") << "gpt2" << true << 0;
    QTest::newRow("gpt2-delta-2") << "gpt2" << false << 2;
    QTest::newRow("llama-pure") << "llama" << false << 0;
    QTest::newRow("llama-private-norms-delta-3") << "llama" << true << 3;
}

void TestSharing::uniqueParameterCountMatchesPlan() {
    QFETCH(QString, family);
    QFETCH(bool, privateNorms);
    QFETCH(int, rank);
    auto base = Model::load(modelDir(family).toStdString());
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 2, 3}}, SharedInit::Mean, privateNorms);
    QVERIFY(plan.sharedParameters < plan.baselineParameters);
    ShareOptions so;
    so.privateNorms = privateNorms;
    so.deltaRank = rank;
    SharedModelInfo info;
    auto shared = makeSharedModel(*base, plan, so, &info);
    QCOMPARE(info.parameters, shared->impl().net->uniqueParameterCount());
    QCOMPARE(shared->summary().parameters, info.parameters);
    // Independent count of the deltas: per member, r (d0 + d1) per shared
    // matrix and the length of each shared vector.
    int64_t expectDelta = 0;
    if (rank > 0) {
        for (const auto& [n, t] : blockTensors(*base->impl().net, 0)) {
            if (privateNorms && isNormName(n)) continue;
            expectDelta += t.dim() == 2 ? rank * (t.size(0) + t.size(1)) : t.numel();
        }
        expectDelta *= 3;
    }
    QCOMPARE(info.deltaParameters, expectDelta);
    QCOMPARE(info.parameters, plan.sharedParameters + expectDelta);
}

void TestSharing::initPolicies_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<SharedInit>("init");
    for (const char* f : {"gpt2", "llama"}) {
        QTest::addRow("%s-mean", f) << QString(f) << SharedInit::Mean;
        QTest::addRow("%s-first", f) << QString(f) << SharedInit::First;
        QTest::addRow("%s-medoid", f) << QString(f) << SharedInit::Medoid;
        QTest::addRow("%s-laco", f) << QString(f) << SharedInit::Laco;
    }
}

void TestSharing::initPolicies() {
    QFETCH(QString, family);
    QFETCH(SharedInit, init);
    auto base = Model::load(modelDir(family).toStdString());
    const std::vector<int> members{1, 2, 3};
    // Plan says "first"; the option overrides it (except for the first row, which uses the plan's).
    auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {members}, init);
    ShareOptions so;
    SharedModelInfo info;
    auto shared = makeSharedModel(*base, plan, so, &info);
    const auto& bnet = *base->impl().net;
    std::vector<std::map<std::string, torch::Tensor>> orig;
    for (int m : members) orig.push_back(blockTensors(bnet, m));
    // Medoid by an independent computation: smallest summed squared distance.
    size_t medoid = 0;
    double best = INFINITY;
    for (size_t a = 0; a < members.size(); ++a) {
        double s = 0;
        for (size_t b = 0; b < members.size(); ++b)
            for (auto& [n, t] : orig[a])
                s += (t.to(torch::kFloat64) - orig[b][n].to(torch::kFloat64)).pow(2).sum().item<double>();
        if (s < best) {
            best = s;
            medoid = a;
        }
    }
    if (init == SharedInit::Medoid) QCOMPARE(info.medoids.at(1), members[medoid]);
    for (int pos : members) {
        for (auto& [n, t] : blockTensors(*shared->impl().net, pos)) {
            torch::Tensor expect;
            const auto first = orig[0][n].to(torch::kFloat64);
            if (init == SharedInit::Mean)
                expect = (first + orig[1][n] + orig[2][n]) / 3.0;
            else if (init == SharedInit::Laco) // LaCo: theta_l + sum_k (theta_{l+k} - theta_l)
                expect = first + (orig[1][n].to(torch::kFloat64) - first) + (orig[2][n].to(torch::kFloat64) - first);
            else
                expect = orig[init == SharedInit::First ? 0 : medoid][n].to(torch::kFloat64);
            const double d = (t.to(torch::kFloat64) - expect).abs().max().item<double>();
            QVERIFY2(d < 1e-6, qPrintable(QString::fromStdString(n) + " " + QString::number(d)));
        }
    }
    // Position 0 is a singleton: its own weights.
    for (auto& [n, t] : blockTensors(*shared->impl().net, 0)) QVERIFY(torch::equal(t, blockTensors(bnet, 0)[n]));
}

void TestSharing::privateNormsKeepMemberNorms() {
    for (const QString family : {"gpt2", "llama"}) {
        auto base = Model::load(modelDir(family).toStdString());
        const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 3}}, SharedInit::Mean, true);
        ShareOptions so;
        so.privateNorms = true;
        auto shared = makeSharedModel(*base, plan, so);
        auto& net = *shared->impl().net;
        QVERIFY(net.block(0) != net.block(1)); // thin wrappers
        int norms = 0;
        for (int pos : {0, 1, 3}) {
            auto mine = blockTensors(net, pos);
            auto orig = blockTensors(*base->impl().net, pos);
            auto first = blockTensors(net, 0);
            for (auto& [n, t] : mine) {
                if (isNormName(n)) {
                    QVERIFY2(torch::equal(t, orig[n]), n.c_str());
                    ++norms;
                } else {
                    QCOMPARE(t.data_ptr(), first[n].data_ptr()); // the shared tensor itself
                }
            }
        }
        QCOMPARE(norms, 3 * (family == "gpt2" ? 4 : 2));
    }
}

void TestSharing::fullRankDeltaReproducesOriginal_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("privateNorms");
    QTest::newRow("gpt2") << "gpt2" << false;
    QTest::newRow("gpt2-private-norms") << "gpt2" << true;
    QTest::newRow("llama") << "llama" << false;
}

void TestSharing::fullRankDeltaReproducesOriginal() {
    QFETCH(QString, family);
    QFETCH(bool, privateNorms);
    auto base = Model::load(modelDir(family).toStdString());
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 2, 3}});
    const auto want = base->logits(kIds);
    ShareOptions so;
    so.privateNorms = privateNorms;
    so.deltaRank = 128; // >= every matrix's rank
    auto full = makeSharedModel(*base, plan, so);
    QVERIFY(maxAbsDiff(full->logits(kIds), want) < 1e-4);
    so.deltaRank = 0;
    auto pure = makeSharedModel(*base, plan, so);
    const double pureErr = maxAbsDiff(pure->logits(kIds), want);
    QVERIFY(pureErr > 1e-3); // sharing really changed the model
    so.deltaRank = 4;
    auto low = makeSharedModel(*base, plan, so);
    QVERIFY(maxAbsDiff(low->logits(kIds), want) > 1e-4);
}

void TestSharing::rankZeroIsPureSharing() {
    auto base = Model::load(modelDir("gpt2").toStdString());
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1}, {2, 3}});
    ShareOptions zero;
    zero.deltaRank = 0;
    SharedModelInfo info;
    auto a = makeSharedModel(*base, plan, zero, &info);
    QCOMPARE(info.deltaParameters, int64_t{0});
    QCOMPARE(info.parameters, plan.sharedParameters);
    // Pure sharing computed by hand: each group's blocks replaced by the mean.
    auto ref = Model::load(modelDir("gpt2").toStdString());
    {
        torch::NoGradGuard ng;
        auto& rn = *ref->impl().net;
        for (auto g : std::vector<std::pair<int, int>>{{0, 1}, {2, 3}}) {
            auto p0 = rn.block(g.first)->parameters(), p1 = rn.block(g.second)->parameters();
            for (size_t k = 0; k < p0.size(); ++k) {
                auto m = (p0[k] + p1[k]) / 2;
                p0[k].copy_(m);
                p1[k].copy_(m);
            }
        }
    }
    QVERIFY(maxAbsDiff(a->logits(kIds), ref->logits(kIds)) < 1e-5);
}

void TestSharing::savedSharedModelReloads() {
    auto base = Model::load(modelDir("gpt2").toStdString());
    const auto plan = makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1, 2}}, SharedInit::Mean, true);
    ShareOptions so;
    so.privateNorms = true;
    so.deltaRank = 2;
    auto shared = makeSharedModel(*base, plan, so);
    QTemporaryDir out;
    shared->save(out.path().toStdString(), DType::F32);
    auto back = Model::load(out.path().toStdString());
    QCOMPARE(back->config().numLayers, 4);
    QVERIFY(maxAbsDiff(back->logits(kIds), shared->logits(kIds)) < 1e-5);
}

void TestSharing::rejectsPlansThatDoNotFit() {
    auto base = Model::load(modelDir("gpt2").toStdString());
    auto other = Model::load(modelDir("gpt2-6").toStdString());
    auto check = [&](const Model& m, const SharingPlan& p, const ShareOptions& o, const char* words) {
        try {
            makeSharedModel(m, p, o);
        } catch (const Error& e) {
            return QString(e.what()).contains(words);
        }
        return false;
    };
    const auto plan6 = makePlan(other->checkpoint(), UnitKind::Blocks, {{0, 1}});
    QVERIFY(check(*base, plan6, {}, "another model"));
    // A plan that joins attention with MLP (written by hand: makePlan and
    // planFromJson refuse it too) is refused.
    auto mixed = makePlan(base->checkpoint(), UnitKind::Sublayers, {{0, 2}});
    mixed.groups = {{{0, 1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}};
    QVERIFY(check(*base, mixed, {}, "attn 0 with mlp 0"));
    try {
        makePlan(base->checkpoint(), UnitKind::Sublayers, {{2, 4}, {1, 3, 6}});
        QFAIL("makePlan accepted a group of attention and MLP");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::PlanMixesUnitKinds);
        QCOMPARE(QString(e.what()), QString("group 1 joins mlp 0 with attn 3; units of different kinds or shapes "
                                            "cannot share parameters. Make groups of one kind each."));
    }
    auto json = nlohmann::json::parse(planToJson(makePlan(base->checkpoint(), UnitKind::Sublayers, {})));
    json["groups"] = nlohmann::json::array({nlohmann::json{{"members", {0, 1}}}});
    try {
        planFromJson(json.dump(), "plan.json");
        QFAIL("planFromJson accepted a group of attention and MLP");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::PlanMixesUnitKinds);
        QCOMPARE(QString::fromStdString(e.path()), QString("plan.json"));
    }
    ShareOptions neg;
    neg.deltaRank = -1;
    QVERIFY(check(*base, makePlan(base->checkpoint(), UnitKind::Blocks, {{0, 1}}), neg, "rank"));
}

void TestSharing::shortFinetuneLowersBothValidationLosses() {
    auto baseline = Model::load(modelDir("gpt2").toStdString());
    const auto plan = makePlan(baseline->checkpoint(), UnitKind::Blocks, {{0, 1}, {2, 3}});
    auto shared = makeSharedModel(*baseline, plan, {});
    const auto ids = textTokens(120000);
    const std::vector<int32_t> train(ids.begin(), ids.begin() + 100000), val(ids.begin() + 100000, ids.end());
    TrainOptions o;
    o.steps = 30;
    o.batchSize = 4;
    o.seqLen = 48;
    o.learningRate = 3e-3;
    o.minLearningRate = 3e-4;
    o.evalEvery = 10;
    std::vector<int> stepsSeen(2, 0);
    auto r = trainPair(*baseline, *shared, train, val, o, [&](PairRun run, const StepRecord& s) {
        ++stepsSeen[static_cast<size_t>(run)];
        Q_UNUSED(s);
    });
    QVERIFY(r.stop == StopReason::Completed);
    QCOMPARE(stepsSeen[0], 30);
    QCOMPARE(stepsSeen[1], 30);
    for (const TrainResult* run : {&r.baseline, &r.shared}) {
        QCOMPARE(run->steps.size(), size_t{30});
        QCOMPARE(run->evals.size(), size_t{4}); // before, 10, 20, 30
        QCOMPARE(run->evals.front().step, 0);
        QVERIFY2(run->evals.back().loss < run->evals.front().loss - 0.3,
                 qPrintable(QString("%1 -> %2").arg(run->evals.front().loss).arg(run->evals.back().loss)));
        for (const auto& s : run->steps) {
            QVERIFY(s.tokensPerSecond > 0 && s.stepSeconds > 0);
            QVERIFY(s.peakRssBytes > 0);
        }
    }
    // Exact model state: 4 float32 copies (value, gradient, two moments) of the unique parameters.
    QCOMPARE(r.baseline.steps.back().modelStateBytes, static_cast<uint64_t>(baseline->summary().parameters) * 16u);
    QCOMPARE(r.shared.steps.back().modelStateBytes, static_cast<uint64_t>(plan.sharedParameters) * 16u);
    // Trained models are left frozen in eval mode and still share.
    QVERIFY(shared->impl().net->block(0) == shared->impl().net->block(1));
    for (const auto& p : shared->impl().net->parameters()) QVERIFY(!p.requires_grad());
}

void TestSharing::pairStopsOnCancelAndNaN() {
    auto baseline = Model::load(modelDir("gpt2").toStdString());
    const auto plan = makePlan(baseline->checkpoint(), UnitKind::Blocks, {{0, 1}});
    auto shared = makeSharedModel(*baseline, plan, {});
    const auto ids = textTokens(20000);
    const std::vector<int32_t> train(ids.begin(), ids.begin() + 15000), val(ids.begin() + 15000, ids.end());
    TrainOptions o;
    o.steps = 50;
    o.batchSize = 2;
    o.seqLen = 32;
    o.evalEvery = 0;
    std::atomic<bool> cancel{false};
    Progress progress(nullptr, &cancel);
    auto r = trainPair(
        *baseline, *shared, train, val, o,
        [&](PairRun run, const StepRecord& s) {
            if (run == PairRun::Shared && s.step == 3) cancel = true;
        },
        {}, progress);
    QVERIFY(r.stop == StopReason::Cancelled);
    QCOMPARE(r.shared.steps.size(), size_t{3});
    QCOMPARE(r.baseline.steps.size(), size_t{3});

    // A NaN weight in the shared model stops both with a message.
    {
        torch::NoGradGuard ng;
        shared->impl().net->block(0)->parameters()[2].fill_(std::nan(""));
    }
    r = trainPair(*baseline, *shared, train, val, o);
    QVERIFY(r.stop == StopReason::NonFinite);
    QVERIFY2(r.stopMessage.find("shared") != std::string::npos && r.stopMessage.find("NaN") != std::string::npos,
             r.stopMessage.c_str());
    QVERIFY(r.shared.steps.empty());
    QVERIFY(r.baseline.steps.size() <= 1);

    TrainOptions zero = o;
    zero.steps = 0;
    QVERIFY_THROWS_EXCEPTION(Error, trainPair(*baseline, *shared, train, val, zero));
}

namespace {

// Parameters of one sub-layer (attention or MLP with its norm) of block 0,
// counted from the checkpoint's tensor shapes.
int64_t handCount(const Checkpoint& ck, const std::string& prefix, bool attention) {
    int64_t n = 0;
    for (const auto& t : ck.tensors) {
        if (t.name.rfind(prefix, 0) != 0) continue;
        const std::string rel = t.name.substr(prefix.size());
        const bool isAttn = rel.rfind("ln_1", 0) == 0 || rel.rfind("attn.", 0) == 0 ||
                            rel.rfind("input_layernorm", 0) == 0 || rel.rfind("self_attn.", 0) == 0;
        if (isAttn != attention) continue;
        int64_t e = 1;
        for (auto d : t.shape) e *= d;
        n += e;
    }
    return n;
}

// TensorImpls of the block tensors of position l of one part (attention when
// `attention`), by relative name.
std::map<std::string, const void*> partImpls(const CausalLM& net, int l, bool attention) {
    std::map<std::string, const void*> m;
    const auto names = net.block(l)->tensorNames();
    const auto ts = net.block(l)->tensors();
    for (size_t k = 0; k < names.size(); ++k) {
        const std::string& n = names[k];
        const bool isAttn = n.rfind("ln_1", 0) == 0 || n.rfind("attn.", 0) == 0 || n.rfind("input_layernorm", 0) == 0 ||
                            n.rfind("self_attn.", 0) == 0;
        if (isAttn == attention) m[n] = ts[k].unsafeGetTensorImpl();
    }
    return m;
}

// Sub-layer units: 2l is attention of block l, 2l + 1 its MLP.
const std::vector<std::vector<int>> kSublayerGroups{{0, 2, 4}, {3, 5}};

} // namespace

void TestSharing::sublayerPlanTiesItsPartOnly_data() {
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
}

// attn 0-2 tied, mlp 1-2 tied: those tensors are one; nothing else is;
// savings per kind are (members - 1) x the sub-layer's hand-counted size.
void TestSharing::sublayerPlanTiesItsPartOnly() {
    QFETCH(QString, family);
    auto base = Model::load(modelDir(family).toStdString());
    const auto& ck = base->checkpoint();
    const auto plan = makePlan(ck, UnitKind::Sublayers, kSublayerGroups);
    const std::string prefix = base->impl().net->blockPrefix(0);
    const int64_t attn = handCount(ck, prefix, true), mlp = handCount(ck, prefix, false);
    QVERIFY(attn > 0 && mlp > 0 && attn != mlp);
    std::map<std::string, int64_t> savedByKind;
    for (const auto& g : plan.groups) savedByKind[plan.units[size_t(g.members.front())].part] += g.savedParameters;
    QCOMPARE(savedByKind["attn"], 2 * attn);
    QCOMPARE(savedByKind["mlp"], 1 * mlp);
    QCOMPARE(plan.sharedParameters, plan.baselineParameters - 2 * attn - mlp);

    SharedModelInfo info;
    auto shared = makeSharedModel(*base, plan, {}, &info);
    const auto& net = *shared->impl().net;
    QCOMPARE(info.parameters, plan.sharedParameters);
    QCOMPARE(net.uniqueParameterCount(), plan.sharedParameters);
    QCOMPARE(partImpls(net, 1, true), partImpls(net, 0, true));
    QCOMPARE(partImpls(net, 2, true), partImpls(net, 0, true));
    QCOMPARE(partImpls(net, 2, false), partImpls(net, 1, false));
    for (const auto& [n, impl] : partImpls(net, 3, true)) QVERIFY(partImpls(net, 0, true)[n] != impl);
    for (const auto& [n, impl] : partImpls(net, 0, false)) QVERIFY(partImpls(net, 1, false)[n] != impl);
    // Mean init: the shared attention is the mean of the three members'.
    const auto b0 = blockTensors(*base->impl().net, 0), b1 = blockTensors(*base->impl().net, 1),
               b2 = blockTensors(*base->impl().net, 2), s1 = blockTensors(net, 1), s3 = blockTensors(net, 3);
    for (const auto& [n, impl] : partImpls(net, 0, true)) {
        QVERIFY(torch::allclose(s1.at(n), (b0.at(n) + b1.at(n) + b2.at(n)) / 3, 1e-5, 1e-6));
        QVERIFY(torch::equal(s3.at(n), blockTensors(*base->impl().net, 3).at(n)));
    }
    // A compact checkpoint of it loads back with the same outputs and sharing.
    QTemporaryDir out;
    saveCompact(*shared, out.path().toStdString() + "/compact", DType::F32, {});
    auto back = Model::load(out.path().toStdString() + "/compact");
    QVERIFY(maxAbsDiff(back->logits(kIds), shared->logits(kIds)) < 1e-5);
    QCOMPARE(back->summary().parameters, plan.sharedParameters);
}

void TestSharing::sublayerFinetuneKeepsTies_data() { sublayerPlanTiesItsPartOnly_data(); }

// A few fine-tuning steps of a sub-layer plan: the tied sub-layers stay one
// tensor each (so equal), and training moved them.
void TestSharing::sublayerFinetuneKeepsTies() {
    QFETCH(QString, family);
    auto baseline = Model::load(modelDir(family).toStdString());
    const auto plan = makePlan(baseline->checkpoint(), UnitKind::Sublayers, kSublayerGroups, SharedInit::Medoid);
    auto shared = makeSharedModel(*baseline, plan, {});
    std::map<std::string, torch::Tensor> before;
    for (const auto& [n, t] : blockTensors(*shared->impl().net, 0)) before[n] = t.clone();
    const auto ids = textTokens(20000);
    const std::vector<int32_t> train(ids.begin(), ids.begin() + 15000), val(ids.begin() + 15000, ids.end());
    TrainOptions o;
    o.steps = 3;
    o.batchSize = 2;
    o.seqLen = 32;
    o.evalEvery = 0;
    const auto r = trainPair(*baseline, *shared, train, val, o);
    QVERIFY(r.stop == StopReason::Completed);
    QCOMPARE(r.shared.steps.size(), size_t{3});
    const auto& net = *shared->impl().net;
    QCOMPARE(partImpls(net, 2, true), partImpls(net, 0, true));
    QCOMPARE(partImpls(net, 2, false), partImpls(net, 1, false));
    const auto t0 = blockTensors(net, 0), t2 = blockTensors(net, 2);
    double moved = 0;
    for (const auto& [n, impl] : partImpls(net, 0, true)) {
        QVERIFY(torch::equal(t0.at(n), t2.at(n)));
        moved = std::max(moved, (t0.at(n) - before.at(n)).abs().max().item<double>());
    }
    QVERIFY(moved > 0);
    QCOMPARE(net.uniqueParameterCount(), plan.sharedParameters);
}

QTEST_GUILESS_MAIN(TestSharing)
#include "tst_sharing.moc"
