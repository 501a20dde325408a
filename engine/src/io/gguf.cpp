// The GGUF header reader and the file map (io/gguf.h).
#include "io/gguf.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sharelens/error.h"

namespace sharelens::gguf {

namespace {

std::string quote(const std::string& s) { return "\"" + s + "\""; }

[[noreturn]] void badHeader(const std::string& detail, const std::string& path) {
    throw Error(ErrorCode::GgufBadHeader, {detail}, path);
}

// Value types of the format.
enum : uint32_t { kU8 = 0, kI8, kU16, kI16, kU32, kI32, kF32, kBool, kString, kArray, kU64, kI64, kF64, kTypeCount };

// Bytes of a scalar value type (0 for strings and arrays).
uint64_t scalarSize(uint32_t t) {
    static const uint64_t sizes[kTypeCount] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
    return t < kTypeCount ? sizes[t] : 0;
}

uint64_t readLE(const uint8_t* p, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= uint64_t(p[i]) << (8 * i);
    return v;
}

class Reader {
public:
    Reader(const uint8_t* data, std::size_t available, uint64_t fileSize, const std::string& path)
        : m_data(data), m_available(available), m_fileSize(fileSize), m_path(path) {}

    uint64_t pos() const { return m_pos; }
    uint64_t remaining() const { return m_available - m_pos; }

    // Throws GgufTruncated unless n more bytes are there.
    void need(uint64_t n, const std::string& what) const {
        if (n > remaining())
            throw Error(ErrorCode::GgufTruncated, {what, std::to_string(m_pos), std::to_string(m_fileSize)}, m_path);
    }
    uint64_t uint(unsigned n, const std::string& what) {
        need(n, what);
        const uint64_t v = readLE(m_data + m_pos, n);
        m_pos += n;
        return v;
    }
    std::string string(const std::string& what) {
        const uint64_t len = uint(8, what);
        if (len > kMaxStringLength)
            badHeader(what + " claims a string of " + std::to_string(len) + " bytes (the limit is " +
                          std::to_string(kMaxStringLength) + ")",
                      m_path);
        need(len, what);
        std::string s(reinterpret_cast<const char*>(m_data + m_pos), static_cast<std::size_t>(len));
        m_pos += len;
        return s;
    }

