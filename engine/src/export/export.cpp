// Compact checkpoints and Hugging Face exports (see sharelens/export.h).
#include "sharelens/export.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>
#include <system_error>

#include "export/export_impl.h"
#include "io/gguf.h"
#include "model/model_impl.h"
#include "io/sha256.h"
#include "sharelens/agents.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "sharelens/outpath.h"
#include "sharelens/plan.h"
#include "io/tensor_io.h"
#include "io/torch_guard.h"

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

namespace sharelens {

namespace {

using json = nlohmann::json;

const std::vector<std::string>& tokenizerFileNames() {
    static const std::vector<std::string> names = {
        "tokenizer.json", "tokenizer.model", "tokenizer_config.json",  "special_tokens_map.json",
        "vocab.json",     "merges.txt",      "generation_config.json", "added_tokens.json"};
    return names;
}

// Delta factors are stored as "<name>.delta_a" / ".delta_b".
bool isDeltaName(const std::string& n) {
    return n.size() > 8 && (n.compare(n.size() - 8, 8, ".delta_a") == 0 || n.compare(n.size() - 8, 8, ".delta_b") == 0);
}

void checkStorage(DType storage) {
    if (storage != DType::F32 && storage != DType::F16 && storage != DType::BF16)
        throw Error(ErrorCode::ExportExportsStoredFFBF, {});
}

const char* torchDtypeName(DType storage) {
    return storage == DType::F32 ? "float32" : storage == DType::F16 ? "float16" : "bfloat16";
}

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// model.provenance() with `extra` over it.
std::map<std::string, std::string> mergedProvenance(const Model& m, const std::map<std::string, std::string>& extra) {
    auto p = m.provenance();
    for (const auto& [k, v] : extra) p[k] = v;
    if (!p.count("sharelens_version")) p["sharelens_version"] = SHARELENS_VERSION;
    return p;
}

std::string recipeJson(const Model& m, const std::map<std::string, std::string>& provenance, const char* format,
                       DType storage) {
    json options = json::object();
    for (const auto& [k, v] : provenance) options[k] = v;
    json r{{"format", format},
           {"dtype", dtypeName(storage)},
           {"source", provenance.count("source") ? provenance.at("source") : m.checkpoint().dir},
           {"options", options},
           {"sharelens_version", SHARELENS_VERSION},
           {"date", utcNow()},
           {"parameters", m.summary().parameters}};
    if (const SharingPlan* plan = m.sharingPlan()) r["plan"] = json::parse(planToJson(*plan));
    return r.dump(2) + "\n";
}

void copyTokenizerFiles(const Model& m, const std::string& into) {
    const std::string& src = m.checkpoint().dir;
    if (src.empty()) return;
    if (m.checkpoint().format == WeightFormat::Gguf) {
        // A GGUF file's vocabulary, written as the tokenizer.json it stands for.
        if (m.checkpoint().tokenizerFile.empty()) return;
        const auto file = gguf::MappedFile::open(src);
        std::string text;
        try {
            text = gguf::tokenizerJson(file->header(), src);
        } catch (const Error&) {
            return; // a vocabulary ShareLens does not read: the export has none either
        }
        writeFileAtomic(into + "/tokenizer.json", text);
        return;
    }
    for (const auto& n : tokenizerFileNames()) {
        std::error_code ec;
        const auto from = std::filesystem::path(src) / n;
        if (!std::filesystem::is_regular_file(from, ec)) continue;
        writeFileAtomic(into + "/" + n, readFile(from.string()));
    }
}

// What a compact or pool-agent folder holds beside its weights: config.json
// with the stored dtype, the recipe and the source's tokenizer files.
void writeCompanionFiles(const Model& m, const std::string& into, const std::map<std::string, std::string>& provenance,
                         const char* format, DType storage) {
    ModelConfig cfg = m.config();
    cfg.torchDtype = torchDtypeName(storage);
    writeFileAtomic(into + "/config.json", configToJson(cfg));
    writeFileAtomic(into + "/sharelens-recipe.json", recipeJson(m, provenance, format, storage));
    copyTokenizerFiles(m, into);
}

// True when `dir` holds the recipe of a compact or Hugging Face export.
bool isModelExport(const std::string& dir) {
    return jsonFileHasMarker(dir + "/sharelens-recipe.json", "format", {"sharelens-compact", "huggingface"});
}

// Runs `fill` for writeFolderAtomic; errors about files in the temporary
// folder are reported against the folder the user named.
// `replaceable`: the names an earlier export leaves in dir (writeFolderAtomic).
// `force`: an existing folder is replaced whatever it holds.
void writeExport(const std::string& dir, std::vector<std::string> replaceable, bool force,
                 const std::function<void(const std::string&)>& fill) {
    if (force) {
        for (const auto& n : folderEntries(dir)) replaceable.push_back(n);
    }
    writeFolderAtomic(dir, replaceable, [&](const std::string& tmp) {
        try {
            guardTorch(dir, [&] {
                fill(tmp);
                return 0;
            });
        } catch (const Cancelled&) {
            throw;
        } catch (const Error& e) {
            std::string path = e.path();
            if (path.rfind(tmp, 0) == 0) path = dir + path.substr(tmp.size());
            throw e.withPath(path.empty() ? dir : path);
        }
    });
}

} // namespace

void CompactLayout::add(const CausalLM& net, const std::string& prefix) {
    auto store = [&](const std::string& name, const torch::Tensor& t) -> std::string {
        auto [it, fresh] = storedName.emplace(t.unsafeGetTensorImpl(), name);
        if (fresh) stored.emplace_back(name, t);
        return it->second;
    };
    std::map<std::string, std::string> aliases; // of this model
    for (const auto& [hf, parts] : net.namedParts()) {
        const std::string name = prefix + hf;
        const std::string s = store(name, parts.base);
        if (s != name) aliases[name] = s;
        if (parts.a.defined()) {
            SharingMap::Delta d;
            d.a = store(name + ".delta_a", parts.a);
            if (parts.b.defined()) d.b = store(name + ".delta_b", parts.b);
            map.deltas[name] = d;
        }
    }
    // A block whose aliases all point to one other block, name for name, and
    // which the "blocks" rule reproduces exactly, is written as one entry.
    std::set<std::string> names;
    for (const auto& [n, t] : stored) names.insert(n);
    for (int i = 0; i < net.numBlocks(); ++i) {
        const std::string p = prefix + net.blockPrefix(i);
        std::string q;
        std::set<std::string> mine;
        bool uniform = true;
        for (auto it = aliases.lower_bound(p); it != aliases.end() && it->first.rfind(p, 0) == 0; ++it) {
            const std::string rel = it->first.substr(p.size());
            const auto& target = it->second;
            if (target.size() <= rel.size() || target.compare(target.size() - rel.size(), rel.size(), rel) != 0) {
                uniform = false;
                break;
            }
            const std::string tq = target.substr(0, target.size() - rel.size());
            if (q.empty()) q = tq;
            uniform = uniform && tq == q;
            mine.insert(it->first);
        }
        if (!uniform || mine.empty()) continue;
        std::set<std::string> implied;
        for (auto it = names.lower_bound(q); it != names.end() && it->rfind(q, 0) == 0; ++it)
            if (!isDeltaName(*it) && !names.count(p + it->substr(q.size()))) implied.insert(p + it->substr(q.size()));
        if (implied != mine) continue;
        map.blocks[p] = q;
        for (const auto& n : mine) aliases.erase(n);
    }
    for (const auto& [n, t] : aliases) map.aliases[n] = t;
}

const std::vector<std::string>& exportFileNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n{"config.json", "model.safetensors", "sharelens-recipe.json"};
        n.insert(n.end(), tokenizerFileNames().begin(), tokenizerFileNames().end());
        return n;
    }();
    return names;
}

