// sharelens-spm: serves SentencePiece encode/decode requests for ShareLens.
//
// libsentencepiece and libtorch carry clashing protobuf copies, so the engine
// runs SentencePiece in this small process and talks to it over stdin/stdout.
//
//   usage: sharelens-spm MODEL_FILE
//
// Every message, in both directions, is a frame: one byte, a 4-byte
// little-endian payload length, the payload.
//   start-up reply:  'K' + int32 piece count        (model loaded)
//                    'X' + UTF-8 error message       (then exit 1)
//   requests:        'E' + text                      -> 'K' + int32 ids
//                    'D' + int32 ids                 -> 'K' + text
//   failed request:  'X' + error message (the helper keeps serving)
// Integers are little-endian. The helper exits when stdin closes.

#include <sentencepiece_processor.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

constexpr uint32_t kMaxPayload = 1u << 30;
int g_out = 1; // the protocol's output; fd 1 itself is pointed at stderr

bool readAll(int fd, void* buf, size_t n) {
    auto* p = static_cast<char*>(buf);
    while (n > 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= size_t(r);
    }
    return true;
}

bool writeAll(int fd, const void* buf, size_t n) {
    const auto* p = static_cast<const char*>(buf);
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

void putU32(std::string& s, uint32_t v) {
    for (int k = 0; k < 4; ++k) s += char((v >> (8 * k)) & 0xFF);
}

uint32_t getU32(const unsigned char* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

bool reply(char tag, const std::string& payload) {
    std::string frame;
    frame.reserve(payload.size() + 5);
    frame += tag;
    putU32(frame, uint32_t(payload.size()));
    frame += payload;
    return writeAll(g_out, frame.data(), frame.size());
}

std::string idsToBytes(const std::vector<int>& ids) {
    std::string s;
    s.reserve(ids.size() * 4);
    for (const int id : ids) putU32(s, uint32_t(id));
    return s;
}

} // namespace

int main(int argc, char** argv) {
    // Keep stray library output off the protocol channel.
    g_out = ::dup(1);
    if (g_out < 0 || ::dup2(2, 1) < 0) return 1;
    if (argc != 2) {
        reply('X', "usage: sharelens-spm MODEL_FILE");
        return 1;
    }

    sentencepiece::SentencePieceProcessor sp;
    const auto status = sp.Load(argv[1]);
    if (!status.ok()) {
        reply('X', status.ToString());
        return 1;
    }
    const int pieces = sp.GetPieceSize();
    {
        std::string p;
        putU32(p, uint32_t(pieces));
        if (!reply('K', p)) return 1;
    }

    std::string payload;
    for (;;) {
        unsigned char header[5];
        if (!readAll(0, header, sizeof header)) return 0; // the engine closed the pipe
        const uint32_t len = getU32(header + 1);
        if (len > kMaxPayload) {
            reply('X', "request too large");
            return 1;
        }
        payload.resize(len);
        if (len > 0 && !readAll(0, payload.data(), len)) return 1;

        bool ok = true;
        if (header[0] == 'E') {
            std::vector<int> ids;
            const auto st = sp.Encode(payload, &ids);
            ok = st.ok() ? reply('K', idsToBytes(ids)) : reply('X', st.ToString());
        } else if (header[0] == 'D') {
            if (len % 4 != 0) {
                ok = reply('X', "decode request length is not a multiple of 4");
            } else {
                std::vector<int> ids(len / 4);
                std::string bad;
                for (size_t i = 0; i < ids.size(); ++i) {
                    ids[i] = int(int32_t(getU32(reinterpret_cast<const unsigned char*>(payload.data()) + 4 * i)));
                    if ((ids[i] < 0 || ids[i] >= pieces) && bad.empty())
                        bad = "token id " + std::to_string(ids[i]) + " is outside the SentencePiece vocabulary (0.." +
                              std::to_string(pieces - 1) + ")";
                }
                if (!bad.empty()) {
                    ok = reply('X', bad);
                } else {
                    std::string text;
                    const auto st = sp.Decode(ids, &text);
                    ok = st.ok() ? reply('K', text) : reply('X', st.ToString());
                }
            }
        } else {
            reply('X', "unknown request");
            return 1;
        }
        if (!ok) return 1;
    }
}
