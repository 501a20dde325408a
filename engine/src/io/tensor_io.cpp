// LibTorch views of checkpoint tensors, writing tensors, reading state_dicts.
#include "io/tensor_io.h"

#include <optional>

#include <torch/serialize.h>
#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/in_memory_adapter.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "io/gguf_tensor.h"
#include "io/pickle_scan.h"
#include "io/torch_guard.h"

namespace sharelens {

namespace {

std::string shapeString(c10::IntArrayRef shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// The shell command that turns any torch.save'd state_dict into a plain dict
// of plain tensors saved in the zip format, which LibTorch can read.
ErrorMessage resaveAdvice(const std::string& path) { return {ErrorCode::TensorIoResaveAdvice, {path}}; }

// What went wrong, judged from the pickle inside the zip archive; empty when
// nothing specific is recognised.
std::optional<ErrorMessage> diagnosePickle(const std::vector<char>& bytes, const std::string& path) {
    std::string pickle;
    try {
        caffe2::serialize::PyTorchStreamReader reader(
            std::make_unique<caffe2::serialize::MemoryReadAdapter>(bytes.data(), bytes.size()));
        if (!reader.hasRecord("data.pkl")) return {};
        auto record = reader.getRecord("data.pkl");
        pickle.assign(static_cast<const char*>(std::get<0>(record).get()), std::get<1>(record));
    } catch (const std::exception&) {
        return {};
    }
    // Skip the PROTO opcode; the first thing built is the top-level object.
    std::size_t start = (pickle.size() >= 2 && static_cast<unsigned char>(pickle[0]) == 0x80) ? 2 : 0;
    if (pickle.compare(start, 25, "ccollections\nOrderedDict\n") == 0)
        return ErrorMessage(ErrorCode::TensorIoOrderedDict, {resaveAdvice(path)});
    if (pickle.find("torch._utils\n_rebuild_parameter\n") != std::string::npos)
        return ErrorMessage(ErrorCode::TensorIoParameterObjects, {resaveAdvice(path)});
    if (pickle.size() >= start + 1 && pickle[start] == '}' && pickle.size() >= 2 &&
        pickle.compare(pickle.size() - 2, 2, "s.") == 0)
        return ErrorMessage(ErrorCode::TensorIoSingleEntryDict);
    return {};
}

// Refuses a pickle (the archive's data.pkl) too large or nested too deeply
// for LibTorch's unpickler, before it is unpickled. An archive it cannot
// open is left to pickle_load, which says what is wrong.
void checkArchivePickle(const std::vector<char>& bytes, const std::string& path) {
    std::string pickle;
    try {
        caffe2::serialize::PyTorchStreamReader reader(
            std::make_unique<caffe2::serialize::MemoryReadAdapter>(bytes.data(), bytes.size()));
        if (!reader.hasRecord("data.pkl")) return;
        auto record = reader.getRecord("data.pkl");
        pickle.assign(static_cast<const char*>(std::get<0>(record).get()), std::get<1>(record));
    } catch (const std::exception&) {
        return;
    }
    checkPickleBounds(pickle, path);
}

// The whole file, read straight into the buffer pickle_load wants (no
// intermediate copy: state_dicts can be many gigabytes).
std::vector<char> readBytes(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(ErrorCode::TensorIoFolderFileExpected, {}, path);
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        readFile(path); // throws the precise reason (missing, permission, ...)
        throw Error(ErrorCode::TensorIoCannotOpenFile, {}, path);
    }
    const std::streamsize size = in.tellg();
    if (size < 0) throw Error(ErrorCode::TensorIoCannotReadFile, {}, path);
    std::vector<char> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (size > 0 && !in.read(bytes.data(), size)) throw Error(ErrorCode::TensorIoCannotReadWholeFile, {}, path);
    return bytes;
}

} // namespace

torch::Dtype toTorchDtype(DType t) {
    switch (t) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::BOOL: return torch::kBool;
    }
    return torch::kFloat32;
}

DType fromTorchDtype(torch::Dtype t) {
    switch (t) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::BOOL;
    default: break;
    }
    throw Error(ErrorCode::TensorIoTensorsDtypeCannotStoredSupported, {std::string(c10::toString(t))});
}

