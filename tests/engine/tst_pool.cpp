// The shared-pool export of a multi-agent system (sharelens/export.h,
// exportAgentPool). Agents are made here (a random base, variants perturbed
// by known amounts, and an unrelated model); the tied system of a plan is
// exported and reopened agent by agent and as a whole; the references are
// the tied system itself (F32) and the single-agent compact export (F16).
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <set>

#include "errortest.h"
#include "model/model_impl.h"
#include "sharelens/agents.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/safetensors.h"
#include "safetensorsedit.h"
#include "testutil.h"

using namespace sharelens;

Q_DECLARE_METATYPE(sharelens::AgentLevel)
Q_DECLARE_METATYPE(sharelens::DType)
Q_DECLARE_METATYPE(std::vector<std::vector<int>>)

namespace {

using testutil::readAll;

const std::vector<int32_t> kIds{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4};

std::string str(const QString& s) { return s.toStdString(); }

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size() || a.empty()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(static_cast<double>(a[i]) - b[i]));
    return m;
}

// Bytes of the tensors a safetensors file stores (its data section).
uint64_t tensorBytes(const std::string& file) {
    uint64_t n = 0;
    for (const auto& t : readSafetensorsHeader(file).tensors) n += t.end - t.begin;
    return n;
}


// Every file under `dir` with its bytes, to show a folder is unchanged.
QMap<QString, QByteArray> snapshot(const QString& dir) {
    QMap<QString, QByteArray> m;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        m[p.mid(dir.size())] = readAll(p);
    }
    return m;
}

// (3) The pool holds each tensor two or more agents use, once: per group
// whose members belong to two or more agents, one block (layers) or one
// whole model (agents) -- counted from the plan, not from the export.
void checkStoredOnce(const AgentSharingPlan& p, const PoolExportResult& r, const std::string& out,
                     const std::vector<std::string>& names, uint64_t elem) {
    int64_t pooled = 0;
    for (const auto& g : p.groups) {
        std::set<int> owners;
        for (int u : g.members) owners.insert(p.units[static_cast<size_t>(u)].agent);
        if (owners.size() >= 2) pooled += g.sharedParameters;
    }
    const std::string poolFile = out + "/pool.safetensors";
    QCOMPARE(r.poolParameters, pooled);
    QCOMPARE(tensorBytes(poolFile), static_cast<uint64_t>(pooled) * elem);
    uint64_t all = tensorBytes(poolFile);
    for (size_t k = 0; k < names.size(); ++k) {
        const std::string f = out + "/" + names[k] + "/model.safetensors";
        QCOMPARE(tensorBytes(f), static_cast<uint64_t>(r.agentParameters[k]) * elem);
        all += tensorBytes(f);
    }
    // The whole export stores the plan's system once; headers are small.
    QCOMPARE(all, static_cast<uint64_t>(p.sharedParameters) * elem);
    QVERIFY(r.poolFileBytes - r.poolTensorBytes < 64 * 1024);
    qInfo("pool %llu bytes (%lld parameters); agent files %llu..%llu bytes; plan system %lld of %lld parameters",
          static_cast<unsigned long long>(r.poolFileBytes), static_cast<long long>(r.poolParameters),
          static_cast<unsigned long long>(*std::min_element(r.agentFileBytes.begin(), r.agentFileBytes.end())),
          static_cast<unsigned long long>(*std::max_element(r.agentFileBytes.begin(), r.agentFileBytes.end())),
          static_cast<long long>(p.sharedParameters), static_cast<long long>(p.baselineParameters));
}

// References: the tied system itself in F32; in F16/BF16 the same agent
// written alone as a compact checkpoint of that dtype and reopened.
void referenceLogits(const std::vector<const Model*>& system, const std::vector<std::string>& names,
                     const std::string& out, DType storage, std::vector<std::vector<float>>& want) {
    want.assign(system.size(), {});
    for (size_t k = 0; k < system.size(); ++k) {
        if (storage == DType::F32) {
            want[k] = system[k]->logits(kIds);
        } else {
            const std::string ref = out + "-ref-" + names[k];
            saveCompact(*system[k], ref, storage);
            want[k] = Model::load(ref)->logits(kIds);
            QVERIFY(maxAbsDiff(want[k], system[k]->logits(kIds)) > 0); // the rounding is real
        }
    }
}

