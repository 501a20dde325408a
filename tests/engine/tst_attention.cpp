// The blocked causal attention (engine/src/attention.cpp) against the
// straightforward softmax(q k^T / sqrt(d) + mask) v over full T×T scores,
// written here from the definition: values and the gradients of q, k and v,
// in double and in float, for several T (1, multiples and non-multiples of
// the block), block sizes, heads, grouped-query heads, batch sizes and
// sliding windows; plus central differences on a small case.
#include <QtTest>

#include <cmath>
#include <limits>

#include "model/attention.h"

using namespace sharelens;

namespace {

// q [B, nh, T, d], k/v [B, nkv, T, d] -> [B, T, nh*d]. Query head h reads
// key/value head h / (nh / nkv); key j is hidden from query i when j > i or,
// with a window W > 0, when j <= i - W (Mistral's sliding window).
torch::Tensor plainAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t window) {
    const auto B = q.size(0), nh = q.size(1), T = q.size(2), d = q.size(3), nkv = k.size(1);
    auto kr = k.repeat_interleave(nh / nkv, 1);
    auto vr = v.repeat_interleave(nh / nkv, 1);
    auto i = torch::arange(T).unsqueeze(1), j = torch::arange(T).unsqueeze(0);
    auto hidden = j > i;
    if (window > 0) hidden = hidden | (j <= i - window);
    auto mask = torch::zeros({T, T}, q.options()).masked_fill(hidden, -std::numeric_limits<double>::infinity());
    auto scores = torch::matmul(q, kr.transpose(-1, -2)) / std::sqrt(static_cast<double>(d)) + mask;
    auto y = torch::matmul(torch::softmax(scores, -1), vr); // [B, nh, T, d]
    return y.transpose(1, 2).reshape({B, T, nh * d});
}

struct Grads {
    torch::Tensor out, dq, dk, dv;
};

template <typename Fn>
Grads run(Fn fn, const torch::Tensor& q0, const torch::Tensor& k0, const torch::Tensor& v0, const torch::Tensor& g) {
    auto q = q0.clone().requires_grad_(true), k = k0.clone().requires_grad_(true), v = v0.clone().requires_grad_(true);
    auto out = fn(q, k, v);
    (out * g).sum().backward();
    return {out.detach(), q.grad(), k.grad(), v.grad()};
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

} // namespace

class TestAttention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPlain_data();
    void matchesPlain();
    void centralDifferences();
    void inferenceEqualsTraining();
    void rejectsBadShapes();
};

void TestAttention::matchesPlain_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("d");
    QTest::addColumn<int>("window");
    QTest::addColumn<int>("block");
    QTest::newRow("T=1") << 2 << 2 << 2 << 1 << 8 << 0 << 32;
    QTest::newRow("T=2 block 1") << 1 << 1 << 1 << 2 << 4 << 0 << 1;
    QTest::newRow("T=5 block 4 (tail of 1)") << 1 << 3 << 3 << 5 << 4 << 0 << 4;
    QTest::newRow("T=37 block 8") << 2 << 4 << 4 << 37 << 16 << 0 << 8;
    QTest::newRow("T=64 block 32 (exact)") << 3 << 2 << 2 << 64 << 8 << 0 << 32;
    QTest::newRow("T=10 block 32 (one block)") << 4 << 1 << 1 << 10 << 8 << 0 << 32;
    QTest::newRow("demo shape T=128 d=32") << 2 << 4 << 4 << 128 << 32 << 0 << static_cast<int>(kAttentionBlock);
    QTest::newRow("T=100 default block (tail of 4)")
        << 1 << 2 << 2 << 100 << 16 << 0 << static_cast<int>(kAttentionBlock);
    QTest::newRow("gqa 8/2 T=33 block 16") << 2 << 8 << 2 << 33 << 8 << 0 << 16;
    QTest::newRow("mqa 4/1 T=20 block 8") << 3 << 4 << 1 << 20 << 8 << 0 << 8;
    QTest::newRow("window 7 < block 8, T=40") << 2 << 2 << 2 << 40 << 8 << 7 << 8;
    QTest::newRow("window 20 > block 8, T=50") << 1 << 2 << 2 << 50 << 8 << 20 << 8;
    QTest::newRow("window 16 = block, gqa 4/2, T=31") << 2 << 4 << 2 << 31 << 8 << 16 << 16;
    QTest::newRow("window 1 (self only), T=9") << 1 << 2 << 2 << 9 << 4 << 1 << 4;
    QTest::newRow("window >= T (no effect), T=12") << 2 << 2 << 1 << 12 << 4 << 50 << 5;
}