torch::Tensor tensorFromMapped(const std::shared_ptr<MappedSafetensors>& file, const TensorInfo& info) {
    if (!file) throw Error(ErrorCode::TensorIoInternalErrorNoMappedFile, {quote(info.name)});
    return guardTorch(file->path(), [&]() -> torch::Tensor {
        const auto options = torch::TensorOptions().dtype(toTorchDtype(info.dtype)).device(torch::kCPU);
        uint8_t* ptr = file->mutableData(info); // checks bounds
        const std::size_t elem = dtypeSize(info.dtype);
        if (info.numel() == 0) return torch::empty(info.shape, options);
        if (reinterpret_cast<uintptr_t>(ptr) % elem != 0) {
            // Misaligned for the element type: LibTorch kernels need aligned data.
            torch::Tensor t = torch::empty(info.shape, options);
            std::memcpy(t.data_ptr(), ptr, info.end - info.begin);
            return t;
        }
        std::shared_ptr<MappedSafetensors> keep = file;
        return torch::from_blob(
            ptr, info.shape, [keep](void*) mutable { keep.reset(); }, options);
    });
}

// ---------------------------------------------------------------------------

namespace {
thread_local bool t_keepStorage = false;
}

KeepStorageDtypeScope::KeepStorageDtypeScope() : m_old(t_keepStorage) { t_keepStorage = true; }
KeepStorageDtypeScope::~KeepStorageDtypeScope() { t_keepStorage = m_old; }
bool KeepStorageDtypeScope::active() { return t_keepStorage; }

TensorSource::TensorSource(const Checkpoint& checkpoint, PoolTensors* pool)
    : m_checkpoint(checkpoint), m_pool(pool), m_keepStorage(t_keepStorage) {}

TensorSource::TensorSource(const Checkpoint& checkpoint, std::map<std::string, torch::Tensor> given)
    : m_checkpoint(checkpoint), m_keepStorage(t_keepStorage), m_given(std::move(given)), m_usesGiven(true) {}

bool TensorSource::contains(const std::string& name) const {
    return m_usesGiven ? m_given.count(name) > 0 : m_checkpoint.find(name) != nullptr;
}

torch::Tensor TensorSource::get(const std::string& name) const {
    if (m_usesGiven) {
        auto it = m_given.find(name);
        if (it == m_given.end())
            throw Error(ErrorCode::TensorIoMissingTensorCheckpointDoesNot, {name}, m_checkpoint.dir);
        return it->second;
    }
    const CheckpointTensor* ct = m_checkpoint.find(name);
    if (!ct) {
        std::string where = m_checkpoint.weightFiles.size() == 1 ? m_checkpoint.weightFiles.front() : m_checkpoint.dir;
        if (!m_checkpoint.compactFormat.empty())
            throw Error(ErrorCode::TensorIoMissingTensorCompactCheckpointNeither, {name}, where);
        throw Error(ErrorCode::TensorIoMissingTensorCheckpointDoesNot, {name}, where);
    }
    if (!ct->storedAs.empty()) return get(ct->storedAs);
    if (m_checkpoint.format == WeightFormat::TorchPickle) {
        auto it = m_pickled.find(name);
        if (it == m_pickled.end()) {
            for (const std::string& f : m_checkpoint.weightFiles) {
                for (auto& [k, v] : loadTorchStateDict(f)) m_pickled.emplace(k, v);
            }
            it = m_pickled.find(name);
            if (it == m_pickled.end()) throw Error(ErrorCode::TensorIoMissingTensor, {name}, ct->file);
        }
        return it->second;
    }
    if (m_checkpoint.format == WeightFormat::Gguf) return ggufTensor(*ct);
    auto fit = m_files.find(ct->file);
    if (fit == m_files.end()) fit = m_files.emplace(ct->file, MappedSafetensors::open(ct->file)).first;
    const TensorInfo* info = fit->second->header().find(ct->fileName.empty() ? name : ct->fileName);
    if (!info) throw Error(ErrorCode::TensorIoMissingTensorFileChangedAfter, {name}, ct->file);
    return tensorFromMapped(fit->second, *info);
}