void checkModelExportFolder(const std::string& dir) {
    // A file an export never writes: named as writeFolderAtomic names it.
    for (const auto& entry : folderEntries(dir))
        if (std::find(exportFileNames().begin(), exportFileNames().end(), entry) == exportFileNames().end())
            throw Error(ErrorCode::DataFolderExistsHoldsExportDoes, {entry}, dir);
    checkOutputFolder(dir, "model", "sharelens-recipe.json", isModelExport);
}

void saveCompact(const Model& model, const std::string& dir, DType storage,
                 const std::map<std::string, std::string>& provenance, bool force) {
    checkStorage(storage);
    if (!force) checkModelExportFolder(dir);
    const auto prov = mergedProvenance(model, provenance);
    writeExport(dir, exportFileNames(), force, [&](const std::string& tmp) {
        torch::NoGradGuard ng;
        CompactLayout layout;
        layout.add(*model.impl().net);
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        tensors.reserve(layout.stored.size());
        for (const auto& [name, t] : layout.stored)
            tensors.emplace_back(name, t.detach().to(toTorchDtype(storage)).contiguous());
        json pj = json::object();
        for (const auto& [k, v] : prov) pj[k] = v;
        std::map<std::string, std::string> md{{"format", "pt"},
                                              {"sharelens.format", kCompactFormat},
                                              {"sharelens.map", sharingMapToJson(layout.map)},
                                              {"sharelens.provenance", pj.dump()},
                                              {"sharelens.version", prov.at("sharelens_version")}};
        if (const SharingPlan* plan = model.sharingPlan()) {
            // Without the units' tensor name lists: the model gives them back
            // on loading, and they would be most of the header.
            json pj = json::parse(planToJson(*plan));
            for (auto& u : pj["units"]) {
                u.erase("tensors");
                u.erase("private_tensors");
            }
            md["sharelens.plan"] = pj.dump();
        }
        saveSafetensors(tmp + "/model.safetensors", tensors, md);
        tensors.clear();
        writeCompanionFiles(model, tmp, prov, "sharelens-compact", storage);
    });
}