// (1) Each agent alone.
void checkAgentsAlone(const std::vector<const Model*>& system, const std::vector<std::string>& names,
                      const PoolExportResult& r, const std::string& out, const std::vector<std::vector<float>>& want) {
    for (size_t k = 0; k < system.size(); ++k) {
        auto m = Model::load(out + "/" + names[k]);
        const double d = maxAbsDiff(m->logits(kIds), want[k]);
        QVERIFY2(d == 0.0, qPrintable(QStringLiteral("agent %1 alone: max |diff| %2").arg(k).arg(d)));
        QCOMPARE(m->checkpoint().poolFile, out + "/pool.safetensors");
        QCOMPARE(m->checkpoint().poolId, r.poolId);
        // Alone it has every parameter of the agent (pool and own).
        QCOMPARE(m->summary().parameters, system[k]->summary().parameters);
        QCOMPARE(summarize(m->checkpoint()).parameters, system[k]->summary().parameters);
    }
}

// (2) The whole system from the export folder: same names, same logits,
// each pool tensor one tensor, the plan's system parameter count.
void checkReopenedSystem(const AgentSharingPlan& p, AgentLevel level, const std::vector<std::string>& names,
                         const PoolExportResult& r, const std::string& out, DType storage,
                         const std::vector<std::vector<float>>& want, std::string& systemPoolFile) {
    auto again = loadAgents({out});
    QCOMPARE(again.names, names);
    systemPoolFile = again.models[0]->checkpoint().poolFile;
    const auto view = again.view();
    for (size_t k = 0; k < want.size(); ++k) {
        const double d = maxAbsDiff(view[k]->logits(kIds), want[k]);
        QVERIFY2(d == 0.0, qPrintable(QStringLiteral("agent %1 in the system: max |diff| %2").arg(k).arg(d)));
    }
    QCOMPARE(systemParameterCount(view), p.sharedParameters);
    for (const auto& g : p.groups) {
        const auto& u0 = p.units[static_cast<size_t>(g.members.front())];
        for (int u : g.members) {
            const auto& pu = p.units[static_cast<size_t>(u)];
            for (int l = 0; l < (level == AgentLevel::Layers ? 1 : p.layers); ++l) {
                const auto x = view[static_cast<size_t>(u0.agent)]
                                   ->impl()
                                   .net->block(level == AgentLevel::Layers ? u0.layer : l)
                                   ->tensors();
                const auto y = view[static_cast<size_t>(pu.agent)]
                                   ->impl()
                                   .net->block(level == AgentLevel::Layers ? pu.layer : l)
                                   ->tensors();
                for (size_t t = 0; t < x.size(); ++t) QCOMPARE(x[t].data_ptr(), y[t].data_ptr());
            }
        }
    }
    // The reopened system exported again is the same pool, byte for byte.
    const auto r2 = exportAgentPool(view, again.names, out + "-again", storage, &p);
    QCOMPARE(r2.poolId, r.poolId);
    QCOMPARE(r2.agentFileBytes, r.agentFileBytes);
}

