// Pieces of the fine-tune commands (see finetune_common.h).
#include "finetune_common.h"

#include <algorithm>
#include <iomanip>
#include <ostream>

#include "progress_lines.h"
#include "sharelens/error.h"
#include "sharelens/finetune_memory.h"

namespace sharelens::cli {

TrainOptions trainOptions(const Args& a) {
    TrainOptions o;
    o.steps = static_cast<int>(a.getInt("--steps", 100, 1, 10000000));
    o.batchSize = static_cast<int>(a.getInt("--batch", 8, 1, 4096));
    o.learningRate = a.getDouble("--lr", 3e-4, 1e-8, 10);
    o.minLearningRate = o.learningRate / 10;
    o.seed = static_cast<uint64_t>(a.getInt("--seed", 1, 0, 1LL << 62));
    o.evalEvery = static_cast<int>(a.getInt("--eval-every", std::max(1, o.steps / 10), 0, 1 << 30));
    o.threads = static_cast<int>(a.getInt("--threads", 0, 0, 1024));
    o.compute = computeOption(a);
    return o;
}

void leanOptions(const Args& a, workflow::FinetuneRequest& rq) {
    const std::string scope = a.get("--train", "all");
    if (scope != "all" && scope != "shared") throw Error("--train must be all or shared, got '" + scope + "'");
    rq.train.scope = scope == "shared" ? TrainScope::Shared : TrainScope::All;
    const std::string baseline = a.get("--baseline", "run");
    if (baseline != "run" && baseline != "skip") throw Error("--baseline must be run or skip, got '" + baseline + "'");
    rq.runBaseline = baseline == "run";
    rq.train.checkpointing = a.has("--checkpointing");
}

void printMemoryEstimate(const Io& io, const FinetuneSizes& sizes, const FinetuneMode& mode) {
    const MemoryEstimate e = estimateFinetune(sizes, mode);
    std::string parts;
    for (const auto& [what, b] : e.parts) parts += (parts.empty() ? "" : ", ") + what + " " + formatBytes(b);
    const uint64_t available = availableMemory();
    io.err << "finetune: " << finetuneModeFlags(mode) << " needs about " << formatBytes(e.bytes) << " more memory ("
           << parts << "); peak about " << formatBytes(predictedFinetunePeak(sizes, mode));
    if (comparisonPeakBytes(sizes) > 0)
        io.err << " (the closing comparison holds about " << formatBytes(comparisonPeakBytes(sizes))
               << " beside the trained models)";
    if (available > 0) io.err << "; " << formatBytes(available) << " available";
    io.err << "\n";
}

json memoryJson(const FinetuneSizes& sizes, const FinetuneMode& mode) {
    const MemoryEstimate e = estimateFinetune(sizes, mode);
    json parts = json::object();
    for (const auto& [what, b] : e.parts) parts[what] = b;
    return json{{"estimate_bytes", e.bytes},
                {"resident_before_bytes", sizes.residentBytes},
                {"predicted_peak_bytes", predictedFinetunePeak(sizes, mode)},
                {"parts", parts}};
}

void step(std::ostream& csv, const Io& io, int steps, PairRun r, const StepRecord& s, bool lossParts) {
    progresslines::step(r, s, steps);
    csv << pairRunName(r) << "," << s.step << "," << std::setprecision(8) << s.loss << "," << s.tokensPerSecond << ","
        << s.modelStateBytes << "," << s.peakRssBytes;
    if (lossParts) csv << "," << s.crossEntropy << "," << s.distillKl << "," << s.distillHidden;
    csv << "\n";
    if (s.step % 10 == 0 || s.step == steps) {
        io.err << "step " << s.step << "/" << steps << " " << pairRunName(r) << " loss " << std::setprecision(4)
               << s.loss;
        if (lossParts && r == PairRun::Shared)
            io.err << " (cross-entropy " << s.crossEntropy << ", KL " << s.distillKl << ", hidden MSE "
                   << s.distillHidden << ")";
        io.err << " " << std::setprecision(0) << std::fixed << s.tokensPerSecond << " tok/s\n" << std::defaultfloat;
    }
}

json trainRunJson(const TrainResult& r, int64_t params) {
    json j{{"parameters", params}, {"steps", r.steps.size()}};
    if (!r.steps.empty()) {
        double tps = 0;
        for (const auto& s : r.steps) tps += s.tokensPerSecond;
        j["final_train_loss"] = r.steps.back().loss;
        j["mean_tokens_per_s"] = tps / static_cast<double>(r.steps.size());
        j["model_state_bytes"] = r.steps.back().modelStateBytes;
        j["peak_rss_bytes"] = r.steps.back().peakRssBytes;
    }
    // Before training: an evaluation at step 0, or the only one of a model
    // that was never trained (--eval-every 0 evaluates only at the end).
    if (!r.evals.empty() && (r.evals.front().step == 0 || r.steps.empty())) {
        j["validation_loss_before"] = r.evals.front().loss;
        j["validation_perplexity_before"] = r.evals.front().perplexity;
    }
    if (!r.evals.empty()) {
        j["validation_loss_after"] = r.evals.back().loss;
        j["validation_perplexity_after"] = r.evals.back().perplexity;
    }
    return j;
}

void addRatios(json& summary, int64_t planBaseline, int64_t planShared) {
    const auto& bs = summary["baseline"];
    const auto& ss = summary["shared"];
    if (bs.contains("model_state_bytes") && ss.contains("model_state_bytes"))
        summary["model_state_ratio"] = ss["model_state_bytes"].get<double>() / bs["model_state_bytes"].get<double>();
    if (planBaseline > 0)
        summary["plan_parameter_ratio"] = static_cast<double>(planShared) / static_cast<double>(planBaseline);
}

} // namespace sharelens::cli
