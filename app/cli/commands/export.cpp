// sharelens-cli export: the shared model of a plan as a compact checkpoint
// or a Hugging Face folder, and the tied system of an agents plan as a
// shared pool, through the engine's export workflows.
#include "commands.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>

#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/outpath.h"

namespace sharelens::cli {

namespace {

std::string outOption(const Args& a) {
    std::string out = a.get("--out");
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

void makeParent(const std::string& out) {
    const auto parent = std::filesystem::path(out).parent_path();
    if (!parent.empty()) makeOutputDir(parent.string());
}

// export with several MODELs: the tied system of an agents plan as a shared
// pool (DIR/pool.safetensors and DIR/<agent>/ per agent).
int exportPool(const Args& a, const Io& io) {
    const auto paths = agentPaths(a);
    if (!a.has("--plan"))
        throw UsageError("export with several MODELs needs --plan analysis.json (an agents-mode analysis)");
    if (a.get("--format") != "pool")
        throw UsageError("several MODELs are exported as a shared pool: use --format pool");
    for (const char* o : {"--delta-rank", "--private-norms"})
        if (a.has(o)) throw UsageError(std::string(o) + " is not supported with several MODELs yet");
    const SharedInit init = initOption(a).value_or(SharedInit::Mean);
    const std::string out = outOption(a);
    auto refuseModel = [&](const std::string& dir) {
        if (sameFile(out, dir)) throw Error("--out is one of the models being exported; choose another folder", out);
    };
    for (const auto& p : paths) refuseModel(p);
    // Before the long work: a folder that is not a pool export is not replaced.
    const bool force = a.has("--force");
    if (!force) checkPoolExportFolder(out);
    const std::string planPath = a.get("--plan");
    const AgentSharingPlan plan = readAgentPlan(planPath, paths);
    auto agents = loadAgents(paths, plan.agents, stderrProgress(io.err));
    for (const auto& m : agents.models) refuseModel(m->checkpoint().dir);
    Provenance prov = planProvenance(planPath);
    prov.source = joinPaths(paths);
    prov.init = sharedInitName(init);
    const DType storage = dtypeOption(a, *agents.models.front());
    makeParent(out);
    io.err << "export: writing a shared pool of " << agents.models.size() << " agents (" << dtypeName(storage)
           << ") to " << out << "\n";
    const auto r = workflow::exportPool(agents.view(), agents.names, plan, init, out, storage, prov,
                                        stderrProgress(io.err), force);
    json list = json::array();
    for (size_t k = 0; k < agents.names.size(); ++k)
        list.push_back({{"name", agents.names[k]},
                        {"folder", out + "/" + agents.names[k]},
                        {"file_bytes", r.files.agentFileBytes[k]},
                        {"stored_parameters", r.files.agentParameters[k]}});
    io.out << json{{"format", "pool"},
                   {"out", out},
                   {"dtype", dtypeName(storage)},
                   {"pool_id", r.files.poolId},
                   {"pool_bytes", r.files.poolFileBytes},
                   {"pool_parameters", r.files.poolParameters},
                   {"parameters", r.parameters},
                   {"agents", list}}
                  .dump(2)
           << "\n";
    return 0;
}

// --init, --delta-rank and --private-norms as sharing options.
ShareOptions shareOptions(const Args& a) {
    ShareOptions share;
    share.init = initOption(a);
    share.deltaRank = static_cast<int>(a.getInt("--delta-rank", 0, 0, 1 << 20));
    share.privateNorms = a.has("--private-norms");
    share.allowMixedAttention = a.has("--allow-mixed-attention");
    return share;
}

} // namespace

int cmdExport(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--private-norms", "--allow-unused", "--force", "--allow-mixed-attention"},
           {"--plan", "--format", "--out", "--init", "--delta-rank", "--dtype"});
    if (!a.has("--out") && agentsMode(a)) throw UsageError("export needs --out DIR");
    if (agentsMode(a)) return exportPool(a, io);
    if (a.get("--format") == "pool") throw UsageError("--format pool needs several MODELs (the agents of the plan)");
    const std::string dir = requireModel(a, "export");
    if (!a.has("--format")) throw UsageError("export needs --format compact, hf or pool");
    if (!a.has("--out")) throw UsageError("export needs --out DIR");
    const std::string format = a.get("--format");
    if (format != "compact" && format != "hf") throw Error("--format must be compact or hf, got '" + format + "'");
    ShareOptions share = shareOptions(a);
    const std::string out = outOption(a);
    auto refuseModel = [&](const std::string& model) {
        if (sameFile(out, model)) throw Error("--out is the model being exported; choose another folder", out);
    };
    refuseModel(dir);
    // Before the long work: a folder that is not an export is not replaced.
    const bool force = a.has("--force");
    if (!force) checkModelExportFolder(out);
    std::optional<SharingPlan> plan;
    if (a.has("--plan")) plan = readPlan(a.get("--plan"));
    auto model = openModelAsStored(a, dir, io);
    refuseModel(model->checkpoint().dir);
    Provenance prov;
    std::unique_ptr<Model> shared;
    if (plan) {
        share.privateNorms = share.privateNorms || plan->privateNorms;
        shared = makeSharedModel(*model, *plan, share);
        prov = planProvenance(a.get("--plan"));
        prov.source = dir;
        if (share.init) prov.init = sharedInitName(*share.init); // the recipe names an --init given
    } else {
        if (model->checkpoint().compactFormat.empty())
            throw UsageError(
                "export needs --plan analysis.json (only a compact checkpoint can be exported without one)");
        if (a.has("--init") || a.has("--private-norms") || a.has("--delta-rank"))
            throw UsageError("--init, --private-norms and --delta-rank apply only with --plan");
    }
    const DType storage = dtypeOption(a, *model);
    makeParent(out);
    io.err << "export: writing " << (format == "hf" ? "a Hugging Face folder" : "a compact checkpoint") << " ("
           << dtypeName(storage) << ") to " << out << "\n";
    const auto r =
        workflow::exportModel(shared ? *shared : *model,
                              format == "hf" ? workflow::ExportFormat::HuggingFace : workflow::ExportFormat::Compact,
                              out, storage, prov, force);
    io.out << json{{"format", format},
                   {"out", out},
                   {"dtype", dtypeName(storage)},
                   {"parameters", r.parameters},
                   {"file_bytes", r.fileBytes}}
                  .dump(2)
           << "\n";
    return 0;
}

} // namespace sharelens::cli