// The agent folders given one by one make the same system ...
void checkPathSpellings(const AgentSharingPlan& p, const std::vector<std::string>& names, const std::string& out,
                        const std::string& systemPoolFile) {
    std::vector<std::string> folders;
    for (const auto& n : names) folders.push_back(out + "/" + n);
    QCOMPARE(poolAgentFolders(out), folders);
    QCOMPARE(systemParameterCount(loadAgents(folders).view()), p.sharedParameters);
    // ... and so do the same folders reached through a symlink to the export
    // (one agent spelled through the link, one with "..", the rest directly):
    // the pool is one file however the path to it is written, so its tensors
    // are still loaded once and shared.
    const std::string link = out + "-link";
    std::filesystem::remove(link);
    std::filesystem::create_directory_symlink(out, link);
    std::vector<std::string> mixed = folders;
    mixed[0] = link + "/" + names[0];
    mixed[1] = out + "/" + names[0] + "/../" + names[1];
    const auto viaLink = loadAgents(mixed);
    QCOMPARE(systemParameterCount(viaLink.view()), p.sharedParameters);
    QCOMPARE(viaLink.models[0]->checkpoint().poolFile, systemPoolFile);
    // A symlinked agent folder finds the pool beside its target, not beside the link.
    const std::string lone = out + "-lone";
    std::filesystem::create_directories(lone);
    std::filesystem::remove(lone + "/agent");
    std::filesystem::create_directory_symlink(out + "/" + names[0], lone + "/agent");
    QCOMPARE(openCheckpoint(lone + "/agent").poolFile, out + "/pool.safetensors");
}

} // namespace

class TestPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void poolIdIsSha256OfData();
    void badPools_data();
    void badPools();
    void refusedExportsLeaveFolder();
    void cliExportAndEval();
    void cliFinetuneWritesPool();
    void cliInfoNamesPool();
    void cliRefusals();

private:
    QString dir(const QString& name) const { return m_dir.path() + "/" + name; }
    Agents load(const QStringList& names) const {
        std::vector<std::string> paths;
        for (const auto& n : names) paths.push_back(str(dir(n)));
        return loadAgents(paths);
    }
    AgentSharingPlan plan(const Agents& a, AgentLevel level, const std::vector<std::vector<int>>& groups) const {
        std::vector<Checkpoint> cks;
        for (const auto& m : a.models) cks.push_back(m->checkpoint());
        return makeAgentPlan(cks, a.names, level, groups);
    }
    // The tied system of `groups` over base, near and far, exported to `out`.
    std::vector<std::shared_ptr<Model>> exportSystem(const QString& out, const std::vector<std::vector<int>>& groups,
                                                     PoolExportResult* result = nullptr) const {
        auto a = load({"base", "near", "far"});
        const auto p = plan(a, AgentLevel::Layers, groups);
        auto shared = makeSharedAgents(a.view(), p, SharedInit::Mean);
        std::vector<const Model*> v;
        for (const auto& m : shared) v.push_back(m.get());
        const auto r = exportAgentPool(v, a.names, str(out), DType::F32, &p);
        if (result) *result = r;
        return shared;
    }
    void makeCliExport();
    AgentSharingPlan cliPlan() const;
    QTemporaryDir m_dir;
    bool m_cliReady = false;
    QString m_cliIds, m_cliAnalysis, m_cliPool;
};

void TestPool::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QStringList gpt2{"--family", "gpt2", "--layers", "4",  "--hidden",    "32",
                           "--heads",  "4",    "--vocab",  "96", "--positions", "64"};
    const QStringList llama{"--family", "llama", "--layers", "3",  "--hidden",    "32",
                            "--heads",  "4",     "--vocab",  "96", "--positions", "64"};
    QVERIFY(testutil::makeCheckpoint(dir("base"), gpt2 + QStringList{"--seed", "1"}));
    QVERIFY(testutil::makeCheckpoint(dir("far"), gpt2 + QStringList{"--seed", "7"}));
    QVERIFY(testutil::runPython("make_agent_variant.py",
                                {dir("base"), dir("near"), "--perturb", "all:0.001", "--seed", "3"}));
    QVERIFY(testutil::makeCheckpoint(dir("lbase"), llama + QStringList{"--seed", "2"}));
    QVERIFY(testutil::makeCheckpoint(dir("lfar"), llama + QStringList{"--seed", "9"}));
}

