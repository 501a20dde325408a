// checkTensorSet on checkpoints described in memory (names and shapes only,
// as `info` sees them): one edit of a complete tensor list per row.
#include <QtTest/QtTest>

#include "errortest.h"
#include "sharelens/error.h"
#include "sharelens/tensor_set.h"

using namespace sharelens;

class TestTensorSet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void check_data();
    void check();
    void allowedUnusedAreListed();
    void modelCodeUsesTheSameNames();
};

namespace {

ModelConfig config(Family family) {
    ModelConfig c;
    c.family = family;
    c.modelType = family == Family::Gpt2 ? "gpt2" : "qwen2";
    c.vocabSize = 10;
    c.hiddenSize = 8;
    c.numLayers = 3;
    c.numHeads = 2;
    c.numKVHeads = family == Family::Gpt2 ? 2 : 1;
    c.headDim = 4;
    c.intermediateSize = 16;
    c.maxPositions = 12;
    c.tieEmbeddings = family == Family::Gpt2;
    c.attentionBias = family == Family::Llama;
    return c;
}

// A complete checkpoint of `c`, then `edit` applied: "drop NAME",
// "add NAME" (shape [4]), "shape NAME" (shape [1]), "layers N" (the config's
// count), "delta NAME" (a compact checkpoint whose map names NAME as a factor).
Checkpoint checkpoint(const ModelConfig& c, const QString& edit) {
    Checkpoint ck;
    ck.dir = "/m";
    ck.config = c;
    ck.weightFiles = {"/m/model.safetensors"};
    for (const auto& t : architectureTensors(c, "transformer."))
        ck.tensors.push_back({t.name, DType::F32, t.shape, "/m/model.safetensors", {}, {}});
    const std::string what = edit.section(' ', 0, 0).toStdString(), arg = edit.section(' ', 1).toStdString();
    if (what == "drop")
        ck.tensors.erase(std::find_if(ck.tensors.begin(), ck.tensors.end(), [&](auto& t) { return t.name == arg; }));
    if (what == "add" || what == "delta") ck.tensors.push_back({arg, DType::F32, {4}, "/m/model.safetensors", {}, {}});
    if (what == "delta") ck.sharing.deltas["x"] = {arg, {}};
    if (what == "shape")
        for (auto& t : ck.tensors)
            if (t.name == arg) t.shape = {1};
    if (what == "layers") ck.config.numLayers = std::stoi(arg);
    std::sort(ck.tensors.begin(), ck.tensors.end(), [](auto& a, auto& b) { return a.name < b.name; });
    return ck;
}

} // namespace

void TestTensorSet::check_data() {
    QTest::addColumn<bool>("gpt2");
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("gpt2 complete") << true << "" << "";
    QTest::newRow("llama complete") << false << "" << "";
    QTest::newRow("config fewer layers") << true << "layers 2"
                                         << "/m/config.json: config.json says n_layer is 2, but the weights hold 3 "
                                            "layers (blocks 0 to 2)";
    QTest::newRow("config huge layers") << false << "layers 2000000000"
                                        << "config.json says num_hidden_layers is 2000000000, but the weights hold 3";
    QTest::newRow("missing tensor") << true << "drop transformer.h.1.mlp.c_fc.bias"
                                    << "/m/model.safetensors: missing tensor transformer.h.1.mlp.c_fc.bias;";
    QTest::newRow("missing bias of qwen2") << false << "drop model.layers.2.self_attn.k_proj.bias"
                                           << "missing tensor model.layers.2.self_attn.k_proj.bias;";
    QTest::newRow("missing untied head") << false << "drop lm_head.weight" << "missing tensor lm_head.weight;";
    QTest::newRow("wrong shape") << true << "shape transformer.ln_f.bias"
                                 << "tensor transformer.ln_f.bias has shape [1] but the config implies [8]";
    QTest::newRow("unused tensor") << true << "add transformer.h.0.attn.rel_pos"
                                   << "/m/config.json: the checkpoint holds 1 tensors that a GPT-2 model as "
                                      "configured does not use (transformer.h.0.attn.rel_pos)";
    QTest::newRow("a fourth block") << true << "add transformer.h.3.ln_1.weight"
                                    << "config.json says n_layer is 3, but the weights hold 4 layers (blocks 0 to 3)";
    QTest::newRow("gpt2 mask buffer") << true << "add transformer.h.0.attn.bias" << "";
    QTest::newRow("gpt2 masked_bias buffer") << true << "add transformer.h.2.attn.masked_bias" << "";
    QTest::newRow("tied head stored anyway") << true << "add lm_head.weight" << "";
    QTest::newRow("rotary buffer") << false << "add model.layers.1.self_attn.rotary_emb.inv_freq" << "";
    QTest::newRow("compact delta factor") << true << "delta transformer.h.1.mlp.c_fc.weight.delta_a" << "";
}

void TestTensorSet::check() {
    QFETCH(bool, gpt2);
    QFETCH(QString, edit);
    QFETCH(QString, error);
    const Checkpoint ck = checkpoint(config(gpt2 ? Family::Gpt2 : Family::Llama), edit);
    const auto e = testutil::errorOf([&] { checkTensorSet(ck); });
    if (error.isEmpty()) {
        QVERIFY2(!e, e ? e->what() : "");
        return;
    }
    QVERIFY(e);
    QVERIFY2(QString::fromStdString(e->what()).contains(error), e->what());
}

void TestTensorSet::allowedUnusedAreListed() {
    Checkpoint ck = checkpoint(config(Family::Gpt2), "add transformer.z");
    ck.tensors.push_back({"transformer.h.0.x", DType::F32, {4}, "/m/model.safetensors", {}, {}});
    ck.tensors.push_back({"transformer.h.0.attn.bias", DType::F32, {4}, "/m/model.safetensors", {}, {}});
    const auto e = testutil::errorOf([&] { checkTensorSet(ck); });
    QVERIFY(e);
    QVERIFY(e->message().code() == ErrorCode::CkptUnusedTensors);
    QVERIFY(!testutil::errorOf([&] { checkTensorSet(ck, OpenOptions{true}); }));
    QCOMPARE(unusedTensors(ck), (std::vector<std::string>{"transformer.h.0.x", "transformer.z"}));
}

// The block names the check expects are the ones the model code registers:
// architectureTensors lists each block's blockTensorNames under its prefix.
void TestTensorSet::modelCodeUsesTheSameNames() {
    const ModelConfig c = config(Family::Llama);
    const auto names = blockTensorNames(c);
    QCOMPARE(names.size(), size_t(12)); // 9 weights + the three q/k/v biases
    const auto all = architectureTensors(c, "");
    QCOMPARE(all.size(), size_t(1 + 3 * names.size() + 2));
    QCOMPARE(QString::fromStdString(all[1].name), QStringLiteral("model.layers.0.") + names[0].c_str());
}

QTEST_GUILESS_MAIN(TestTensorSet)
#include "tst_tensor_set.moc"
