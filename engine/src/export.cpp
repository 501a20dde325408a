// Compact checkpoints and Hugging Face exports (see sharelens/export.h).
#include "sharelens/export.h"

#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <set>

#include "export_impl.h"
#include "model_impl.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "tensor_io.h"
#include "torch_guard.h"

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

namespace sharelens {

namespace {

using json = nlohmann::json;

const std::vector<std::string>& tokenizerFileNames() {
    static const std::vector<std::string> names = {
        "tokenizer.json",   "tokenizer.model", "tokenizer_config.json",  "special_tokens_map.json",
        "vocab.json",       "merges.txt",      "generation_config.json", "added_tokens.json"};
    return names;
}

void checkStorage(DType storage) {
    if (storage != DType::F32 && storage != DType::F16 && storage != DType::BF16)
        throw Error("exports are stored as F32, F16 or BF16");
}

const char* torchDtypeName(DType storage) {
    return storage == DType::F32 ? "float32" : storage == DType::F16 ? "float16" : "bfloat16";
}

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm {};
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
    for (const auto& n : tokenizerFileNames()) {
        std::error_code ec;
        const auto from = std::filesystem::path(src) / n;
        if (!std::filesystem::is_regular_file(from, ec)) continue;
        writeFileAtomic(into + "/" + n, readFile(from.string()));
    }
}

// Runs `fill` for writeFolderAtomic; errors about files in the temporary
// folder are reported against the folder the user named.
void writeExport(const std::string& dir, const std::function<void(const std::string&)>& fill) {
    writeFolderAtomic(dir, exportFileNames(), [&](const std::string& tmp) {
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
            throw Error(e.detail(), path.empty() ? dir : path);
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
    auto isDelta = [](const std::string& n) {
        return n.size() > 8 && (n.compare(n.size() - 8, 8, ".delta_a") == 0 || n.compare(n.size() - 8, 8, ".delta_b") == 0);
    };
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
            if (!isDelta(*it) && !names.count(p + it->substr(q.size()))) implied.insert(p + it->substr(q.size()));
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

void saveCompact(const Model& model, const std::string& dir, DType storage,
                 const std::map<std::string, std::string>& provenance) {
    checkStorage(storage);
    const auto prov = mergedProvenance(model, provenance);
    writeExport(dir, [&](const std::string& tmp) {
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
        ModelConfig cfg = model.config();
        cfg.torchDtype = torchDtypeName(storage);
        writeFileAtomic(tmp + "/config.json", configToJson(cfg));
        writeFileAtomic(tmp + "/sharelens-recipe.json", recipeJson(model, prov, "sharelens-compact", storage));
        copyTokenizerFiles(model, tmp);
    });
}

void exportHuggingFace(const Model& model, const std::string& dir, DType storage,
                       const std::map<std::string, std::string>& provenance) {
    checkStorage(storage);
    const auto prov = mergedProvenance(model, provenance);
    writeExport(dir, [&](const std::string& tmp) {
        model.save(tmp, storage, {{"sharelens.exported_by", std::string("ShareLens ") + SHARELENS_VERSION}});
        writeFileAtomic(tmp + "/sharelens-recipe.json", recipeJson(model, prov, "huggingface", storage));
        copyTokenizerFiles(model, tmp);
    });
}

} // namespace sharelens
