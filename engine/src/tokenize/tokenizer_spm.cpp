// SentencePiece .model files, served by the sharelens-spm helper process
// (libsentencepiece and libtorch cannot live in one process). The protocol is
// described in engine/spm/sharelens_spm.cpp. One helper per tokenizer, started
// with posix_spawn (no shell) and connected by a socket pair on its
// stdin/stdout; a socket rather than a pipe so that a dead helper gives an
// error (MSG_NOSIGNAL) instead of SIGPIPE.

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sharelens {
namespace {

constexpr const char* kHelperName = "sharelens-spm";
constexpr int kStartupTimeoutMs = 30000;

bool isExecutable(const std::string& p) {
    std::error_code ec;
    return !p.empty() && std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

// SHARELENS_SPM_HELPER, else next to the executable, else
// ../libexec/sharelens/ relative to it, else the build tree.
std::string findHelper(const std::string& modelPath) {
    if (const char* env = std::getenv("SHARELENS_SPM_HELPER"); env && *env) {
        if (!isExecutable(env)) throw Error(ErrorCode::SpmSHARELENSSPMHELPERNamesNot, {env}, modelPath);
        return env;
    }
    std::vector<std::string> candidates;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto dir = exe.parent_path();
        candidates.push_back((dir / kHelperName).string());
        candidates.push_back((dir / ".." / "libexec" / "sharelens" / kHelperName).lexically_normal().string());
    }
#ifdef SHARELENS_SPM_HELPER_BUILD_PATH
    candidates.emplace_back(SHARELENS_SPM_HELPER_BUILD_PATH);
#endif
    std::string looked;
    for (const auto& c : candidates) {
        if (isExecutable(c)) return c;
        looked += (looked.empty() ? "" : ", ") + c;
    }
    throw Error(ErrorCode::SpmReadingSentencePieceModelsNeedsHelper, {looked}, modelPath);
}

void putU32(std::string& s, uint32_t v) {
    for (int k = 0; k < 4; ++k) s += char((v >> (8 * k)) & 0xFF);
}

uint32_t getU32(const unsigned char* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

class SentencePieceTokenizer final : public Tokenizer {
public:
    explicit SentencePieceTokenizer(const std::string& modelPath) : m_path(modelPath) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(modelPath, ec))
            throw Error(ErrorCode::SpmCannotOpenSentencePieceModelCheck, {}, modelPath);
        m_helper = findHelper(modelPath);
        start();
        char tag = 0;
        std::string payload;
        // A wrong program given as the helper may never answer: wait for the
        // start-up reply at most kStartupTimeoutMs.
        pollfd pfd{m_fd, POLLIN, 0};
        int ready = 0;
        while ((ready = ::poll(&pfd, 1, kStartupTimeoutMs)) < 0 && errno == EINTR) {}
        if (ready == 0) {
            stop();
            throw Error(ErrorCode::SpmSentencePieceHelperDidNotAnswer,
                        {m_helper, std::to_string(kStartupTimeoutMs / 1000)}, modelPath);
        }
        if (!readFrame(tag, payload)) {
            stop();
            throw Error(ErrorCode::SpmSentencePieceHelperWhileLoadingModel, {m_helper, howItEnded()}, modelPath);
        }
        if (tag != 'K' || payload.size() != 4) {
            stop();
            throw Error(ErrorCode::SpmNotUsableSentencePieceModelUse,
                        {(tag == 'X' ? payload : std::string("bad reply"))}, modelPath);
        }
        m_vocabSize = int32_t(getU32(reinterpret_cast<const unsigned char*>(payload.data())));
    }

    ~SentencePieceTokenizer() override { stop(); }

    std::vector<int32_t> encode(std::string_view text) const override {
        const std::string reply = request('E', std::string(text));
        std::vector<int32_t> ids(reply.size() / 4);
        for (size_t i = 0; i < ids.size(); ++i)
            ids[i] = int32_t(getU32(reinterpret_cast<const unsigned char*>(reply.data()) + 4 * i));
        return ids;
    }

    std::string decode(const std::vector<int32_t>& ids) const override {
        std::string payload;
        payload.reserve(ids.size() * 4);
        for (const int32_t id : ids) putU32(payload, uint32_t(id));
        return request('D', payload);
    }

    int32_t vocabSize() const override { return m_vocabSize; }
    std::string kind() const override { return "sentencepiece"; }

private:
    void start() {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            throw Error(ErrorCode::SpmCannotCreateSocketSentencePieceHelper, {std::strerror(errno)}, m_path);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, sv[1], 0);
        posix_spawn_file_actions_adddup2(&actions, sv[1], 1);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        std::vector<char*> argv{const_cast<char*>(m_helper.c_str()), const_cast<char*>(m_path.c_str()), nullptr};
        pid_t pid = -1;
        const int rc = ::posix_spawn(&pid, m_helper.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(sv[1]);
        if (rc != 0) {
            ::close(sv[0]);
            throw Error(ErrorCode::SpmCannotStartSentencePieceHelperReinstall, {m_helper, std::strerror(rc)}, m_path);
        }
        m_fd = sv[0];
        m_pid = pid;
    }

    std::string howItEnded() const {
        if (m_exitStatus >= 0 && WIFSIGNALED(m_exitStatus))
            return "crashed (signal " + std::to_string(WTERMSIG(m_exitStatus)) + ")";
        if (m_exitStatus >= 0 && WIFEXITED(m_exitStatus))
            return "stopped without answering (exit status " + std::to_string(WEXITSTATUS(m_exitStatus)) + ")";
        return "stopped without answering";
    }

    void stop() const noexcept {
        if (m_fd >= 0) {
            ::close(m_fd); // the helper sees end of input and exits
            m_fd = -1;
        }
        if (m_pid > 0) {
            int status = 0;
            for (int i = 0; i < 200; ++i) { // up to ~2 s
                const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
                if (r == m_pid || (r < 0 && errno != EINTR)) {
                    if (r == m_pid) m_exitStatus = status;
                    m_pid = -1;
                    return;
                }
                ::usleep(10000);
            }
            ::kill(m_pid, SIGKILL);
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {}
            m_pid = -1;
        }
    }

    bool writeAll(const char* p, size_t n) const {
        while (n > 0) {
            const ssize_t w = ::send(m_fd, p, n, MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return false;
            p += w;
            n -= size_t(w);
        }
        return true;
    }

    bool readAll(char* p, size_t n) const {
        while (n > 0) {
            const ssize_t r = ::recv(m_fd, p, n, 0);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) return false;
            p += r;
            n -= size_t(r);
        }
        return true;
    }

    bool readFrame(char& tag, std::string& payload) const {
        unsigned char header[5];
        if (!readAll(reinterpret_cast<char*>(header), sizeof header)) return false;
        tag = char(header[0]);
        const uint32_t len = getU32(header + 1);
        if (len > (1u << 30)) return false;
        payload.resize(len);
        return len == 0 || readAll(payload.data(), len);
    }

    std::string request(char op, const std::string& payload) const {
        if (payload.size() > (1u << 30)) throw Error(ErrorCode::SpmTextTooLargeOneSentencePiece, {}, m_path);
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_fd < 0) throw Error(ErrorCode::SpmSentencePieceHelperNotRunningStopped, {}, m_path);
        std::string frame;
        frame.reserve(payload.size() + 5);
        frame += op;
        putU32(frame, uint32_t(payload.size()));
        frame += payload;
        char tag = 0;
        std::string reply;
        if (!writeAll(frame.data(), frame.size()) || !readFrame(tag, reply)) {
            stop();
            throw Error(ErrorCode::SpmSentencePieceHelperReloadTokenizer, {m_helper, howItEnded()}, m_path);
        }
        if (tag != 'K')
            throw Error(ErrorCode::SpmSentencePieceCouldNot, {op == 'E' ? "encode the text" : "decode the ids", reply},
                        m_path);
        return reply;
    }

    std::string m_path;
    std::string m_helper;
    mutable int m_fd = -1; // -1 once the helper is gone
    mutable pid_t m_pid = -1;
    mutable int m_exitStatus = -1; // waitpid status once reaped
    int32_t m_vocabSize = 0;
    mutable std::mutex m_mutex;
};

} // namespace

std::unique_ptr<Tokenizer> loadSentencePiece(const std::string& modelPath) {
    return std::make_unique<SentencePieceTokenizer>(modelPath);
}

} // namespace sharelens