void exportHuggingFace(const Model& model, const std::string& dir, DType storage,
                       const std::map<std::string, std::string>& provenance, bool force) {
    checkStorage(storage);
    if (!force) checkModelExportFolder(dir);
    const auto prov = mergedProvenance(model, provenance);
    writeExport(dir, exportFileNames(), force, [&](const std::string& tmp) {
        model.save(tmp, storage, {{"sharelens.exported_by", std::string("ShareLens ") + SHARELENS_VERSION}});
        writeFileAtomic(tmp + "/sharelens-recipe.json", recipeJson(model, prov, "huggingface", storage));
        copyTokenizerFiles(model, tmp);
    });
}

// ---------------------------------------------------------------- shared pool

namespace {

void checkAgentFolderName(const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || name == kPoolFileName ||
        name.rfind(".", 0) == 0)
        throw Error(ErrorCode::ExportAgentNameCannotNameFolder, {name});
}

// Names the export may replace in an existing DIR: the pool and the agent
// folders of this export and of the pool export already there. An agent
// folder holding files an export never writes is not replaced.
std::vector<std::string> poolReplaceable(const std::string& dir, const std::vector<std::string>& names) {
    std::vector<std::string> r{kPoolFileName};
    r.insert(r.end(), names.begin(), names.end());
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return r;
    if (isPoolExport(dir)) {
        try {
            for (const auto& f : poolAgentFolders(dir)) r.push_back(std::filesystem::path(f).filename().string());
        } catch (const Error&) {}
    }
    for (const auto& n : r) {
        const auto sub = std::filesystem::path(dir) / n;
        if (n == kPoolFileName || !std::filesystem::is_directory(sub, ec)) continue;
        for (const auto& e : std::filesystem::directory_iterator(sub, ec)) {
            const std::string f = e.path().filename().string();
            if (std::find(exportFileNames().begin(), exportFileNames().end(), f) == exportFileNames().end())
                throw Error(ErrorCode::ExportFolderExistsHoldsExportDoes, {n, f}, dir);
        }
    }
    return r;
}

} // namespace

bool isPoolExport(const std::string& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(std::filesystem::path(dir) / kPoolFileName, ec) &&
           !std::filesystem::is_regular_file(std::filesystem::path(dir) / "config.json", ec);
}

void checkPoolExportFolder(const std::string& dir) {
    checkOutputFolder(dir, "shared-pool", kPoolFileName, [](const std::string& d) {
        try {
            return isPoolExport(d) && !poolAgentFolders(d).empty();
        } catch (const Error&) {
            return false;
        }
    });
}

