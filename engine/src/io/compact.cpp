// Compact checkpoint metadata (compact.h): the sharing map's JSON and the
// checks openCheckpoint runs on a compact checkpoint's tensor list.
#include "io/compact.h"

#include <nlohmann/json.hpp>

#include <set>
#include <vector>

#include "sharelens/error.h"
#include "sharelens/input_limits.h"

namespace sharelens {

namespace {

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

using StoredTensors = std::map<std::string, const CheckpointTensor*>;

bool isDelta(const std::string& n) {
    for (const char* sfx : {".delta_a", ".delta_b"})
        if (n.size() > 8 && n.compare(n.size() - 8, 8, sfx) == 0) return true;
    return false;
}

const CheckpointTensor& storedTensor(const StoredTensors& stored, const std::string& name, const ErrorMessage& what,
                                     const std::string& file) {
    auto s = stored.find(name);
    if (s == stored.end()) throw Error(ErrorCode::CompactSharingMapNamesTensorFile, {quote(name), what}, file);
    return *s->second;
}

// Every alias of the map (name -> stored name): its own aliases, and one per
// tensor of each whole-block entry.
std::map<std::string, std::string> allAliases(const SharingMap& sharing, const StoredTensors& stored,
                                              const std::string& file) {
    auto all = sharing.aliases;
    for (const auto& [to, from] : sharing.blocks) {
        int n = 0;
        for (const auto& [name, t] : stored) {
            if (name.rfind(from, 0) != 0 || isDelta(name)) continue;
            const std::string alias = to + name.substr(from.size());
            if (!stored.count(alias) && !sharing.aliases.count(alias)) all[alias] = name;
            ++n;
        }
        if (n == 0 || to.empty() || from.empty())
            throw Error(ErrorCode::CompactSharingMapMakesTensorsUnder, {quote(to), quote(from), quote(from)}, file);
    }
    return all;
}

std::vector<CheckpointTensor> aliasTensors(const std::map<std::string, std::string>& all, const StoredTensors& stored,
                                           const std::set<std::string>& poolNames, const std::string& file) {
    std::vector<CheckpointTensor> aliases;
    for (const auto& [name, target] : all) {
        if (stored.count(name))
            throw Error(ErrorCode::CompactSharingMapMakesAliasFile, {quote(name), quote(target)}, file);
        const CheckpointTensor& t =
            storedTensor(stored, target, ErrorMessage(ErrorCode::CompactTensorUses, {name}), file);
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
    return aliases;
}

void checkDeltas(const SharingMap& sharing, const std::map<std::string, std::string>& all, const StoredTensors& stored,
                 const std::set<std::string>& poolNames, const std::string& file) {
    for (const auto& [name, d] : sharing.deltas) {
        if (poolNames.count(d.a) || poolNames.count(d.b))
            throw Error(ErrorCode::CompactSharingMapTakesDeltaShared, {quote(name)}, file);
        const auto al = all.find(name);
        const ErrorMessage deltaOf(ErrorCode::CompactDeltaOf, {name});
        const auto& base =
            storedTensor(stored, al != all.end() ? al->second : name, ErrorMessage(ErrorCode::CompactDeltaBase), file)
                .shape;
        const auto& a = storedTensor(stored, d.a, deltaOf, file).shape;
        const std::vector<int64_t>* b = d.b.empty() ? nullptr : &storedTensor(stored, d.b, deltaOf, file).shape;
        const bool fits = !b ? a == base
                             : base.size() == 2 && a.size() == 2 && b->size() == 2 && a[0] == base[0] &&
                                   (*b)[1] == base[1] && a[1] == (*b)[0];
        if (!fits)
            throw Error(ErrorCode::CompactDeltaDoesNotFitShape,
                        {quote(name), shapeText(a), (b ? " @ " + shapeText(*b) : std::string()), shapeText(base)},
                        file);
    }
}

} // namespace

void openCompact(Checkpoint& c, const std::vector<CheckpointTensor>& pool) {
    const std::string& version = c.metadata.at("sharelens.format");
    const std::string file = c.weightFiles.empty() ? c.dir : c.weightFiles.front();
    if (version != kCompactFormat)
        throw Error(ErrorCode::CompactShareLensCompactCheckpointFormatVersion, {version, kCompactFormat}, file);
    auto it = c.metadata.find("sharelens.map");
    if (it == c.metadata.end()) throw Error(ErrorCode::CompactCompactCheckpointNoSharingMap, {}, file);
    c.compactFormat = version;
    c.sharing = sharingMapFromJson(it->second, file);
    StoredTensors stored;
    for (const auto& t : c.tensors) stored[t.name] = &t;
    std::set<std::string> poolNames;
    for (const auto& t : pool) {
        if (stored.count(t.name)) throw Error(ErrorCode::CompactAgentSFilePoolBoth, {quote(t.name)}, file);
        stored[t.name] = &t;
        poolNames.insert(t.name);
    }
    const auto all = allAliases(c.sharing, stored, file);
    std::vector<CheckpointTensor> aliases = aliasTensors(all, stored, poolNames, file);
    checkDeltas(c.sharing, all, stored, poolNames, file);
    c.tensors.insert(c.tensors.end(), aliases.begin(), aliases.end());
}

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
    auto bad = [&](const ErrorMessage& why) -> Error {
        return Error(ErrorCode::CompactCompactCheckpointSSharingMap, {why}, path);
    };
    nlohmann::json j;
    checkJsonDepth(text, path);
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw bad({ErrorCode::CompactNotValidJSON, {}});
    }
    if (!j.is_object()) throw bad({ErrorCode::CompactNotJSONObject, {}});
    SharingMap m;
    if (auto a = j.find("blocks"); a != j.end()) {
        if (!a->is_object()) throw bad({ErrorCode::CompactBlocksNotObject, {}});
        for (auto it = a->begin(); it != a->end(); ++it) {
            if (!it.value().is_string()) throw bad({ErrorCode::CompactMapsBlockSomethingOtherThan, {quote(it.key())}});
            m.blocks[it.key()] = it.value().get<std::string>();
        }
    }
    if (auto a = j.find("aliases"); a != j.end()) {
        if (!a->is_object()) throw bad({ErrorCode::CompactAliasesNotObject, {}});
        for (auto it = a->begin(); it != a->end(); ++it) {
            if (!it.value().is_string()) throw bad({ErrorCode::CompactMapsSomethingOtherThanTensor, {quote(it.key())}});
            m.aliases[it.key()] = it.value().get<std::string>();
        }
    }
    if (auto d = j.find("deltas"); d != j.end()) {
        if (!d->is_object()) throw bad({ErrorCode::CompactDeltasNotObject, {}});
        for (auto it = d->begin(); it != d->end(); ++it) {
            const auto& v = it.value();
            auto a = v.is_object() ? v.find("a") : v.end();
            if (!v.is_object() || a == v.end() || !a->is_string())
                throw bad({ErrorCode::CompactDeltaWithoutTensorName, {quote(it.key())}});
            SharingMap::Delta delta;
            delta.a = a->get<std::string>();
            if (auto b = v.find("b"); b != v.end()) {
                if (!b->is_string()) throw bad({ErrorCode::CompactDeltaWhoseBNotTensor, {quote(it.key())}});
                delta.b = b->get<std::string>();
            }
            m.deltas[it.key()] = delta;
        }
    }
    return m;
}

std::map<std::string, std::string> compactProvenance(const std::string& text, const std::string& file) {
    nlohmann::json j;
    checkJsonDepth(text, file);
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::CompactCompactCheckpointSProvenanceMetadata, {}, file);
    }
    if (!j.is_object()) throw Error(ErrorCode::CompactCompactCheckpointSProvenanceMetadata2, {}, file);
    std::map<std::string, std::string> out;
    for (auto it = j.begin(); it != j.end(); ++it)
        out[it.key()] = it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
    return out;
}

} // namespace sharelens
