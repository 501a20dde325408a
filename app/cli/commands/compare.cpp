// sharelens-cli compare: baselines at a similar parameter budget, evaluated
// on the same sequences. Bytes are those of the unique tensors as float32
// (int8: int8 weights + float32 scales + the other tensors as float32).
#include "commands.h"

#include <cmath>
#include <iomanip>
#include <ostream>

#include "sharelens/error.h"
#include "sharelens/model.h"

namespace sharelens::cli {

namespace {

void printTable(const workflow::CompareOutcome& r, const Io& io) {
    io.out << std::left << std::setw(24) << "method" << std::right << std::setw(14) << "parameters" << std::setw(14)
           << "bytes" << std::setw(12) << "loss" << std::setw(12) << "perplexity"
           << "\n";
    for (const auto& p : r.rows)
        io.out << std::left << std::setw(24) << p.method << std::right << std::setw(14) << p.parameters << std::setw(14)
               << p.bytes << std::setw(12) << std::fixed << std::setprecision(4) << p.loss << std::setw(12)
               << std::setprecision(2) << std::exp(p.loss) << "\n";
    io.out << "removed layers:";
    for (int l : r.removedLayers) io.out << " " << l;
    io.out << "\n";
}

} // namespace

int cmdCompare(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--allow-unused", "--allow-mixed-attention"},
           {"--plan", "--text", "--token-ids", "--seq-len", "--sequences", "--compute"});
    const std::string dir = requireModel(a, "compare");
    if (!a.has("--plan")) throw UsageError("compare needs --plan analysis.json");
    requireOneDataSource(a);
    const ComputeDtype compute = computeOption(a);
    const SharingPlan plan = readPlan(a.get("--plan"));
    auto baseline = openModel(a, dir, io);
    setComputeDtype(*baseline, compute); // the shared and compressed models inherit it
    const int seqLen = workflow::resolveSeqLen(seqLenOption(a), *baseline);
    const int maxSeqs = sequencesOption(a, 64);
    const auto seqs = loadSequences(a, *baseline, seqLen, maxSeqs, &io.err);

    const auto r = workflow::compare(
        *baseline, plan, seqs, stderrProgress(io.err),
        [&](const std::string& stage) {
            if (stage == "baseline") io.err << "Evaluating baseline\n";
            if (stage == "shared") io.err << "Evaluating shared\n";
            if (stage == "baselines") io.err << "Evaluating layer removal and int8\n";
        },
        a.has("--allow-mixed-attention"));
    if (a.has("--json")) {
        json arr = json::array();
        for (const auto& p : r.rows)
            arr.push_back({{"method", p.method}, {"parameters", p.parameters}, {"bytes", p.bytes}, {"loss", p.loss}});
        json removed = r.removedLayers;
        io.out << json{{"methods", arr},
                       {"removed_layers", removed},
                       {"sequences", seqs.size()},
                       {"compute", computeDtypeName(compute)}}
                          .dump(2)
               << "\n";
        return 0;
    }
    printTable(r, io);
    return 0;
}

} // namespace sharelens::cli
