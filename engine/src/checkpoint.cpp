// Opening a Hugging Face model folder: config, weight files, tokenizer.
#include "sharelens/checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "compact.h"
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
    // Resolved the way the file system resolves "..": from the agent folder's
    // real location (a symlinked agent folder's pool is beside its target),
    // and with one spelling for one file, so agents reached by different
    // paths still share one pool (PoolTensors is keyed by this path).
    std::error_code ec;
    fs::path path = fs::canonical(fs::path(c.dir) / rel, ec);
    if (ec) path = (fs::path(c.dir) / rel).lexically_normal(); // missing: named as written
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

} // namespace

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

    if (c.metadata.count("sharelens.format")) {
        // An agent of a shared pool: the pool's tensors can be named by its map.
        std::vector<CheckpointTensor> pool;
        if (c.metadata.count("sharelens.pool"))
            pool = openPool(c, c.weightFiles.empty() ? c.dir : c.weightFiles.front());
        openCompact(c, pool);
    }
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
