// sharelens-cli eval: mean next-token cross-entropy of a model on a text;
// with --stride the stride perplexity of the same tokens, with --tasks the
// multiple-choice accuracy (scoring.h).
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

void printExtras(const BudgetPoint& p, const ExtraScoring& x, const Io& io) {
    if (p.strideTokens > 0)
        io.out << "stride loss " << p.strideLoss << "\n"
               << "stride ppl  " << std::exp(p.strideLoss) << "  (window " << x.window << ", stride " << x.stride
               << ", " << p.strideTokens << " tokens)\n";
    if (p.taskItems > 0)
        io.out << "accuracy    " << p.accuracy << " +- " << p.accuracyStderr << "  (" << p.taskItems << " items of "
               << x.tasksPath << ")\n"
               << "acc_norm    " << p.accuracyNorm << " +- " << p.accuracyNormStderr << "\n";
}

} // namespace

int cmdEval(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--allow-unused"},
           {"--text", "--token-ids", "--seq-len", "--sequences", "--compute", "--tasks", "--stride", "--window"});
    const std::string dir = requireModel(a, "eval");
    if (a.has("--text") == a.has("--token-ids"))
        throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    const ComputeDtype compute = computeOption(a);
    auto model = openModelAsStored(a, dir, io);
    setComputeDtype(*model, compute);
    const int ctx = model->config().maxPositions;
    const int seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 1024), 2, 1 << 20));
    if (seqLen > ctx)
        throw Error("--seq-len " + std::to_string(seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const int maxSeqs = static_cast<int>(a.getInt("--sequences", 0, 0, 1 << 30));
    const auto seqs = loadSequences(a, *model, seqLen, maxSeqs, &io.err);
    const ExtraScoring extra = extraScoringOptions(a, *model, seqs);
    const auto r = model->evaluate(seqs, stderrProgress(io.err));
    BudgetPoint p;
    if (const auto score = pointScorer(extra, io.err)) score(*model, p);
    if (a.has("--json")) {
        json out{{"loss", r.loss},
                 {"tokens", r.tokens},
                 {"perplexity", std::exp(r.loss)},
                 {"compute", computeDtypeName(compute)}};
        addExtraJson(out, p);
        addExtraSettingsJson(out, extra);
        io.out << out.dump() << "\n";
    } else {
        io.out << std::setprecision(6) << "loss        " << r.loss << "\n"
               << "perplexity  " << std::exp(r.loss) << "\n"
               << "tokens      " << r.tokens << "\n";
        printExtras(p, extra, io);
    }
    return 0;
}

} // namespace sharelens::cli
