// sharelens-cli compare: baselines at a similar parameter budget, evaluated
// on the same sequences. Bytes are those of the unique tensors as float32
// (int8: int8 weights + float32 scales + the other tensors as float32).
// With --tasks every point also gets its multiple-choice accuracy, with
// --stride its stride perplexity (scoring.h).
#include "commands.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>

#include "scoring.h"
#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens::cli {

namespace {

void printTable(const workflow::CompareOutcome& r, const ExtraScoring& x, const Io& io) {
    const bool tasks = !x.tasksPath.empty(), stride = x.stride > 0;
    io.out << std::left << std::setw(24) << "method" << std::right << std::setw(14) << "parameters" << std::setw(14)
           << "bytes" << std::setw(12) << "loss" << std::setw(12) << "perplexity";
    if (tasks)
        io.out << std::setw(10) << "acc" << std::setw(10) << "stderr" << std::setw(10) << "acc_norm" << std::setw(10)
               << "stderr";
    if (stride) io.out << std::setw(12) << "stride ppl";
    io.out << "\n";
    for (const auto& p : r.rows) {
        io.out << std::left << std::setw(24) << p.method << std::right << std::setw(14) << p.parameters << std::setw(14)
               << p.bytes << std::setw(12) << std::fixed << std::setprecision(4) << p.loss << std::setw(12)
               << std::setprecision(2) << std::exp(p.loss);
        if (tasks)
            io.out << std::setprecision(4) << std::setw(10) << p.accuracy << std::setw(10) << p.accuracyStderr
                   << std::setw(10) << p.accuracyNorm << std::setw(10) << p.accuracyNormStderr;
        if (stride) io.out << std::setprecision(2) << std::setw(12) << std::exp(p.strideLoss);
        io.out << "\n";
    }
    io.out << "removed layers:";
    for (int l : r.removedLayers) io.out << " " << l;
    io.out << "\n";
    if (tasks)
        io.out << "tasks: " << x.tasks.size() << " items of " << x.tasksPath
               << " (stderr = sqrt(p(1-p)/(n-1)); acc_norm divides by the choice's characters)\n";
    if (stride)
        io.out << "stride perplexity: window " << x.window << ", stride " << x.stride << ", "
               << (r.rows.empty() ? 0 : r.rows.front().strideTokens) << " tokens scored\n";
    if (const auto& f = r.linearMap)
        io.out << "linear map: blocks " << f->start << ".." << f->start + f->length - 1 << " replaced, fitted on "
               << f->tokens << " tokens in " << std::setprecision(2) << f->seconds << " s, relative residual "
               << std::setprecision(6) << f->relativeResidual << "\n";
    // The blocks the importance baselines chose (when asked for).
    for (const auto& [name, layers] : {std::pair{"bi", &r.biLayers}, std::pair{"angular", &r.angularLayers}}) {
        if (layers->empty()) continue;
        io.out << name << " removed layers:";
        for (int l : *layers) io.out << " " << l;
        io.out << "\n";
    }
}

json linearMapJson(const LinearMapFit& f, size_t fitSequences, bool onEvaluation) {
    std::vector<int> blocks;
    for (int l = f.start; l < f.start + f.length; ++l) blocks.push_back(l);
    return {{"blocks", blocks},
            {"tokens", f.tokens},
            {"residual", f.residual},
            {"relative_residual", f.relativeResidual},
            {"ridge", f.ridge},
            {"fit_seconds", f.seconds},
            {"fit_sequences", fitSequences},
            {"fit_on_evaluation", onEvaluation}};
}

// The windows the linear map is fitted on: those after the evaluated ones
// (up to as many again), or the evaluated ones when the data has no more.
Sequences splitFitSequences(Sequences& seqs, int maxSeqs, bool linearMap, const Io& io) {
    if (!linearMap || maxSeqs <= 0 || seqs.size() <= static_cast<size_t>(maxSeqs)) {
        if (linearMap)
            io.err << "sharelens-cli: note: the linear map is fitted on the evaluated sequences (the data has no "
                      "more windows; give more text or --token-ids sequences for a separate fit)\n";
        return {};
    }
    Sequences fit(seqs.begin() + maxSeqs, seqs.end());
    seqs.resize(static_cast<size_t>(maxSeqs));
    return fit;
}

} // namespace

