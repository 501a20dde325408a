// sharelens-cli eval: mean next-token cross-entropy of a model on a text.
#include "commands.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>

#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens::cli {

int cmdEval(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--allow-unused"}, {"--text", "--token-ids", "--seq-len", "--sequences", "--compute"});
    const std::string dir = requireModel(a, "eval");
    if (a.has("--text") == a.has("--token-ids"))
        throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    const ComputeDtype compute = computeOption(a);
    auto model = openModelForForward(a, dir, io);
    setComputeDtype(*model, compute);
    const int ctx = model->config().maxPositions;
    const int seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 1024), 2, 1 << 20));
    if (seqLen > ctx)
        throw Error("--seq-len " + std::to_string(seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const int maxSeqs = static_cast<int>(a.getInt("--sequences", 0, 0, 1 << 30));
    const auto seqs = loadSequences(a, *model, seqLen, maxSeqs, &io.err);
    const auto r = model->evaluate(seqs, stderrProgress(io.err));
    if (a.has("--json")) {
        io.out << json{{"loss", r.loss},
                       {"tokens", r.tokens},
                       {"perplexity", std::exp(r.loss)},
                       {"compute", computeDtypeName(compute)}}
                      .dump()
               << "\n";
    } else {
        io.out << std::setprecision(6) << "loss        " << r.loss << "\n"
               << "perplexity  " << std::exp(r.loss) << "\n"
               << "tokens      " << r.tokens << "\n";
    }
    return 0;
}

} // namespace sharelens::cli