// A GGUF tensor in Hugging Face's layout: llama.cpp interleaves the rows of
// each head of a Llama q/k projection for its RoPE; they are put back.
torch::Tensor TensorSource::ggufTensor(const CheckpointTensor& ct) const {
    if (!m_gguf) m_gguf = gguf::MappedFile::open(ct.file);
    const gguf::TensorInfo* info = m_gguf->header().find(ct.fileName);
    if (!info) throw Error(ErrorCode::TensorIoMissingTensorFileChangedAfter, {ct.name}, ct.file);
    int heads = 0;
    const auto arch = m_checkpoint.metadata.find("gguf.architecture");
    if (arch != m_checkpoint.metadata.end() && arch->second == "llama") {
        const auto ends = [&](const char* s) {
            const std::size_t n = std::strlen(s);
            return ct.name.size() >= n && ct.name.compare(ct.name.size() - n, n, s) == 0;
        };
        if (ends("self_attn.q_proj.weight") || ends("self_attn.q_proj.bias")) heads = m_checkpoint.config.numHeads;
        if (ends("self_attn.k_proj.weight") || ends("self_attn.k_proj.bias")) heads = m_checkpoint.config.numKVHeads;
    }
    return gguf::tensorFromMapped(m_gguf, *info, heads);
}

torch::Tensor TensorSource::get(const std::string& name, const std::vector<int64_t>& shape) const {
    const CheckpointTensor* ct = m_checkpoint.find(name);
    if (ct && ct->shape != shape && !ct->storedAs.empty())
        throw Error(ErrorCode::TensorIoSharingMapMakesUseStored,
                    {quote(name), quote(ct->storedAs), shapeString(ct->shape), name, shapeString(shape)}, ct->file);
    if (ct && ct->shape != shape)
        throw Error(ErrorCode::TensorIoTensorShapeConfigImpliesConfig,
                    {name, shapeString(ct->shape), shapeString(shape)}, ct->file);
    torch::Tensor t = get(name);
    if (t.sizes() != c10::IntArrayRef(shape))
        throw Error(ErrorCode::TensorIoTensorShapeConfigImpliesConfig,
                    {name, shapeString(t.sizes()), shapeString(shape)}, ct ? ct->file : m_checkpoint.dir);
    return t;
}

torch::Tensor TensorSource::getForCompute(const std::string& name, const std::vector<int64_t>& shape) const {
    if (m_usesGiven) {
        torch::Tensor t = get(name);
        if (t.sizes() != c10::IntArrayRef(shape))
            throw Error(ErrorCode::TensorIoTensorShapeConfigImpliesConfig,
                        {name, shapeString(t.sizes()), shapeString(shape)}, m_checkpoint.dir);
        return t;
    }
    const CheckpointTensor* ct = m_checkpoint.find(name);
    const std::string key = ct && !ct->storedAs.empty() ? ct->storedAs : name;
    auto it = m_compute.find(key);
    if (it != m_compute.end()) {
        if (it->second.sizes() != c10::IntArrayRef(shape)) return get(name, shape); // throws the shape message
        return it->second;
    }
    // A tensor of a shared pool: the one another agent already took, if any.
    const CheckpointTensor* st = ct && !ct->storedAs.empty() ? m_checkpoint.find(ct->storedAs) : ct;
    std::pair<std::string, std::string> poolKey;
    if (m_pool && st && !st->fileName.empty() && st->file == m_checkpoint.poolFile) {
        poolKey = {st->file, st->fileName};
        auto p = m_pool->tensors.find(poolKey);
        if (p != m_pool->tensors.end() && p->second.sizes() == c10::IntArrayRef(shape)) {
            m_compute.emplace(key, p->second);
            return p->second;
        }
    }
    torch::Tensor t = get(name, shape);
    const bool keep =
        m_keepStorage && t.dim() >= 2 && (t.scalar_type() == torch::kBFloat16 || t.scalar_type() == torch::kFloat16);
    if (t.is_floating_point() && t.scalar_type() != torch::kFloat32 && !keep) t = t.to(torch::kFloat32);
    m_compute.emplace(key, t);
    if (!poolKey.first.empty()) m_pool->tensors.emplace(poolKey, t);
    return t;
}

