// sharelens-cli finetune (one MODEL): the shared model of a plan and the
// unshared baseline trained on the same batches, then compared at the same
// budget; the engine's fine-tune workflow does the work, this file reads the
// options and writes the records, the summary and the trained model.
#include "commands.h"

#include <iomanip>
#include <ostream>
#include <sstream>

#include "finetune_common.h"
#include "scoring.h"
#include "sharelens/data.h"
#include "sharelens/distributed.h"
#include "progress_lines.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"

namespace sharelens::cli {

namespace {

// The fine-tune's stage as --progress-json names it.
const char* finetunePhaseName(workflow::FinetuneStage st) {
    using S = workflow::FinetuneStage;
    switch (st) {
    case S::Loading: return "loading";
    case S::ReadingData: return "reading";
    case S::Building: return "building";
    case S::Training: return "training";
    default: return "comparing";
    }
}

// The run's records as CSV and its progress lines on err.
struct FinetuneLog {
    const Io& io;
    int steps = 0;
    std::ostringstream csv, valCsv;

    workflow::FinetuneCallbacks callbacks() {
        workflow::FinetuneCallbacks cb;
        cb.progress = stderrProgress(io.err);
        cb.onReady = [this](const workflow::FinetuneSetup& s) {
            io.err << "finetune: " << s.trainTokens << " training and " << s.validationTokens << " validation tokens; "
                   << s.baselineParameters << " -> " << s.sharedParameters << " parameters (" << s.deltaParameters
                   << " in low-rank deltas)\n";
            budgetSequences = s.budgetSequences;
            progresslines::setup(static_cast<int64_t>(s.trainTokens), static_cast<int64_t>(s.validationTokens),
                                 s.budgetSequences);
        };
        cb.onStage = [this](workflow::FinetuneStage st) {
            progresslines::phase(finetunePhaseName(st));
            if (st == workflow::FinetuneStage::Comparing)
                io.err << "finetune: comparing with layer removal and int8 on " << budgetSequences
                       << " validation sequences\n";
        };
        cb.onMemory = [this](const FinetuneSizes& s, const FinetuneMode& m) { printMemoryEstimate(io, s, m); };
        cb.onStep = [this](PairRun r, const StepRecord& s) { step(csv, io, steps, r, s, distill); };
        cb.onEval = [this](PairRun r, const EvalRecord& e) {
            progresslines::eval(r, e);
            valCsv << pairRunName(r) << "," << e.step << "," << std::setprecision(8) << e.loss << "," << e.perplexity
                   << "\n";
            io.err << "eval step " << e.step << " " << pairRunName(r) << " validation loss " << std::setprecision(4)
                   << e.loss << "\n";
        };
        return cb;
    }
    int budgetSequences = 0;
    bool distill = false; // metrics.csv and the step lines carry the loss's components
};

// The distillation settings and the loss that was trained, for summary.json.
json distillJson(const TrainOptions& o) {
    json j{{"mode", distillModeName(o.distill)}};
    if (o.distill == DistillMode::None) {
        j["loss"] = "CE";
        return j;
    }
    j["temperature"] = o.distillTemperature;
    j["weight"] = o.distillWeight;
    j["hidden_weight"] = o.distillHiddenWeight;
    const bool logits = o.distill != DistillMode::Hidden, hidden = o.distill != DistillMode::Logits;
    j["loss"] = std::string(logits ? "(1 - weight) CE + weight T^2 KL(teacher || student)" : "CE") +
                (hidden ? " + hidden_weight MSE(block outputs)" : "");
    return j;
}

// The shared run's loss components at its last step.
void addLossParts(json& run, const TrainResult& r) {
    if (r.steps.empty()) return;
    run["final_cross_entropy"] = r.steps.back().crossEntropy;
    run["final_distill_kl"] = r.steps.back().distillKl;
    run["final_distill_hidden"] = r.steps.back().distillHidden;
}

// --distill, --distill-temperature, --distill-weight, --distill-hidden-weight.
void distillOptions(const Args& a, TrainOptions& o) {
    if (a.has("--distill") && !parseDistillMode(a.get("--distill"), &o.distill))
        throw Error(ErrorCode::CliDistillUnknownMode, {a.get("--distill")});
    o.distillTemperature = a.getDouble("--distill-temperature", 1.0, -1e300, 1e300);
    if (!(o.distillTemperature > 0)) throw Error(ErrorCode::CliDistillTemperature, {a.get("--distill-temperature")});
    o.distillWeight = a.getDouble("--distill-weight", 0.5, 0, 1);
    o.distillHiddenWeight = a.getDouble("--distill-hidden-weight", 1.0, 0, 1e300);
}

json summaryJson(const workflow::FinetuneOutcome& r, const workflow::FinetuneRequest& rq, double valFraction,
                 DType storage) {
    const auto& plan = rq.plan;
    json groups = json::array();
    for (size_t g = 0; g < plan.groups.size(); ++g) {
        json jg{{"members", plan.groups[g].members},
                {"init", sharedInitName(rq.share.init ? *rq.share.init : plan.groups[g].init)}};
        if (g < r.info.medoids.size() && r.info.medoids[g] >= 0) jg["medoid"] = r.info.medoids[g];
        groups.push_back(jg);
    }
    const TrainOptions& o = r.setup.options;
    json summary{{"baseline", trainRunJson(r.records.baseline, r.setup.baselineParameters)},
                 {"shared", trainRunJson(r.records.shared, r.info.parameters)},
                 {"groups", groups},
                 {"plan_parameters", {{"baseline", plan.baselineParameters}, {"shared", plan.sharedParameters}}},
                 {"delta_parameters", r.info.deltaParameters},
                 {"options",
                  {{"steps", o.steps},
                   {"batch", o.batchSize},
                   {"seq_len", o.seqLen},
                   {"lr", o.learningRate},
                   {"seed", o.seed},
                   {"private_norms", rq.share.privateNorms},
                   {"delta_rank", rq.share.deltaRank},
                   {"val_fraction", valFraction},
                   {"compute", computeDtypeName(o.compute)},
                   {"train", trainScopeName(r.mode.scope)},
                   {"baseline", r.mode.baseline ? "run" : "skip"},
                   {"checkpointing", r.mode.checkpointing},
                   {"distill", distillJson(o)},
                   {"dtype", dtypeName(storage)}}},
                 {"memory", memoryJson(r.memory, r.mode)},
                 {"train_tokens", r.setup.trainTokens},
                 {"validation_tokens", r.setup.validationTokens},
                 {"stop_reason", stopReasonText(r.stop, r.stopMessage)}};
    if (!r.mode.baseline) {
        // The comparison's "baseline" row is the untrained baseline.
        summary["baseline"]["trained"] = false;
        summary["baseline"]["note"] = "--baseline skip: not fine-tuned; the comparison uses the untrained baseline";
    }
    addRatios(summary, plan.baselineParameters, plan.sharedParameters);
    if (o.distill != DistillMode::None) addLossParts(summary["shared"], r.records.shared);
    if (!r.budget.empty()) {
        json jb = json::array();
        for (const auto& p : r.budget) {
            json point{{"method", p.method}, {"parameters", p.parameters}, {"bytes", p.bytes}, {"loss", p.loss}};
            addExtraJson(point, p);
            jb.push_back(std::move(point));
        }
        summary["budget"] = jb;
    }
    return summary;
}

SessionRun sessionRun(const Args& a, const workflow::FinetuneOutcome& r, const workflow::FinetuneRequest& rq) {
    SessionRun run;
    run.textPath = a.get("--text");
    run.steps = r.setup.options.steps;
    run.batchSize = r.setup.options.batchSize;
    run.seqLen = r.setup.options.seqLen;
    run.learningRate = r.setup.options.learningRate;
    run.init = a.get("--init");
    run.privateNorms = rq.share.privateNorms;
    run.deltaRank = rq.share.deltaRank;
    run.seed = r.setup.options.seed;
    run.baseline = r.records.baseline;
    run.shared = r.records.shared;
    run.baselineParameters = r.setup.baselineParameters;
    run.sharedParameters = r.info.parameters;
    run.stopReason = stopReasonText(r.stop, r.stopMessage);
    run.budget = r.budget;
    run.distill = r.setup.options.distill;
    run.distillTemperature = r.setup.options.distillTemperature;
    run.distillWeight = r.setup.options.distillWeight;
    run.distillHiddenWeight = r.setup.options.distillHiddenWeight;
    return run;
}

// The request of a one-model fine-tune, its options checked in order.
workflow::FinetuneRequest finetuneRequest(const Args& a, const std::string& dir, const Io& io, double* valFraction) {
    if (!a.has("--plan")) throw UsageError("finetune needs --plan analysis.json");
    requireOneDataSource(a);
    workflow::FinetuneRequest rq;
    rq.modelDir = dir;
    // The workflow opens MODEL strictly; an allowed checkpoint is opened here.
    if (a.has("--allow-unused")) rq.original = openModel(a, dir, io);
    rq.share.init = initOption(a);
    rq.share.deltaRank = static_cast<int>(a.getInt("--delta-rank", 0, 0, 1 << 20));
    rq.train = trainOptions(a);
    distillOptions(a, rq.train);
    rq.validationFraction = *valFraction = a.getDouble("--val-fraction", 0.1, 0.001, 0.5);
    const std::string out = a.get("--out", ".");
    // Checkpoints go to OUT/checkpoint (every N steps and at the end); --resume
    // continues a run from such a folder and keeps checkpointing there.
    rq.train.checkpointEvery = static_cast<int>(a.getInt("--checkpoint-every", 0, 1, 1 << 30));
    if (a.has("--resume")) rq.train.resumeFrom = a.get("--resume");
    if (a.has("--checkpoint-every") || a.has("--resume")) rq.train.checkpointDir = out + "/checkpoint";
    rq.planFile = a.get("--plan");
    rq.plan = readPlan(rq.planFile);
    rq.share.privateNorms = a.has("--private-norms") || rq.plan.privateNorms;
    rq.share.allowMixedAttention = a.has("--allow-mixed-attention");
    if (a.has("--session")) {
        checkSessionOutput(a.get("--session"), inputFiles(a));
        checkSessionIsFor(a.get("--session"), dir);
    }
    // OUT/shared is written after the training: refuse a folder of other files now.
    if (!a.has("--force")) checkModelExportFolder(out + "/shared");
    dtypeChoice(a); // a bad --dtype is refused before the run
    rq.train.seqLen = seqLenOption(a);
    rq.data = tokenSource(a);
    leanOptions(a, rq);
    // Each point of the budget comparison also gets its task accuracy.
    if (a.has("--tasks")) rq.budgetScore = taskFileScorer(a.get("--tasks"), io.err);
    return rq;
}

} // namespace

int cmdFinetune(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--private-norms", "--allow-unused", "--force", "--allow-mixed-attention", "--checkpointing"},
           {"--plan",
            "--text",
            "--token-ids",
            "--steps",
            "--batch",
            "--seq-len",
            "--lr",
            "--init",
            "--delta-rank",
            "--seed",
            "--val-fraction",
            "--eval-every",
            "--out",
            "--session",
            "--checkpoint-every",
            "--resume",
            "--threads",
            "--compute",
            "--train",
            "--baseline",
            "--tasks",
            "--distill",
            "--distill-temperature",
            "--distill-weight",
            "--distill-hidden-weight",
            "--dtype"});
    if (agentsMode(a) && a.has("--distill")) throw Error(ErrorCode::CliDistillNotForAgents, {});
    if (agentsMode(a)) return finetuneAgents(a, io);
    const std::string dir = requireModel(a, "finetune");
    double valFraction = 0;
    const workflow::FinetuneRequest rq = finetuneRequest(a, dir, io, &valFraction);
    if (workflow::planSharesNothing(rq.plan))
        io.err << "sharelens-cli: warning: the plan shares nothing (no group has two or more units): the shared "
                  "model starts as a copy of the baseline and both runs train the same model\n";
    const std::string out = a.get("--out", ".");
    FinetuneLog log{io, rq.train.steps, {}, {}};
    log.distill = rq.train.distill != DistillMode::None;
    log.csv << "run,step,loss,tokens_per_s,model_state_bytes,peak_rss_bytes"
            << (log.distill ? ",cross_entropy,distill_kl,distill_hidden\n" : "\n");
    log.valCsv << "run,step,loss,perplexity\n";
    const auto r = workflow::finetune(rq, log.callbacks());
    if (!dist::isWriter()) return r.stop == StopReason::Completed ? 0 : 1; // rank 0 writes the outputs

    // OUT/shared stores its weights as --dtype says, else as MODEL stores its own.
    const DType storage = dtypeOption(a, *r.baseline);
    const json summary = summaryJson(r, rq, valFraction, storage);
    if (a.has("--session")) addRunToSession(a.get("--session"), dir, rq.plan, sessionRun(a, r, rq));
    makeOutputDir(out);
    writeFileAtomic(out + "/metrics.csv", log.csv.str());
    writeFileAtomic(out + "/validation.csv", log.valCsv.str());
    writeFileAtomic(out + "/summary.json", summary.dump(2) + "\n");
    if (r.stop != StopReason::Completed) throw Error("finetune stopped: " + stopReasonText(r.stop, r.stopMessage));
    saveCompact(*r.shared, out + "/shared", storage, provenanceMap(r.provenance), a.has("--force"));
    io.out << summary.dump(2) << "\n";
    return 0;
}

} // namespace sharelens::cli
