// safetensors: parsing and validating headers, mapping files, writing files.
#include "sharelens/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomic_write.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"

namespace sharelens {

namespace {

// The reference implementation refuses headers above 100 MB; so do we.
constexpr uint64_t kMaxHeaderLength = 100ull * 1024 * 1024;

constexpr DType kAllDTypes[] = {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64,
                                DType::I32, DType::I16, DType::I8,  DType::U8,   DType::BOOL};

std::string supportedDTypeList() {
    std::string s;
    for (DType t : kAllDTypes) {
        if (!s.empty()) s += ", ";
        s += dtypeName(t);
    }
    return s;
}

uint64_t readLE64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string shapeString(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

// numel * elementSize, or false when it does not fit in 63 bits.
bool byteSize(const std::vector<int64_t>& shape, std::size_t elementSize, uint64_t& out) {
    uint64_t n = elementSize;
    for (int64_t d : shape) {
        if (d < 0) return false;
        if (__builtin_mul_overflow(n, static_cast<uint64_t>(d), &n)) return false;
    }
    if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    out = n;
    return true;
}

const char* typeName(const nlohmann::json& j) { return j.type_name(); }

[[noreturn]] void fail(const std::string& path, ErrorMessage message) { throw Error(std::move(message), path); }

std::string errnoText(int err) { return std::strerror(err); }

// An open regular file: closes itself; `size` from fstat. Throws with the
// same sentences for every reader of safetensors files.
struct OpenFile {
    int fd = -1;
    uint64_t size = 0;
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    explicit OpenFile(const std::string& path) {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int err = errno;
            if (err == ENOENT) fail(path, {ErrorCode::StFileDoesNotExist, {}});
            if (err == EACCES) fail(path, {ErrorCode::StPermissionDeniedMakeFileReadable, {}});
            if (err == ENOTDIR) fail(path, {ErrorCode::StPartPathNotFolder, {}});
            fail(path, {ErrorCode::StCannotOpenFile, {errnoText(err)}});
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            const int err = errno;
            ::close(fd);
            fail(path, {ErrorCode::StCannotInspectFile, {errnoText(err)}});
        }
        if (!S_ISREG(st.st_mode)) {
            ::close(fd);
            fail(path, ErrorMessage(S_ISDIR(st.st_mode) ? ErrorCode::StFolderNotSafetensorsFile
                                                        : ErrorCode::StNotRegularFile));
        }
        size = static_cast<uint64_t>(st.st_size);
    }
    ~OpenFile() {
        if (fd >= 0) ::close(fd);
    }
};

} // namespace

const char* dtypeName(DType t) {
    switch (t) {
    case DType::F64: return "F64";
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::BOOL: return "BOOL";
    }
    return "?";
}

std::size_t dtypeSize(DType t) {
    switch (t) {
    case DType::F64:
    case DType::I64: return 8;
    case DType::F32:
    case DType::I32: return 4;
    case DType::F16:
    case DType::BF16:
    case DType::I16: return 2;
    case DType::I8:
    case DType::U8:
    case DType::BOOL: return 1;
    }
    return 1;
}

bool parseDType(const std::string& name, DType& out) {
    for (DType t : kAllDTypes) {
        if (name == dtypeName(t)) {
            out = t;
            return true;
        }
    }
    return false;
}

int64_t TensorInfo::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

const TensorInfo* SafetensorsHeader::find(const std::string& name) const {
    for (const TensorInfo& t : tensors)
        if (t.name == name) return &t;
    return nullptr;
}

// ---------------------------------------------------------------------------
// Parsing

namespace {

// The "__metadata__" entry: an object mapping strings to strings.
void parseMetadata(const nlohmann::json& v, SafetensorsHeader& h, const std::string& path) {
    if (!v.is_object()) fail(path, {ErrorCode::StMetadataMustObjectMappingStrings, {typeName(v)}});
    for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string())
            fail(path, {ErrorCode::StMetadataEntryMustStringSafetensors, {quote(m.key()), typeName(m.value())}});
        h.metadata[m.key()] = m.value().get<std::string>();
    }
}

