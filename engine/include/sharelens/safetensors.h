// safetensors: https://github.com/huggingface/safetensors format.
//   8 bytes little-endian header length N, N bytes of JSON header, data.
// This header is torch-free: it parses and validates, maps files, and writes
// raw bytes. LibTorch views live in engine/src/tensor_io.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sharelens {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

// Name as written in safetensors headers ("F32", "BF16", ...).
const char* dtypeName(DType t);
// Bytes per element.
std::size_t dtypeSize(DType t);
// Parses a safetensors dtype name; returns false when unknown.
bool parseDType(const std::string& name, DType& out);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // offsets relative to the start of the data section
    uint64_t end = 0;
    int64_t numel() const;
};

struct SafetensorsHeader {
    uint64_t headerLength = 0;                   // N
    uint64_t dataOffset = 0;                     // 8 + N: where the data section starts in the file
    std::vector<TensorInfo> tensors;             // in file order of their offsets
    std::map<std::string, std::string> metadata; // "__metadata__"
    const TensorInfo* find(const std::string& name) const;
};

// Parses and fully validates a header from the first bytes of a file of
// fileSize bytes: header length within the file, valid JSON object, known
// dtypes, non-negative shapes whose byte size equals end - begin, offsets in
// bounds, no two tensors overlapping. `path` is used in error messages.
// Throws sharelens::Error. Never reads past data + available.
SafetensorsHeader parseSafetensorsHeader(const uint8_t* data, std::size_t available, uint64_t fileSize,
                                         const std::string& path);

// Reads and validates only the header of a safetensors file (no data is
// mapped or read). Throws sharelens::Error naming the file.
SafetensorsHeader readSafetensorsHeader(const std::string& path);

// A read-only memory map of a whole safetensors file. Tensors point into the
// map; it stays alive as long as any shared_ptr to it does.
class MappedSafetensors {
public:
    static std::shared_ptr<MappedSafetensors> open(const std::string& path);
    ~MappedSafetensors();
    MappedSafetensors(const MappedSafetensors&) = delete;
    MappedSafetensors& operator=(const MappedSafetensors&) = delete;

    const std::string& path() const { return m_path; }
    const SafetensorsHeader& header() const { return m_header; }
    uint64_t fileSize() const { return m_size; }
    // Start of a tensor's bytes inside the map.
    const uint8_t* data(const TensorInfo& t) const;
    // Writable copy-on-write view of the same bytes (pages are copied only when written).
    uint8_t* mutableData(const TensorInfo& t) const;

private:
    MappedSafetensors() = default;
    std::string m_path;
    SafetensorsHeader m_header;
    uint8_t* m_base = nullptr;
    uint64_t m_size = 0;
};

struct RawTensor {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void* data = nullptr; // numel * dtypeSize bytes, little-endian
};

// Writes a safetensors file atomically: to a temporary file in the same
// folder, flushed and fsync'd, then renamed over `path`. On any failure the
// temporary file is removed and an existing file at `path` is left untouched.
// Header is padded with spaces to a multiple of 8 bytes.
void writeSafetensors(const std::string& path, const std::vector<RawTensor>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// A shard index (model.safetensors.index.json, pytorch_model.bin.index.json):
// each shard's file name and the tensor names its "weight_map" maps to it, by
// shard name. Every shard name is a plain file name in the index's folder
// (no '/', not "." or ".."); every list is non-empty; no tensor is in two
// shards. Throws sharelens::Error (naming `path`) for text that is not JSON,
// no "weight_map" object, a value that is not a file name, or an empty map.
std::map<std::string, std::vector<std::string>> parseShardIndex(const std::string& jsonText, const std::string& path);

} // namespace sharelens
