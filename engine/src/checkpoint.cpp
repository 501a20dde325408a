// Opening a Hugging Face model folder: config, weight files, tokenizer.
#include "sharelens/checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "tensor_io.h"

namespace sharelens {

namespace fs = std::filesystem;

namespace {

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// Files in a Hugging Face folder that end in .bin/.pt/.pth but are no weights.
bool isTrainingStateFile(const std::string& name) {
    static const std::set<std::string> known = {"training_args.bin", "optimizer.pt", "scheduler.pt",
                                                "scaler.pt", "rng_state.pth", "optimizer.bin"};
    return known.count(name) || name.rfind("rng_state", 0) == 0;
}

std::vector<CheckpointTensor> tensorsOfSafetensors(const std::string& file, const SafetensorsHeader& h) {
    std::vector<CheckpointTensor> out;
    for (const TensorInfo& t : h.tensors) out.push_back({t.name, t.dtype, t.shape, file, {}, {}});
    return out;
}

std::vector<CheckpointTensor> tensorsOfPickle(const std::string& file) {
    std::vector<CheckpointTensor> out;
    for (const auto& [name, t] : loadTorchStateDict(file))
        out.push_back({name, fromTorchDtype(t.scalar_type()), std::vector<int64_t>(t.sizes().begin(), t.sizes().end()),
                       file, {}, {}});
    return out;
}

// model.safetensors.index.json / pytorch_model.bin.index.json
void openSharded(Checkpoint& c, const fs::path& indexPath, bool safetensors) {
    const std::string index = indexPath.string();
    const auto byShard = parseShardIndex(readFile(index), index); // shard file name -> tensor names

    bool first = true;
    for (const auto& [shardName, names] : byShard) {
        const fs::path shardPath = indexPath.parent_path() / shardName;
        const std::string shard = shardPath.string();
        if (!isFile(shardPath))
            throw Error("shard " + quote(shardName) + " listed in " + indexPath.filename().string() +
                            " is missing (it should hold " + quote(names.front()) +
                            (names.size() > 1 ? " and " + std::to_string(names.size() - 1) + " more tensors" : "") +
                            "); download the complete checkpoint.",
                        shard);
        std::vector<CheckpointTensor> held;
        if (safetensors) {
            SafetensorsHeader h = readSafetensorsHeader(shard);
            if (first) c.metadata = h.metadata;
            held = tensorsOfSafetensors(shard, h);
        } else {
            held = tensorsOfPickle(shard);
        }
        first = false;
        std::set<std::string> expected(names.begin(), names.end());
        std::set<std::string> present;
        for (const auto& t : held) present.insert(t.name);
        for (const std::string& n : names)
            if (!present.count(n))
                throw Error("tensor " + quote(n) + " is mapped to this shard by " + indexPath.filename().string() +
                                ", but the shard does not hold it; the shard or the index is wrong. Download the "
                                "checkpoint again.",
                            shard);
        for (const auto& t : held) {
            if (!expected.count(t.name))
                throw Error("the shard holds tensor " + quote(t.name) + ", which " + indexPath.filename().string() +
                                " does not map to this shard; the shard or the index is wrong. Download the "
                                "checkpoint again.",
                            shard);
            c.tensors.push_back(t);
        }
        c.weightFiles.push_back(shard);
    }
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// The shared pool of an agent (metadata "sharelens.pool", a file beside the
// agent's folder): checks where it is, its format and id, and lists its
// tensors (file = the pool) for the agent's sharing map to name.
std::vector<CheckpointTensor> openPool(Checkpoint& c, const std::string& file) {
    const std::string rel = c.metadata.at("sharelens.pool");
    const std::string name = rel.rfind("../", 0) == 0 ? rel.substr(3) : std::string();
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        throw Error("the agent's pool (metadata \"sharelens.pool\") is " + quote(rel) +
                        ", but a pool must be a file in the folder that holds the agent's folder, such as \"../" +
                        kPoolFileName + "\"; the checkpoint was edited. Export the pool again.",
                    file);
    const fs::path path = (fs::path(c.dir) / rel).lexically_normal();
    std::string agent = "this agent";
    if (auto a = c.metadata.find("sharelens.agent"); a != c.metadata.end()) agent = "agent " + quote(a->second);
    if (!isFile(path))
        throw Error("the shared pool that " + agent + " takes its shared tensors from is missing; keep the agent's "
                        "folder beside " + name + " (copy the whole export folder), or export the pool again.",
                    path.string());
    SafetensorsHeader h = readSafetensorsHeader(path.string());
    auto format = h.metadata.find("sharelens.format");
    if (format == h.metadata.end() || format->second != kPoolFormat)
        throw Error("this is not a ShareLens shared pool of format \"" + std::string(kPoolFormat) + "\" (" + agent +
                        " names it as its pool); put the export's own " + kPoolFileName + " back, or export the pool "
                        "again.",
                    path.string());
    const auto want = c.metadata.find("sharelens.pool_id");
    const auto have = h.metadata.find("sharelens.pool_id");
    if (want == c.metadata.end() || have == h.metadata.end() || want->second != have->second)
        throw Error("this pool is not the one " + agent + " was exported with (pool id " +
                        (have == h.metadata.end() ? std::string("missing") : have->second.substr(0, 12)) +
                        ", the agent expects " +
                        (want == c.metadata.end() ? std::string("none") : want->second.substr(0, 12)) +
                        "); it comes from another export. Keep the agent folders and the pool of one export together, "
                        "or export the pool again.",
                    path.string());
    c.poolFile = path.string();
    c.poolId = want->second;
    c.weightFiles.push_back(path.string());
    return tensorsOfSafetensors(path.string(), h);
}

// A ShareLens compact checkpoint: check the format marker and the sharing
// map against the stored tensors, then list every alias as a tensor of the
// stored one's dtype, shape and file.
void openCompact(Checkpoint& c) {
    const std::string& version = c.metadata.at("sharelens.format");
    const std::string file = c.weightFiles.empty() ? c.dir : c.weightFiles.front();
    if (version != kCompactFormat)
        throw Error("this is a ShareLens compact checkpoint of format \"" + version + "\", which this version "
                        "reads only as \"" + kCompactFormat + "\"; open it with the ShareLens that wrote it and "
                        "export it as a Hugging Face folder (sharelens-cli export MODEL --format hf).",
                    file);
    auto it = c.metadata.find("sharelens.map");
    if (it == c.metadata.end())
        throw Error("this compact checkpoint has no sharing map (metadata \"sharelens.map\"); it is damaged. "
                    "Export it again.",
                    file);
    c.compactFormat = version;
    c.sharing = sharingMapFromJson(it->second, file);
    std::map<std::string, const CheckpointTensor*> stored;
    for (const auto& t : c.tensors) stored[t.name] = &t;
    // An agent of a shared pool: the pool's tensors can be named by the map too.
    std::vector<CheckpointTensor> pool;
    std::set<std::string> poolNames;
    if (c.metadata.count("sharelens.pool")) {
        pool = openPool(c, file);
        for (const auto& t : pool) {
            if (stored.count(t.name))
                throw Error("the agent's file and its pool both store a tensor named " + quote(t.name) +
                                "; the checkpoint is damaged. Export the pool again.",
                            file);
            stored[t.name] = &t;
            poolNames.insert(t.name);
        }
    }
    auto storedTensor = [&](const std::string& name, const std::string& what) -> const CheckpointTensor& {
        auto s = stored.find(name);
        if (s == stored.end())
            throw Error("the sharing map names tensor " + quote(name) + " (" + what +
                            "), but the file does not hold it; the compact checkpoint is damaged or was edited. "
                            "Export it again.",
                        file);
        return *s->second;
    };
    // Whole-block entries become one alias per tensor.
    auto all = c.sharing.aliases;
    auto isDelta = [](const std::string& n) {
        for (const char* sfx : {".delta_a", ".delta_b"})
            if (n.size() > 8 && n.compare(n.size() - 8, 8, sfx) == 0) return true;
        return false;
    };
    for (const auto& [to, from] : c.sharing.blocks) {
        int n = 0;
        for (const auto& [name, t] : stored) {
            if (name.rfind(from, 0) != 0 || isDelta(name)) continue;
            const std::string alias = to + name.substr(from.size());
            if (!stored.count(alias) && !c.sharing.aliases.count(alias)) all[alias] = name;
            ++n;
        }
        if (n == 0 || to.empty() || from.empty())
            throw Error("the sharing map makes the tensors under " + quote(to) + " those under " + quote(from) +
                            ", but the file stores no tensor under " + quote(from) +
                            "; the compact checkpoint is damaged or was edited. Export it again.",
                        file);
    }
    std::vector<CheckpointTensor> aliases;
    for (const auto& [name, target] : all) {
        if (stored.count(name))
            throw Error("the sharing map makes " + quote(name) + " an alias of " + quote(target) +
                            ", but the file also stores a tensor of that name; the compact checkpoint is damaged.",
                        file);
        const CheckpointTensor& t = storedTensor(target, "the tensor " + name + " uses");
        CheckpointTensor a = t;
        a.name = name;
        a.storedAs = target;
        aliases.push_back(std::move(a));
    }
    // A pool tensor is listed under the first of the agent's names that uses
    // it (read from the pool under its pool name); the agent's other names
    // that use it are aliases of that one, so it is still loaded once.
    std::map<std::string, std::string> promoted; // pool name -> the agent's name holding it
    for (auto& a : aliases) {
        if (!poolNames.count(a.storedAs)) continue;
        auto [at, fresh] = promoted.emplace(a.storedAs, a.name);
        if (fresh) {
            a.fileName = a.storedAs;
            a.storedAs.clear();
        } else {
            a.storedAs = at->second;
        }
    }
    for (const auto& [name, d] : c.sharing.deltas) {
        if (poolNames.count(d.a) || poolNames.count(d.b))
            throw Error("the sharing map takes a delta of " + quote(name) + " from the shared pool, where deltas are "
                            "never stored; the checkpoint is damaged or was edited. Export the pool again.",
                        file);
        const std::vector<int64_t>* base = nullptr;
        auto al = all.find(name);
        base = &storedTensor(al != all.end() ? al->second : name, "the base of a delta").shape;
        const auto& a = storedTensor(d.a, "delta of " + name).shape;
        const bool fits = d.b.empty() ? a == *base : [&] {
            const auto& b = storedTensor(d.b, "delta of " + name).shape;
            return base->size() == 2 && a.size() == 2 && b.size() == 2 && a[0] == (*base)[0] &&
                   b[1] == (*base)[1] && a[1] == b[0];
        }();
        if (!fits)
            throw Error("the delta of " + quote(name) + " (" + shapeText(a) +
                            (d.b.empty() ? std::string() : " @ " + shapeText(storedTensor(d.b, "").shape)) +
                            ") does not fit its shape " + shapeText(*base) +
                            "; the compact checkpoint is damaged. Export it again.",
                        file);
    }
    c.tensors.insert(c.tensors.end(), aliases.begin(), aliases.end());
}

} // namespace

std::string sharingMapToJson(const SharingMap& map) {
    nlohmann::json blocks = nlohmann::json::object(), aliases = nlohmann::json::object(),
                   deltas = nlohmann::json::object();
    for (const auto& [k, v] : map.blocks) blocks[k] = v;
    for (const auto& [k, v] : map.aliases) aliases[k] = v;
    for (const auto& [k, d] : map.deltas) {
        nlohmann::json j{{"a", d.a}};
        if (!d.b.empty()) j["b"] = d.b;
        deltas[k] = j;
    }
    return nlohmann::json{{"blocks", blocks}, {"aliases", aliases}, {"deltas", deltas}}.dump();
}

SharingMap sharingMapFromJson(const std::string& text, const std::string& path) {
    auto bad = [&](const std::string& why) -> Error {
        return Error("the compact checkpoint's sharing map (metadata \"sharelens.map\") " + why +
                         "; the file is damaged. Export it again.",
                     path);
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw bad("is not valid JSON");
    }
    if (!j.is_object()) throw bad("is not a JSON object");
    SharingMap m;
    if (auto a = j.find("blocks"); a != j.end()) {
        if (!a->is_object()) throw bad("has \"blocks\" that is not an object");
        for (auto it = a->begin(); it != a->end(); ++it) {
            if (!it.value().is_string()) throw bad("maps block " + quote(it.key()) + " to something other than a prefix");
            m.blocks[it.key()] = it.value().get<std::string>();
        }
    }
    if (auto a = j.find("aliases"); a != j.end()) {
        if (!a->is_object()) throw bad("has \"aliases\" that is not an object");
        for (auto it = a->begin(); it != a->end(); ++it) {
            if (!it.value().is_string()) throw bad("maps " + quote(it.key()) + " to something other than a tensor name");
            m.aliases[it.key()] = it.value().get<std::string>();
        }
    }
    if (auto d = j.find("deltas"); d != j.end()) {
        if (!d->is_object()) throw bad("has \"deltas\" that is not an object");
        for (auto it = d->begin(); it != d->end(); ++it) {
            const auto& v = it.value();
            auto a = v.is_object() ? v.find("a") : v.end();
            if (!v.is_object() || a == v.end() || !a->is_string())
                throw bad("has a delta of " + quote(it.key()) + " without a tensor name \"a\"");
            SharingMap::Delta delta;
            delta.a = a->get<std::string>();
            if (auto b = v.find("b"); b != v.end()) {
                if (!b->is_string()) throw bad("has a delta of " + quote(it.key()) + " whose \"b\" is not a tensor name");
                delta.b = b->get<std::string>();
            }
            m.deltas[it.key()] = delta;
        }
    }
    return m;
}

const CheckpointTensor* Checkpoint::find(const std::string& name) const {
    auto it = std::lower_bound(tensors.begin(), tensors.end(), name,
                               [](const CheckpointTensor& t, const std::string& n) { return t.name < n; });
    if (it != tensors.end() && it->name == name) return &*it;
    // Not sorted (built by hand)? Fall back to a scan.
    for (const auto& t : tensors)
        if (t.name == name) return &t;
    return nullptr;
}

int64_t Checkpoint::parameterCount() const {
    int64_t n = 0;
    for (const auto& t : tensors) {
        if (!t.storedAs.empty()) continue;
        int64_t k = 1;
        for (int64_t d : t.shape) k *= d;
        n += k;
    }
    return n;
}

uint64_t Checkpoint::weightBytes() const {
    uint64_t n = 0;
    for (const auto& t : tensors) {
        if (!t.storedAs.empty()) continue;
        uint64_t k = dtypeSize(t.dtype);
        for (int64_t d : t.shape) k *= static_cast<uint64_t>(d);
        n += k;
    }
    return n;
}

std::string Checkpoint::dominantDtype() const {
    std::map<DType, int64_t> counts;
    for (const auto& t : tensors) {
        if (!t.storedAs.empty()) continue;
        int64_t k = 1;
        for (int64_t d : t.shape) k *= d;
        counts[t.dtype] += k;
    }
    const char* best = "";
    int64_t bestCount = -1;
    for (const auto& [dt, n] : counts) {
        if (n > bestCount) {
            bestCount = n;
            best = dtypeName(dt);
        }
    }
    return best;
}

Checkpoint openCheckpoint(const std::string& pathOrDir) {
    if (pathOrDir.empty()) throw Error("no model folder was given.");
    std::error_code ec;
    fs::path p(pathOrDir);
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw Error("cannot open: " + ec.message() + ".", pathOrDir);
        throw Error("there is no such file or folder.", pathOrDir);
    }
    fs::path dir = fs::is_directory(st) ? p : p.parent_path();
    if (dir.empty()) dir = ".";
    dir = fs::absolute(dir, ec).lexically_normal();
    if (dir.has_filename() == false && dir.has_parent_path() && dir != dir.root_path()) dir = dir.parent_path();

