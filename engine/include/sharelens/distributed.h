// Several processes working as one job (data parallel): the process group
// they form, read from the environment torchrun and mpirun set. Without the
// environment (or with WORLD_SIZE=1) nothing is distributed and every
// function here answers for a group of one. The collectives themselves are
// engine-internal; this header carries no LibTorch type.
#pragma once

#include <string>

namespace sharelens::dist {

// Where this process stands in the job: RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT, and SHARELENS_DIST_TIMEOUT
// (seconds) for the rendezvous and for each collective.
struct LaunchEnv {
    int rank = 0;
    int world = 1;
    int localRank = 0;
    int localWorld = 1;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    int timeoutSeconds = 300;
};

// The environment's settings; world 1 when WORLD_SIZE is unset. Throws
// sharelens::Error naming the variable when one is malformed or missing.
LaunchEnv fromEnvironment();

// Joins the group: rank 0 hosts the rendezvous (a c10d TCPStore at
// MASTER_ADDR:MASTER_PORT), every rank connects, waits until all have
// arrived (or throws naming the ranks that did not within the timeout) and
// opens a Gloo process group. A group of one does nothing.
void init(const LaunchEnv& env);
// Leaves the group (a no-op when not in one). A rank that fails calls
// fail() first so its peers can name it and its reason.
void shutdown();
// Records `message` as this rank's reason for stopping, for its peers.
void fail(const std::string& message) noexcept;

bool active();        // in a group of two or more
int rank();           // 0 without a group
int world();          // 1 without a group
int localWorld();     // processes of the group on this machine (1 without a group)
bool isWriter();      // rank 0 (or no group): writes outputs and progress
int timeoutSeconds(); // for the rendezvous and each collective

// "rank 1 of 3", for messages.
std::string rankName(int rank);

// Waits until every rank reaches this point (throws naming a rank that died).
void barrier();

} // namespace sharelens::dist
