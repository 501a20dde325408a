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
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

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

// CPU seconds of the process (all threads): on a busy machine the figures
// per CPU-second compare better than wall times.
double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

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

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "compare" && argc >= 3)
            return compare(argv[2], argc > 3 ? std::stoll(argv[3]) : 2048, argc > 4 ? std::stoi(argv[4]) : 256,
                           argc > 5 ? std::stoi(argv[5]) : 4, !(argc > 6 && std::string(argv[6]) == "pearson"));
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
                 "       bench_compute rss MODEL_DIR stored|f32 [f32|bf16] [TOKENS]\n";
    return 2;
}