void TestPool::roundTrip_data() {
    QTest::addColumn<QStringList>("agents");
    QTest::addColumn<AgentLevel>("level");
    QTest::addColumn<std::vector<std::vector<int>>>("groups");
    QTest::addColumn<DType>("storage");
    using G = std::vector<std::vector<int>>;
    const QStringList three{"base", "near", "far"};
    QTest::newRow("layers, same layer across agents, f32")
        << three << AgentLevel::Layers << G{{0, 4}, {1, 5, 9}} << DType::F32;
    QTest::newRow("layers, across layers and agents, f32")
        << three << AgentLevel::Layers << G{{0, 1, 2, 3, 4, 11}} << DType::F32;
    QTest::newRow("layers, within one agent only, f32")
        << three << AgentLevel::Layers << G{{0, 1}, {6, 7}} << DType::F32;
    QTest::newRow("layers, f16") << three << AgentLevel::Layers << G{{0, 4}, {1, 5, 9}, {10, 11}} << DType::F16;
    QTest::newRow("agents, two of three, f32") << three << AgentLevel::Agents << G{{0, 2}} << DType::F32;
    QTest::newRow("agents, all, f16") << three << AgentLevel::Agents << G{{0, 1, 2}} << DType::F16;
    QTest::newRow("llama, layers, bf16") << QStringList{"lbase", "lfar"} << AgentLevel::Layers << G{{0, 3}, {1, 2, 5}}
                                         << DType::BF16;
}

void TestPool::roundTrip() {
    QFETCH(QStringList, agents);
    QFETCH(AgentLevel, level);
    QFETCH(std::vector<std::vector<int>>, groups);
    QFETCH(DType, storage);
    auto a = load(agents);
    const auto p = plan(a, level, groups);
    SharedAgentsInfo info;
    const auto shared = makeSharedAgents(a.view(), p, SharedInit::Mean, &info);
    QCOMPARE(info.parameters, p.sharedParameters);
    std::vector<const Model*> system;
    for (const auto& m : shared) system.push_back(m.get());
    const QString out = dir(QStringLiteral("rt-%1").arg(QTest::currentDataTag()).replace(' ', '_').replace(',', '_'));
    const auto r = exportAgentPool(system, a.names, str(out), storage, &p);

    checkStoredOnce(p, r, str(out), a.names, dtypeSize(storage));
    if (QTest::currentTestFailed()) return;
    std::vector<std::vector<float>> want;
    referenceLogits(system, a.names, str(out), storage, want);
    if (QTest::currentTestFailed()) return;
    checkAgentsAlone(system, a.names, r, str(out), want);
    if (QTest::currentTestFailed()) return;
    std::string systemPoolFile;
    checkReopenedSystem(p, level, a.names, r, str(out), storage, want, systemPoolFile);
    if (QTest::currentTestFailed()) return;
    checkPathSpellings(p, a.names, str(out), systemPoolFile);
}

void TestPool::poolIdIsSha256OfData() {
    PoolExportResult r1, r2;
    exportSystem(dir("id1"), {{0, 4}, {1, 5, 9}}, &r1);
    exportSystem(dir("id2"), {{2, 6, 10}}, &r2);
    for (const auto& [d, r] : {std::pair{dir("id1"), r1}, std::pair{dir("id2"), r2}}) {
        const QByteArray bytes = readAll(d + "/pool.safetensors");
        QVERIFY(bytes.size() > 8);
        uint64_t n = 0;
        for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes[i]);
        const QByteArray sha =
            QCryptographicHash::hash(bytes.mid(static_cast<qsizetype>(8 + n)), QCryptographicHash::Sha256).toHex();
        QCOMPARE(QString::fromLatin1(sha), QString::fromStdString(r.poolId));
        const auto md = readSafetensorsHeader(str(d) + "/pool.safetensors").metadata;
        QCOMPARE(md.at("sharelens.pool_id"), r.poolId);
        QCOMPARE(md.at("sharelens.format"), std::string(kPoolFormat));
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(md.at("sharelens.agents"))).array(),
                 (QJsonArray{"base", "near", "far"}));
        QVERIFY(md.count("sharelens.agents_plan"));
    }
    QVERIFY(r1.poolId != r2.poolId);
    // Writing the same system again gives the same pool (the id names the contents).
    PoolExportResult r3;
    exportSystem(dir("id3"), {{0, 4}, {1, 5, 9}}, &r3);
    QCOMPARE(r3.poolId, r1.poolId);
}