void TestAttention::matchesPlain() {
    QFETCH(int, batch);
    QFETCH(int, heads);
    QFETCH(int, kvHeads);
    QFETCH(int, T);
    QFETCH(int, d);
    QFETCH(int, window);
    QFETCH(int, block);
    torch::manual_seed(static_cast<uint64_t>(T * 131 + heads * 7 + window));
    const auto opt = torch::TensorOptions().dtype(torch::kFloat64);
    // Scaled so that softmax is far from uniform (scores of several units).
    auto q = torch::randn({batch, heads, T, d}, opt) * 1.5;
    auto k = torch::randn({batch, kvHeads, T, d}, opt) * 1.5;
    auto v = torch::randn({batch, kvHeads, T, d}, opt);
    auto g = torch::randn({batch, T, heads * d}, opt);
    const auto plain = [&](auto&& a, auto&& b, auto&& c) { return plainAttention(a, b, c, window); };
    const auto blocked = [&](auto&& a, auto&& b, auto&& c) { return multiHeadCausalAttention(a, b, c, window, block); };
    const Grads ref = run(plain, q, k, v, g);
    const Grads dbl = run(blocked, q, k, v, g);
    QVERIFY2(maxDiff(dbl.out, ref.out) < 1e-12, qPrintable(QString::number(maxDiff(dbl.out, ref.out))));
    QVERIFY2(maxDiff(dbl.dq, ref.dq) < 1e-11, qPrintable(QString::number(maxDiff(dbl.dq, ref.dq))));
    QVERIFY2(maxDiff(dbl.dk, ref.dk) < 1e-11, qPrintable(QString::number(maxDiff(dbl.dk, ref.dk))));
    QVERIFY2(maxDiff(dbl.dv, ref.dv) < 1e-11, qPrintable(QString::number(maxDiff(dbl.dv, ref.dv))));
    // Gradients are not trivially zero (the comparison would prove nothing).
    // When every query sees only itself (T = 1, window 1) softmax is constant
    // and the q and k gradients are zero by definition.
    QVERIFY(ref.dv.abs().max().item<double>() > 1e-3);
    const bool selfOnly = T == 1 || window == 1;
    QCOMPARE(ref.dq.abs().max().item<double>() > 1e-3, !selfOnly);
    QCOMPARE(ref.dk.abs().max().item<double>() > 1e-3, !selfOnly);
    // float32, as the models run: against the double reference.
    const Grads flt =
        run(blocked, q.to(torch::kFloat32), k.to(torch::kFloat32), v.to(torch::kFloat32), g.to(torch::kFloat32));
    QCOMPARE(flt.out.scalar_type(), torch::kFloat32);
    QVERIFY2(maxDiff(flt.out, ref.out) < 2e-5, qPrintable(QString::number(maxDiff(flt.out, ref.out))));
    QVERIFY2(maxDiff(flt.dq, ref.dq) < 1e-4, qPrintable(QString::number(maxDiff(flt.dq, ref.dq))));
    QVERIFY2(maxDiff(flt.dk, ref.dk) < 1e-4, qPrintable(QString::number(maxDiff(flt.dk, ref.dk))));
    QVERIFY2(maxDiff(flt.dv, ref.dv) < 1e-4, qPrintable(QString::number(maxDiff(flt.dv, ref.dv))));
}

void TestAttention::centralDifferences() {
    // The analytic gradient of L = sum(out * g) against (L(x + h) - L(x - h)) / 2h
    // for every entry of q, k and v of a small case with a tail block and a window.
    torch::manual_seed(11);
    const auto opt = torch::TensorOptions().dtype(torch::kFloat64);
    const int64_t B = 2, nh = 2, T = 7, d = 3, window = 5, block = 3;
    auto q = torch::randn({B, nh, T, d}, opt), k = torch::randn({B, 1, T, d}, opt), v = torch::randn({B, 1, T, d}, opt);
    auto g = torch::randn({B, T, nh * d}, opt);
    auto f = [&](const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& c) {
        return multiHeadCausalAttention(a, b, c, window, block);
    };
    const Grads an = run(f, q, k, v, g);
    const double h = 1e-6;
    auto loss = [&](const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& c) {
        torch::NoGradGuard no;
        return (f(a, b, c) * g).sum().item<double>();
    };
    double worst = 0;
    for (int which = 0; which < 3; ++which) {
        const torch::Tensor& x = which == 0 ? q : which == 1 ? k : v;
        const torch::Tensor& grad = which == 0 ? an.dq : which == 1 ? an.dk : an.dv;
        auto flat = x.view({-1});
        auto gflat = grad.reshape({-1});
        for (int64_t e = 0; e < flat.numel(); ++e) {
            const double keep = flat[e].item<double>();
            flat[e] = keep + h;
            const double up = loss(q, k, v);
            flat[e] = keep - h;
            const double down = loss(q, k, v);
            flat[e] = keep;
            worst = std::max(worst, std::abs((up - down) / (2 * h) - gflat[e].item<double>()));
        }
    }
    QVERIFY2(worst < 1e-7, qPrintable(QString::number(worst)));
}

void TestAttention::inferenceEqualsTraining() {
    // Without autograd the forward keeps no probabilities; the values are the same.
    torch::manual_seed(5);
    auto q = torch::randn({3, 45, 16}), k = torch::randn({3, 45, 16}), v = torch::randn({3, 45, 16});
    auto trained = causalAttention(q.clone().requires_grad_(true), k, v).detach();
    torch::Tensor inferred;
    {
        torch::NoGradGuard no;
        inferred = causalAttention(q, k, v);
    }
    QCOMPARE(maxDiff(trained, inferred), 0.0);
}

void TestAttention::rejectsBadShapes() {
    auto q = torch::randn({2, 4, 8, 16});
    QVERIFY_THROWS_EXCEPTION(c10::Error,
                             multiHeadCausalAttention(q, torch::randn({2, 3, 8, 16}), torch::randn({2, 3, 8, 16})));
    QVERIFY_THROWS_EXCEPTION(
        c10::Error, causalAttention(torch::randn({2, 8, 16}), torch::randn({2, 7, 16}), torch::randn({2, 7, 16})));
    QVERIFY_THROWS_EXCEPTION(c10::Error, causalAttention(torch::randn({2, 8, 16}), torch::randn({2, 8, 16}),
                                                         torch::randn({2, 8, 16}), 0, 0));
}

QTEST_GUILESS_MAIN(TestAttention)
#include "tst_attention.moc"
