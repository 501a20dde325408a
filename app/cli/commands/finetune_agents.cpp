// sharelens-cli finetune with several MODELs: the shared system of an agents
// plan against the unshared agents, each agent on its own text, through the
// engine's agents fine-tune workflow.
#include "finetune_common.h"
#include "sharelens/distributed.h"

#include <iomanip>
#include <ostream>
#include <sstream>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/export.h"

namespace sharelens::cli {

namespace {

// The request of an agents fine-tune, its options checked in order.
workflow::AgentsFinetuneRequest agentsRequest(const Args& a, double* valFraction) {
    workflow::AgentsFinetuneRequest rq;
    rq.paths = agentPaths(a);
    if (a.has("--session")) throw UsageError("--session is for one MODEL; agents mode writes no session file yet");
    if (!a.has("--plan")) throw UsageError("finetune needs --plan analysis.json");
    requireOneDataSource(a);
    for (const char* o : {"--delta-rank", "--private-norms", "--train", "--baseline", "--checkpointing"})
        if (a.has(o)) throw UsageError(std::string(o) + " is not supported with several MODELs yet");
    const std::string dataOpt = a.has("--text") ? "--text" : "--token-ids";
    const auto dataFiles = a.all(dataOpt);
    if (dataFiles.size() != 1 && dataFiles.size() != rq.paths.size())
        throw UsageError("give " + dataOpt + " once for all agents or once per agent (" +
                         std::to_string(rq.paths.size()) + " MODELs, " + std::to_string(dataFiles.size()) + " " +
                         dataOpt + ")");
    for (const auto& f : dataFiles)
        rq.data.push_back(
            {dataOpt == "--text" ? workflow::TokenSource::Kind::Text : workflow::TokenSource::Kind::TokenIds, f});
    rq.init = initOption(a).value_or(SharedInit::Mean);
    rq.train = trainOptions(a);
    rq.validationFraction = *valFraction = a.getDouble("--val-fraction", 0.1, 0.001, 0.5);
    rq.planFile = a.get("--plan");
    rq.plan = readAgentPlan(rq.planFile, rq.paths);
    rq.names = rq.plan.agents;
    rq.train.seqLen = seqLenOption(a);
    return rq;
}

// agent_loss.csv: every step's training loss of every agent, both systems.
std::string agentLossCsv(const workflow::AgentsFinetuneOutcome& r) {
    std::ostringstream csv;
    csv << "run,step,agent,loss\n";
    for (int run = 0; run < 2; ++run) {
        const auto& losses = run == 0 ? r.records.baselineAgentLoss : r.records.sharedAgentLoss;
        for (size_t s = 0; s < losses.size(); ++s)
            for (size_t k = 0; k < losses[s].size(); ++k)
                csv << pairRunName(static_cast<PairRun>(run)) << "," << s + 1 << "," << r.names[k] << ","
                    << std::setprecision(8) << losses[s][k] << "\n";
    }
    return csv.str();
}

json agentsSummary(const workflow::AgentsFinetuneOutcome& r, const workflow::AgentsFinetuneRequest& rq,
                   double valFraction) {
    json perAgent = json::array();
    auto ev = [](const std::vector<EvalRecord>& e) {
        return e.empty() ? json::object()
                         : json{{"validation_loss_before", e.front().loss}, {"validation_loss_after", e.back().loss}};
    };
    for (size_t k = 0; k < r.names.size(); ++k)
        perAgent.push_back({{"name", r.names[k]},
                            {"path", rq.paths[k]},
                            {"text", rq.data[rq.data.size() == 1 ? 0 : k].path},
                            {"train_tokens", r.data[k].train.size()},
                            {"validation_tokens", r.data[k].validation.size()},
                            {"baseline", ev(r.records.baselineAgentEvals[k])},
                            {"shared", ev(r.records.sharedAgentEvals[k])}});
    const TrainOptions& o = r.setup.options;
    json summary{{"agents", perAgent},
                 {"level", agentLevelName(rq.plan.level)},
                 {"baseline", trainRunJson(r.records.baseline, r.setup.baselineParameters)},
                 {"shared", trainRunJson(r.records.shared, r.sharedParameters)},
                 {"plan_parameters", {{"baseline", rq.plan.baselineParameters}, {"shared", rq.plan.sharedParameters}}},
                 {"init", sharedInitName(rq.init)},
                 {"options",
                  {{"steps", o.steps},
                   {"batch", o.batchSize},
                   {"seq_len", o.seqLen},
                   {"lr", o.learningRate},
                   {"seed", o.seed},
                   {"val_fraction", valFraction},
                   {"compute", computeDtypeName(o.compute)}}},
                 {"stop_reason", stopReasonText(r.stop, r.stopMessage)}};
    addRatios(summary, rq.plan.baselineParameters, rq.plan.sharedParameters);
    return summary;
}

} // namespace

int finetuneAgents(const Args& a, const Io& io) {
    double valFraction = 0;
    const workflow::AgentsFinetuneRequest rq = agentsRequest(a, &valFraction);
    const std::string out = a.get("--out", ".");
    // OUT/shared is written after the training: refuse a folder of other files now.
    if (!a.has("--force")) checkPoolExportFolder(out + "/shared");
    dtypeChoice(a); // a bad --dtype is refused before the run
    std::ostringstream csv, valCsv;
    csv << "run,step,loss,tokens_per_s,model_state_bytes,peak_rss_bytes\n";
    valCsv << "run,agent,step,loss,perplexity\n";
    workflow::FinetuneCallbacks cb;
    cb.progress = stderrProgress(io.err);
    cb.onReady = [&](const workflow::FinetuneSetup& s) {
        io.err << "finetune: " << rq.paths.size() << " agents (" << agentLevelName(rq.plan.level) << " plan); "
               << s.baselineParameters << " -> " << s.sharedParameters << " parameters\n";
    };
    cb.onStep = [&](PairRun r, const StepRecord& s) { step(csv, io, rq.train.steps, r, s); };
    cb.onAgentEval = [&](PairRun r, int agent, const EvalRecord& e) {
        valCsv << pairRunName(r) << "," << rq.plan.agents[static_cast<size_t>(agent)] << "," << e.step << ","
               << std::setprecision(8) << e.loss << "," << e.perplexity << "\n";
    };
    const auto r = workflow::finetuneAgents(rq, cb);
    if (!dist::isWriter()) return r.stop == StopReason::Completed ? 0 : 1; // rank 0 writes the outputs

    // OUT/shared stores its weights as --dtype says, else as the first agent stores its own.
    const DType storage =
        r.shared.empty() ? dtypeChoice(a).value_or(DType::F32) : dtypeOption(a, *r.shared.front());
    json summary = agentsSummary(r, rq, valFraction);
    summary["options"]["dtype"] = dtypeName(storage);
    makeOutputDir(out);
    writeFileAtomic(out + "/metrics.csv", csv.str());
    writeFileAtomic(out + "/agent_loss.csv", agentLossCsv(r));
    writeFileAtomic(out + "/validation.csv", valCsv.str());
    writeFileAtomic(out + "/summary.json", summary.dump(2) + "\n");
    if (r.stop != StopReason::Completed) throw Error("finetune stopped: " + stopReasonText(r.stop, r.stopMessage));
    // The trained shared system as a shared pool: DIR/shared/pool.safetensors
    // and DIR/shared/<agent>/, each agent a model folder of its own.
    std::vector<const Model*> trained;
    for (const auto& m : r.shared) trained.push_back(m.get());
    exportAgentPool(trained, rq.plan.agents, out + "/shared", storage, &rq.plan, provenanceMap(r.provenance), {},
                    a.has("--force"));
    io.out << summary.dump(2) << "\n";
    return 0;
}

} // namespace sharelens::cli