// A tensor's "shape": non-negative integers that fit in int64.
void parseShape(const std::string& name, const nlohmann::json& sh, TensorInfo& t, const std::string& path) {
    for (const auto& d : sh) {
        if (d.is_number_unsigned()) {
            uint64_t u = d.get<uint64_t>();
            if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                fail(path, {ErrorCode::StDimensionTooLargeReal, {quote(name), std::to_string(u)}});
            t.shape.push_back(static_cast<int64_t>(u));
        } else if (d.is_number_integer()) {
            int64_t s = d.get<int64_t>();
            if (s < 0) fail(path, {ErrorCode::StNegativeDimensionShape, {quote(name), std::to_string(s)}});
            t.shape.push_back(s);
        } else {
            fail(path, {ErrorCode::StShapeMustHoldIntegersHolds, {quote(name), std::string(typeName(d))}});
        }
    }
}

// One tensor's entry: its dtype, shape and data offsets, checked against
// each other and against the `dataSize` bytes of the data section.
TensorInfo parseTensorEntry(const std::string& name, const nlohmann::json& v, uint64_t dataSize,
                            const std::string& path) {
    if (!v.is_object())
        fail(path, {ErrorCode::StDescribedInsteadObjectDtypeShape, {quote(name), std::string(typeName(v))}});
    TensorInfo t;
    t.name = name;

    auto dt = v.find("dtype");
    if (dt == v.end()) fail(path, {ErrorCode::StNoDtype, {quote(name)}});
    if (!dt->is_string()) fail(path, {ErrorCode::StDtypeMustString, {quote(name), typeName(*dt)}});
    const std::string dtypeStr = dt->get<std::string>();
    if (!parseDType(dtypeStr, t.dtype))
        fail(path, {ErrorCode::StDtypeShareLensDoesNotSupport, {quote(name), quote(dtypeStr), supportedDTypeList()}});

    auto sh = v.find("shape");
    if (sh == v.end()) fail(path, {ErrorCode::StNoShape, {quote(name)}});
    if (!sh->is_array()) fail(path, {ErrorCode::StShapeMustArrayIntegers, {quote(name), typeName(*sh)}});
    parseShape(name, *sh, t, path);

    auto off = v.find("data_offsets");
    if (off == v.end()) fail(path, {ErrorCode::StNoDataOffsets, {quote(name)}});
    if (!off->is_array() || off->size() != 2) fail(path, {ErrorCode::StDataOffsetsMustArrayTwo, {quote(name)}});
    for (int k = 0; k < 2; ++k) {
        const auto& o = (*off)[k];
        if (!o.is_number_integer() || (!o.is_number_unsigned() && o.get<int64_t>() < 0))
            fail(path, {ErrorCode::StDataOffsetsMustTwoNon, {quote(name)}});
    }
    t.begin = (*off)[0].get<uint64_t>();
    t.end = (*off)[1].get<uint64_t>();
    if (t.end < t.begin)
        fail(path,
             {ErrorCode::StDataOffsetsEndBeforeThey, {quote(name), std::to_string(t.begin), std::to_string(t.end)}});

    uint64_t bytes = 0;
    if (!byteSize(t.shape, dtypeSize(t.dtype), bytes))
        fail(path, {ErrorCode::StShapeWhoseSizeBytesOverflows, {quote(name), shapeString(t.shape)}});
    if (t.end - t.begin != bytes)
        fail(path, {ErrorCode::StBytesDataOffsetsShapeNeeds,
                    {quote(name), std::to_string(t.end - t.begin), std::to_string(t.begin), std::to_string(t.end),
                     dtypeStr, shapeString(t.shape), std::to_string(bytes)}});
    if (t.end > dataSize)
        fail(path,
             {ErrorCode::StEndsDataOffsetBeyondData, {quote(name), std::to_string(t.end), std::to_string(dataSize)}});
    return t;
}

// Sorts the tensors by their place in the data section and refuses overlaps.
void sortAndCheckOverlaps(SafetensorsHeader& h, const std::string& path) {
    std::sort(h.tensors.begin(), h.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end != b.end ? a.end < b.end : a.name < b.name;
    });
    for (std::size_t i = 1; i < h.tensors.size(); ++i) {
        const TensorInfo& a = h.tensors[i - 1];
        const TensorInfo& b = h.tensors[i];
        if (b.begin < a.end)
            fail(path, {ErrorCode::StTensorsOverlapDataSectionHeader,
                        {quote(a.name), std::to_string(a.begin), std::to_string(a.end), quote(b.name),
                         std::to_string(b.begin), std::to_string(b.end)}});
    }
}

} // namespace

