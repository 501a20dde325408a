// Compute dtype and storage residency, float32 against bfloat16 in the same
// run on the same ids (ratios, not absolute timings, are the result).
//
//   bench_compute compare MODEL_DIR [TOKENS] [SEQ_LEN] [TRAIN_BATCH] [pearson]
//       capture + similarity (Pearson) seconds per 1,000 tokens and tokens/s
//       in f32 and bf16, max |bf16 - f32| of Pearson and cosine similarity
//       (pearson: cosine is skipped, -1 printed; it costs a capture per dtype),
//       eval loss difference, the gradient difference of one batch, and the
//       time of a training step (AdamW, float32 masters) in each dtype.
//       TRAIN_BATCH 0 skips training.
//   bench_compute rss MODEL_DIR stored|f32 [f32|bf16] [TOKENS]
//       open time and resident memory after open and after a forward of
//       TOKENS tokens, against the weight file's size: weights kept in their
//       stored dtype (loadModelInStorageDtype) or converted to float32.
//   bench_compute forward MODEL_DIR [BATCH] [SEQ_LEN]
//       warm evaluation forwards (median of 3, after one that reads the
//       mapped pages): float32 weights, float32 compute over stored
//       weights (converted per use) and bfloat16 compute over them.
//   bench_compute ops MODEL_DIR [BATCH] [SEQ_LEN]
//       one block's and the LM head's operations timed one by one on the
//       model's own block-0 tensors (median of 5), in the same three ways,
//       scaled to a whole forward (x layers).
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "benchutil.h"
#include "model/attention.h"
#include "model/layers.h"
#include "model/model_impl.h"
#include "sharelens/analysis.h"
#include "sharelens/compute.h"
#include "sharelens/model.h"
#include "sharelens/trainer.h"
#include "train/train_state.h"

using namespace sharelens;