std::vector<std::string> poolAgentFolders(const std::string& dir) {
    const std::string file = (std::filesystem::path(dir) / kPoolFileName).string();
    const SafetensorsHeader h = readSafetensorsHeader(file);
    auto f = h.metadata.find("sharelens.format");
    if (f == h.metadata.end() || f->second != kPoolFormat)
        throw Error(ErrorCode::ExportNotShareLensSharedPoolMetadata, {kPoolFormat}, file);
    auto a = h.metadata.find("sharelens.agents");
    std::vector<std::string> list;
    bool ok = a != h.metadata.end();
    if (ok) {
        try {
            checkJsonDepth(a->second, file);
            const json j = json::parse(a->second);
            ok = j.is_array();
            for (size_t i = 0; ok && i < j.size(); ++i) {
                ok = j[i].is_string();
                if (ok) list.push_back(j[i].get<std::string>());
            }
        } catch (const json::exception&) {
            ok = false;
        }
    }
    if (!ok) throw Error(ErrorCode::ExportPoolSListAgentsMetadata, {}, file);
    std::vector<std::string> out;
    for (const auto& n : list) {
        try {
            checkAgentFolderName(n);
        } catch (const Error& e) {
            throw e.withPath(file);
        }
        out.push_back((std::filesystem::path(dir) / n).string());
    }
    if (out.size() < 2) throw Error(ErrorCode::ExportPoolNamesFewerThanTwo, {}, file);
    return out;
}

namespace {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Writes pool.safetensors into `tmp`: every tensor object that two or more
// agents use. Returns those tensors as they are in memory.
NamedTensors writePoolFile(const std::string& tmp, const std::vector<const Model*>& system,
                           const std::vector<std::string>& names, DType storage, const AgentSharingPlan* plan,
                           const std::map<std::string, std::string>& provenance, PoolExportResult& result) {
    // Which agents use each tensor object.
    std::map<const void*, std::set<size_t>> users;
    for (size_t a = 0; a < system.size(); ++a)
        for (const auto& [hf, parts] : system[a]->impl().net->namedParts())
            for (const torch::Tensor* t : {&parts.base, &parts.a, &parts.b})
                if (t->defined()) users[t->unsafeGetTensorImpl()].insert(a);
    CompactLayout all;
    for (size_t a = 0; a < system.size(); ++a) all.add(*system[a]->impl().net, names[a] + "/");
    NamedTensors pool;   // as in memory (for the layouts)
    NamedTensors stored; // converted for the file
    Sha256 sha;
    for (const auto& [name, t] : all.stored) {
        if (users[t.unsafeGetTensorImpl()].size() < 2) continue;
        if (isDeltaName(name)) throw Error(ErrorCode::ExportDeltaUsedSeveralAgentsPool, {name});
        pool.emplace_back(name, t);
        auto c = t.detach().to(toTorchDtype(storage)).contiguous();
        sha.update(c.data_ptr(), static_cast<size_t>(c.numel()) * c.element_size());
        result.poolParameters += c.numel();
        result.poolTensorBytes += static_cast<uint64_t>(c.numel()) * c.element_size();
        stored.emplace_back(name, c);
    }
    result.poolId = sha.hexDigest();
    json agents = json::array();
    for (const auto& n : names) agents.push_back(n);
    json pj = json::object();
    for (const auto& [k, v] : mergedProvenance(*system[0], provenance)) pj[k] = v;
    std::map<std::string, std::string> md{{"format", "pt"},
                                          {"sharelens.format", kPoolFormat},
                                          {"sharelens.pool_id", result.poolId},
                                          {"sharelens.agents", agents.dump()},
                                          {"sharelens.provenance", pj.dump()},
                                          {"sharelens.version", SHARELENS_VERSION}};
    if (plan) md["sharelens.agents_plan"] = json::parse(agentPlanToJson(*plan)).dump();
    saveSafetensors(tmp + "/" + kPoolFileName, stored, md);
    stored.clear();
    std::error_code ec;
    result.poolFileBytes = std::filesystem::file_size(tmp + "/" + kPoolFileName, ec);
    return pool;
}

// Writes one agent's folder into `tmp`: its own tensors and a sharing map
// naming the pool's.
void writeAgentFolder(const std::string& tmp, const Model& m, const std::string& name, const NamedTensors& pool,
                      DType storage, const std::map<std::string, std::string>& provenance, PoolExportResult& result) {
    // The pool first, so that tensors found there become aliases of pool names.
    CompactLayout own;
    for (const auto& [poolName, t] : pool) {
        own.stored.emplace_back(poolName, t);
        own.storedName.emplace(t.unsafeGetTensorImpl(), poolName);
    }
    own.add(*m.impl().net);
    NamedTensors mine;
    int64_t params = 0;
    for (size_t k = pool.size(); k < own.stored.size(); ++k) {
        auto c = own.stored[k].second.detach().to(toTorchDtype(storage)).contiguous();
        params += c.numel();
        mine.emplace_back(own.stored[k].first, c);
    }
    auto prov = mergedProvenance(m, provenance);
    prov["agent"] = name;
    json ap = json::object();
    for (const auto& [k, v] : prov) ap[k] = v;
    const std::string sub = tmp + "/" + name;
    if (::mkdir(sub.c_str(), 0755) != 0)
        throw Error(ErrorCode::ExportCannotCreateAgentSFolder, {std::strerror(errno)}, sub);
    saveSafetensors(sub + "/model.safetensors", mine,
                    {{"format", "pt"},
                     {"sharelens.format", kCompactFormat},
                     {"sharelens.map", sharingMapToJson(own.map)},
                     {"sharelens.pool", std::string("../") + kPoolFileName},
                     {"sharelens.pool_id", result.poolId},
                     {"sharelens.agent", name},
                     {"sharelens.provenance", ap.dump()},
                     {"sharelens.version", prov.at("sharelens_version")}});
    mine.clear();
    writeCompanionFiles(m, sub, prov, "sharelens-pool-agent", storage);
    std::error_code ec;
    result.agentFileBytes.push_back(std::filesystem::file_size(sub + "/model.safetensors", ec));
    result.agentParameters.push_back(params);
}

} // namespace

