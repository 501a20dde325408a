// Engine-internal: SHA-256 (FIPS 180-4), streaming. Names a shared pool's
// contents (export.cpp); small, so the engine needs no crypto library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace sharelens {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    std::string hexDigest(); // finishes; the object is spent afterwards

private:
    void block(const uint8_t* p);
    uint32_t m_h[8];
    uint8_t m_buf[64];
    std::size_t m_fill = 0;
    uint64_t m_bytes = 0;
};

} // namespace sharelens