int cmdCompare(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--allow-unused", "--allow-mixed-attention"},
           {"--plan", "--text", "--token-ids", "--seq-len", "--sequences", "--compute", "--tasks", "--stride",
            "--window", "--baselines", "--init"});
    const std::string dir = requireModel(a, "compare");
    if (!a.has("--plan")) throw UsageError("compare needs --plan analysis.json");
    requireOneDataSource(a);
    const ComputeDtype compute = computeOption(a);
    const SharingPlan plan = readPlan(a.get("--plan"));
    workflow::CompareBaselines baselines;
    if (a.has("--baselines")) baselines.names = workflow::parseBaselines(a.get("--baselines"), "--baselines");
    baselines.importance = readImportance(a.get("--plan"));
    const SharedInit init = initOption(a).value_or(SharedInit::Mean);
    const bool linearMap =
        std::find(baselines.names.begin(), baselines.names.end(), "linear-map") != baselines.names.end();
    // Forward only: F16/BF16 matrices stay in their stored dtype, and the
    // shared and compressed models use them as they are where they do not change them.
    auto baseline = openModelAsStored(a, dir, io);
    setComputeDtype(*baseline, compute); // the shared and compressed models inherit it
    const int seqLen = workflow::resolveSeqLen(seqLenOption(a), *baseline);
    const int maxSeqs = sequencesOption(a, 64);
    auto seqs = loadSequences(a, *baseline, seqLen, linearMap && maxSeqs > 0 ? 2 * maxSeqs : maxSeqs, &io.err);
    baselines.fitSequences = splitFitSequences(seqs, maxSeqs, linearMap, io);
    const auto& fitSeqs = baselines.fitSequences;
    const ExtraScoring extra = extraScoringOptions(a, *baseline, seqs);

    const auto r = workflow::compare(
        *baseline, plan, seqs, stderrProgress(io.err),
        [&](const std::string& stage) {
            if (stage == "baseline") io.err << "Evaluating baseline\n";
            if (stage == "shared") io.err << "Evaluating shared\n";
            if (stage == "baselines") io.err << "Evaluating the baselines\n";
            if (stage == "linear-map") io.err << "Fitting the linear map\n";
        },
        a.has("--allow-mixed-attention"), baselines, init, pointScorer(extra, io.err));
    if (a.has("--json")) {
        json arr = json::array();
        for (const auto& p : r.rows) {
            json point{{"method", p.method}, {"parameters", p.parameters}, {"bytes", p.bytes}, {"loss", p.loss}};
            addExtraJson(point, p);
            arr.push_back(std::move(point));
        }
        json removed = r.removedLayers;
        json out{{"methods", arr},
                 {"removed_layers", removed},
                 {"sequences", seqs.size()},
                 {"compute", computeDtypeName(compute)}};
        addExtraSettingsJson(out, extra);
        if (r.linearMap)
            out["linear_map"] =
                linearMapJson(*r.linearMap, fitSeqs.empty() ? seqs.size() : fitSeqs.size(), fitSeqs.empty());
        const auto& names = baselines.names;
        if (std::find(names.begin(), names.end(), "bi") != names.end()) out["bi_layers"] = r.biLayers;
        if (std::find(names.begin(), names.end(), "angular") != names.end()) out["angular_layers"] = r.angularLayers;
        io.out << out.dump(2) << "\n";
        return 0;
    }
    printTable(r, extra, io);
    return 0;
}

} // namespace sharelens::cli