namespace {

double rssBytes() {
    std::ifstream f("/proc/self/statm");
    long long pages = 0, resident = 0;
    f >> pages >> resident;
    return static_cast<double>(resident) * 4096.0;
}

using bench::cpuSeconds;

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Sequences randomSequences(int vocab, int64_t tokens, int len) {
    torch::manual_seed(11);
    Sequences out;
    for (int64_t done = 0; done < tokens; done += len) {
        auto t = torch::randint(vocab, {len}, torch::kInt64);
        std::vector<int32_t> s(static_cast<size_t>(len));
        for (int i = 0; i < len; ++i) s[static_cast<size_t>(i)] = static_cast<int32_t>(t[i].item<int64_t>());
        out.push_back(s);
    }
    return out;
}

std::vector<torch::Tensor> gradients(CausalLM& net, const torch::Tensor& ids, ComputeDtype d, double* loss) {
    ComputeScope scope(net, d);
    auto params = net.parameters();
    for (auto& p : params) {
        p.set_requires_grad(true);
        p.mutable_grad() = torch::Tensor();
    }
    auto l = nextTokenLoss(net, ids);
    l.backward();
    *loss = l.item<double>();
    std::vector<torch::Tensor> g;
    for (auto& p : params) {
        g.push_back(p.grad().clone());
        p.mutable_grad() = torch::Tensor();
        p.set_requires_grad(false);
    }
    return g;
}

void trainBench(Model& model, int batch, int len) {
    auto& net = *model.impl().net;
    auto seqs = randomSequences(model.config().vocabSize, int64_t(batch) * (len + 1), len + 1);
    std::vector<int64_t> flat;
    for (const auto& s : seqs) flat.insert(flat.end(), s.begin(), s.end());
    auto ids = torch::tensor(flat, torch::kInt64).view({batch, len + 1});
    for (auto& p : net.parameters())
        if (p.scalar_type() != torch::kFloat32) p.set_data(p.detach().to(torch::kFloat32));
    double l32 = 0, l16 = 0;
    auto g32 = gradients(net, ids, ComputeDtype::Float32, &l32);
    auto g16 = gradients(net, ids, ComputeDtype::BFloat16, &l16);
    double num = 0, den = 0, worst = 0;
    for (size_t i = 0; i < g32.size(); ++i) {
        const double d = (g16[i] - g32[i]).norm().item<double>(), n = g32[i].norm().item<double>();
        num += d * d;
        den += n * n;
        if (n > 0) worst = std::max(worst, d / n);
    }
    std::printf("{\"what\": \"gradients\", \"batch\": %d, \"seq_len\": %d, \"loss_f32\": %.6f, \"loss_bf16\": %.6f, "
                "\"loss_abs_diff\": %.3g, \"grad_rel_diff_total\": %.3g, \"grad_rel_diff_worst_tensor\": %.3g}\n",
                batch, len, l32, l16, std::abs(l16 - l32), std::sqrt(num / den), worst);
    double secs[2] = {0, 0};
    for (int b = 0; b < 2; ++b) {
        TrainOptions o;
        o.compute = b ? ComputeDtype::BFloat16 : ComputeDtype::Float32;
        ModelTrainer trainer(net, o);
        trainer.step(ids, 1e-5); // warm-up
        std::vector<double> t;
        for (int r = 0; r < 3; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            trainer.step(ids, 1e-5);
            t.push_back(since(t0));
        }
        std::sort(t.begin(), t.end());
        secs[b] = t[1];
    }
    const double tok = double(batch) * len;
    std::printf("{\"what\": \"train_step\", \"tokens\": %.0f, \"f32_s\": %.3f, \"bf16_s\": %.3f, \"f32_tok_s\": %.1f, "
                "\"bf16_tok_s\": %.1f, \"speedup\": %.2f}\n",
                tok, secs[0], secs[1], tok / secs[0], tok / secs[1], secs[0] / secs[1]);
}

int compare(const std::string& dir, int64_t tokens, int len, int trainBatch, bool cosine) {
    auto model = loadModelInStorageDtype(openCheckpoint(dir));
    const auto seqs = randomSequences(model->config().vocabSize, tokens, len);
    CaptureOptions o;
    o.batchSize = 4;
    SimilarityResult r[2][2]; // [dtype][pearson, cosine]
    double secs[2] = {0, 0}, cpu[2] = {0, 0};
    computeSimilarity(*model, {seqs.front()}, o); // warm-up
    for (int b = 0; b < 2; ++b) {
        o.compute = b ? ComputeDtype::BFloat16 : ComputeDtype::Float32;
        o.metric = Metric::Pearson;
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuSeconds();
        r[b][0] = computeSimilarity(*model, seqs, o);
        secs[b] = since(t0);
        cpu[b] = cpuSeconds() - c0;
        o.metric = Metric::Cosine;
        if (cosine) r[b][1] = computeSimilarity(*model, seqs, o);
    }
    const double n = static_cast<double>(r[0][0].tokens);
    std::printf("{\"what\": \"capture_pearson\", \"tokens\": %.0f, \"f32_s_per_1k\": %.3f, \"bf16_s_per_1k\": %.3f, "
                "\"f32_tok_s\": %.1f, \"bf16_tok_s\": %.1f, \"speedup\": %.2f, \"max_abs_diff_pearson\": %.3g, "
                "\"max_abs_diff_cosine\": %.3g, \"f32_cpu_s\": %.2f, \"bf16_cpu_s\": %.2f}\n",
                n, 1000 * secs[0] / n, 1000 * secs[1] / n, n / secs[0], n / secs[1], secs[0] / secs[1],
                (r[1][0].similarity - r[0][0].similarity).cwiseAbs().maxCoeff(),
                cosine ? (r[1][1].similarity - r[0][1].similarity).cwiseAbs().maxCoeff() : -1.0, cpu[0], cpu[1]);
    const Sequences evalSeqs(seqs.begin(), seqs.begin() + std::min<size_t>(seqs.size(), 8));
    setComputeDtype(*model, ComputeDtype::Float32);
    const double l32 = model->evaluate(evalSeqs).loss;
    setComputeDtype(*model, ComputeDtype::BFloat16);
    const double l16 = model->evaluate(evalSeqs).loss;
    setComputeDtype(*model, ComputeDtype::Float32);
    std::printf("{\"what\": \"eval\", \"loss_f32\": %.6f, \"loss_bf16\": %.6f, \"abs_diff\": %.3g}\n", l32, l16,
                std::abs(l16 - l32));
    if (trainBatch > 0) trainBench(*model, trainBatch, std::min(len, 128));
    return 0;
}

int rss(const std::string& dir, bool stored, ComputeDtype d, int len) {
    const double rss0 = rssBytes();
    auto t0 = std::chrono::steady_clock::now();
    auto ck = openCheckpoint(dir);
    auto model = stored ? loadModelInStorageDtype(ck) : Model::load(ck);
    const double open = since(t0);
    const double afterOpen = rssBytes() - rss0;
    setComputeDtype(*model, d);
    const auto seqs = randomSequences(model->config().vocabSize, len, len);
    t0 = std::chrono::steady_clock::now();
    model->evaluate(seqs);
    const double forward = since(t0);
    const double afterForward = rssBytes() - rss0;
    const double file = static_cast<double>(ck.weightBytes());
    std::printf("{\"what\": \"rss\", \"load\": \"%s\", \"compute\": \"%s\", \"file_mb\": %.1f, \"open_s\": %.3f, "
                "\"rss_open_mb\": %.1f, \"rss_open_ratio\": %.2f, \"forward_tokens\": %d, \"forward_s\": %.3f, "
                "\"rss_forward_mb\": %.1f, \"rss_forward_ratio\": %.2f}\n",
                stored ? "stored" : "f32", computeDtypeName(d), file / 1e6, open, afterOpen / 1e6, afterOpen / file,
                len, forward, afterForward / 1e6, afterForward / file);
    return 0;
}

template <typename F>
double medianSeconds(F f, int reps) {
    f(); // warm-up
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(since(t0));
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

const char* const kWays[3] = {"f32_weights", "f32_over_stored", "bf16_over_stored"};

int forward(const std::string& dir, int batch, int len) {
    auto ck = openCheckpoint(dir);
    auto stored = loadModelInStorageDtype(ck);
    auto converted = Model::load(ck);
    const auto seqs = randomSequences(ck.config.vocabSize, int64_t(batch) * len, len);
    double secs[3];
    for (int w = 0; w < 3; ++w) {
        Model& m = w == 0 ? *converted : *stored;
        setComputeDtype(m, w == 2 ? ComputeDtype::BFloat16 : ComputeDtype::Float32);
        secs[w] = medianSeconds([&] { m.evaluate(seqs, {}, batch); }, 3);
    }
    // Capture + Pearson on the same tokens (the blocks' forward without the
    // head, plus the similarity sums): what the sums add to the forward.
    CaptureOptions co;
    co.batchSize = batch;
    co.metric = Metric::Pearson;
    double capture[2];
    for (int b = 0; b < 2; ++b) {
        co.compute = b ? ComputeDtype::BFloat16 : ComputeDtype::Float32;
        capture[b] = medianSeconds([&] { computeSimilarity(*stored, seqs, co); }, 1);
    }
    const double tok = double(batch) * len;
    std::printf("{\"what\": \"capture\", \"tokens\": %.0f, \"f32_over_stored_s\": %.3f, \"bf16_over_stored_s\": "
                "%.3f, \"speedup\": %.2f}\n",
                tok, capture[0], capture[1], capture[0] / capture[1]);
    std::printf("{\"what\": \"forward\", \"tokens\": %.0f, \"f32_weights_s\": %.3f, \"f32_over_stored_s\": %.3f, "
                "\"bf16_over_stored_s\": %.3f, \"stored_f32_slowdown\": %.2f, \"bf16_speedup\": %.2f, "
                "\"rss_mb\": %.1f}\n",
                tok, secs[0], secs[1], secs[2], secs[1] / secs[0], secs[0] / secs[2], rssBytes() / 1e6);
    return 0;
}

// Block 0's tensors and the LM head of a model, and inputs of the shape a
// batch gives them.
struct OpInputs {
    std::vector<std::string> names;
    std::vector<torch::Tensor> stored;
    torch::Tensor head, x, cos, sin;
    ModelConfig c;
    int batch = 0, len = 0;
};

// Seconds of each operation of one block (and of the LM head) in one way.
struct OpTimes {
    double norms = 0, qkv = 0, rope = 0, attn = 0, oproj = 0, gateUp = 0, act = 0, down = 0, head = 0;
    double headOnce = 0, qkvShared = 0;
};

OpTimes timeOps(const OpInputs& in, int way) {
    const bool bf16 = way == 2;
    auto W = [&](const std::string& n) {
        for (size_t k = 0; k < in.names.size(); ++k)
            if (in.names[k] == n) return way == 0 ? asFloat(in.stored[k]).contiguous() : in.stored[k];
        return torch::Tensor();
    };
    const auto wq = W("self_attn.q_proj.weight"), wk = W("self_attn.k_proj.weight"), wv = W("self_attn.v_proj.weight"),
               wo = W("self_attn.o_proj.weight"), wg = W("mlp.gate_proj.weight"), wu = W("mlp.up_proj.weight"),
               wd = W("mlp.down_proj.weight"), n1 = W("input_layernorm.weight");
    const auto wh = way == 0 ? asFloat(in.head).contiguous() : in.head;
    const auto& c = in.c;
    const auto& x = in.x;
    const int64_t B = in.batch, T = in.len, N = B * T;
    auto q = computeLinear(x, wq, {}, bf16).reshape({B, T, c.numHeads, c.headDim}).transpose(1, 2);
    auto k = computeLinear(x, wk, {}, bf16).reshape({B, T, c.numKVHeads, c.headDim}).transpose(1, 2);
    auto v = computeLinear(x, wv, {}, bf16).reshape({B, T, c.numKVHeads, c.headDim}).transpose(1, 2);
    auto y = multiHeadCausalAttention(q, k, v, 0, kAttentionBlock, 0, 0, bf16);
    auto g = computeLinear(x, wg, {}, bf16), u = computeLinear(x, wu, {}, bf16);
    auto a = torch::silu(g) * u;
    const auto flat = x.reshape({N, c.hiddenSize});
    auto headChunks = [&] {
        for (int64_t s0 = 0; s0 < N; s0 += 512)
            computeHead(flat.narrow(0, s0, std::min<int64_t>(512, N - s0)), wh, bf16);
    };
    const int reps = 5;
    OpTimes t;
    t.norms = 2 * medianSeconds([&] { rmsNorm(x, n1, c.normEps); }, reps);
    t.qkv = medianSeconds(
        [&] { computeLinear(x, wq, {}, bf16), computeLinear(x, wk, {}, bf16), computeLinear(x, wv, {}, bf16); }, reps);
    t.qkvShared = medianSeconds(
        [&] {
            const auto xb = bf16 ? asBFloat16(x) : x; // one bfloat16 copy of the input, as the Llama block does
            computeLinear(xb, wq, {}, bf16), computeLinear(xb, wk, {}, bf16), computeLinear(xb, wv, {}, bf16);
        },
        reps);
    t.rope = medianSeconds([&] { q *in.cos + rotateHalf(q) * in.sin, k *in.cos + rotateHalf(k) * in.sin; }, reps);
    t.attn = medianSeconds([&] { multiHeadCausalAttention(q, k, v, 0, kAttentionBlock, 0, 0, bf16); }, reps);
    t.oproj = medianSeconds([&] { computeLinear(y, wo, {}, bf16); }, reps);
    t.gateUp = medianSeconds([&] { computeLinear(x, wg, {}, bf16), computeLinear(x, wu, {}, bf16); }, reps);
    t.act = medianSeconds([&] { torch::silu(g) * u; }, reps);
    t.down = medianSeconds([&] { computeLinear(a, wd, {}, bf16); }, reps);
    t.head = medianSeconds(headChunks, 3);
    t.headOnce = medianSeconds(
        [&] {
            const ConversionReuseScope once;
            headChunks();
        },
        3);
    return t;
}

// The operations of block 0 and the head, each timed on its own, scaled to a forward.
int ops(const std::string& dir, int batch, int len) {
    auto model = loadModelInStorageDtype(openCheckpoint(dir));
    auto& net = *model->impl().net;
    OpInputs in;
    in.c = model->config();
    in.batch = batch;
    in.len = len;
    in.names = net.block(0)->tensorNames();
    in.stored = net.block(0)->tensors();
    for (const auto& [n, t] : net.namedTensors())
        if (n == "lm_head.weight" || (in.c.tieEmbeddings && n == "model.embed_tokens.weight")) in.head = t;
    torch::NoGradGuard noGrad;
    torch::manual_seed(1);
    in.x = torch::randn({batch, len, in.c.hiddenSize});
    std::tie(in.cos, in.sin) = ropeTables(ropeInvFrequencies(in.c, in.c.ropeTheta), len);
    const double L = in.c.numLayers;
    for (int way = 0; way < 3; ++way) {
        const OpTimes t = timeOps(in, way);
        const double block = t.norms + t.qkv + t.rope + t.attn + t.oproj + t.gateUp + t.act + t.down;
        std::printf("{\"what\": \"ops\", \"way\": \"%s\", \"tokens\": %d, \"per_forward_ms\": {\"norms\": %.1f, "
                    "\"qkv\": %.1f, \"rope\": %.1f, \"attention\": %.1f, \"o_proj\": %.1f, \"gate_up\": %.1f, "
                    "\"silu_mul\": %.1f, \"down\": %.1f, \"blocks_total\": %.1f, \"lm_head\": %.1f, \"total\": %.1f, "
                    "\"lm_head_converted_once\": %.1f, \"qkv_one_input_copy\": %.1f}}\n",
                    kWays[way], batch * len, 1e3 * L * t.norms, 1e3 * L * t.qkv, 1e3 * L * t.rope, 1e3 * L * t.attn,
                    1e3 * L * t.oproj, 1e3 * L * t.gateUp, 1e3 * L * t.act, 1e3 * L * t.down, 1e3 * L * block,
                    1e3 * t.head, 1e3 * (L * block + t.head), 1e3 * t.headOnce, 1e3 * L * t.qkvShared);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "compare" && argc >= 3)
            return compare(argv[2], argc > 3 ? std::stoll(argv[3]) : 2048, argc > 4 ? std::stoi(argv[4]) : 256,
                           argc > 5 ? std::stoi(argv[5]) : 4, !(argc > 6 && std::string(argv[6]) == "pearson"));
        if ((mode == "forward" || mode == "ops") && argc >= 3) {
            const int batch = argc > 3 ? std::stoi(argv[3]) : 4, len = argc > 4 ? std::stoi(argv[4]) : 256;
            return mode == "ops" ? ops(argv[2], batch, len) : forward(argv[2], batch, len);
        }
        if (mode == "rss" && argc >= 4) {
            ComputeDtype d = ComputeDtype::Float32;
            if (argc > 4 && !parseComputeDtype(argv[4], d)) throw std::runtime_error("compute must be f32 or bf16");
            return rss(argv[2], std::string(argv[3]) == "stored", d, argc > 5 ? std::stoi(argv[5]) : 512);
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_compute: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: bench_compute compare MODEL_DIR [TOKENS] [SEQ_LEN] [TRAIN_BATCH] [pearson]\n"
                 "       bench_compute rss MODEL_DIR stored|f32 [f32|bf16] [TOKENS]\n"
                 "       bench_compute forward|ops MODEL_DIR [BATCH] [SEQ_LEN]\n";
    return 2;
}