SafetensorsHeader parseSafetensorsHeader(const uint8_t* data, std::size_t available, uint64_t fileSize,
                                         const std::string& path) {
    if (fileSize < 8) fail(path, {ErrorCode::StFileBytesLongTooShort, {std::to_string(fileSize)}});
    if (!data || available < 8) fail(path, {ErrorCode::StInternalErrorFewerThanBytes, {}});

    SafetensorsHeader h;
    h.headerLength = readLE64(data);
    if (h.headerLength > kMaxHeaderLength)
        fail(path, {ErrorCode::StHeaderLengthFieldSaysBytes, {std::to_string(h.headerLength)}});
    if (h.headerLength > fileSize - 8)
        fail(path,
             {ErrorCode::StHeaderLengthFieldSaysBytes2, {std::to_string(h.headerLength), std::to_string(fileSize)}});
    if (h.headerLength < 2) fail(path, {ErrorCode::StJSONHeaderBytesLongToo, {std::to_string(h.headerLength)}});
    if (available - 8 < h.headerLength)
        fail(path, {ErrorCode::StInternalErrorOnlyBytesFile,
                    {std::to_string(available), std::to_string(8 + h.headerLength)}});
    h.dataOffset = 8 + h.headerLength;
    const uint64_t dataSize = fileSize - h.dataOffset;

    const char* text = reinterpret_cast<const char*>(data + 8);
    nlohmann::json root;
    checkJsonDepth(std::string_view(text, h.headerLength), path);
    try {
        root = nlohmann::json::parse(text, text + h.headerLength);
    } catch (const nlohmann::json::exception& e) {
        fail(path, {ErrorCode::StHeaderNotValidJSON, {e.what()}});
    }
    if (!root.is_object()) fail(path, {ErrorCode::StHeaderJSONNotObjectSafetensors, {typeName(root)}});

    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& name = it.key();
        const nlohmann::json& v = it.value();
        if (name == "__metadata__") {
            parseMetadata(v, h, path);
            continue;
        }

        h.tensors.push_back(parseTensorEntry(name, v, dataSize, path));
    }

    sortAndCheckOverlaps(h, path);
    return h;
}

SafetensorsHeader readSafetensorsHeader(const std::string& path) {
    const OpenFile file(path);
    const int fd = file.fd;
    const uint64_t size = file.size;

    auto readAt = [&](uint8_t* buf, std::size_t n, off_t at) {
        std::size_t done = 0;
        while (done < n) {
            ssize_t r = ::pread(fd, buf + done, n - done, at + static_cast<off_t>(done));
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) fail(path, {ErrorCode::StCannotReadFile, {errnoText(errno)}});
            if (r == 0) fail(path, {ErrorCode::StFileShrankWhileBeingRead, {}});
            done += static_cast<std::size_t>(r);
        }
    };
    uint8_t lenBytes[8] = {};
    if (size < 8) return parseSafetensorsHeader(lenBytes, 8, size, path); // throws
    readAt(lenBytes, 8, 0);
    const uint64_t n = readLE64(lenBytes);
    if (n > kMaxHeaderLength || n > size - 8) return parseSafetensorsHeader(lenBytes, 8, size, path); // throws
    std::vector<uint8_t> buf(8 + n);
    std::memcpy(buf.data(), lenBytes, 8);
    readAt(buf.data() + 8, n, 8);
    return parseSafetensorsHeader(buf.data(), buf.size(), size, path);
}

// ---------------------------------------------------------------------------
// Mapping

std::shared_ptr<MappedSafetensors> MappedSafetensors::open(const std::string& path) {
    const OpenFile opened(path);
    const int fd = opened.fd;
    const uint64_t size = opened.size;
    if (size < 8) {
        uint8_t zeros[8] = {};
        parseSafetensorsHeader(zeros, 8, size, path); // throws: too short
    }

    std::shared_ptr<MappedSafetensors> file(new MappedSafetensors());
    file->m_path = path;
    void* base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd, 0);
    if (base == MAP_FAILED) fail(path, {ErrorCode::StCannotMapFileIntoMemory, {errnoText(errno)}});
    file->m_base = static_cast<uint8_t*>(base);
    file->m_size = size;
    file->m_header = parseSafetensorsHeader(file->m_base, size, size, path);
    return file;
}

