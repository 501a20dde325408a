// Distillation loss against a frozen teacher (see train/distill.h).
#include "train/distill.h"

#include <cmath>
#include <mutex>
#include <sstream>

#include "analysis/capture_batches.h" // runRowChunks
#include "model/models.h"             // lossSumWorkers
#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens {

namespace distill {

bool usesLogits(DistillMode m) { return m == DistillMode::Logits || m == DistillMode::Both; }
bool usesHidden(DistillMode m) { return m == DistillMode::Hidden || m == DistillMode::Both; }

TeacherOutputs TeacherOutputs::rows(int64_t r0, int64_t n) const {
    TeacherOutputs t;
    if (logProbs.defined()) t.logProbs = logProbs.narrow(0, r0, n);
    for (const auto& b : blocks) t.blocks.push_back(b.narrow(0, r0, n));
    return t;
}

namespace {

// The teacher's outputs for rows [r0, r0 + n) of `ids`, written into `out`'s
// rows (each output allocated for all `rows` rows by the first writer, like
// the first part written; `m` guards that).
void teacherRowsInto(CausalLM& teacher, const torch::Tensor& ids, const TrainOptions& o, int64_t r0, int64_t n,
                     int64_t rows, TeacherOutputs& out, std::mutex& m) {
    torch::NoGradGuard noGrad;
    auto slot = [&](torch::Tensor& whole, const torch::Tensor& like) {
        std::lock_guard<std::mutex> lk(m);
        if (!whole.defined()) {
            auto sizes = like.sizes().vec();
            sizes[0] = rows;
            whole = torch::empty(sizes, like.options());
        }
        return whole.narrow(0, r0, n);
    };
    const auto x = ids.narrow(0, r0, n).narrow(1, 0, ids.size(1) - 1);
    BlockHook hook;
    if (usesHidden(o.distill))
        hook = [&](int k, const torch::Tensor& h) { slot(out.blocks.at(static_cast<size_t>(k)), h).copy_(h); };
    const bool logits = usesLogits(o.distill);
    auto h = teacher.hidden(x, hook, {}, /*finalNorm=*/logits);
    if (logits) {
        auto z = teacher.logits(h.reshape({-1, h.size(2)})).view({n, x.size(1), -1});
        auto dst = slot(out.logProbs, z);
        at::log_softmax_out(dst, z / o.distillTemperature, -1);
    }
}

} // namespace

TeacherOutputs teacherOutputs(CausalLM& teacher, const torch::Tensor& ids, const TrainOptions& o) {
    const int64_t B = ids.size(0);
    TeacherOutputs out;
    if (usesHidden(o.distill)) out.blocks.resize(static_cast<size_t>(teacher.numBlocks()));
    std::mutex m;
    // The rows split over one worker per CPU, as an evaluation's are: on one
    // thread the teacher's forward left the other CPUs idle every step.
    runRowChunks(B, lossSumWorkers(B),
                 [&](size_t, int64_t r0, int64_t n) { teacherRowsInto(teacher, ids, o, r0, n, B, out, m); });
    return out;
}

torch::Tensor klFromLogProbs(const torch::Tensor& studentLogits, const torch::Tensor& teacherLogProbs, double T) {
    auto ls = torch::log_softmax(studentLogits / T, -1);
    return (teacherLogProbs.exp() * (teacherLogProbs - ls)).sum(-1).mean();
}

torch::Tensor klDivergence(const torch::Tensor& studentLogits, const torch::Tensor& teacherLogits, double T) {
    torch::Tensor lt;
    {
        torch::NoGradGuard noGrad;
        lt = torch::log_softmax(teacherLogits / T, -1);
    }
    return klFromLogProbs(studentLogits, lt, T);
}

torch::Tensor blockMse(const std::vector<torch::Tensor>& student, const std::vector<torch::Tensor>& teacher) {
    if (student.empty() || student.size() != teacher.size())
        throw Error(std::string("internal: distillation compares ") + std::to_string(student.size()) +
                    " student block outputs with " + std::to_string(teacher.size()) + " of the teacher");
    torch::Tensor sum;
    for (size_t i = 0; i < student.size(); ++i) {
        auto m = (student[i] - teacher[i]).pow(2).mean();
        sum = i == 0 ? m : sum + m;
    }
    return sum / static_cast<double>(student.size());
}

torch::Tensor studentLoss(CausalLM& student, const torch::Tensor& ids, const TeacherOutputs& teacher,
                          const TrainOptions& o, Values* parts) {
    const auto x = ids.narrow(1, 0, ids.size(1) - 1);
    std::vector<torch::Tensor> blocks;
    BlockHook hook;
    const bool hidden = usesHidden(o.distill), logits = usesLogits(o.distill);
    if (hidden) hook = [&](int, const torch::Tensor& h) { blocks.push_back(h); };
    auto h = student.hidden(x, hook);
    auto z = student.logits(h.reshape({-1, h.size(2)}));
    auto ce = torch::nn::functional::cross_entropy(z, ids.narrow(1, 1, ids.size(1) - 1).reshape({-1}));
    Values v;
    v.crossEntropy = ce.item<double>();
    torch::Tensor loss = ce;
    if (logits) {
        const double T = o.distillTemperature, w = o.distillWeight;
        auto kl = klFromLogProbs(z, teacher.logProbs.reshape({-1, teacher.logProbs.size(2)}), T);
        v.kl = kl.item<double>();
        loss = (1 - w) * ce + (w * T * T) * kl;
    }
    if (hidden) {
        auto mse = blockMse(blocks, teacher.blocks);
        v.hidden = mse.item<double>();
        loss = loss + o.distillHiddenWeight * mse;
    }
    if (parts) *parts = v;
    return loss;
}

void checkOptions(const TrainOptions& o, const ModelConfig& student) {
    if (o.distill == DistillMode::None) return;
    auto text = [](double x) {
        std::ostringstream os;
        os << x;
        return os.str();
    };
    if (!(o.distillTemperature > 0) || !std::isfinite(o.distillTemperature))
        throw Error(ErrorCode::TrainDistillTemperature, {text(o.distillTemperature)});
    if (!(o.distillWeight >= 0 && o.distillWeight <= 1))
        throw Error(ErrorCode::TrainDistillWeight, {text(o.distillWeight)});
    if (!(o.distillHiddenWeight >= 0) || !std::isfinite(o.distillHiddenWeight))
        throw Error(ErrorCode::TrainDistillHiddenWeight, {text(o.distillHiddenWeight)});
    if (!o.teacher) throw Error(ErrorCode::TrainDistillNoTeacher, {distillModeName(o.distill)});
    const auto& t = o.teacher->config();
    if (t.vocabSize != student.vocabSize || t.numLayers != student.numLayers || t.hiddenSize != student.hiddenSize)
        throw Error(ErrorCode::TrainDistillTeacherMismatch,
                    {std::to_string(t.numLayers), std::to_string(t.hiddenSize), std::to_string(t.vocabSize),
                     std::to_string(student.numLayers), std::to_string(student.hiddenSize),
                     std::to_string(student.vocabSize)});
}

void addTeacherMemory(MemoryEstimate& e, const ModelConfig& c, int64_t teacherParameters, const TrainOptions& o) {
    if (o.distill == DistillMode::None) return;
    auto u = [](int64_t x) { return x < 0 ? uint64_t{0} : static_cast<uint64_t>(x); };
    e.add("the distillation teacher's weights (float32, frozen)", u(teacherParameters) * 4);
    e.add("the distillation teacher's outputs for one batch", teacherOutputBytes(c, o));
}

uint64_t teacherOutputBytes(const ModelConfig& c, const TrainOptions& o) {
    if (o.distill == DistillMode::None) return 0;
    auto u = [](int64_t x) { return x < 0 ? uint64_t{0} : static_cast<uint64_t>(x); };
    const uint64_t N = u(o.batchSize) * u(o.seqLen), H = u(c.hiddenSize), V = u(c.vocabSize);
    // Kept for the step: the teacher's log-probabilities [N, V] and each
    // block's output [N, H]; while the teacher runs, its logits beside them;
    // in the student's loss the probabilities exp(log p) and their product.
    uint64_t outputs = 0;
    if (distill::usesLogits(o.distill)) outputs += N * V * 4 * 3;
    if (distill::usesHidden(o.distill)) outputs += u(c.numLayers) * N * H * 4;
    return outputs;
}

} // namespace distill
} // namespace sharelens
