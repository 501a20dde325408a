// GGUF (llama.cpp's model file), read-only and torch-free: the header
// (metadata key/values and the tensor table) parsed and validated, the file
// mapped, and the mapping of a "llama", "qwen2" or "qwen3" GGUF to a
// Hugging Face style checkpoint (config and tensor names). Engine-internal.
//
// Layout (versions 2 and 3, little-endian): "GGUF", u32 version, u64 tensor
// count, u64 key/value count; key/values (string key, u32 value type, value;
// strings are u64 length + bytes, arrays u32 element type + u64 count +
// elements); tensor infos (string name, u32 n_dims, n_dims u64 dims in ggml
// order (fastest first: the reverse of torch's shape), u32 ggml type, u64
// offset into the data section); padding to general.alignment (default 32);
// the data section.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sharelens/checkpoint.h"

namespace sharelens::gguf {

// ggml tensor types ShareLens reads (other types are refused by name).
enum class TensorType : uint32_t { F32 = 0, F16 = 1, Q8_0 = 8, BF16 = 30 };

// The name of a ggml type id as in ggml's enum (GGML_TYPE_Q4_K -> "Q4_K"),
// "type N" for ids ggml does not define.
std::string ggmlTypeName(uint32_t type);

// One metadata value. Scalars: `number` (every integer type and floats;
// integers up to 2^53 exactly), `text` for strings, `integer` for integer
// types. Arrays: strings in `strings`, numbers in `numbers`.
struct Value {
    uint32_t type = 0;     // GGUF value type (8 = string, 9 = array, ...)
    uint32_t elemType = 0; // arrays: the element type
    bool isInteger = false;
    int64_t integer = 0;
    double number = 0;
    std::string text;
    std::vector<std::string> strings;
    std::vector<double> numbers;
};

struct TensorInfo {
    std::string name;
    std::vector<int64_t> shape; // torch order (the file's dims reversed)
    TensorType type = TensorType::F32;
    uint64_t offset = 0; // absolute byte offset in the file
    uint64_t bytes = 0;
    int64_t numel() const;
};

struct Header {
    uint32_t version = 0;
    uint64_t alignment = 32;
    uint64_t dataOffset = 0; // where the data section starts
    std::map<std::string, Value> kv;
    std::vector<TensorInfo> tensors; // in file order
    const TensorInfo* find(const std::string& name) const;
    const Value* get(const std::string& key) const;
};

// Bounds on what a header may claim (real files: a few thousand tensors, a
// few dozen keys, vocabularies under a million entries).
inline constexpr uint64_t kMaxTensors = 1u << 20;
inline constexpr uint64_t kMaxKeys = 1u << 20;
inline constexpr uint64_t kMaxArrayLength = 1u << 24;
inline constexpr uint64_t kMaxStringLength = 1u << 24;

// Parses and validates the header from the file's first `available` bytes
// (the file is fileSize long): magic, version 2 or 3, counts, typed values,
// tensor infos (no duplicate names, at most 4 dims, types F32/F16/BF16/Q8_0,
// offsets aligned, data inside the file and not overlapping). Never reads
// past data + available. Throws sharelens::Error naming `path`.
Header parseHeader(const uint8_t* data, std::size_t available, uint64_t fileSize, const std::string& path);

// A copy-on-write map of a whole GGUF file, its header parsed from the map.
class MappedFile {
public:
    static std::shared_ptr<MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    const std::string& path() const { return m_path; }
    const Header& header() const { return m_header; }
    // The tensor's bytes inside the map (writable: private pages).
    uint8_t* data(const TensorInfo& t) const { return m_base + t.offset; }

private:
    MappedFile() = default;
    std::string m_path;
    Header m_header;
    uint8_t* m_base = nullptr;
    uint64_t m_size = 0;
};

// True for a path whose name ends in ".gguf" (any case).
bool hasGgufExtension(const std::string& path);

// The checkpoint of a GGUF file: config from the metadata, tensors under
// their Hugging Face names (CheckpointTensor::fileName = the GGUF name; Q8_0
// tensors listed as I8), dir = the file's absolute path, tokenizerFile = the
// file when it carries a vocabulary. Throws sharelens::Error.
Checkpoint openCheckpoint(const std::string& path);
// The same from a parsed header (fuzzing, tests).
Checkpoint checkpointFromHeader(const Header& header, const std::string& path);

// The Hugging Face name of a GGUF tensor name ("" when there is none).
std::string hfTensorName(const std::string& ggufName);

// The vocabulary (tokenizer.ggml.*) as the text of the tokenizer.json
// Hugging Face's converters write for it: "gpt2" as byte-level BPE, "llama"
// (SentencePiece) as BPE with byte fallback and the Metaspace pre-tokenizer.
// Throws ErrorCode::TokenizeNoTokenizer without a vocabulary,
// ErrorCode::GgufVocabulary for other types (tokenizer_gguf.cpp).
std::string tokenizerJson(const Header& header, const std::string& path);

} // namespace sharelens::gguf