// ---------------------------------------------------------------------------

void saveSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata) {
    std::vector<torch::Tensor> keep;
    std::vector<RawTensor> raw;
    keep.reserve(tensors.size());
    raw.reserve(tensors.size());
    guardTorch(path, [&] {
        for (const auto& [name, t] : tensors) {
            if (!t.defined()) throw Error(ErrorCode::TensorIoCannotSaveTensorUndefined, {quote(name)}, path);
            if (t.layout() != torch::kStrided || t.is_quantized())
                throw Error(ErrorCode::TensorIoCannotSaveTensorOnlyDense, {quote(name)}, path);
            if (!t.device().is_cpu())
                throw Error(ErrorCode::TensorIoCannotSaveTensorMoveCPU, {quote(name), t.device().str()}, path);
            DType dt;
            try {
                dt = fromTorchDtype(t.scalar_type());
            } catch (const Error& e) {
                throw Error(ErrorCode::TensorIoCannotSaveTensor, {quote(name), e.detail()}, path);
            }
            torch::Tensor c = t.detach().contiguous();
            keep.push_back(c);
            RawTensor r;
            r.name = name;
            r.dtype = dt;
            r.shape.assign(c.sizes().begin(), c.sizes().end());
            r.data = c.numel() > 0 ? c.data_ptr() : nullptr;
            raw.push_back(std::move(r));
        }
    });
    writeSafetensors(path, raw, metadata);
}

std::map<std::string, torch::Tensor> loadTorchStateDict(const std::string& path) {
    std::vector<char> bytes = readBytes(path);

    if (bytes.empty()) throw Error(ErrorCode::TensorIoFileEmptyNotPyTorchState, {}, path);
    const bool zip = bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
    if (!zip) {
        if (static_cast<unsigned char>(bytes[0]) == 0x80)
            throw Error(ErrorCode::TensorIoFileUsesPyTorchSLegacy, {resaveAdvice(path)}, path);
        throw Error(ErrorCode::TensorIoNotPyTorchFileTorchSave, {}, path);
    }

    checkArchivePickle(bytes, path);
    c10::IValue value;
    try {
        value = torch::pickle_load(bytes);
    } catch (const c10::Error& e) {
        if (auto why = diagnosePickle(bytes, path)) throw Error(*why, path);
        throw Error(ErrorCode::TensorIoLibTorchCannotReadFile, {e.what_without_backtrace(), resaveAdvice(path)}, path);
    } catch (const std::exception& e) {
        throw Error(ErrorCode::TensorIoLibTorchCannotReadFile, {e.what(), resaveAdvice(path)}, path);
    }

    return guardTorch(path, [&] {
        if (!value.isGenericDict()) throw Error(ErrorCode::TensorIoFileHoldsNotDictTensors, {value.tagKind()}, path);
        std::map<std::string, torch::Tensor> out;
        for (const auto& entry : value.toGenericDict()) {
            if (!entry.key().isString())
                throw Error(ErrorCode::TensorIoDictKeyTypeStateDict, {entry.key().tagKind()}, path);
            const std::string& name = entry.key().toStringRef();
            if (!entry.value().isTensor()) {
                if (entry.value().isGenericDict())
                    throw Error(ErrorCode::TensorIoEntryIsCheckpoint, {quote(name), entry.value().tagKind(), name},
                                path);
                throw Error(ErrorCode::TensorIoEntryNotTensorStateDict, {quote(name), entry.value().tagKind()}, path);
            }
            torch::Tensor t = entry.value().toTensor();
            try {
                (void)fromTorchDtype(t.scalar_type());
            } catch (const Error& e) {
                throw Error(ErrorCode::TensorIoTensor, {quote(name), e.detail()}, path);
            }
            out.emplace(name, t);
        }
        if (out.empty()) throw Error(ErrorCode::TensorIoStateDictHoldsNoTensors, {}, path);
        return out;
    });
}

} // namespace sharelens
