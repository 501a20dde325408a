// sharelens-cli ... --launch N: N local worker processes of this same
// binary, each with the environment torchrun would give it (RANK,
// WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR=127.0.0.1 and a free
// MASTER_PORT). Rank 0 keeps this terminal's stdout and stderr; the other
// ranks' stdout is discarded (their errors still reach stderr). The parent
// waits for all; when one fails it gives the others a moment to end on their
// own (they name the rank that is gone), then kills those still running.
#include "launch.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "cli.h"
#include "sharelens/error.h"

extern char** environ;

namespace sharelens::cli {

int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
    const int why = errno;
    if (fd >= 0) ::close(fd);
    errno = why;
    return ok ? ntohs(a.sin_port) : 0;
}

namespace {

// freeLoopbackPort() or the error that says why there is none.
int freePortOrThrow() {
    const int port = freeLoopbackPort();
    if (port == 0) throw Error(ErrorCode::LaunchNoFreePort, {std::strerror(errno)});
    return port;
}

// This process's environment with the rank's variables set (replacing any
// inherited ones); BLAS threads default to this machine's CPUs shared out.
std::vector<std::string> workerEnvironment(int rank, int n, int port) {
    const std::vector<std::pair<std::string, std::string>> set{
        {"RANK", std::to_string(rank)},       {"WORLD_SIZE", std::to_string(n)},
        {"LOCAL_RANK", std::to_string(rank)}, {"LOCAL_WORLD_SIZE", std::to_string(n)},
        {"MASTER_ADDR", "127.0.0.1"},         {"MASTER_PORT", std::to_string(port)}};
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        bool replaced = false;
        for (const auto& [k, v] : set) replaced = replaced || kv.rfind(k + "=", 0) == 0;
        if (!replaced) env.push_back(kv);
    }
    for (const auto& [k, v] : set) env.push_back(k + "=" + v);
    const long cpus = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN) / n);
    for (const char* k : {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"})
        if (!std::getenv(k)) env.push_back(std::string(k) + "=" + std::to_string(cpus));
    return env;
}

struct Worker {
    int rank = 0;
    pid_t pid = -1;
    bool running = false;
};

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, bool quietStdout) {
    std::vector<char*> av, ev;
    for (const auto& s : argv) av.push_back(const_cast<char*>(s.c_str()));
    av.push_back(nullptr);
    for (const auto& s : env) ev.push_back(const_cast<char*>(s.c_str()));
    ev.push_back(nullptr);
    const int devnull = quietStdout ? ::open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Only async-signal-safe calls from here on.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // the workers never outlive the launcher
        if (::getppid() != parent) ::_exit(127);
        if (devnull >= 0) ::dup2(devnull, STDOUT_FILENO);
        ::execve(av[0], av.data(), ev.data());
        ::_exit(127);
    }
    if (devnull >= 0) ::close(devnull);
    if (pid < 0) throw Error(ErrorCode::LaunchCannotStart, {std::strerror(errno)});
    return pid;
}

std::string describe(int status) {
    if (WIFSIGNALED(status))
        return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
               strsignal(WTERMSIG(status)) + ")";
    return "exited with code " + std::to_string(WEXITSTATUS(status));
}

int exitCode(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

} // namespace

int launchWorkers(const std::vector<std::string>& args, int n, std::ostream& err) {
    char exe[4096];
    const ssize_t len = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) throw Error(ErrorCode::LaunchNoExecutable, {});
    exe[len] = '\0';
    std::vector<std::string> argv{exe};
    argv.insert(argv.end(), args.begin(), args.end());
    const int port = freePortOrThrow();
    std::vector<Worker> workers;
    for (int r = 0; r < n; ++r) {
        workers.push_back({r, spawn(argv, workerEnvironment(r, n, port), r != 0), true});
        err << "sharelens-cli: launched rank " << r << " of " << n << " as process " << workers.back().pid << "\n";
    }
    err.flush();
    int firstStatus = 0, firstRank = -1, running = n;
    auto deadline = std::chrono::steady_clock::time_point::max();
    const auto grace = std::chrono::seconds(15);
    while (running > 0) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, deadline == decltype(deadline)::max() ? 0 : WNOHANG);
        if (pid > 0) {
            for (auto& w : workers)
                if (w.pid == pid && w.running) {
                    w.running = false;
                    --running;
                    if (status != 0 && firstRank < 0) {
                        firstRank = w.rank;
                        firstStatus = status;
                        deadline = std::chrono::steady_clock::now() + grace;
                    }
                }
            continue;
        }
        if (pid < 0 && errno != EINTR) break;
        if (std::chrono::steady_clock::now() > deadline) {
            for (auto& w : workers)
                if (w.running) ::kill(w.pid, SIGKILL);
            deadline = decltype(deadline)::max(); // now wait for them without polling
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (firstRank < 0) return 0;
    err << "sharelens-cli: error: rank " << firstRank << " of " << n << " " << describe(firstStatus)
        << "; every rank of the job has stopped\n";
    return exitCode(firstStatus) == 0 ? 1 : exitCode(firstStatus);
}

} // namespace sharelens::cli