void TestPool::badPools_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("file");  // the file the message names, relative to the export
    QTest::addColumn<QString>("words"); // what it says
    QTest::newRow("pool missing") << "remove"
                                  << "pool.safetensors"
                                  << "is missing; keep the agent's folder beside pool.safetensors";
    QTest::newRow("pool truncated") << "truncate"
                                    << "pool.safetensors"
                                    << "truncated";
    QTest::newRow("pool of another export") << "other"
                                            << "pool.safetensors"
                                            << "comes from another export";
    QTest::newRow("pool key points outside") << "outside"
                                             << "near/model.safetensors"
                                             << "must be a file in the folder that holds the agent's folder";
    QTest::newRow("pool key absolute") << "absolute"
                                       << "near/model.safetensors"
                                       << "must be a file in the folder that holds the agent's folder";
    QTest::newRow("not a pool") << "format"
                                << "pool.safetensors"
                                << "is not a ShareLens shared pool";
    QTest::newRow("agents list damaged") << "agents"
                                         << "pool.safetensors"
                                         << "list of agents";
}

void TestPool::badPools() {
    QFETCH(QString, damage);
    QFETCH(QString, file);
    QFETCH(QString, words);
    const QString out = dir("bad-" + damage);
    exportSystem(out, {{0, 4}, {1, 5, 9}});
    const QString pool = out + "/pool.safetensors";
    const std::string agentFile = str(out) + "/near/model.safetensors";
    if (damage == "remove") {
        QVERIFY(QFile::remove(pool));
    } else if (damage == "truncate") {
        QFile f(pool);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
    } else if (damage == "other") {
        exportSystem(dir("bad-other-source"), {{2, 6, 10}});
        QVERIFY(QFile::remove(pool));
        QVERIFY(QFile::copy(dir("bad-other-source") + "/pool.safetensors", pool));
    } else if (damage == "outside") {
        testutil::rewriteMetadata(agentFile, {{"sharelens.pool", "../../pool.safetensors"}});
    } else if (damage == "absolute") {
        testutil::rewriteMetadata(agentFile, {{"sharelens.pool", str(pool)}});
    } else if (damage == "format") {
        testutil::rewriteMetadata(str(pool), {{"sharelens.format", "compact-v1"}});
    } else if (damage == "agents") {
        testutil::rewriteMetadata(str(pool), {{"sharelens.agents", "{\"base\": 1}"}});
    }
    const QString expectFile = out + "/" + file;
    if (damage != "agents") {
        // Opening the agent alone names the file and what to do.
        const auto e = testutil::errorOf([&] { Model::load(agentFile); });
        QVERIFY(e);
        QCOMPARE(QString::fromStdString(e->path()), expectFile);
        QVERIFY2(QString::fromStdString(e->detail()).contains(words), e->what());
        QVERIFY2(!QString::fromStdString(e->detail()).contains('\n'), e->what());
    }
    // So does opening the system: from the export folder (its pool names the
    // agents), or from the agent folders when the pool is gone.
    const std::vector<std::string> system =
        damage == "agents" ? std::vector<std::string>{str(out)}
                           : std::vector<std::string>{str(out) + "/base", str(out) + "/near", str(out) + "/far"};
    const auto e = testutil::errorOf([&] { loadAgents(system); });
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->path()), expectFile);
}

