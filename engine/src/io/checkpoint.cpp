// Opening a Hugging Face model folder: config, weight files, tokenizer.
#include "sharelens/checkpoint.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "io/compact.h"
#include "io/gguf.h"
#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "io/tensor_io.h"
#include "sharelens/tensor_set.h"

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
    static const std::set<std::string> known = {"training_args.bin", "optimizer.pt",  "scheduler.pt",
                                                "scaler.pt",         "rng_state.pth", "optimizer.bin"};
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
        out.push_back({name,
                       fromTorchDtype(t.scalar_type()),
                       std::vector<int64_t>(t.sizes().begin(), t.sizes().end()),
                       file,
                       {},
                       {}});
    return out;
}

// Refuses a shard path that is not a regular file, saying what it is.
void requireShardFile(const fs::path& shardPath, const std::string& shardName, const fs::path& indexPath,
                      const std::vector<std::string>& names) {
    std::error_code ec;
    const fs::file_status st = fs::status(shardPath, ec);
    if (fs::is_regular_file(st)) return;
    const std::string index = indexPath.filename().string(), shard = shardPath.string();
    std::error_code lec;
    const bool link = fs::is_symlink(fs::symlink_status(shardPath, lec));
    if (ec == std::errc::too_many_symbolic_link_levels || (link && !fs::exists(st)))
        throw Error(ErrorCode::CkptShardLinkLoop, {quote(shardName), index}, shard);
    if (fs::exists(st))
        throw Error(ErrorCode::CkptShardNotFile, {quote(shardName), index, fileKindMessage(st.type())}, shard);
    throw Error(names.size() > 1 ? ErrorCode::CkptShardMissingMore : ErrorCode::CkptShardMissing,
                {quote(shardName), index, quote(names.front()), std::to_string(names.size() - 1)}, shard);
}

