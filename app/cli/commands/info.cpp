// sharelens-cli info: a model's architecture family, sizes, what of the file
// is ignored and (for an agent of a pool) its pool.
#include "commands.h"

#include <ostream>
#include <set>

#include "sharelens/checkpoint.h"
#include "sharelens/resources.h"
#include "sharelens/safetensors.h"
#include "sharelens/tensor_set.h"

namespace sharelens::cli {

int cmdInfo(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--allow-unused"}, {});
    const auto ck = openModelCheckpoint(a, requireModel(a, "info"), io);
    const auto s = summarize(ck);
    // An agent of a shared-pool export: which pool it takes its shared tensors from.
    json pool;
    if (!ck.poolFile.empty()) {
        std::set<std::string> stored;
        uint64_t poolBytes = 0;
        for (const auto& t : ck.tensors) {
            // Aliases (member positions of a shared group) point at a stored
            // entry that is listed too: count each stored tensor once.
            if (t.file != ck.poolFile || !t.storedAs.empty() ||
                !stored.insert(t.fileName.empty() ? t.name : t.fileName).second)
                continue;
            uint64_t n = dtypeSize(t.dtype);
            for (int64_t d : t.shape) n *= static_cast<uint64_t>(d);
            poolBytes += n;
        }
        const auto agent = ck.metadata.find("sharelens.agent");
        pool = {{"file", ck.poolFile},
                {"id", ck.poolId},
                {"agent", agent == ck.metadata.end() ? std::string() : agent->second},
                {"tensors", stored.size()},
                {"tensor_bytes", poolBytes}};
    }
    // What of the file the model does not use: config fields (or GGUF keys)
    // and, under --allow-unused, tensors.
    const std::vector<std::string>& ignoredFields = ck.config.ignoredFields;
    const std::vector<std::string> ignoredTensors =
        a.has("--allow-unused") ? unusedTensors(ck) : std::vector<std::string>{};
    if (a.has("--json")) {
        json j = summaryJson(s);
        j["family"] = ck.config.architectureName();
        j["ignored_fields"] = ignoredFields;
        j["ignored_tensors"] = ignoredTensors;
        if (!pool.is_null()) j["pool"] = pool;
        io.out << j.dump(2) << "\n";
        return 0;
    }
    io.out << "architecture  " << s.architecture << " (" << s.modelType << ")\n"
           << "layers        " << s.layers << "\n"
           << "hidden size   " << s.hiddenSize << "\n"
           << "heads         " << s.heads << " (key/value heads " << s.kvHeads << ")\n"
           << "intermediate  " << s.intermediateSize << "\n"
           << "vocabulary    " << s.vocabSize << "\n"
           << "context       " << s.maxPositions << "\n"
           << "parameters    " << s.parameters << "\n"
           << "dtype         " << s.dtype << "\n"
           << "tensors       " << s.tensorCount << "\n"
           << "bytes         " << s.bytes << " (" << formatBytes(s.bytes) << ")\n"
           << "format        " << s.format << "\n"
           << "tokenizer     " << s.tokenizer << "\n";
    const auto list = [&](const char* label, const std::vector<std::string>& names) {
        if (names.empty()) return;
        io.out << label << names.size() << ":";
        for (size_t i = 0; i < names.size(); ++i) io.out << (i ? ", " : " ") << names[i];
        io.out << "\n";
    };
    list("ignored       fields ", ignoredFields);
    list("ignored       tensors ", ignoredTensors);
    if (!pool.is_null())
        io.out << "shared pool   " << ck.poolFile << "\n"
               << "              id " << ck.poolId.substr(0, 12) << ", " << pool["tensors"].get<size_t>()
               << " of this agent's stored tensors (" << formatBytes(pool["tensor_bytes"].get<uint64_t>())
               << ") are in it"
               << (pool["agent"].get<std::string>().empty() ? std::string()
                                                            : " (agent " + pool["agent"].get<std::string>() + ")")
               << "\n";
    return 0;
}

} // namespace sharelens::cli
