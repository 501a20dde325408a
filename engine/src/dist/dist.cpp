// The process group of a distributed job (see sharelens/distributed.h):
// a c10d TCPStore rendezvous hosted by rank 0 and a Gloo process group.
// Every rank also bumps a heartbeat counter in the store from a thread of
// its own, so a rank that sees a collective fail can tell which peer is gone.
#include "sharelens/distributed.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "dist/collectives.h"
#include "sharelens/error.h"

namespace sharelens::dist {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kHeartbeat = std::chrono::milliseconds(200);

struct Group {
    LaunchEnv env;
    c10::intrusive_ptr<c10d::Store> store;     // the calling thread's connection
    c10::intrusive_ptr<c10d::Store> beatStore; // the heartbeat thread's own connection
    c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;
    std::thread beat;
    std::atomic<bool> stop{false};
    double commSeconds = 0;
};

std::unique_ptr<Group>& group() {
    static std::unique_ptr<Group> g;
    return g;
}

// The size of the group being joined or joined (for messages during init()).
int& joiningWorld() {
    static int w = 1;
    return w;
}

// rankName() as a message (translated with the message it is part of).
ErrorMessage rankWords(int rank) {
    return ErrorMessage(ErrorCode::DistRankOf, {std::to_string(rank), std::to_string(joiningWorld())});
}

std::string key(const char* what, int rank) { return std::string(what) + "/" + std::to_string(rank); }

// An integer environment variable in [lo, hi]; `fallback` when unset.
int envInt(const char* name, int fallback, int lo, int hi, bool required) {
    const char* v = std::getenv(name);
    if (!v || !*v) {
        if (required) throw Error(ErrorCode::DistEnvMissing, {name});
        return fallback;
    }
    char* end = nullptr;
    const long x = std::strtol(v, &end, 10);
    if (*end || x < lo || x > hi)
        throw Error(ErrorCode::WholeNumberOutOfRange, {name, std::to_string(lo), std::to_string(hi), v});
    return static_cast<int>(x);
}

// Under torchrun the agent already hosts the store at MASTER_PORT
// (TORCHELASTIC_USE_AGENT_STORE): every rank connects to it, and the keys of
// each restart of the job get a prefix of their own.
bool agentStore() {
    const char* v = std::getenv("TORCHELASTIC_USE_AGENT_STORE");
    return v && std::string(v) == "True";
}

std::string keyPrefix() {
    const char* restart = std::getenv("TORCHELASTIC_RESTART_COUNT");
    return std::string("sharelens/") + (restart && *restart ? restart : "0");
}

c10::intrusive_ptr<c10d::Store> connect(const LaunchEnv& env, bool server) {
    server = server && !agentStore();
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(env.masterPort);
    so.isServer = server;
    so.waitWorkers = false;
    so.timeout = std::chrono::seconds(env.timeoutSeconds);
    try {
        return c10::make_intrusive<c10d::PrefixStore>(keyPrefix(),
                                                      c10::make_intrusive<c10d::TCPStore>(env.masterAddr, so));
    } catch (const std::exception& e) {
        const std::string where = env.masterAddr + ":" + std::to_string(env.masterPort);
        if (server) throw Error(ErrorCode::DistCannotHostRendezvous, {rankWords(0), where, e.what()});
        throw Error(ErrorCode::DistRendezvousUnreachable,
                    {rankWords(env.rank), where, std::to_string(env.timeoutSeconds)});
    }
}

// Waits until every rank has set its arrival key; throws naming the missing.
void awaitArrivals(Group& g) {
    const auto deadline = Clock::now() + std::chrono::seconds(g.env.timeoutSeconds);
    std::vector<std::string> keys;
    for (int r = 0; r < g.env.world; ++r) keys.push_back(key("arrived", r));
    while (!g.store->check(keys)) {
        if (Clock::now() > deadline) {
            std::string missing;
            for (int r = 0; r < g.env.world; ++r)
                if (!g.store->check({keys[static_cast<size_t>(r)]}))
                    missing += (missing.empty() ? "" : ", ") + std::to_string(r);
            throw Error(ErrorCode::DistGroupDidNotForm,
                        {rankWords(g.env.rank), std::to_string(g.env.timeoutSeconds), missing,
                         g.env.masterAddr + ":" + std::to_string(g.env.masterPort)});
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::shared_ptr<::gloo::transport::Device> glooDevice(const LaunchEnv& env) {
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
        return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
    if (env.masterAddr == "localhost" || env.masterAddr.rfind("127.", 0) == 0)
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

void heartbeat(Group* g) {
    try {
        while (!g->stop.load()) {
            g->beatStore->add(key("beat", g->env.rank), 1);
            std::this_thread::sleep_for(kHeartbeat);
        }
    } catch (...) {
        // The store is gone (rank 0 ended): nothing left to tell.
    }
}

// Which peer is gone, as words for the message: a rank that recorded its
// reason, else the ranks whose heartbeat stopped, else rank 0 when the
// store itself no longer answers.
std::string missingPeer(Group& g) {
    try {
        for (int r = 0; r < g.env.world; ++r) {
            if (r == g.env.rank || !g.store->check({key("failed", r)})) continue;
            const auto v = g.store->get(key("failed", r));
            return rankName(r) + " failed: " + std::string(v.begin(), v.end());
        }
        std::vector<int64_t> before;
        for (int r = 0; r < g.env.world; ++r) before.push_back(g.store->add(key("beat", r), 0));
        std::this_thread::sleep_for(kHeartbeat * 5);
        std::string gone;
        for (int r = 0; r < g.env.world; ++r)
            if (r != g.env.rank && g.store->add(key("beat", r), 0) == before[static_cast<size_t>(r)])
                gone += (gone.empty() ? "" : ", ") + rankName(r);
        if (!gone.empty()) return gone + " stopped (its process ended or its connection was lost)";
        return "a peer closed its connection";
    } catch (...) {
        return rankName(0) + " stopped (the rendezvous it hosts no longer answers)";
    }
}

} // namespace

std::string rankName(int r) { return "rank " + std::to_string(r) + " of " + std::to_string(joiningWorld()); }

LaunchEnv fromEnvironment() {
    LaunchEnv env;
    env.world = envInt("WORLD_SIZE", 1, 1, 65536, false);
    env.timeoutSeconds = envInt("SHARELENS_DIST_TIMEOUT", 300, 1, 86400, false);
    if (env.world == 1) return env;
    env.rank = envInt("RANK", 0, 0, env.world - 1, true);
    env.localRank = envInt("LOCAL_RANK", 0, 0, env.world - 1, false);
    env.localWorld = envInt("LOCAL_WORLD_SIZE", 1, 1, env.world, false);
    env.masterPort = envInt("MASTER_PORT", 0, 1, 65535, true);
    const char* addr = std::getenv("MASTER_ADDR");
    if (!addr || !*addr) envInt("MASTER_ADDR", 0, 0, 0, true); // throws the message
    env.masterAddr = addr;
    return env;
}

void init(const LaunchEnv& env) {
    if (group()) shutdown();
    if (env.world < 2) return;
    joiningWorld() = env.world;
    auto g = std::make_unique<Group>();
    g->env = env;
    group() = nullptr;
    g->store = connect(env, env.rank == 0);
    g->store->set(key("arrived", env.rank), std::vector<uint8_t>{1});
    awaitArrivals(*g);
    g->beatStore = connect(env, false);
    auto opts = c10d::ProcessGroupGloo::Options::create(std::chrono::seconds(env.timeoutSeconds));
    opts->devices.push_back(glooDevice(env));
    opts->threads = 2;
    try {
        g->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(g->store, env.rank, env.world, opts);
    } catch (const std::exception& e) {
        throw Error(ErrorCode::DistGlooConnectFailed, {rankWords(env.rank), e.what()});
    }
    Group* raw = g.get();
    g->beat = std::thread(heartbeat, raw);
    group() = std::move(g);
}

void shutdown() {
    auto& g = group();
    if (!g) return;
    g->stop = true;
    if (g->beat.joinable()) g->beat.join();
    g->pg.reset();
    g->beatStore.reset();
    g->store.reset();
    g.reset();
}

void fail(const std::string& message) noexcept {
    auto& g = group();
    if (!g) return;
    try {
        g->store->set(key("failed", g->env.rank), std::vector<uint8_t>(message.begin(), message.end()));
    } catch (...) {}
}

bool active() { return group() != nullptr; }
int rank() { return group() ? group()->env.rank : 0; }
int world() { return group() ? group()->env.world : 1; }
int localWorld() { return group() ? group()->env.localWorld : 1; }
bool isWriter() { return rank() == 0; }
int timeoutSeconds() { return group() ? group()->env.timeoutSeconds : 300; }

namespace {

// Waits for a collective; on failure throws naming the peer that is gone.
void await(const c10::intrusive_ptr<c10d::Work>& work, const char* what) {
    auto& g = *group();
    const auto t0 = Clock::now();
    try {
        work->wait();
    } catch (const std::exception& e) {
        throw Error(ErrorCode::DistPeerFailed, {rankWords(g.env.rank), what, missingPeer(g)});
    }
    g.commSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
}

// One bucket: `flat` on every rank, summed in rank order, back into `flat`.
void sumBucket(torch::Tensor& flat, const char* what) {
    auto& g = *group();
    std::vector<torch::Tensor> inputs{flat};
    std::vector<std::vector<torch::Tensor>> outputs(1);
    for (int r = 0; r < g.env.world; ++r) outputs[0].push_back(torch::empty_like(flat));
    await(g.pg->allgather(outputs, inputs), what);
    auto sum = outputs[0][0];
    for (int r = 1; r < g.env.world; ++r) sum.add_(outputs[0][static_cast<size_t>(r)]);
    flat.copy_(sum);
}

} // namespace

void barrier() {
    if (!active()) return;
    await(group()->pg->barrier(), "a barrier");
}

void sumInRankOrder(std::vector<torch::Tensor>& tensors, const char* what, int64_t bucketBytes) {
    if (!active()) return;
    struct Piece {
        torch::Tensor view; // a flat slice of one tensor
        int64_t at;         // its offset in the bucket
    };
    std::vector<Piece> pieces;
    int64_t filled = 0;
    c10::ScalarType type = torch::kFloat64;
    auto flush = [&] {
        if (pieces.empty()) return;
        auto flat = torch::empty({filled}, torch::TensorOptions().dtype(type));
        for (auto& p : pieces) flat.narrow(0, p.at, p.view.numel()).copy_(p.view);
        sumBucket(flat, what);
        for (auto& p : pieces) p.view.copy_(flat.narrow(0, p.at, p.view.numel()));
        pieces.clear();
        filled = 0;
    };
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies; // (tensor, its contiguous copy)
    for (auto& given : tensors) {
        if (!given.defined() || given.numel() == 0) continue;
        torch::Tensor t = given;
        if (!t.is_contiguous()) {
            t = t.contiguous();
            copies.emplace_back(given, t);
        }
        const int64_t cap = std::max<int64_t>(1, bucketBytes / static_cast<int64_t>(t.element_size()));
        if (t.scalar_type() != type) {
            flush();
            type = t.scalar_type();
        }
        auto whole = t.view({-1});
        for (int64_t off = 0; off < whole.numel();) {
            if (filled == cap) flush();
            const int64_t n = std::min(whole.numel() - off, cap - filled);
            pieces.push_back({whole.narrow(0, off, n), filled});
            filled += n;
            off += n;
        }
    }
    flush();
    for (auto& [given, copy] : copies) given.copy_(copy);
}

double communicationSeconds() { return group() ? group()->commSeconds : 0.0; }
void resetCommunicationSeconds() {
    if (group()) group()->commSeconds = 0;
}

} // namespace sharelens::dist