// model.safetensors.index.json / pytorch_model.bin.index.json
void openSharded(Checkpoint& c, const fs::path& indexPath, bool safetensors) {
    const std::string index = indexPath.string();
    const auto byShard = parseShardIndex( // shard file name -> tensor names
        readInputFile(index, kMaxJsonFileBytes, "a shard index", "a shard index",
                      "use the checkpoint's own index file."),
        index);

    bool first = true;
    for (const auto& [shardName, names] : byShard) {
        const fs::path shardPath = indexPath.parent_path() / shardName;
        const std::string shard = shardPath.string();
        requireShardFile(shardPath, shardName, indexPath, names);
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
                throw Error(ErrorCode::CkptTensorMappedShardShardDoes, {quote(n), indexPath.filename().string()},
                            shard);
        for (const auto& t : held) {
            if (!expected.count(t.name))
                throw Error(ErrorCode::CkptShardHoldsTensorDoesNot, {quote(t.name), indexPath.filename().string()},
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
        throw Error(ErrorCode::CkptAgentSPoolMetadataSharelens, {quote(rel), kPoolFileName}, file);
    // Resolved the way the file system resolves "..": from the agent folder's
    // real location (a symlinked agent folder's pool is beside its target),
    // and with one spelling for one file, so agents reached by different
    // paths still share one pool (PoolTensors is keyed by this path).
    std::error_code ec;
    fs::path path = fs::canonical(fs::path(c.dir) / rel, ec);
    if (ec) path = (fs::path(c.dir) / rel).lexically_normal(); // missing: named as written
    ErrorMessage agent(ErrorCode::CkptThisAgent);
    if (auto a = c.metadata.find("sharelens.agent"); a != c.metadata.end())
        agent = {ErrorCode::CkptAgentNamed, {quote(a->second)}};
    if (!isFile(path)) throw Error(ErrorCode::CkptSharedPoolTakesSharedTensors, {agent, name}, path.string());
    SafetensorsHeader h = readSafetensorsHeader(path.string());
    auto format = h.metadata.find("sharelens.format");
    if (format == h.metadata.end() || format->second != kPoolFormat)
        throw Error(ErrorCode::CkptNotShareLensSharedPoolFormat, {kPoolFormat, agent, kPoolFileName}, path.string());
    const auto want = c.metadata.find("sharelens.pool_id");
    const auto have = h.metadata.find("sharelens.pool_id");
    if (want == c.metadata.end() || have == h.metadata.end() || want->second != have->second)
        throw Error(ErrorCode::CkptPoolNotOneExportedPool,
                    {agent,
                     (have == h.metadata.end() ? ErrorArg(ErrorMessage(ErrorCode::CkptPoolIdMissing))
                                               : ErrorArg(have->second.substr(0, 12))),
                     (want == c.metadata.end() ? ErrorArg(ErrorMessage(ErrorCode::CkptPoolIdNone))
                                               : ErrorArg(want->second.substr(0, 12)))},
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

namespace {

// The folder a model path names (the path itself, or the folder of a file in
// it), absolute; `st` is the status of the path as given.
fs::path modelFolder(const std::string& pathOrDir, fs::file_status& st) {
    if (pathOrDir.empty()) throw Error(ErrorCode::CkptNoModelFolderGiven, {});
    std::error_code ec;
    fs::path p(pathOrDir);
    st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw Error(ErrorCode::CkptCannotOpen, {ec.message()}, pathOrDir);
        throw Error(ErrorCode::CkptThereNoSuchFileFolder, {}, pathOrDir);
    }
    fs::path dir = fs::is_directory(st) ? p : p.parent_path();
    if (dir.empty()) dir = ".";
    dir = fs::absolute(dir, ec).lexically_normal();
    if (dir.has_filename() == false && dir.has_parent_path() && dir != dir.root_path()) dir = dir.parent_path();
    return dir;
}

void openSingleSafetensors(Checkpoint& c, const std::string& file) {
    c.format = WeightFormat::Safetensors;
    SafetensorsHeader h = readSafetensorsHeader(file);
    c.metadata = h.metadata;
    c.tensors = tensorsOfSafetensors(file, h);
    c.weightFiles.push_back(file);
}

void openSinglePickle(Checkpoint& c, const std::string& file) {
    c.format = WeightFormat::TorchPickle;
    c.tensors = tensorsOfPickle(file);
    c.weightFiles.push_back(file);
}

// No file of a standard name: one weight file of any name, or an error.
void openLooseWeights(Checkpoint& c, const fs::path& dir) {
    std::error_code ec;
    std::vector<std::string> safetensorsFiles, pickles;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (!e.is_regular_file(ec)) continue;
        const std::string name = e.path().filename().string();
        const std::string ext = e.path().extension().string();
        if (ext == ".safetensors")
            safetensorsFiles.push_back(e.path().string());
        else if ((ext == ".bin" || ext == ".pt" || ext == ".pth") && !isTrainingStateFile(name))
            pickles.push_back(e.path().string());
    }
    std::sort(safetensorsFiles.begin(), safetensorsFiles.end());
    std::sort(pickles.begin(), pickles.end());
    if (safetensorsFiles.size() == 1) {
        openSingleSafetensors(c, safetensorsFiles.front());
    } else if (safetensorsFiles.empty() && pickles.size() == 1) {
        openSinglePickle(c, pickles.front());
    } else if (safetensorsFiles.size() + pickles.size() > 1) {
        std::string list;
        for (const auto* v : {&safetensorsFiles, &pickles})
            for (const auto& f : *v) list += (list.empty() ? "" : ", ") + fs::path(f).filename().string();
        throw Error(ErrorCode::CkptFoundSeveralWeightFilesNo, {list}, c.dir);
    } else {
        throw Error(ErrorCode::CkptFoundNoWeightsExpectedModel, {}, c.dir);
    }
}

void openWeights(Checkpoint& c, const fs::path& dir) {
    const fs::path single = dir / "model.safetensors";
    const fs::path stIndex = dir / "model.safetensors.index.json";
    const fs::path bin = dir / "pytorch_model.bin";
    const fs::path binIndex = dir / "pytorch_model.bin.index.json";
    if (isFile(single)) {
        openSingleSafetensors(c, single.string());
    } else if (isFile(stIndex)) {
        c.format = WeightFormat::ShardedSafetensors;
        openSharded(c, stIndex, true);
    } else if (isFile(bin)) {
        openSinglePickle(c, bin.string());
    } else if (isFile(binIndex)) {
        c.format = WeightFormat::TorchPickle;
        openSharded(c, binIndex, false);
    } else {
        openLooseWeights(c, dir);
    }
}

} // namespace

Checkpoint openCheckpoint(const std::string& pathOrDir, const OpenOptions& options) {
    Checkpoint c = openCheckpoint(pathOrDir);
    checkTensorSet(c, options);
    return c;
}

Checkpoint openCheckpoint(const std::string& pathOrDir) {
    fs::file_status st;
    const fs::path dir = modelFolder(pathOrDir, st);
    // A GGUF file (llama.cpp) is a whole model by itself.
    if (!fs::is_directory(st) && gguf::hasGgufExtension(pathOrDir)) return gguf::openCheckpoint(pathOrDir);
    Checkpoint c;
    c.dir = dir.string();

    const fs::path configPath = dir / "config.json";
    if (!fs::is_directory(st) && !isFile(configPath))
        throw Error(ErrorCode::CkptFileNotModelFolderFolder, {}, pathOrDir);
    if (!isFile(configPath) && isFile(dir / kPoolFileName))
        throw Error(ErrorCode::CkptShareLensSharedPoolSeveralAgents, {}, c.dir);
    if (!isFile(configPath)) throw Error(ErrorCode::CkptThereNoConfigJsonHere, {}, c.dir);
    c.config = loadConfig(configPath.string());
    openWeights(c, dir);

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
            throw Error(ErrorCode::CkptTensorAppearsTwoWeightFiles,
                        {quote(c.tensors[i].name), c.tensors[i - 1].file, c.tensors[i].file}, c.dir);

    if (isFile(dir / "tokenizer.json"))
        c.tokenizerFile = (dir / "tokenizer.json").string();
    else if (isFile(dir / "tokenizer.model"))
        c.tokenizerFile = (dir / "tokenizer.model").string();
    return c;
}

} // namespace sharelens