void TestPool::refusedExportsLeaveFolder() {
    const QString out = dir("keep");
    PoolExportResult first;
    exportSystem(out, {{0, 4}, {1, 5, 9}}, &first);
    const auto before = snapshot(out);
    QVERIFY(before.contains("/pool.safetensors"));
    QVERIFY(before.contains("/far/config.json"));
    auto a = load({"base", "near", "far"});
    const auto p = plan(a, AgentLevel::Layers, {{2, 6}});
    auto shared = makeSharedAgents(a.view(), p, SharedInit::Mean);
    std::vector<const Model*> v;
    for (const auto& m : shared) v.push_back(m.get());
    // Cancelled after the pool was written: nothing of it reaches the folder.
    std::atomic<bool> cancel{false};
    int reports = 0;
    Progress progress(
        [&](const ProgressInfo& i) {
            if (i.stageIndex >= 2 && ++reports == 2) cancel = true;
        },
        &cancel);
    bool cancelled = false;
    try {
        exportAgentPool(v, a.names, str(out), DType::F32, &p, {}, progress);
    } catch (const Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);
    QCOMPARE(snapshot(out), before);
    QCOMPARE(testutil::entries(m_dir.path()).filter("sharelens-tmp"), QStringList{});
    // A plan for other agents, agent names that are no folder names.
    const auto p2 = plan(load({"base", "near"}), AgentLevel::Layers, {{0, 4}});
    auto e = testutil::errorOf([&] { exportAgentPool(v, a.names, str(out), DType::F32, &p2); });
    QVERIFY(e);
    QVERIFY2(QString::fromStdString(e->detail()).contains("the plan was made for 2 agents, but the system has 3"),
             e->what());
    e = testutil::errorOf([&] { exportAgentPool(v, {"a", "..", "c"}, str(out), DType::F32); });
    QVERIFY(e);
    QVERIFY2(QString::fromStdString(e->detail()).contains("cannot name a folder"), e->what());
    // An agent folder holding a file no export writes is not replaced.
    QVERIFY(testutil::writeFile(out + "/near/notes.txt", "mine"));
    e = testutil::errorOf([&] { exportAgentPool(v, a.names, str(out), DType::F32, &p); });
    QVERIFY(e);
    QVERIFY2(QString::fromStdString(e->detail()).contains("\"near\" holds \"notes.txt\""), e->what());
    QVERIFY(QFile::remove(out + "/near/notes.txt"));
    QCOMPARE(snapshot(out), before);
    // A successful export replaces the old one as a whole.
    const auto r = exportAgentPool(v, a.names, str(out), DType::F32, &p);
    QVERIFY(r.poolId != first.poolId);
    QCOMPARE(QString::fromStdString(openCheckpoint(str(out) + "/base").poolId), QString::fromStdString(r.poolId));
}