PoolExportResult exportAgentPool(const std::vector<const Model*>& system, const std::vector<std::string>& names,
                                 const std::string& dir, DType storage, const AgentSharingPlan* plan,
                                 const std::map<std::string, std::string>& provenance, const Progress& progress,
                                 bool force) {
    checkStorage(storage);
    if (!force) checkPoolExportFolder(dir);
    if (system.size() < 2) throw Error(ErrorCode::ExportSharedPoolNeedsLeastTwo, {});
    if (names.size() != system.size())
        throw Error(ErrorCode::ExportAgentNamesAgents, {std::to_string(names.size()), std::to_string(system.size())});
    std::set<std::string> unique;
    for (const auto& n : names) {
        checkAgentFolderName(n);
        if (!unique.insert(n).second) throw Error(ErrorCode::ExportTwoAgentsNamedGiveEvery, {n});
    }
    if (plan && plan->agents.size() != system.size())
        throw Error(ErrorCode::ExportPlanMadeAgentsSystem,
                    {std::to_string(plan->agents.size()), std::to_string(system.size())});
    for (const Model* m : system)
        if (!m) throw Error(ErrorCode::ExportInternalNullAgentGivenPool, {});
    const auto replaceable = force ? std::vector<std::string>{} : poolReplaceable(dir, names);
    PoolExportResult result;
    const int stages = static_cast<int>(system.size()) + 1;
    writeExport(dir, replaceable, force, [&](const std::string& tmp) {
        torch::NoGradGuard ng;
        progress.report("Writing the shared pool", 1, stages, 0.0);
        const NamedTensors pool = writePoolFile(tmp, system, names, storage, plan, provenance, result);
        for (size_t a = 0; a < system.size(); ++a) {
            progress.check();
            progress.report("Writing agent " + names[a], static_cast<int>(a) + 2, stages, 0.0);
            writeAgentFolder(tmp, *system[a], names[a], pool, storage, provenance, result);
        }
        progress.report("Writing agent " + names.back(), stages, stages, 1.0);
    });
    return result;
}

} // namespace sharelens