    Checkpoint c;
    c.dir = dir.string();

    const fs::path configPath = dir / "config.json";
    if (!fs::is_directory(st) && !isFile(configPath))
        throw Error("this is a file, not a model folder, and the folder it is in has no config.json; open the "
                    "model's folder (the one holding config.json and the weights).",
                    pathOrDir);
    if (!isFile(configPath) && isFile(dir / kPoolFileName))
        throw Error(std::string("this is a ShareLens shared pool of several agents, not one model; open one agent's "
                                "folder inside it, or give the whole folder where agents are expected "
                                "(analyze and finetune with several MODELs)."),
                    c.dir);
    if (!isFile(configPath))
        throw Error("there is no config.json here; a Hugging Face model folder needs config.json (the model's "
                    "architecture and sizes) next to its weights, as save_pretrained() writes it.",
                    c.dir);
    c.config = loadConfig(configPath.string());

    const fs::path single = dir / "model.safetensors";
    const fs::path stIndex = dir / "model.safetensors.index.json";
    const fs::path bin = dir / "pytorch_model.bin";
    const fs::path binIndex = dir / "pytorch_model.bin.index.json";
    if (isFile(single)) {
        c.format = WeightFormat::Safetensors;
        SafetensorsHeader h = readSafetensorsHeader(single.string());
        c.metadata = h.metadata;
        c.tensors = tensorsOfSafetensors(single.string(), h);
        c.weightFiles.push_back(single.string());
    } else if (isFile(stIndex)) {
        c.format = WeightFormat::ShardedSafetensors;
        openSharded(c, stIndex, true);
    } else if (isFile(bin)) {
        c.format = WeightFormat::TorchPickle;
        c.tensors = tensorsOfPickle(bin.string());
        c.weightFiles.push_back(bin.string());
    } else if (isFile(binIndex)) {
        c.format = WeightFormat::TorchPickle;
        openSharded(c, binIndex, false);
    } else {
        std::vector<std::string> safetensorsFiles, pickles;
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            if (!e.is_regular_file(ec)) continue;
            const std::string name = e.path().filename().string();
            const std::string ext = e.path().extension().string();
            if (ext == ".safetensors") safetensorsFiles.push_back(e.path().string());
            else if ((ext == ".bin" || ext == ".pt" || ext == ".pth") && !isTrainingStateFile(name))
                pickles.push_back(e.path().string());
        }
        std::sort(safetensorsFiles.begin(), safetensorsFiles.end());
        std::sort(pickles.begin(), pickles.end());
        if (safetensorsFiles.size() == 1) {
            c.format = WeightFormat::Safetensors;
            SafetensorsHeader h = readSafetensorsHeader(safetensorsFiles.front());
            c.metadata = h.metadata;
            c.tensors = tensorsOfSafetensors(safetensorsFiles.front(), h);
            c.weightFiles.push_back(safetensorsFiles.front());
        } else if (safetensorsFiles.empty() && pickles.size() == 1) {
            c.format = WeightFormat::TorchPickle;
            c.tensors = tensorsOfPickle(pickles.front());
            c.weightFiles.push_back(pickles.front());
        } else if (safetensorsFiles.size() + pickles.size() > 1) {
            std::string list;
            for (const auto* v : {&safetensorsFiles, &pickles})
                for (const auto& f : *v) list += (list.empty() ? "" : ", ") + fs::path(f).filename().string();
            throw Error("found several weight files (" + list +
                            ") but no model.safetensors.index.json saying which tensor lives where; keep one, or "
                            "add the index.",
                        c.dir);
        } else {
            throw Error("found no weights: expected model.safetensors, model.safetensors.index.json (with its "
                        "shards) or pytorch_model.bin next to config.json.",
                        c.dir);
        }
    }

    if (c.metadata.count("sharelens.format")) openCompact(c);
    std::sort(c.tensors.begin(), c.tensors.end(),
              [](const CheckpointTensor& a, const CheckpointTensor& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < c.tensors.size(); ++i)
        if (c.tensors[i].name == c.tensors[i - 1].name)
            throw Error("tensor " + quote(c.tensors[i].name) + " appears in two weight files (" +
                            c.tensors[i - 1].file + " and " + c.tensors[i].file + ").",
                        c.dir);

    if (isFile(dir / "tokenizer.json")) c.tokenizerFile = (dir / "tokenizer.json").string();
    else if (isFile(dir / "tokenizer.model")) c.tokenizerFile = (dir / "tokenizer.model").string();
    return c;
}

} // namespace sharelens