// The calibration ids, an agents-mode analysis of base, near and far and its
// pool export through the CLI, made once for the cli* tests.
void TestPool::makeCliExport() {
    if (m_cliReady) return;
    // Ids of the calibration: a fixed pseudo-random stream over the 96-token vocabulary.
    QByteArray ids = "[";
    uint32_t x = 11;
    for (int s = 0; s < 6; ++s) {
        ids += s ? ",[" : "[";
        for (int t = 0; t < 24; ++t) {
            x = x * 1664525u + 1013904223u;
            ids += (t ? "," : "") + QByteArray::number((x >> 8) % 96);
        }
        ids += "]";
    }
    ids += "]";
    const QString idsFile = dir("cli-ids.json");
    QVERIFY(testutil::writeFile(idsFile, ids));
    const QString an = dir("cli-analysis");
    auto r = testutil::runCli({"analyze", dir("base"), dir("near"), dir("far"), "--token-ids", idsFile, "--threshold",
                               "0.0001", "--out", an});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = dir("cli-pool");
    r = testutil::runCli({"export", dir("base"), dir("near"), dir("far"), "--plan", an + "/analysis.json", "--format",
                          "pool", "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto summary = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(summary.value("format").toString(), QStringLiteral("pool"));
    m_cliIds = idsFile;
    m_cliAnalysis = an;
    m_cliPool = out;
    m_cliReady = true;
}

// The plan of the CLI's analysis, read back in this process.
AgentSharingPlan TestPool::cliPlan() const {
    const auto planText = readFile(str(m_cliAnalysis) + "/analysis.json");
    const auto j = QJsonDocument::fromJson(QByteArray::fromStdString(planText)).object();
    return agentPlanFromJson(QJsonDocument(j.value("plan").toObject()).toJson().toStdString(), "analysis.json");
}

void TestPool::cliExportAndEval() {
    makeCliExport();
    if (QTest::currentTestFailed()) return;
    const QString idsFile = m_cliIds, out = m_cliPool;
    auto a = load({"base", "near", "far"});
    const auto p = cliPlan();
    // The tied system of the same plan, in this process.
    QVERIFY(p.sharedParameters < p.baselineParameters);
    const auto shared = makeSharedAgents(a.view(), p, SharedInit::Mean);
    const auto seqs = readTokenIds(str(idsFile));
    for (size_t k = 0; k < shared.size(); ++k) {
        const auto e = testutil::runCli(
            {"eval", out + "/" + QString::fromStdString(a.names[k]), "--token-ids", idsFile, "--json"});
        QVERIFY2(e.exitCode == 0, e.err.constData());
        const double cli = QJsonDocument::fromJson(e.out).object().value("loss").toDouble();
        const double tied = shared[k]->evaluate(seqs).loss;
        QVERIFY2(cli == tied,
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(k).arg(cli, 0, 'g', 17).arg(tied, 0, 'g', 17)));
    }
}

void TestPool::cliFinetuneWritesPool() {
    makeCliExport();
    if (QTest::currentTestFailed()) return;
    const QString idsFile = m_cliIds, an = m_cliAnalysis;
    const auto p = cliPlan();
    const std::vector<std::string> names{"base", "near", "far"};
    // Agents-mode finetune writes the trained system as a pool in DIR/shared;
    // it reopens as the system the summary describes, and the pool folder
    // alone is the MODEL of an agents-mode analysis.
    const QString ft = dir("cli-ft");
    auto r = testutil::runCli({"finetune", dir("base"), dir("near"), dir("far"), "--plan", an + "/analysis.json",
                               "--token-ids", idsFile, "--steps", "2", "--batch", "2", "--seq-len", "8",
                               "--val-fraction", "0.3", "--out", ft});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto ftSummary = testutil::readJson(ft + "/summary.json");
    const auto trained = loadAgents({str(ft) + "/shared"});
    QCOMPARE(trained.names, names);
    QCOMPARE(static_cast<double>(systemParameterCount(trained.view())),
             ftSummary.value("shared").toObject().value("parameters").toDouble());
    QCOMPARE(systemParameterCount(trained.view()), p.sharedParameters);
    r = testutil::runCli({"analyze", ft + "/shared", "--token-ids", idsFile, "--out", dir("cli-ft-analysis")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(testutil::readJson(dir("cli-ft-analysis") + "/analysis.json")
                 .value("plan")
                 .toObject()
                 .value("agents")
                 .toArray(),
             (QJsonArray{"base", "near", "far"}));
}

void TestPool::cliInfoNamesPool() {
    makeCliExport();
    if (QTest::currentTestFailed()) return;
    const QString out = m_cliPool;
    auto a = load({"base", "near", "far"});
    const auto shared = makeSharedAgents(a.view(), cliPlan(), SharedInit::Mean);
    // info on one agent: its whole parameter count, the compact format.
    const auto info = testutil::runCli({"info", out + "/near", "--json"});
    QVERIFY2(info.exitCode == 0, info.err.constData());
    const QJsonObject infoJson = QJsonDocument::fromJson(info.out).object();
    QCOMPARE(infoJson.value("parameters").toDouble(), static_cast<double>(shared[1]->summary().parameters));
    // ... and the pool it takes its shared tensors from: the export's pool
    // file and id, and every tensor of that file.
    const QJsonObject pool = infoJson.value("pool").toObject();
    const auto poolCk = openCheckpoint(str(out) + "/near");
    QCOMPARE(pool.value("id").toString(), QString::fromStdString(poolCk.poolId));
    QCOMPARE(pool.value("agent").toString(), QStringLiteral("near"));
    QVERIFY(pool.value("file").toString().endsWith(QStringLiteral("/") + kPoolFileName));
    const auto poolHeader = readSafetensorsHeader(pool.value("file").toString().toStdString());
    // The tensors this agent takes from the pool: some or all of the file's.
    const int fromPool = pool.value("tensors").toInt();
    uint64_t poolData = 0;
    for (const auto& t : poolHeader.tensors) poolData += t.end - t.begin;
    const auto fromPoolBytes = static_cast<uint64_t>(pool.value("tensor_bytes").toDouble());
    qInfo("agent near: %d of the pool's %zu tensors, %llu of %llu bytes", fromPool, poolHeader.tensors.size(),
          static_cast<unsigned long long>(fromPoolBytes), static_cast<unsigned long long>(poolData));
    QVERIFY(fromPool > 0 && fromPool <= static_cast<int>(poolHeader.tensors.size()));
    QVERIFY(fromPoolBytes > 0 && fromPoolBytes <= poolData);
    QCOMPARE(fromPool == static_cast<int>(poolHeader.tensors.size()), fromPoolBytes == poolData);
    const auto infoText = testutil::runCli({"info", out + "/near"});
    QVERIFY2(infoText.out.contains("shared pool   ") && infoText.out.contains(poolCk.poolId.substr(0, 12).c_str()) &&
                 infoText.out.contains("(agent near)"),
             infoText.out.constData());
    // A model without a pool says nothing about one.
    QVERIFY(!QJsonDocument::fromJson(testutil::runCli({"info", dir("base"), "--json"}).out).object().contains("pool"));
}

void TestPool::cliRefusals() {
    makeCliExport();
    if (QTest::currentTestFailed()) return;
    const QString idsFile = m_cliIds, an = m_cliAnalysis, out = m_cliPool;
    // Refusals: one line naming what is wrong.
    struct Case {
        QStringList args;
        int code;
        QString line;
    };
    const QString pa = an + "/analysis.json";
    const QList<Case> cases{
        {{"export", dir("base"), dir("near"), "--plan", pa, "--format", "pool", "--out", dir("x")},
         1,
         "sharelens-cli: error: " + pa + ": the plan was made for 3 agents, but 2 MODELs were given"},
        {{"export", dir("base"), dir("near"), dir("far"), "--format", "pool", "--out", dir("x")},
         2,
         "sharelens-cli: export with several MODELs needs --plan analysis.json (an agents-mode analysis)"},
        {{"export", dir("base"), dir("near"), dir("far"), "--plan", pa, "--format", "compact", "--out", dir("x")},
         2,
         "sharelens-cli: several MODELs are exported as a shared pool: use --format pool"},
        {{"export", dir("base"), "--plan", pa, "--format", "pool", "--out", dir("x")},
         2,
         "sharelens-cli: --format pool needs several MODELs (the agents of the plan)"},
        {{"eval", out, "--token-ids", idsFile},
         1,
         "sharelens-cli: error: " + out +
             ": this is a ShareLens shared pool of several agents, not one model; open one "
             "agent's folder inside it, or give the whole folder where agents are expected (analyze and finetune with "
             "several MODELs)."},
    };
    for (const auto& c : cases) {
        const auto e = testutil::runCli(c.args);
        QCOMPARE(e.exitCode, c.code);
        QStringList reasons;
        for (const auto& line : QString::fromUtf8(e.err).split('\n'))
            if (line.startsWith("sharelens-cli:")) reasons << line;
        QCOMPARE(reasons, QStringList{c.line});
    }
    QVERIFY(!QFile::exists(dir("x")));
}

QTEST_GUILESS_MAIN(TestPool)
#include "tst_pool.moc"