    // A scalar of value type t as integer and number.
    void scalar(uint32_t t, Value& v, const std::string& what) {
        const uint64_t raw = uint(static_cast<unsigned>(scalarSize(t)), what);
        switch (t) {
        case kF32: {
            float f;
            const uint32_t bits = static_cast<uint32_t>(raw);
            std::memcpy(&f, &bits, 4);
            v.number = f;
            return;
        }
        case kF64: std::memcpy(&v.number, &raw, 8); return;
        case kI8: v.integer = static_cast<int8_t>(raw); break;
        case kI16: v.integer = static_cast<int16_t>(raw); break;
        case kI32: v.integer = static_cast<int32_t>(raw); break;
        case kI64: v.integer = static_cast<int64_t>(raw); break;
        case kU64: v.integer = raw > uint64_t(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(raw); break;
        default: v.integer = static_cast<int64_t>(raw); break; // u8, u16, u32, bool
        }
        v.isInteger = true;
        v.number = static_cast<double>(v.integer);
    }

    void array(const std::string& key, Value& v) {
        const std::string what = "the value of " + quote(key);
        v.elemType = static_cast<uint32_t>(uint(4, what));
        const uint64_t n = uint(8, what);
        if (v.elemType == kArray)
            throw Error(ErrorCode::GgufBadValue, {key, "an array of arrays", "an array of numbers or strings"}, m_path);
        if (v.elemType >= kTypeCount)
            throw Error(ErrorCode::GgufBadValue,
                        {key, "an array of value type " + std::to_string(v.elemType), "one of GGUF's value types"},
                        m_path);
        if (n > kMaxArrayLength)
            badHeader(quote(key) + " claims an array of " + std::to_string(n) + " elements (the limit is " +
                          std::to_string(kMaxArrayLength) + ")",
                      m_path);
        const uint64_t minSize = v.elemType == kString ? 8 : scalarSize(v.elemType);
        need(n * minSize, what); // before anything is reserved
        if (v.elemType == kString) {
            v.strings.reserve(static_cast<std::size_t>(n));
            for (uint64_t i = 0; i < n; ++i) v.strings.push_back(string(what));
        } else {
            v.numbers.reserve(static_cast<std::size_t>(n));
            for (uint64_t i = 0; i < n; ++i) {
                Value e;
                scalar(v.elemType, e, what);
                v.numbers.push_back(e.number);
            }
        }
    }

    Value value(const std::string& key) {
        Value v;
        v.type = static_cast<uint32_t>(uint(4, "the type of " + quote(key)));
        if (v.type == kString)
            v.text = string("the value of " + quote(key));
        else if (v.type == kArray)
            array(key, v);
        else if (v.type < kTypeCount)
            scalar(v.type, v, "the value of " + quote(key));
        else
            throw Error(ErrorCode::GgufBadValue,
                        {key, "of value type " + std::to_string(v.type), "one of GGUF's value types 0 to 12"}, m_path);
        return v;
    }

private:
    const uint8_t* m_data;
    uint64_t m_available;
    uint64_t m_fileSize;
    const std::string& m_path;
    uint64_t m_pos = 0;
};

// The byte size of a tensor of `numel` elements of a supported type.
uint64_t tensorBytes(TensorType type, uint64_t numel) {
    switch (type) {
    case TensorType::F32: return numel * 4;
    case TensorType::F16:
    case TensorType::BF16: return numel * 2;
    case TensorType::Q8_0: return numel / 32 * 34;
    }
    return 0;
}

TensorInfo readTensorInfo(Reader& r, uint64_t index, uint64_t alignment, const std::string& path) {
    const std::string what = "tensor info " + std::to_string(index);
    TensorInfo t;
    t.name = r.string(what);
    if (t.name.empty() || t.name.size() > 256)
        badHeader("tensor " + std::to_string(index) + " has a name of " + std::to_string(t.name.size()) +
                      " bytes (1 to 256 expected)",
                  path);
    const uint64_t nDims = r.uint(4, what);
    if (nDims < 1 || nDims > 4)
        badHeader("tensor " + quote(t.name) + " has " + std::to_string(nDims) + " dimensions (1 to 4 expected)", path);
    uint64_t numel = 1;
    for (uint64_t d = 0; d < nDims; ++d) {
        const uint64_t n = r.uint(8, what);
        if (n < 1 || n > (1ull << 40) || numel > (1ull << 50) / n)
            badHeader("tensor " + quote(t.name) + " has an absurd dimension " + std::to_string(n), path);
        numel *= n;
        t.shape.insert(t.shape.begin(), static_cast<int64_t>(n)); // ggml order is torch's reversed
    }
    const uint32_t type = static_cast<uint32_t>(r.uint(4, what));
    if (type != 0 && type != 1 && type != 8 && type != 30)
        throw Error(ErrorCode::GgufTensorType, {quote(t.name), ggmlTypeName(type)}, path);
    t.type = static_cast<TensorType>(type);
    if (t.type == TensorType::Q8_0 && t.shape.back() % 32 != 0)
        badHeader("tensor " + quote(t.name) + " is Q8_0 with rows of " + std::to_string(t.shape.back()) +
                      " elements, not a multiple of its 32-element blocks",
                  path);
    t.offset = r.uint(8, what);
    if (t.offset % alignment != 0)
        badHeader("tensor " + quote(t.name) + "'s offset " + std::to_string(t.offset) +
                      " is not a multiple of the alignment " + std::to_string(alignment),
                  path);
    t.bytes = tensorBytes(t.type, numel);
    return t;
}

// Absolute offsets; every tensor inside the file, none overlapping another.
void placeTensors(Header& h, uint64_t fileSize, const std::string& path) {
    std::vector<TensorInfo*> byOffset;
    for (TensorInfo& t : h.tensors) {
        const uint64_t begin = h.dataOffset + t.offset;
        if (t.offset > fileSize || begin > fileSize || t.bytes > fileSize - begin)
            throw Error(ErrorCode::GgufTensorPastEnd,
                        {quote(t.name), std::to_string(t.offset > fileSize ? t.offset : begin),
                         std::to_string((t.offset > fileSize ? t.offset : begin) + t.bytes), std::to_string(fileSize)},
                        path);
        t.offset = begin;
        byOffset.push_back(&t);
    }
    std::sort(byOffset.begin(), byOffset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->offset < byOffset[i - 1]->offset + byOffset[i - 1]->bytes)
            badHeader("the data of tensors " + quote(byOffset[i - 1]->name) + " and " + quote(byOffset[i]->name) +
                          " overlap",
                      path);
}

uint64_t alignmentOf(const Header& h, const std::string& path) {
    const Value* a = h.get("general.alignment");
    if (!a) return 32;
    if (!a->isInteger || a->type != kU32 || a->integer <= 0 || a->integer > (1 << 24) ||
        (a->integer & (a->integer - 1)) != 0)
        throw Error(ErrorCode::GgufBadValue,
                    {"general.alignment", a->isInteger ? std::to_string(a->integer) : std::string("not an integer"),
                     "a power of two stored as uint32"},
                    path);
    return static_cast<uint64_t>(a->integer);
}

} // namespace

std::string ggmlTypeName(uint32_t type) {
    // structure: data table (ggml's enum ggml_type, in order; gaps are removed types)
    static const char* const names[] = {
        "F32",     "F16",   "Q4_0",   "Q4_1",  "Q4_2",     "Q4_3",     "Q5_0",     "Q5_1",    "Q8_0",
        "Q8_1",    "Q2_K",  "Q3_K",   "Q4_K",  "Q5_K",     "Q6_K",     "Q8_K",     "IQ2_XXS", "IQ2_XS",
        "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S",    "IQ4_XS",   "I8",       "I16",     "I32",
        "I64",     "F64",   "IQ1_M",  "BF16",  "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0",   "TQ2_0"};
    if (type < sizeof(names) / sizeof(names[0])) return names[type];
    return "type " + std::to_string(type);
}

int64_t TensorInfo::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

const TensorInfo* Header::find(const std::string& name) const {
    for (const TensorInfo& t : tensors)
        if (t.name == name) return &t;
    return nullptr;
}

const Value* Header::get(const std::string& key) const {
    auto it = kv.find(key);
    return it == kv.end() ? nullptr : &it->second;
}

Header parseHeader(const uint8_t* data, std::size_t available, uint64_t fileSize, const std::string& path) {
    if (available > fileSize) available = static_cast<std::size_t>(fileSize);
    if (available < 4 || std::memcmp(data, "GGUF", 4) != 0) throw Error(ErrorCode::GgufNotGguf, {}, path);
    Reader r(data, available, fileSize, path);
    (void)r.uint(4, "the header");
    Header h;
    h.version = static_cast<uint32_t>(r.uint(4, "the header"));
    if (h.version != 2 && h.version != 3) throw Error(ErrorCode::GgufVersion, {std::to_string(h.version)}, path);
    const uint64_t nTensors = r.uint(8, "the header");
    const uint64_t nKeys = r.uint(8, "the header");
    if (nTensors > kMaxTensors)
        badHeader("it claims " + std::to_string(nTensors) + " tensors (the limit is " + std::to_string(kMaxTensors) +
                      ")",
                  path);
    if (nKeys > kMaxKeys)
        badHeader("it claims " + std::to_string(nKeys) + " metadata keys (the limit is " + std::to_string(kMaxKeys) +
                      ")",
                  path);
    for (uint64_t i = 0; i < nKeys; ++i) {
        std::string key = r.string("metadata key " + std::to_string(i));
        if (key.empty() || key.size() > 65535)
            badHeader("metadata key " + std::to_string(i) + " is " + std::to_string(key.size()) +
                          " bytes long (1 to 65535 expected)",
                      path);
        if (h.kv.count(key)) badHeader("metadata key " + quote(key) + " appears twice", path);
        Value v = r.value(key);
        h.kv.emplace(std::move(key), std::move(v));
    }
    h.alignment = alignmentOf(h, path);
    std::set<std::string> names;
    for (uint64_t i = 0; i < nTensors; ++i) {
        TensorInfo t = readTensorInfo(r, i, h.alignment, path);
        if (!names.insert(t.name).second) badHeader("tensor " + quote(t.name) + " is listed twice", path);
        h.tensors.push_back(std::move(t));
    }
    h.dataOffset = (r.pos() + h.alignment - 1) / h.alignment * h.alignment;
    placeTensors(h, fileSize, path);
    return h;
}

// ---------------------------------------------------------------------------

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(ErrorCode::CkptCannotOpen, {std::strerror(errno)}, path);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(ErrorCode::GgufNotGguf, {}, path);
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->m_path = path;
    if (size < 4) {
        ::close(fd);
        throw Error(ErrorCode::GgufNotGguf, {}, path);
    }
    void* base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE, fd, 0);
    const int mapErr = errno;
    ::close(fd);
    if (base == MAP_FAILED) throw Error(ErrorCode::CkptCannotOpen, {std::strerror(mapErr)}, path);
    file->m_base = static_cast<uint8_t*>(base);
    file->m_size = size;
    file->m_header = parseHeader(file->m_base, size, size, path);
    return file;
}

MappedFile::~MappedFile() {
    if (m_base) ::munmap(m_base, m_size);
}

bool hasGgufExtension(const std::string& path) {
    if (path.size() < 5) return false;
    std::string ext = path.substr(path.size() - 5);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".gguf";
}

} // namespace sharelens::gguf