MappedSafetensors::~MappedSafetensors() {
    if (m_base) ::munmap(m_base, m_size);
}

uint8_t* MappedSafetensors::mutableData(const TensorInfo& t) const {
    if (t.end < t.begin || t.end > m_size - m_header.dataOffset)
        throw Error(ErrorCode::StTensorLiesOutsideFileS, {t.name}, m_path);
    return m_base + m_header.dataOffset + t.begin;
}

const uint8_t* MappedSafetensors::data(const TensorInfo& t) const { return mutableData(t); }

// ---------------------------------------------------------------------------
// Writing

void writeSafetensors(const std::string& path, const std::vector<RawTensor>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) {
        nlohmann::json meta = nlohmann::json::object();
        for (const auto& [k, v] : metadata) meta[k] = v;
        header["__metadata__"] = std::move(meta);
    }
    std::set<std::string> names;
    std::vector<detail::WriteChunk> chunks;
    chunks.reserve(tensors.size() + 2);
    chunks.push_back({}); // length, filled in below
    chunks.push_back({}); // header
    uint64_t offset = 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const RawTensor& t = tensors[i];
        if (t.name.empty()) fail(path, {ErrorCode::StCannotWriteTensorNameEmpty, {std::to_string(i)}});
        if (t.name == "__metadata__")
            fail(path, {ErrorCode::StNameMetadataReservedFormat, {std::to_string(i), quote(t.name)}});
        if (!names.insert(t.name).second)
            fail(path, {ErrorCode::StAnotherTensorAlreadyName, {std::to_string(i), quote(t.name)}});
        uint64_t bytes = 0;
        if (!byteSize(t.shape, dtypeSize(t.dtype), bytes))
            fail(path, {ErrorCode::StShapeNegativeDimensionTooLarge,
                        {std::to_string(i), quote(t.name), shapeString(t.shape)}});
        if (bytes > 0 && !t.data) fail(path, {ErrorCode::StNoData, {std::to_string(i), quote(t.name)}});
        if (bytes > std::numeric_limits<std::size_t>::max())
            fail(path, {ErrorCode::StTooLarge, {std::to_string(i), quote(t.name)}});
        header[t.name] = {
            {"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        chunks.push_back({t.data, static_cast<std::size_t>(bytes)});
    }
    std::string json;
    try {
        json = header.dump();
    } catch (const nlohmann::json::exception& e) {
        fail(path, {ErrorCode::StCannotWriteHeaderTensorName, {e.what()}});
    }
    json.append((8 - json.size() % 8) % 8, ' ');
    uint8_t len[8];
    uint64_t n = json.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(n >> (8 * i));
    chunks[0] = {len, 8};
    chunks[1] = {json.data(), json.size()};
    detail::writeChunksAtomic(path, chunks);
}

std::map<std::string, std::vector<std::string>> parseShardIndex(const std::string& jsonText, const std::string& index) {
    auto quote = [](const std::string& x) { return "\"" + x + "\""; };
    nlohmann::json root;
    checkJsonDepth(jsonText, index);
    try {
        root = nlohmann::json::parse(jsonText);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::StShardIndexNotValidJSON, {e.what()}, index);
    }
    if (!root.is_object()) throw Error(ErrorCode::StShardIndexMustJSONObject, {}, index);
    auto wm = root.find("weight_map");
    if (wm == root.end() || !wm->is_object()) throw Error(ErrorCode::StShardIndexNoWeightMap, {}, index);

    std::map<std::string, std::vector<std::string>> byShard; // shard file name -> tensor names
    for (auto it = wm->begin(); it != wm->end(); ++it) {
        if (!it.value().is_string())
            throw Error(ErrorCode::StWeightMapEntryMustName, {quote(it.key()), std::string(it.value().type_name())},
                        index);
        const std::string shard = it.value().get<std::string>();
        if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\0') != std::string::npos ||
            shard == "." || shard == "..")
            throw Error(ErrorCode::StWeightMapEntryNamesNot, {quote(it.key()), quote(shard)}, index);
        byShard[shard].push_back(it.key());
    }
    if (byShard.empty()) throw Error(ErrorCode::StShardIndexSWeightMap, {}, index);
    return byShard;
}

} // namespace sharelens
